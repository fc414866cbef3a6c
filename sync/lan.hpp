#pragma once
// Local Wi-Fi sync: the types shared by the transport (sync/lan_server.*, sync/lan_client.*),
// discovery (sync/lan_discovery.*) and the screens. The wire protocol is in
// docs/lan-protocol.md. LAN sync is off until a coordinator turns it on; tests bind and announce
// on loopback only.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/replica.hpp"
#include "core/result.hpp"
#include "sync/bundle.hpp"

namespace mutua {

inline constexpr uint16_t kLanPort = 47147;          // TCP: the HTTP transport
inline constexpr uint16_t kLanAnnouncePort = 47148;  // UDP: the broadcast announce

// This device's LAN settings, kept in its local table (never replicated): each device decides
// for itself. The defaults are what a real site wants once a coordinator turns it on; tests
// change the addresses to loopback and turn DNS-SD off.
struct LanSettings {
  bool enabled = false;  // off until a coordinator turns it on
  std::string bind = "0.0.0.0";
  uint16_t port = kLanPort;                          // 0: any free port (tests)
  std::string announce_address = "255.255.255.255";  // tests: 127.255.255.255 or 127.0.0.1
  uint16_t announce_port = kLanAnnouncePort;
  bool dns_sd = true;                     // advertise and browse _mutua._tcp through Avahi
  std::vector<std::string> manual_peers;  // typed addresses: "192.168.43.1", "10.0.0.5:47147"
};

LanSettings load_lan_settings(const Replica& store);
void save_lan_settings(Replica& store, const LanSettings& settings);

// A peer's address as typed or announced: an IPv4 address or a host name, and a port.
struct LanAddress {
  std::string host;
  uint16_t port = kLanPort;
  std::string text() const;  // "192.168.43.1:47147"
  bool operator==(const LanAddress&) const = default;
};
// "192.168.43.1", "192.168.43.1:8080", "kiosk.local", " 10.0.0.5 " (spaces trimmed). Nothing
// for an empty text, a port outside 1..65535, or characters no host name has.
std::optional<LanAddress> parse_lan_address(std::string_view text,
                                            uint16_t default_port = kLanPort);

// How many changes `reference` holds that `holder` lacks: the sum over origins of how far the
// holder's sequence number is below the reference's. 0 means "up to date" with the reference.
uint64_t changes_behind(const VersionVector& holder, const VersionVector& reference);

// A peer that discovery found, or that was typed in.
struct DiscoveredPeer {
  enum class Source : uint8_t { manual = 0, broadcast = 1, dns_sd = 2 };
  std::optional<Id> device;  // from an announce; unknown for a typed address until it answers
  LanAddress address;
  Source source = Source::manual;
  int64_t last_seen = 0;  // ms since epoch
};

// What one exchange with one peer did, from this device's side.
struct LanExchange {
  Id peer;                // the peer's device id, as it proved it
  std::string peer_name;  // its device name, or its short id
  LanAddress address;
  size_t sent_records = 0;   // records this device sent
  ImportSummary received;    // what this device imported from the peer
  VersionVector peer_holds;  // what the peer stated it holds once it had imported ours
  uint64_t peer_behind = 0;  // changes this device holds that the peer still lacks (0: in step)
  int64_t finished_at = 0;   // ms since epoch
};

// The state of one LAN peer as the sync screen shows it: the last exchange or attempt.
struct LanPeerState {
  Id device;
  std::string name;  // its device name, or its short id
  LanAddress address;
  int64_t last_exchange = 0;  // ms since epoch of the last exchange that completed; 0: never
  uint64_t behind = 0;        // changes this device holds that the peer lacked at that time
  int64_t last_attempt = 0;   // ms since epoch of the last try, whether or not it worked
  SyncFailure last_failure;   // problem none when the last try worked
};

}  // namespace mutua
