// Tiles keep their words whole: a title word too wide for the tile drops to the body font
// instead of breaking in two ("Налаштуванн" / "я" on the Ukrainian console at 800x480).
#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/widgets/text.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

// The height the tile's title took when drawn (its second capture: the first names the tile).
float title_height(const Kiosk& k, const std::string& title) {
  const CapturedText* t = k.find(title, 1);
  REQUIRE_MESSAGE(t, "no title \"" << title << "\"; drawn:" << k.drawn());
  return t->max.y - t->min.y;
}

}  // namespace

TEST_CASE("a console tile title too wide for its tile is not broken mid-word") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  set_language("uk");
  Kiosk k(*store, 800, 480);
  k.ui.state.signed_in = SignedIn{Id::random(), "Bea", Role::coordinator};
  k.ui.state.screen = Screen::console;
  k.frames(3);
  const std::string settings = tr("Settings");
  REQUIRE(settings == "Налаштування");
  // "Черга" (Queue) fits in the heading font on one line; "Налаштування" must not take two.
  CHECK(title_height(k, settings) <= title_height(k, tr("Queue")));
}

TEST_CASE("words_fit finds a word wider than the line") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);  // an ImGui context with the app's fonts
  k.frame();
  ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  const float one = text_width(f, "Settings");
  CHECK(words_fit(f, "Settings and more", one));
  CHECK_FALSE(words_fit(f, "Settings and more", one - 1));
  CHECK(words_fit(f, "", 0));
}
