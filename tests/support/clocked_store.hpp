#pragma once
// A store whose wall clock the test moves by hand (lockouts, idle timeouts, "today").
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/store.hpp"

namespace mutua::test {

struct TestClock {
  explicit TestClock(int64_t start = 1'750'000'000'000) : now(start) {}
  int64_t now;
};

inline std::unique_ptr<Store> open_store(const std::string& path, TestClock& clock) {
  Store::Options o;
  o.wall = [&clock] { return clock.now; };
  auto s = Store::open(path, o);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

}  // namespace mutua::test
