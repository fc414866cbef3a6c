#pragma once
// LAN settings for a test's server: loopback only, a free port, no DNS-SD, announcing loopback.
#include "sync/lan.hpp"

namespace mutua::test {

inline LanSettings loopback() {
  LanSettings s;
  s.bind = "127.0.0.1";
  s.port = 0;
  s.dns_sd = false;
  s.announce_address = "127.0.0.1";
  return s;
}

}  // namespace mutua::test
