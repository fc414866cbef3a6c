// Issue 10: a coordinator's PIN has at least 6 digits (core/pin_length.hpp). A shorter one falls
// offline in minutes to anyone with a copy of a tablet's data (docs/security.md, "Secrets at
// rest"). New and changed coordinator PINs are refused below 6 digits; an existing shorter one
// keeps working, and Settings asks for a new one.
#include <doctest/doctest.h>

#include "core/pin_length.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

TEST_CASE("a coordinator's new or changed PIN has at least 6 digits, with a clear reason") {
  CHECK_FALSE(pin_problem_for("1234", Role::volunteer));
  CHECK_FALSE(pin_problem_for("123456", Role::coordinator));
  auto why = pin_problem_for("12345", Role::coordinator);
  REQUIRE(why);
  CHECK(why->find("coordinator's PIN has 6 to 12 digits") != std::string::npos);
  CHECK(why->find("guessed in minutes") != std::string::npos);
  CHECK(pin_problem_for("12a4", Role::coordinator) == pin_problem("12a4"));

  TempDir dir;
  test::TestClock clock;
  auto store = test::open_store(dir.file("a.db"), clock);
  auto refused = add_volunteer(*store, "Bea", Role::coordinator, "2468");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error() == *pin_problem_for("2468", Role::coordinator));
  CHECK(list_volunteers(*store).empty());
  // An existing coordinator with a 4-digit PIN (set before this rule): a new short one is refused.
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  auto reset = reset_pin(*store, bea.id, "1357");
  REQUIRE_FALSE(reset.ok());
  CHECK(reset.error().find("6 to 12 digits") != std::string::npos);
}

TEST_CASE("a coordinator's shorter PIN keeps working, and is flagged until it is changed") {
  TempDir dir;
  test::TestClock clock;
  auto store = test::open_store(dir.file("a.db"), clock);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  // The length is learned when the PIN is typed here.
  CHECK_FALSE(coordinator_pin_too_short(*store, bea.id));
  auto in = sign_in(*store, "2468");
  REQUIRE(in.volunteer);
  CHECK(in.volunteer->id == bea.id);
  CHECK(coordinator_pin_too_short(*store, bea.id));
  // A volunteer's 4-digit PIN is fine, until they are made coordinator.
  REQUIRE(sign_in(*store, "4821").volunteer);
  CHECK_FALSE(coordinator_pin_too_short(*store, ana.id));
  REQUIRE(set_role(*store, ana.id, Role::coordinator).ok());
  CHECK(coordinator_pin_too_short(*store, ana.id));
  // A new PIN of 6 digits clears the flag; the old one no longer signs in.
  REQUIRE(reset_pin(*store, bea.id, "135790").ok());
  CHECK_FALSE(coordinator_pin_too_short(*store, bea.id));
  CHECK(sign_in(*store, "135790").volunteer->id == bea.id);
  CHECK_FALSE(coordinator_pin_too_short(*store, bea.id));
  // A PIN changed on another device (a new hash) is no longer the one known to be short.
  CHECK(coordinator_pin_too_short(*store, ana.id));
  test::add_cheap_volunteer(*store, "spare", Role::volunteer, "975310");  // another hash to copy
  auto spare = store->replica().read_row(TableId::volunteers, list_volunteers(*store)[2].id);
  REQUIRE(spare);
  REQUIRE(store->replica()
              .write(TableId::volunteers, ana.id, nullptr,
                     {{volunteer_field::pin_hash, spare->fields[volunteer_field::pin_hash]}})
              .ok());
  CHECK_FALSE(coordinator_pin_too_short(*store, ana.id));
}
