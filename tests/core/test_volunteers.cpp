// Volunteers and PINs (core/volunteers), and the network-wide settings (core/settings).
// Argon2id at interactive limits is slow under ASan: each test hashes as few PINs as it can.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

using Clock = test::TestClock;

using test::open_store;

std::string stored_hash(const Store& store, const Id& id) {
  auto row = store.replica().read_row(TableId::volunteers, id);
  REQUIRE(row);
  return std::get<std::string>(row->fields[volunteer_field::pin_hash]);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a PIN has 4 to 12 digits and nothing else") {
  CHECK_FALSE(pin_problem("1234"));
  CHECK_FALSE(pin_problem("123456789012"));
  CHECK(pin_problem("123"));
  CHECK(pin_problem("1234567890123"));
  CHECK(pin_problem("12a4"));
  CHECK(pin_problem("12 34"));
  CHECK(pin_problem(""));

  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  for (const char* bad : {"123", "1234567890123", "12a4", "-1234"}) {
    auto r = add_volunteer(*store, "Ana", Role::volunteer, bad);
    CHECK_FALSE(r.ok());
  }
  CHECK_FALSE(add_volunteer(*store, "  ", Role::volunteer, "4821").ok());
  CHECK(list_volunteers(*store).empty());
}

TEST_CASE("a PIN is stored only as an Argon2id hash and never appears in the database file") {
  TempDir dir;
  Clock clock;
  const std::string path = dir.file("a.db");
  const std::string pin = "73914862";
  {
    auto store = open_store(path, clock);
    auto v = add_volunteer(*store, "Ana", Role::coordinator, pin, "Riverside School");
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error()));
    const std::string hash = stored_hash(*store, v->id);
    // Interactive limits: 64 MiB, 2 passes.
    CHECK(hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
    CHECK(hash.find(pin) == std::string::npos);
    auto listed = list_volunteers(*store);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].name == "Ana");
    CHECK(listed[0].role == Role::coordinator);
    CHECK(listed[0].site == "Riverside School");
    CHECK(listed[0].has_pin);
    store->replica().checkpoint();
  }
  std::string bytes = file_bytes(path);
  REQUIRE(bytes.size() > 4096);
  CHECK(bytes.find("$argon2id$") != std::string::npos);  // the hash is there...
  CHECK(bytes.find(pin) == std::string::npos);           // ...the PIN is not
  CHECK(file_bytes(path + "-wal").find(pin) == std::string::npos);
}

TEST_CASE("a PIN signs in the volunteer it belongs to; another PIN signs in nobody") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  CHECK(sign_in(*store, "4821").error == SignInError::no_volunteers);
  auto ana = add_volunteer(*store, "Ana", Role::volunteer, "4821");
  auto bo = add_volunteer(*store, "Bo", Role::coordinator, "902104");
  REQUIRE(ana.ok());
  REQUIRE(bo.ok());

  auto r = sign_in(*store, "902104");
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->name == "Bo");
  CHECK(r.volunteer->role == Role::coordinator);
  r = sign_in(*store, "4821");
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->id == ana->id);
  r = sign_in(*store, "4822");
  CHECK_FALSE(r.volunteer);
  CHECK(r.error == SignInError::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);
  CHECK(pin_is_coordinators(*store, "902104"));
  CHECK_FALSE(pin_is_coordinators(*store, "4821"));
}

TEST_CASE("two volunteers cannot share a PIN, at add time or at a reset") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto ana = add_volunteer(*store, "Ana", Role::volunteer, "4821");
  REQUIRE(ana.ok());
  auto again = add_volunteer(*store, "Bo", Role::volunteer, "4821");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().find("already uses that PIN") != std::string::npos);
  CHECK(list_volunteers(*store).size() == 1);
  auto bo = add_volunteer(*store, "Bo", Role::volunteer, "5555");
  REQUIRE(bo.ok());
  CHECK_FALSE(reset_pin(*store, bo->id, "4821").ok());
  REQUIRE(reset_pin(*store, bo->id, "6666").ok());
  CHECK(sign_in(*store, "6666").volunteer->id == bo->id);
  CHECK_FALSE(sign_in(*store, "5555").volunteer);
}

TEST_CASE("a new PIN is written only if no volunteer got a PIN while it was being checked") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  const VolunteerInfo ben = test::add_cheap_volunteer(*store, "Ben", Role::volunteer, "5555");

  // The three steps, as the Settings screen runs them; the middle one touches no store.
  const PinChange add = begin_add_volunteer(*store, "Carlos", Role::volunteer, "13579");
  REQUIRE_FALSE(add.refused);
  CHECK(add.others.size() == 2);
  const NewPinHash hashed = hash_new_pin(add);
  REQUIRE_FALSE(hashed.refused);
  CHECK(hashed.verifications == 2);
  // Meanwhile Dana arrives (a sync) and Ben is removed: the check no longer covers everyone.
  test::add_cheap_volunteer(*store, "Dana", Role::volunteer, "2222");
  REQUIRE(remove_volunteer(*store, ben.id).ok());
  auto stale = finish_pin_change(*store, add, hashed);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error() == "the volunteers changed while the PIN was checked; try again");
  CHECK(list_volunteers(*store).size() == 2);  // Ana and Dana

  // A removal alone only frees a PIN: a reset checked before it still holds.
  const PinChange reset = begin_reset_pin(*store, ana.id, "7777");
  const NewPinHash reset_hash = hash_new_pin(reset);
  const VolunteerInfo dana = *find_volunteer(*store, std::string_view("Dana"));
  REQUIRE(remove_volunteer(*store, dana.id).ok());
  auto done = finish_pin_change(*store, reset, reset_hash);
  REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error()));
  CHECK(done->id == ana.id);
  CHECK(sign_in(*store, "7777").volunteer->id == ana.id);

  // A PIN in use is refused by the check itself, and a cancelled check writes nothing.
  const PinChange taken = begin_add_volunteer(*store, "Eve", Role::volunteer, "7777");
  CHECK(hash_new_pin(taken).refused == "another volunteer already uses that PIN; choose another");
  std::atomic<bool> cancelled{true};
  const PinChange dropped = begin_add_volunteer(*store, "Eve", Role::volunteer, "8888");
  const NewPinHash none = hash_new_pin(dropped, &cancelled);
  CHECK(none.refused);
  CHECK_FALSE(finish_pin_change(*store, dropped, none).ok());
  CHECK(list_volunteers(*store).size() == 1);
}

TEST_CASE("five wrong PINs lock sign-in for 30 s, and each further wrong one doubles the wait") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto ana = add_volunteer(*store, "Ana", Role::volunteer, "4821");
  REQUIRE(ana.ok());
  for (int i = 0; i < 4; ++i) CHECK(sign_in(*store, "0000").error == SignInError::wrong_pin);
  CHECK_FALSE(is_locked_out(*store));
  CHECK(sign_in(*store, "0000").error == SignInError::wrong_pin);  // the fifth
  CHECK(is_locked_out(*store));
  CHECK(lockout_remaining_ms(*store) == 30'000);
  // Even the right PIN waits.
  auto r = sign_in(*store, "4821");
  CHECK_FALSE(r.volunteer);
  CHECK(r.error == SignInError::locked_out);
  clock.now += 30'001;
  CHECK_FALSE(is_locked_out(*store));
  CHECK(sign_in(*store, "0000").error == SignInError::wrong_pin);  // the sixth
  CHECK(lockout_remaining_ms(*store) == 60'000);
  clock.now += 60'001;
  CHECK(sign_in(*store, "0000").error == SignInError::wrong_pin);  // the seventh
  CHECK(lockout_remaining_ms(*store) == 120'000);
  clock.now += 120'001;
  r = sign_in(*store, "4821");
  REQUIRE(r.volunteer);
  CHECK(pin_lockout(*store).failures == 0);  // a right PIN starts the count again
}

TEST_CASE("a right PIN costs one verification when its volunteer signed in on this device before") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const std::vector<VolunteerInfo> ten = test::add_ten_volunteers(*store);
  auto pin_of = [&](const Id& id) {
    for (size_t i = 0; i < ten.size(); ++i)
      if (ten[i].id == id) return std::to_string(100001 + i);
    FAIL("not one of the ten");
    return std::string();
  };
  const std::string replicated = store->replica().content_hash();

  // With no sign-in yet the order is the table's; a wrong PIN has to check everyone.
  PinAttempt wrong = begin_sign_in(*store, "999999");
  REQUIRE(wrong.candidates.size() == 10);
  const PinMatch nobody = match_pin(wrong);
  CHECK(nobody.verifications == 10);
  CHECK_FALSE(nobody.volunteer);
  CHECK(finish_sign_in(*store, wrong, nobody).error == SignInError::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);

  // Whoever comes last in that order signs in (costing ten verifications this once)...
  const VolunteerInfo last = wrong.candidates.back().info;
  auto r = sign_in(*store, pin_of(last.id));
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->id == last.id);
  CHECK(pin_lockout(*store).failures == 0);
  CHECK(recent_sign_ins(*store) == std::vector<Id>{last.id});

  // ...and from then on is checked first: one verification.
  PinAttempt again = begin_sign_in(*store, pin_of(last.id));
  REQUIRE_FALSE(again.candidates.empty());
  CHECK(again.candidates.front().info.id == last.id);
  const PinMatch one = match_pin(again);
  CHECK(one.verifications == 1);
  REQUIRE(one.volunteer);
  CHECK(finish_sign_in(*store, again, one).volunteer->id == last.id);

  // Another volunteer signs in: they come first, the one before second.
  const VolunteerInfo other = wrong.candidates.front().info;
  REQUIRE(sign_in(*store, pin_of(other.id)).volunteer);
  CHECK(recent_sign_ins(*store) == std::vector<Id>{other.id, last.id});
  PinAttempt second = begin_sign_in(*store, pin_of(last.id));
  CHECK(match_pin(second).verifications == 2);
  CHECK(match_pin(begin_sign_in(*store, "999998")).verifications == 10);  // wrong: all still

  // The order belongs to this device: nothing that replicates changed.
  CHECK(store->replica().content_hash() == replicated);
}

TEST_CASE("a PIN try counts as wrong until it proves right, so a check cut off half way counts") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  // Five tries begun and never finished (power lost, app closed mid-check), even right ones.
  for (int i = 0; i < 5; ++i) {
    const PinAttempt abandoned = begin_sign_in(*store, "4821");
    CHECK(pin_lockout(*store).failures == i + 1);
  }
  CHECK(is_locked_out(*store));
  CHECK(lockout_remaining_ms(*store) == 30'000);
  CHECK(begin_sign_in(*store, "4821").refused == SignInError::locked_out);
  clock.now += 30'001;
  // A try that finishes with the right PIN clears the count, as a right PIN always has.
  const PinAttempt a = begin_sign_in(*store, "4821");
  const SignInResult r = finish_sign_in(*store, a, match_pin(a));
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->name == "Ana");
  CHECK(pin_lockout(*store).failures == 0);
  CHECK_FALSE(is_locked_out(*store));
}

TEST_CASE("a cancelled PIN check stops before its next verification and matches nobody") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  test::add_ten_volunteers(*store);
  const PinAttempt a = begin_sign_in(*store, "100004");
  std::atomic<bool> cancelled{true};
  const PinMatch m = match_pin(a, &cancelled);
  CHECK(m.verifications == 0);
  CHECK_FALSE(m.volunteer);
  CHECK(finish_sign_in(*store, a, m).error == SignInError::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);
}

TEST_CASE("a volunteer removed while their PIN was being checked does not sign in") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  test::add_cheap_volunteer(*store, "Bo", Role::volunteer, "5555");
  const PinAttempt a = begin_sign_in(*store, "4821");
  const PinMatch m = match_pin(a);
  REQUIRE(m.volunteer);  // the hash read before the removal matched...
  REQUIRE(remove_volunteer(*store, ana.id).ok());
  const SignInResult r = finish_sign_in(*store, a, m);
  CHECK_FALSE(r.volunteer);  // ...but the volunteer is gone by the time the answer is applied
  CHECK(r.error == SignInError::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);
  CHECK(recent_sign_ins(*store).empty());
}

TEST_CASE("a coordinator-only try checks coordinators' hashes alone; another PIN is wrong") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "1111");
  test::add_cheap_volunteer(*store, "Old coordinator", Role::coordinator, "9999", true);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  const PinAttempt volunteers_pin = begin_sign_in(*store, "1111", PinScope::coordinators);
  REQUIRE(volunteers_pin.candidates.size() == 1);
  CHECK(volunteers_pin.candidates[0].info.id == bea.id);
  const PinMatch m = match_pin(volunteers_pin);
  CHECK(m.verifications == 1);
  CHECK_FALSE(m.volunteer);
  CHECK(finish_sign_in(*store, volunteers_pin, m).error == SignInError::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);  // a wrong try like any other
  const PinAttempt right = begin_sign_in(*store, "2468", PinScope::coordinators);
  CHECK(finish_sign_in(*store, right, match_pin(right)).volunteer->id == bea.id);
  CHECK(pin_lockout(*store).failures == 0);
  CHECK_FALSE(pin_is_coordinators(*store, "1111"));
  CHECK(pin_is_coordinators(*store, "2468"));
}

TEST_CASE("a removed volunteer is not listed and their PIN no longer works") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto ana = add_volunteer(*store, "Ana", Role::coordinator, "482100");
  REQUIRE(ana.ok());
  REQUIRE(remove_volunteer(*store, ana->id).ok());
  CHECK(list_volunteers(*store).empty());
  CHECK(stored_hash(*store, ana->id).empty());
  CHECK(sign_in(*store, "482100").error == SignInError::no_volunteers);
  CHECK_FALSE(has_coordinator(*store));
  CHECK_FALSE(remove_volunteer(*store, ana->id).ok());
}

TEST_CASE("a volunteer is found by name or by the start of their id") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto ana = add_volunteer(*store, "Ana", Role::volunteer, "4821");
  REQUIRE(ana.ok());
  CHECK(find_volunteer(*store, "Ana")->id == ana->id);
  CHECK(find_volunteer(*store, ana->id.hex().substr(0, 6))->id == ana->id);
  CHECK_FALSE(find_volunteer(*store, "Bo").ok());
  CHECK_FALSE(find_volunteer(*store, ana->id.hex().substr(0, 3)).ok());  // too short to trust
}

TEST_CASE("settings are checked against their ranges and the first write keeps the defaults") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  CHECK_FALSE(set_retention_days(*store, 3651).ok());
  CHECK_FALSE(set_retention_days(*store, -1).ok());
  REQUIRE(set_retention_days(*store, 90).ok());
  CHECK(store->settings().get().retention_days == 90);
  CHECK(store->settings().get().kiosk_timeout_s == 60);  // not zeroed by the record's creation
  CHECK_FALSE(set_kiosk_timeout_s(*store, 9).ok());
  CHECK_FALSE(set_kiosk_timeout_s(*store, 3601).ok());
  REQUIRE(set_kiosk_timeout_s(*store, 120).ok());
  CHECK(store->settings().get().kiosk_timeout_s == 120);
  CHECK(store->settings().get().retention_days == 90);
}

TEST_CASE("categories text: one line per changed category, read back the same") {
  auto cats = parse_categories(
      "food|1|uk=\xD0\x87\xD0\xB6\xD0\xB0\npets|0\nfirewood|1|en=Firewood\nlegacy\n");
  REQUIRE(cats.size() == 4);
  CHECK(cats[0].id == "food");
  CHECK(cats[0].enabled);
  CHECK(cats[0].labels.at("uk") == "\xD0\x87\xD0\xB6\xD0\xB0");
  CHECK(cats[1].id == "pets");
  CHECK_FALSE(cats[1].enabled);
  CHECK(cats[2].labels.at("en") == "Firewood");
  CHECK(cats[3].id == "legacy");  // the older one-id-per-line format
  CHECK(cats[3].enabled);
  CHECK(format_categories(cats) ==
        "food|1|uk=\xD0\x87\xD0\xB6\xD0\xB0\npets|0\nfirewood|1|en=Firewood\nlegacy|1\n");
}

TEST_CASE("a disabled category stays valid for entries but is not offered for new ones") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  REQUIRE(set_category_enabled(*store, "pets", false).ok());
  REQUIRE(add_category(*store, "firewood", "Firewood").ok());
  REQUIRE(set_category_label(*store, "food", "uk", "\xD0\x87\xD0\xB6\xD0\xB0").ok());
  CHECK_FALSE(add_category(*store, "firewood", "Again").ok());
  CHECK_FALSE(add_category(*store, "Fire Wood", "Bad id").ok());
  CHECK_FALSE(set_category_enabled(*store, "nosuch", false).ok());

  const auto all = store->settings().category_ids();
  CHECK(std::find(all.begin(), all.end(), "pets") != all.end());
  CHECK(std::find(all.begin(), all.end(), "firewood") != all.end());
  for (const auto& id : all) CHECK(id.find('|') == std::string::npos);
  const auto enabled = enabled_category_ids(*store);
  CHECK(std::find(enabled.begin(), enabled.end(), "pets") == enabled.end());
  CHECK(std::find(enabled.begin(), enabled.end(), "firewood") != enabled.end());

  Entry e;
  e.kind = Kind::offer;
  e.category = "firewood";
  e.item = "Dry logs";
  e.quantity = 10;
  CHECK(store->entries().add(e).ok());
  bool renamed = false;
  for (const auto& c : category_settings(*store))
    if (c.id == "food") renamed = c.labels.count("uk") == 1;
  CHECK(renamed);
}

TEST_CASE("the contact purge runs when a day has passed since the last one, not before") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  REQUIRE(set_retention_days(*store, 0).ok());
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = "Rice";
  e.quantity = 1;
  e.contact_name = "Ana";
  e.contact_phone = "0712 345 678";
  e.contact_consent = true;
  auto added = store->entries().add(e);
  REQUIRE(added.ok());
  REQUIRE(store->entries().set_status(added->id, Status::met).ok());
  clock.now += 1000;
  auto first = purge_if_due(*store);
  REQUIRE(first);
  CHECK(*first == 1);
  CHECK(store->entries().get(added->id)->contact_phone.empty());
  clock.now += 3'600'000;
  CHECK_FALSE(purge_if_due(*store));  // an hour later: not due
  clock.now += kPurgeIntervalMs;
  CHECK(purge_if_due(*store));  // a day later: due again (nothing left to blank)
}
