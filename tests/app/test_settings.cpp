// Settings (coordinator): volunteers, categories, kiosk timeout and retention, devices, the join
// code. Driven by taps on a tall window so every section is on screen without scrolling.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/layout_check.hpp"
#include "app/ui/pin_check.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/qr.hpp"
#include "core/revocation.hpp"
#include "core/settings.hpp"
#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"
#include "sync/network.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

using Clock = test::TestClock;

using test::open_store;

// Settings as a signed-in coordinator (the sign-in itself is test_signin's business).
void open_settings(Kiosk& k, const VolunteerInfo& who) {
  k.ui.state.signed_in = SignedIn{who.id, who.name, who.role};
  k.ui.state.screen = Screen::settings;
  k.frames(3);
}

// Taps the button labelled `button` on the same row as the text starting with `row`.
void settings_tap_in_row(Kiosk& k, const std::string& row, const std::string& button) {
  const CapturedText* r = k.find(row, 0, true);
  REQUIRE_MESSAGE(r, "no row \"" << row << "\"; drawn:" << k.drawn());
  const float y = (r->min.y + r->max.y) * 0.5f;
  for (int i = 0;; ++i) {
    const CapturedText* b = k.find(button, i);
    REQUIRE_MESSAGE(b, "no \"" << button << "\" beside \"" << row << "\"");
    if (std::fabs((b->min.y + b->max.y) * 0.5f - y) < 20) {
      k.tap(test::UiHarness::centre(*b));
      return;
    }
  }
}

// Frames until the new PIN being checked and hashed on the worker thread is saved (bounded).
void settings_wait_for_save(Kiosk& k) {
  for (int i = 0; i < 3000 && k.ui.state.console.settings.saving; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.console.settings.saving, "the PIN was not saved in time");
  k.frames(2);
}

const std::string kDot = "\xE2\x80\xA2";  // • (a PIN digit in a field)
const std::string kSaving = "Saving\xE2\x80\xA6";

}  // namespace

TEST_CASE("a coordinator adds a volunteer in Settings and the new PIN signs in") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  k.type("Name", "Carlos");
  // The form starts its own line below the signed-in coordinator's row (which has no Remove
  // button), so both fields are inside the window and the second one takes a tap.
  CHECK(k.find("Carlos")->min.x < 200);
  k.type("PIN, 4 to 12 digits", "13579");
  k.tap("Add volunteer");
  settings_wait_for_save(k);
  CHECK(k.shows("Volunteer added."));
  auto all = list_volunteers(*store);
  REQUIRE(all.size() == 2);
  CHECK(all[1].name == "Carlos");
  CHECK(all[1].role == Role::volunteer);
  CHECK(sign_in(*store, "13579").volunteer->name == "Carlos");
  CHECK_FALSE(k.shows("13579"));  // the typed PIN is cleared after the try

  // A PIN that is too short is refused in words.
  k.type("Name", "Dana");
  k.ui.state.console.settings.new_pin = "12";
  k.tap("Add volunteer");
  CHECK(k.shows("a PIN has 4 to 12 digits"));
  CHECK(list_volunteers(*store).size() == 2);
}

TEST_CASE("PIN digits typed in Settings are drawn as dots, never as digits, on the numeric pad") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "246801");
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  const std::string dot = "\xE2\x80\xA2";  // •
  Kiosk k(*store, 1280, 3000);
  open_settings(k, bea);

  // The new volunteer's PIN, typed on the on-screen keys as a finger would.
  k.tap("PIN, 4 to 12 digits");
  REQUIRE(keyboard_target().live());
  CHECK(keyboard_target().kind == TextFieldKind::pin);
  const OnScreenKeyboard& kb = k.ui.state.keyboard;
  CHECK_FALSE(kb.key("q"));  // the numeric pad, not letters...
  CHECK_FALSE(kb.key("+"));  // ...nor the phone pad's extra keys
  for (char c : std::string("13579")) {
    const KeyHit* key = kb.key(std::string(1, c));
    REQUIRE_MESSAGE(key, "no key " << c);
    k.tap(ImVec2((key->min.x + key->max.x) * 0.5f, (key->min.y + key->max.y) * 0.5f));
  }
  CHECK(k.ui.state.console.settings.new_pin == "13579");
  CHECK(k.find(dot + dot + dot + dot + dot));
  CHECK_FALSE(k.shows("13579"));
  CHECK_FALSE(k.shows("3579"));
  CHECK_FALSE(text_field_accepts(TextFieldKind::pin, 'a'));  // a physical keyboard's letters
  const KeyHit* done = kb.key("done");
  REQUIRE(done);
  k.tap(ImVec2((done->min.x + done->max.x) * 0.5f, (done->min.y + done->max.y) * 0.5f));
  REQUIRE_FALSE(keyboard_target().live());
  CHECK(k.find(dot + dot + dot + dot + dot));
  CHECK_FALSE(k.shows("13579"));

  // A reset PIN: the same.
  settings_tap_in_row(k, "Ana", "Reset PIN");
  k.type("New PIN, 4 to 12 digits", "8642");
  CHECK(k.ui.state.console.settings.reset_pin == "8642");
  CHECK(k.find(dot + dot + dot + dot));
  CHECK_FALSE(k.shows("8642"));
  settings_tap_in_row(k, dot + dot + dot + dot, "Save");
  settings_wait_for_save(k);
  CHECK(k.shows("PIN changed."));
  CHECK(sign_in(*store, "8642").volunteer->id == ana.id);
}

TEST_CASE("while a new PIN is checked Settings keeps drawing, says Saving… and ignores taps") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "246801");
  test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 1280, 3000);
  open_settings(k, bea);
  SettingsScreenState& s = k.ui.state.console.settings;
  {
    WorkersHeldForTest hold;  // the worker waits before its first verification
    k.type("Name", "Carlos");
    s.new_pin = "13579";
    k.tap("Add volunteer");
    k.frames(5);
    REQUIRE(s.saving);
    CHECK(k.shows(kSaving));
    CHECK_FALSE(k.find("Add volunteer"));
    CHECK(k.ui.state.wants_frame);  // frames keep coming to poll the worker
    CHECK(s.new_pin.empty());       // the PIN is not kept on screen meanwhile
    CHECK(list_volunteers(*store).size() == 2);
    // The section's buttons do nothing meanwhile: no reset opens, no second save starts.
    settings_tap_in_row(k, "Ana", "Reset PIN");
    CHECK_FALSE(s.resetting);
    k.tap(kSaving);
    settings_tap_in_row(k, "Ana", "Remove");
    CHECK_FALSE(s.confirm_remove);
    CHECK(k.shows(kSaving));
    CHECK(list_volunteers(*store).size() == 2);
  }
  settings_wait_for_save(k);
  CHECK(k.shows("Volunteer added."));
  CHECK_FALSE(k.shows(kSaving));
  CHECK(k.find("Add volunteer"));
  const auto all = list_volunteers(*store);
  REQUIRE(all.size() == 3);
  CHECK(std::count_if(all.begin(), all.end(),
                      [](const VolunteerInfo& v) { return v.name == "Carlos"; }) == 1);
  CHECK(s.new_name.empty());
}

TEST_CASE("Settings refuses, after the check on the worker, a PIN another volunteer uses") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "246801");
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 1280, 3000);
  open_settings(k, bea);
  SettingsScreenState& s = k.ui.state.console.settings;
  const std::string taken = "another volunteer already uses that PIN; choose another";

  // A new volunteer with Ana's PIN.
  {
    WorkersHeldForTest hold;
    k.type("Name", "Carlos");
    s.new_pin = "4821";
    k.tap("Add volunteer");
    REQUIRE(s.saving);  // the refusal comes from the worker, not from the form's own checks
    CHECK(k.shows(kSaving));
  }
  settings_wait_for_save(k);
  CHECK(k.shows(taken));
  CHECK(s.message_is_error);
  CHECK(list_volunteers(*store).size() == 2);
  CHECK(s.new_name == "Carlos");  // kept for another try with another PIN

  // Ana's PIN reset to Bea's.
  settings_tap_in_row(k, "Ana", "Reset PIN");
  s.reset_pin = "246801";
  k.frames(2);
  {
    WorkersHeldForTest hold;
    settings_tap_in_row(k, kDot + kDot + kDot + kDot, "Save");
    REQUIRE(s.saving);
    CHECK(k.shows(kSaving));
  }
  settings_wait_for_save(k);
  CHECK(k.shows(taken));
  CHECK(s.resetting == ana.id);  // the row stays open for another PIN
  CHECK(sign_in(*store, "4821").volunteer->id == ana.id);
  CHECK(sign_in(*store, "246801").volunteer->id == bea.id);
}

TEST_CASE("a volunteer added elsewhere while a new PIN is checked makes Settings refuse it") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo bea = test::add_cheap_volunteer(*store, "Bea", Role::coordinator, "246801");
  Kiosk k(*store, 1280, 3000);
  open_settings(k, bea);
  SettingsScreenState& s = k.ui.state.console.settings;
  {
    WorkersHeldForTest hold;
    k.type("Name", "Carlos");
    s.new_pin = "13579";
    k.tap("Add volunteer");
    REQUIRE(s.saving);
    // As a sync would: Dana arrives with the same PIN after the hashes were read.
    test::add_cheap_volunteer(*store, "Dana", Role::volunteer, "13579");
  }
  settings_wait_for_save(k);
  CHECK(k.shows("the volunteers changed while the PIN was checked; try again"));
  const auto all = list_volunteers(*store);
  CHECK(all.size() == 2);  // Bea and Dana; Carlos was not written
  CHECK(sign_in(*store, "13579").volunteer->name == "Dana");
}

TEST_CASE("removing a volunteer in Settings asks first, then their PIN stops working") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  auto ana = add_volunteer(*store, "Ana", Role::volunteer, "4821");
  REQUIRE(bea.ok());
  REQUIRE(ana.ok());
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  settings_tap_in_row(k, "Ana", "Remove");
  CHECK(k.shows("Remove Ana? Their PIN stops working on every device."));
  CHECK(list_volunteers(*store).size() == 2);  // not yet
  k.tap("Yes, remove");
  CHECK(list_volunteers(*store).size() == 1);
  CHECK_FALSE(sign_in(*store, "4821").volunteer);
}

TEST_CASE("a category disabled in Settings leaves the kiosk's category grid") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  {
    Kiosk k(*store, 1280, 3000);
    k.ui.state.screen = Screen::need;
    k.frames(3);
    REQUIRE(k.find("Pets"));
    open_settings(k, *bea);
    settings_tap_in_row(k, "Pets", "Disable");
    k.frames(2);
    CHECK(k.shows("Saved."));
    k.ui.state.screen = Screen::need;
    k.ui.state.wizard = WizardForm{};
    k.frames(3);
    CHECK(k.find("Food"));
    CHECK_FALSE(k.find("Pets"));
  }
  const auto enabled = enabled_category_ids(*store);
  CHECK(std::find(enabled.begin(), enabled.end(), "pets") == enabled.end());
}

TEST_CASE("a category renamed in Settings shows its new name in that language") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  settings_tap_in_row(k, "Water", "Rename");
  k.type("Name", "Drinking water");
  settings_tap_in_row(k, "Drinking water", "Save");
  k.frames(3);
  CHECK(category_label("water") == "Drinking water");
  CHECK(k.shows("Drinking water  (water)"));
  set_category_renames({});  // other tests expect the built-in names
}

TEST_CASE("the kiosk timeout and retention are saved from Settings within their ranges") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  k.ui.state.console.settings.kiosk_timeout_s = 90;  // as if stepped with + and -
  k.ui.state.console.settings.retention_days = 14;
  k.tap("Save", 1);  // the first Save is "Pickup and printing"'s
  k.tap("Save", 2);
  CHECK(store->settings().get().kiosk_timeout_s == 90);
  CHECK(store->settings().get().retention_days == 14);
  CHECK(k.ui.state.idle.timeout_ms == 90'000);  // the idle timer follows at once
  k.tap("Purge now");
  CHECK(k.shows("Contact details removed from 0 entries."));
}

// Also checks the layout: each device is on a line of its own, inside the window (a row with no
// Revoke button, like this device's own, once left the next device on its line, off screen).
TEST_CASE("revoking a device in Settings needs a confirmation") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  Device other;
  other.id = Id::random();
  other.name = "Van tablet";
  other.ticket_prefix = "VAN";
  REQUIRE(store->devices().put(other).ok());
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  const CapturedText* van = k.find("Van tablet", 0, true);
  REQUIRE(van);
  CHECK(van->min.x < 200);  // starts its own line
  CHECK(k.find("Revoke")->max.x <= 1280);
  settings_tap_in_row(k, "Van tablet", "Revoke");
  CHECK(k.shows("Revoke this device?"));
  CHECK_FALSE(k.shows("past the year 9999"));
  CHECK_FALSE(store->devices().get(other.id)->revoked);
  k.tap("Yes, revoke");
  CHECK(store->devices().get(other.id)->revoked);
  CHECK(k.shows("Device revoked."));
}

TEST_CASE(
    "revoking in Settings a device that wrote with a clock past the year 9999 says from which "
    "of its records on it is taken back") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  Device other;
  other.id = Id::random();
  other.name = "Van tablet";
  other.ticket_prefix = "VAN";
  REQUIRE(store->devices().put(other).ok());
  // A need whose item the van stamped, as its record #7, at a clock no device's own reaches.
  Entry draft;
  draft.kind = Kind::need;
  draft.item = "rice";
  draft.category = "food";
  draft.quantity = 2;
  auto need = store->entries().add(draft);
  REQUIRE(need.ok());
  Row row = *store->replica().read_row(TableId::entries, need->id);
  row.fields[entry_field::item] = std::string("frozen");
  row.stamps[entry_field::item] =
      Stamp{kHlcImpossible + 1, other.id, 7, row.stamps[entry_field::item].hlc};
  {
    auto tx = store->replica().transaction();
    store->replica().merge(row);
    tx.commit();
  }
  REQUIRE(store->entries().get(need->id)->item == "frozen");
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  settings_tap_in_row(k, "Van tablet", "Revoke");
  CHECK(k.shows("From its record #7 on it wrote with a clock past the year 9999"));
  k.tap("Yes, revoke");
  CHECK(store->devices().get(other.id)->revoked_cutoff == 7);
  CHECK(store->entries().get(need->id)->item == "rice");
  // What that took back here, in a sync's words, under the confirmation.
  CHECK(k.shows("Device revoked."));
  CHECK(k.shows("1 record changed by revoked device Van tablet was taken back"));
}

TEST_CASE("a revoked device can be reinstated in Settings; the last coordinator's device is kept") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  REQUIRE(add_volunteer(*store, "Dan", Role::coordinator, "135791", "Harbor Hall").ok());
  Device other;
  other.id = Id::random();
  other.name = "Van tablet";
  other.ticket_prefix = "VAN";
  other.site = "Harbor Hall";  // Dan's only device
  REQUIRE(store->devices().put(other).ok());
  // Tall enough that the Devices section, now below the pickup and printing fields, shows a third
  // row whichever way the random ids sort (at 3000 px the third row was below the window in about
  // a quarter of runs, and its Revoke could not be tapped).
  Kiosk k(*store, 1280, 4000);
  open_settings(k, *bea);
  settings_tap_in_row(k, "Van tablet", "Revoke");
  CHECK(k.shows("last device of coordinator Dan"));
  CHECK_FALSE(k.shows("Revoke this device?"));
  CHECK_FALSE(store->devices().get(other.id)->revoked);
  // Once another device serves Harbor Hall, the van can be revoked, and reinstated.
  Device second = other;
  second.id = Id::random();
  second.name = "Hall desk";
  second.ticket_prefix = "HAL";
  REQUIRE(store->devices().put(second).ok());
  k.frame();
  settings_tap_in_row(k, "Van tablet", "Revoke");
  k.tap("Yes, revoke");
  CHECK(store->devices().get(other.id)->revoked);
  settings_tap_in_row(k, "Van tablet", "Reinstate");
  CHECK_FALSE(store->devices().get(other.id)->revoked);
  CHECK(k.shows("Device reinstated."));
}

TEST_CASE("the devices, with Revoke and Reinstate, fit at 200 % text on an 800 px wide screen") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  REQUIRE(add_volunteer(*store, "Bea", Role::coordinator, "246801").ok());
  // Long names, as sites give them, and one device revoked (its row offers Reinstate).
  Device van, lost;
  van.id = Id::random();
  van.name = "Van tablet of the Harbor Hall kitchen, second floor";
  van.ticket_prefix = "VAN";
  lost.id = Id::random();
  lost.name = "Stolen tablet from the school gym by the river";
  lost.ticket_prefix = "GYM";
  REQUIRE(store->devices().put(van).ok());
  REQUIRE(store->devices().put(lost).ok());
  REQUIRE(revoke_device(*store, lost.id).ok());
  test::LanguageGuard guard;
  LayoutChecker checker(*store);
  std::string found;
  for (const auto& lang : layout_languages()) {
    CAPTURE(lang);
    // Tall enough that the Devices section, near the end, is in view at 200 % text.
    for (const auto& p : checker.check({"settings", lang, 800, 12000, 200}))
      found += describe(p) + "\n";
    set_language(lang);  // the check leaves English set
    size_t revoke = 0, reinstate = 0;
    for (const ProbeItem& it : checker.last_probe().items) {
      if (it.kind != ProbeItem::Kind::touch) continue;
      revoke += it.label == tr("Revoke");
      reinstate += it.label == tr("Reinstate");
    }
    // Both rows were drawn, and checked: this device's own row has no button.
    CHECK(revoke == 1);
    CHECK(reinstate == 1);
  }
  CHECK_MESSAGE(found.empty(), found);
}

TEST_CASE("the network join code is shown as text and as a scannable QR matrix") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  auto bea = add_volunteer(*store, "Bea", Role::coordinator, "246801");
  REQUIRE(bea.ok());
  {
    Kiosk k(*store, 1280, 3000);
    open_settings(k, *bea);
    CHECK(k.shows("This device is not in a network yet."));
  }
  auto net = create_network(store->replica(), "Riverside Relief");
  REQUIRE(net.ok());
  const std::string code = encode_join_code(*net);
  Kiosk k(*store, 1280, 3000);
  open_settings(k, *bea);
  CHECK(k.shows(code));
  const QrMatrix m = encode_qr(code);
  REQUIRE(m.side >= 21);
  CHECK((m.side - 17) % 4 == 0);  // a QR version's side is 17 + 4v
  // The three finder patterns: a dark 7x7 ring with a dark 3x3 centre, light in between.
  for (auto [ox, oy] : {std::pair{0, 0}, std::pair{m.side - 7, 0}, std::pair{0, m.side - 7}}) {
    CHECK(m.at(ox, oy));
    CHECK(m.at(ox + 6, oy + 6));
    CHECK_FALSE(m.at(ox + 1, oy + 1));
    CHECK(m.at(ox + 3, oy + 3));
  }
}
