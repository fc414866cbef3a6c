// Each volunteer's console opens in their own language, chosen once on the console's Language
// page and kept with them on this device; the kiosk keeps its own (app/ui/console_language.hpp).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/console_language.hpp"
#include "app/ui/i18n.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/cheap_volunteers.hpp"
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
