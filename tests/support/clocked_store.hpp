#pragma once
// A store whose wall clock the test moves by hand (lockouts, idle timeouts, "today").
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/store.hpp"

namespace mutua::test {

// `now` is the wall clock. The boot clock (the PIN lockout's) follows it unless the test moves
// the wall alone (jump_wall) or reboots the machine.
struct TestClock {
  explicit TestClock(int64_t start = 1'750'000'000'000) : now(start), booted_at(start - 600'000) {}
  int64_t now;
  int64_t booted_at;  // the wall time the boot clock reads 0 at
  std::string boot_id = "boot-1";
  int64_t boot_ms() const { return now - booted_at; }
  // Someone sets the date: the wall moves, the boot clock does not.
  void jump_wall(int64_t ms) {
    now += ms;
    booted_at += ms;
  }
  // The machine restarts `off_ms` later, under a new boot id, with its boot clock at `up_ms`.
  void reboot(int64_t off_ms, int64_t up_ms = 0) {
    now += off_ms + up_ms;
    booted_at = now - up_ms;
    boot_id = "boot-" + std::to_string(now);
  }
};

inline std::unique_ptr<Store> open_store(const std::string& path, TestClock& clock) {
  Store::Options o;
  o.wall = [&clock] { return clock.now; };
  o.boot = [&clock] { return BootTime{clock.boot_ms(), clock.boot_id}; };
  auto s = Store::open(path, o);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

}  // namespace mutua::test
