#pragma once
// LAN discovery (issue 12): how devices of one network on one Wi-Fi find each other's HTTP port.
//
// - The UDP announce (sync/lan_announce.hpp): every `interval` this device sends one sealed
//   datagram to LanSettings::announce_address on LanSettings::announce_port, and listens on that
//   port for the others'. Only a device holding one of the network's keys can read one.
// - DNS-SD through Avahi (sync/lan_dns_sd.cpp): when LanSettings::dns_sd is on and an
//   avahi-daemon answers, `_mutua._tcp` is advertised on the HTTP port under a random name, and
//   browsed. Without a daemon: one line in the log, and the broadcast goes on.
// - Typed addresses (LanSettings::manual_peers) are not discovery's: callers add them
//   (typed_peers below).
//
// Safety: a discovery for a server bound to a loopback address announces to loopback only
// (127.255.255.255, or the configured 127.x address), hears only loopback senders, and never
// starts DNS-SD, whatever the stored settings say. Nothing starts unless LAN sync is on or the
// caller asks explicitly (Options::requested: `mutua lan serve`, `mutua lan peers`).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/replica.hpp"
#include "core/result.hpp"
#include "sync/lan.hpp"

namespace mutua {

struct LanDiscoveryOptions {
  int64_t interval_ms = 30'000;  // between two announces; a peer unheard for 3 is dropped
  bool announce = true;          // send this device's announce (needs an HTTP port)
  bool listen = true;            // hear the others' announces (and browse DNS-SD)
  // Start even when LAN sync is off in the settings: an explicit request (`mutua lan serve`,
  // `mutua lan peers`). Otherwise start refuses while LanSettings::enabled is false.
  bool requested = false;
  // How far a sender's clock may be from this device's before its announce counts as stale (or
  // from the future). A device whose clock is off by more is found only by its typed address.
  int64_t max_clock_difference_ms = 15 * 60'000;
  std::function<int64_t()> now;                 // ms since epoch; default: the system clock
  std::function<void(const std::string&)> log;  // default: one line on stderr
};

// What the listener did with what it heard, for tests and `lan peers --json`.
struct LanDiscoveryStats {
  uint64_t sent = 0, send_errors = 0;
  uint64_t received = 0;      // datagrams read
  uint64_t accepted = 0;      // announces taken (a peer found or heard again)
  uint64_t malformed = 0;     // wrong size, magic or version; a zero port or device
  uint64_t foreign = 0;       // no key held here opens it: another network, garbage, tampered
  uint64_t own = 0;           // this device's own announce
  uint64_t revoked = 0;       // from a device revoked here
  uint64_t stale = 0;         // its time is too far in the past or the future
  uint64_t replayed = 0;      // not newer than the last announce taken from that device
  uint64_t off_loopback = 0;  // a non-loopback sender while discovery is loopback-only
  uint64_t rate_limited = 0;  // dropped unread past the per-second budget
  uint64_t evicted = 0;       // peers pushed out of a full table
};

// One IPv4 interface address (getifaddrs).
struct Ipv4Interface {
  std::string name;       // "wlan0"
  std::string address;    // "192.168.43.12"
  std::string broadcast;  // "192.168.43.255"; empty when the interface has none
  bool loopback = false;
  bool up = false;
};
std::vector<Ipv4Interface> ipv4_interfaces();
// This device's IPv4 addresses, non-loopback first (for Settings: "this device's address").
std::vector<std::string> local_ipv4_addresses();

// Whether a bind address or host is loopback: 127.0.0.0/8 or "localhost".
bool is_loopback_host(std::string_view host);

// Where discovery announces, and whether DNS-SD may run, for these settings on a machine with
// these interfaces (the loopback rule above). With 255.255.255.255 it also sends to each up,
// non-loopback interface's own broadcast address (a hotspot often has no default route for
// 255.255.255.255 to take). Error: an announce address that is not a dotted IPv4 address.
struct AnnouncePlan {
  std::vector<std::string> addresses;  // IPv4 dotted, at most 16
  bool loopback_only = false;
  bool dns_sd = false;
};
Result<AnnouncePlan> plan_announce(const LanSettings& settings,
                                   const std::vector<Ipv4Interface>& interfaces);

// The typed addresses of the settings as peers (source manual, no device, last_seen 0); those
// that do not parse are skipped.
std::vector<DiscoveredPeer> typed_peers(const LanSettings& settings);

class LanDiscovery {
 public:
  using Options = LanDiscoveryOptions;
  // Reads this device's id, network keys and revoked devices once from `store` (refresh_keys
  // reads them again); the store is not kept. `http_port` is what the announce offers (0 with
  // announce off). Errors: LAN sync off and not requested, not in a network, a bad announce
  // address, the announce port cannot be bound.
  static Result<std::unique_ptr<LanDiscovery>> start(const Replica& store,
                                                     const LanSettings& settings,
                                                     uint16_t http_port, Options options = {});
  ~LanDiscovery();  // stops in bounded time; never throws
  LanDiscovery(const LanDiscovery&) = delete;
  LanDiscovery& operator=(const LanDiscovery&) = delete;

  // Peers heard lately, newest first (announces and DNS-SD; not the typed ones).
  std::vector<DiscoveredPeer> peers() const;
  // After an import, a rotation or a revocation: the keys and revoked devices again.
  void refresh_keys(const Replica& store);
  // Sends the next announce now (after the HTTP port changed, say) rather than at the interval.
  void announce_now();
  LanDiscoveryStats stats() const;
  // The addresses announces go to ("127.255.255.255:47148"), chosen once at start.
  std::vector<std::string> announce_targets() const;
  bool loopback_only() const;
  // Whether DNS-SD was asked for and allowed, and whether an avahi-daemon answered.
  bool dns_sd_wanted() const;
  bool dns_sd_running() const;
  void stop();  // idempotent

  struct Impl;

 private:
  explicit LanDiscovery(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mutua
