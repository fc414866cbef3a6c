// The same PIN on two volunteers (core/pin_sharing.hpp): given on two devices before a sync, it
// signs nobody in, and both are flagged until a coordinator gives them new PINs.
#include <doctest/doctest.h>
#include <sodium.h>

#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;
using mutua::test::TestClock;

namespace {

// A PIN change as a sync brings it (cheap hash, straight into the table).
void set_cheap_pin(Store& store, const Id& id, const std::string& pin) {
  char hash[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  const std::vector<Value> fixed;
  REQUIRE(
      store.replica()
          .write(TableId::volunteers, id, &fixed, {{volunteer_field::pin_hash, std::string(hash)}})
          .ok());
}

}  // namespace

TEST_CASE(
    "a PIN two volunteers share signs nobody in, and both are flagged until they get new PINs") {
  TempDir dir;
  TestClock clock;
  auto store = test::open_store(dir.file("a.db"), clock);
  // Given on two devices before they synced: Amina (a coordinator) and Bob both have 2468.
  const auto amina = test::add_cheap_volunteer(*store, "Amina", Role::coordinator, "2468");
  const auto bob = test::add_cheap_volunteer(*store, "Bob", Role::volunteer, "2468");
  const auto cleo = test::add_cheap_volunteer(*store, "Cleo", Role::volunteer, "1357");

  // Nothing shows before anyone types that PIN: the hashes are salted.
  CHECK(pin_shared_with(*store, amina.id).empty());

  auto r = sign_in(*store, "2468");
  CHECK_FALSE(r.volunteer);
  CHECK(r.error == SignInError::shared_pin);
  CHECK(pin_shared_with(*store, amina.id) == std::vector<Id>{bob.id});
  CHECK(pin_shared_with(*store, bob.id) == std::vector<Id>{amina.id});
  CHECK(pin_shared_with(*store, cleo.id).empty());
  // Whoever comes first in the order, and at the kiosk's coordinator-only pad too.
  CHECK(sign_in(*store, "2468").error == SignInError::shared_pin);
  const PinAttempt exit = begin_sign_in(*store, "2468", PinScope::coordinators);
  const PinMatch m = match_pin(exit);
  CHECK(m.shared_with.size() == 1);
  CHECK(finish_sign_in(*store, exit, m).error == SignInError::shared_pin);
  CHECK_FALSE(pin_is_coordinators(*store, "2468"));
  // Another PIN still works.
  CHECK(sign_in(*store, "1357").volunteer);

  // A coordinator gives Amina a new PIN: hers works. Bob's PIN is known to Amina, so he stays
  // flagged (and out) until he gets a new one too.
  set_cheap_pin(*store, amina.id, "8642");
  CHECK(pin_shared_with(*store, amina.id).empty());
  CHECK(sign_in(*store, "8642").volunteer->id == amina.id);
  CHECK(pin_shared_with(*store, bob.id) == std::vector<Id>{amina.id});
  CHECK(sign_in(*store, "2468").error == SignInError::shared_pin);
  set_cheap_pin(*store, bob.id, "9753");
  CHECK(pin_shared_with(*store, bob.id).empty());
  CHECK(sign_in(*store, "9753").volunteer->id == bob.id);
}

TEST_CASE(
    "a right PIN is checked against every hash once; a PIN that arrives later is checked again") {
  TempDir dir;
  TestClock clock;
  auto store = test::open_store(dir.file("a.db"), clock);
  const std::vector<VolunteerInfo> ten = test::add_ten_volunteers(*store);
  // The first volunteer in the order (the table's: nobody signed in yet): the match comes
  // first, then the other nine are checked.
  const Id front = begin_sign_in(*store, "999999").candidates.front().info.id;
  std::string pin;
  for (size_t i = 0; i < ten.size(); ++i)
    if (ten[i].id == front) pin = std::to_string(100001 + i);
  REQUIRE_FALSE(pin.empty());
  const PinAttempt first = begin_sign_in(*store, pin);
  const PinMatch all = match_pin(first);
  CHECK(all.verifications == 10);
  CHECK(all.checked_all);
  REQUIRE(finish_sign_in(*store, first, all).volunteer);
  // From then on, one verification.
  const PinAttempt again = begin_sign_in(*store, pin);
  const PinMatch one = match_pin(again);
  CHECK(one.verifications == 1);
  REQUIRE(finish_sign_in(*store, again, one).volunteer);
  // A sync brings an eleventh volunteer with the same PIN: checked against everyone again.
  const auto twin = test::add_cheap_volunteer(*store, "Twin", Role::volunteer, pin);
  const PinAttempt after = begin_sign_in(*store, pin);
  const PinMatch both = match_pin(after);
  CHECK(both.verifications == 11);
  CHECK(finish_sign_in(*store, after, both).error == SignInError::shared_pin);
  CHECK(pin_shared_with(*store, front) == std::vector<Id>{twin.id});
}
