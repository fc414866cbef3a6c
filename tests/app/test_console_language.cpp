// Each volunteer's console opens in their own language, chosen once on the console's Language
// page and kept with their record, which replicates, so it follows their PIN to every device;
// the kiosk keeps its own (app/ui/console_language.hpp).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/console_language.hpp"
#include "app/ui/i18n.hpp"
#include "core/volunteer_language.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

const std::string kOk = "\xE2\x9C\x93";  // ✓

// From the kiosk: the PIN pad, the digits, ✓, and the wait for the check (bounded).
void sign_in(Kiosk& k, const std::string& pin) {
  k.ui.state.screen = Screen::pin;
  k.frames(2);
  for (char c : pin) {
    k.frame();
    k.tap(std::string(1, c));
  }
  k.frame();
  k.tap(kOk);
  for (int i = 0; i < 3000 && k.ui.state.console.pad.check; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  k.frames(2);
  REQUIRE_MESSAGE(k.ui.state.screen == Screen::console, k.drawn());
}

void sign_out(Kiosk& k, const std::string& label) {
  k.ui.state.screen = Screen::console;
  k.frames(2);
  k.tap(label);
  REQUIRE(!k.ui.state.signed_in);
}

// On the console: Language, then the language named in its own script.
void choose(Kiosk& k, const std::string& tile, const std::string& native) {
  k.tap(tile);
  REQUIRE_MESSAGE(k.ui.state.screen == Screen::console_language, k.drawn());
  k.tap(native);
  k.frames(2);
}

}  // namespace

TEST_CASE("volunteers A (uk) and B (es) each get their own console language; the kiosk its own") {
  LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  const auto a = test::add_cheap_volunteer(*store, "Oksana", Role::volunteer, "482193");
  const auto b = test::add_cheap_volunteer(*store, "Lucía", Role::volunteer, "739164");
  Kiosk k(*store, 800, 480);
  k.ui.state.prefs.home_language = "en";
  k.frames(2);

  // Never chosen: the console opens in the kiosk's language.
  sign_in(k, "482193");
  CHECK(language() == "en");
  choose(k, "Language", "Українська");
  CHECK(language() == "uk");
  CHECK(console_language(*store, a.id) == std::optional<std::string>("uk"));
  sign_out(k, "Вийти");
  CHECK(language() == "en");  // the kiosk keeps its own

  sign_in(k, "739164");
  CHECK(language() == "en");  // not A's
  choose(k, "Language", "Español");
  sign_out(k, "Cerrar sesión");
  CHECK(language() == "en");

  // A resident switches the kiosk to French; then each volunteer in turn.
  set_language("fr");
  sign_in(k, "482193");
  CHECK(language() == "uk");
  CHECK(k.shows("Вийти"));
  sign_out(k, "Вийти");
  CHECK(language() == "en");
  sign_in(k, "739164");
  CHECK(language() == "es");
  CHECK(k.shows("Cerrar sesión"));
  sign_out(k, "Cerrar sesión");
  CHECK(language() == "en");
  CHECK(console_language(*store, b.id) == std::optional<std::string>("es"));
}

TEST_CASE("a stored console language that is no longer offered is ignored") {
  LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  const auto a = test::add_cheap_volunteer(*store, "Oksana", Role::volunteer, "482193");
  store->replica().local_set("console_lang." + a.id.hex(), "xx");
  CHECK(!console_language(*store, a.id));
  remember_console_language(*store, a.id, "zz");
  CHECK(!console_language(*store, a.id));
  remember_console_language(*store, a.id, "ar");
  CHECK(console_language(*store, a.id) == std::optional<std::string>("ar"));
}

TEST_CASE("a volunteer picks Arabic on device A; after a bundle their console on B opens in it") {
  LanguageGuard guard;
  TempDir dir;
  auto net = test::make_network(2, dir.path().string());
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  const auto amal = test::add_cheap_volunteer(a, "Amal", Role::volunteer, "582913");
  test::send(a, b);
  {
    Kiosk k(a, 800, 480);
    k.ui.state.prefs.home_language = "en";
    k.frames(2);
    sign_in(k, "582913");
    choose(k, "Language", "العربية");
    CHECK(language() == "ar");
    sign_out(k, "خروج");
  }
  CHECK(volunteer_language(a, amal.id) == "ar");
  CHECK(volunteer_language(b, amal.id).empty());
  // A delta: B held everything else already.
  const auto delta = build_bundle(a.replica(), b.replica().version_vector());
  REQUIRE(delta.ok());
  CHECK(delta->records == 2);  // the volunteer, and A's devices record for its sequence claim
  REQUIRE(import_bundle(b.replica(), delta->bytes).ok());
  CHECK(volunteer_language(b, amal.id) == "ar");
  // Nothing of it is B's own local state: it came with the volunteer.
  CHECK(!b.replica().local_get("console_lang." + amal.id.hex()));

  set_language("en");
  Kiosk k(b, 800, 480);
  k.ui.state.prefs.home_language = "en";
  k.frames(2);
  sign_in(k, "582913");
  CHECK(language() == "ar");
  CHECK(k.shows("خروج"));
  sign_out(k, "خروج");
  CHECK(language() == "en");  // the kiosk keeps its own
}

TEST_CASE("a console language chosen before it replicated goes with the volunteer at sign-in") {
  LanguageGuard guard;
  TempDir dir;
  auto net = test::make_network(2, dir.path().string());
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  const auto oksana = test::add_cheap_volunteer(a, "Oksana", Role::volunteer, "482193");
  const auto lucia = test::add_cheap_volunteer(a, "Lucía", Role::volunteer, "739164");
  // As an earlier Mutua left them: kept on device A only.
  a.replica().local_set("console_lang." + oksana.id.hex(), "uk");
  a.replica().local_set("console_lang." + lucia.id.hex(), "es");
  CHECK(console_language(a, oksana.id) == std::optional<std::string>("uk"));  // read as before
  CHECK(volunteer_language(a, oksana.id).empty());
  // Lucía has meanwhile chosen French elsewhere: that choice stands over A's old one.
  REQUIRE(set_volunteer_language(a, lucia.id, "fr").ok());
  {
    Kiosk k(a, 800, 480);
    k.ui.state.prefs.home_language = "en";
    k.frames(2);
    sign_in(k, "482193");
    CHECK(language() == "uk");
    sign_out(k, "Вийти");
    sign_in(k, "739164");
    CHECK(language() == "fr");
  }
  CHECK(volunteer_language(a, oksana.id) == "uk");
  CHECK(volunteer_language(a, lucia.id) == "fr");
  test::send(a, b);
  CHECK(console_language(b, oksana.id) == std::optional<std::string>("uk"));
  CHECK(console_language(b, lucia.id) == std::optional<std::string>("fr"));
}

TEST_CASE("a replicated console language this Mutua does not offer falls back to this device's") {
  LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  const auto a = test::add_cheap_volunteer(*store, "Oksana", Role::volunteer, "482193");
  // A newer Mutua's language, or a damaged value: carried, never used.
  REQUIRE(write_volunteer_language_unchecked(*store, a.id, "de").ok());
  CHECK(volunteer_language(*store, a.id) == "de");
  CHECK(!console_language(*store, a.id));
  store->replica().local_set("console_lang." + a.id.hex(), "es");
  CHECK(console_language(*store, a.id) == std::optional<std::string>("es"));
  REQUIRE(write_volunteer_language_unchecked(*store, a.id, "ar\x01<b>").ok());
  CHECK(volunteer_language(*store, a.id).empty());
  CHECK(console_language(*store, a.id) == std::optional<std::string>("es"));
  // The sign-in does not overwrite what another device set, even a value it cannot read.
  share_local_console_language(*store, a.id);
  CHECK(std::get<std::string>(volunteer_language_value(*store, a.id)->value) == "ar\x01<b>");
}
