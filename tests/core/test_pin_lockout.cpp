// The PIN lockout on the boot clock (core/pin_lockout.cpp): clock jumps in either direction, a
// restart of the app and a reboot neither lengthen it past the policy nor end it early.
#include <doctest/doctest.h>

#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;
using mutua::test::TestClock;

namespace {

constexpr int64_t kYear = 365LL * 24 * 3'600'000;

// Five wrong PINs: locked for 30 s. Returns the store with Ana (PIN 4821).
std::unique_ptr<Store> locked_store(const std::string& path, TestClock& clock) {
  auto store = test::open_store(path, clock);
  test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  for (int i = 0; i < kFreePinTries; ++i)
    CHECK(sign_in(*store, "0000").error == SignInError::wrong_pin);
  REQUIRE(lockout_remaining_ms(*store) == kFirstLockoutMs);
  return store;
}

}  // namespace

TEST_CASE("the policy: 30 s after five wrong PINs, doubling, at most an hour") {
  CHECK(lockout_policy_ms(4) == 0);
  CHECK(lockout_policy_ms(5) == 30'000);
  CHECK(lockout_policy_ms(6) == 60'000);
  CHECK(lockout_policy_ms(12) == 3'600'000);
  CHECK(lockout_policy_ms(1000) == 3'600'000);
}

TEST_CASE(
    "a wall clock set back 26 years neither lengthens the lockout nor keeps the right PIN out") {
  TempDir dir;
  TestClock clock;
  auto store = locked_store(dir.file("a.db"), clock);
  clock.jump_wall(-26 * kYear);  // an RTC reset to the year 2000
  CHECK(lockout_remaining_ms(*store) == 30'000);
  clock.jump_wall(10'000);
  clock.now += 30'001;  // 30 s pass (boot clock too)
  CHECK_FALSE(is_locked_out(*store));
  CHECK(sign_in(*store, "4821").volunteer);
}

TEST_CASE("a wall clock set an hour ahead does not end a lockout") {
  TempDir dir;
  TestClock clock;
  auto store = locked_store(dir.file("a.db"), clock);
  clock.jump_wall(3'600'000);
  CHECK(lockout_remaining_ms(*store) == 30'000);
  CHECK(sign_in(*store, "4821").error == SignInError::locked_out);
  clock.now += 12'000;
  CHECK(lockout_remaining_ms(*store) == 18'000);
}

TEST_CASE("a lockout survives a restart of the app and keeps counting down while it is closed") {
  TempDir dir;
  TestClock clock;
  {
    auto store = locked_store(dir.file("a.db"), clock);
    clock.now += 10'000;
  }
  clock.now += 5'000;  // closed for 5 s, same boot
  auto store = test::open_store(dir.file("a.db"), clock);
  CHECK(lockout_remaining_ms(*store) == 15'000);
  CHECK(sign_in(*store, "4821").error == SignInError::locked_out);
  clock.now += 15'001;
  CHECK(sign_in(*store, "4821").volunteer);
}

TEST_CASE(
    "after a reboot (the boot clock starts again) the lockout counts on from what was saved") {
  TempDir dir;
  TestClock clock;
  {
    auto store = locked_store(dir.file("a.db"), clock);
    // The pad saves the time left as it runs down.
    for (int s = 0; s < 20; ++s) {
      clock.now += 1'000;
      refresh_pin_lockout(*store);
    }
    CHECK(lockout_remaining_ms(*store) == 10'000);
  }
  // Off for a day, up again for 2 s: the 20 s counted before and the 2 s since count, the day
  // off does not (its length is not known), and nothing is longer than the policy.
  clock.reboot(86'400'000, 2'000);
  auto store = test::open_store(dir.file("a.db"), clock);
  CHECK(lockout_remaining_ms(*store) == 8'000);
  CHECK(sign_in(*store, "4821").error == SignInError::locked_out);
  clock.now += 8'001;
  CHECK(sign_in(*store, "4821").volunteer);
}

TEST_CASE("a boot clock that reads less in the same boot gives no time back and no time more") {
  TempDir dir;
  TestClock clock;
  auto store = locked_store(dir.file("a.db"), clock);
  clock.booted_at += 500'000;  // the boot clock reads 500 s less
  CHECK(lockout_remaining_ms(*store) == 30'000);
  refresh_pin_lockout(*store);
  clock.now += 30'001;
  CHECK_FALSE(is_locked_out(*store));
}

TEST_CASE("a lockout saved by an older Mutua on the wall clock is cut to the policy") {
  TempDir dir;
  TestClock clock;
  auto store = test::open_store(dir.file("a.db"), clock);
  test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  // Saved in 2026 as "<failures> <locked_until_ms>", then the RTC reset to 2000: 9,838 days left.
  clock.jump_wall(-26 * kYear);
  store->replica().local_set("pin_lockout", "5 " + std::to_string(clock.now + 26 * kYear));
  CHECK(lockout_remaining_ms(*store) == 30'000);
  refresh_pin_lockout(*store);  // the pad does this while it shows the lockout: saved anew
  clock.now += 10'000;
  CHECK(lockout_remaining_ms(*store) == 20'000);
  clock.now -= 10'000;
  clock.now += 30'001;
  CHECK(sign_in(*store, "4821").volunteer);
  // And one already run out by the wall clock is over.
  store->replica().local_set("pin_lockout", "7 " + std::to_string(clock.now - 1));
  CHECK_FALSE(is_locked_out(*store));
  CHECK(pin_lockout(*store).failures == 7);
}
