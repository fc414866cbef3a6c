#pragma once
// DNS-SD through Avahi, for LanDiscovery (sync/lan_discovery.hpp): advertises `_mutua._tcp` on
// the HTTP port under a random instance name ("mutua-" and 8 random hex digits) with one TXT
// string, "v=1", and browses and resolves the others' (IPv4). Nothing in the name or TXT says
// which network or device it is. Needs a running avahi-daemon, reached over the D-Bus system
// bus; without one, start says so once through `log` and returns nothing.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sync/lan.hpp"

namespace mutua {

class DnsSd {
 public:
  // A service of another device was resolved (address set) or went away (nothing).
  using Seen = std::function<void(const std::string& instance, std::optional<LanAddress>)>;
  // `http_port` 0: browse only. `seen` and `log` run on Avahi's own thread.
  static std::unique_ptr<DnsSd> start(uint16_t http_port, Seen seen,
                                      std::function<void(const std::string&)> log);
  ~DnsSd();  // stops Avahi's thread; never throws
  DnsSd(const DnsSd&) = delete;
  DnsSd& operator=(const DnsSd&) = delete;

  struct Impl;

 private:
  explicit DnsSd(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mutua
