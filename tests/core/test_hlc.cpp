// The hybrid clock against far-off clocks: bounded observe, saturating arithmetic.
#include <doctest/doctest.h>

#include "core/hlc.hpp"

using namespace mutua;

TEST_CASE("a remote stamp beyond the bound leaves the clock where it was") {
  int64_t wall = 1'750'000'000'000;
  HybridClock clock([&] { return wall; });
  auto mine = clock.now();
  const auto far = hlc_make(static_cast<uint64_t>(wall) + 14ull * 365 * 86'400'000, 0);
  CHECK_FALSE(clock.observe(far));
  CHECK(clock.last() == mine);
  CHECK(hlc_wall_ms(clock.now()) == static_cast<uint64_t>(wall));
}

TEST_CASE("a remote stamp within the bound moves the clock") {
  int64_t wall = 1'750'000'000'000;
  HybridClock clock([&] { return wall; }, 3'600'000);
  const auto near = hlc_make(static_cast<uint64_t>(wall + 3'600'000), 7);
  CHECK_FALSE(clock.observe(near));  // counter 7 of the bound's millisecond: just past it
  CHECK(clock.observe(hlc_make(static_cast<uint64_t>(wall + 3'600'000), 0)));
  CHECK(clock.now() > hlc_make(static_cast<uint64_t>(wall + 3'600'000), 0));
}

TEST_CASE("the clock saturates at the maximum value instead of wrapping to 0") {
  int64_t wall = static_cast<int64_t>(kHlcMaxWallMs);
  HybridClock clock([&] { return wall; });
  clock.restore(kHlcMax);
  CHECK(clock.now() == kHlcMax);
  CHECK(clock.now() == kHlcMax);
  CHECK(hlc_next(kHlcMax) == kHlcMax);
  CHECK(hlc_make(kHlcMaxWallMs + 5, 0) == hlc_make(kHlcMaxWallMs, 0));
  CHECK(hlc_limit(INT64_MAX, INT64_MAX) == hlc_make(kHlcMaxWallMs, 0));
}

TEST_CASE("a saved clock dragged far ahead is cut back to the bound at start-up") {
  int64_t wall = 1'750'000'000'000;
  HybridClock clock([&] { return wall; });
  clock.restore(kHlcMax);
  CHECK(hlc_wall_ms(clock.last()) == static_cast<uint64_t>(wall + kDefaultMaxClockLeadMs));
  // A saved clock within the bound is kept whole, counter and all.
  HybridClock fresh([&] { return wall; });
  const auto saved = hlc_make(static_cast<uint64_t>(wall + 1000), 40);
  fresh.restore(saved);
  CHECK(fresh.last() == saved);
}
