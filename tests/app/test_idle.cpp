// The kiosk's idle timeout, driven by an injected clock.
#include <doctest/doctest.h>

#include "app/ui/idle.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/site_display.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"
#include "ui_harness.hpp"

using namespace mutua;
using mutua::test::TempDir;
using mutua::test::UiHarness;

namespace {

// These tests start from an earlier day than the others.
struct FakeClock : test::TestClock {
  FakeClock() : TestClock(1'700'000'000'000) {}
};

using test::open_store;

void half_fill(UiState& s) {
  s.screen = Screen::board;
  s.board.category = "water";
  s.board.filter_changed = true;
  s.home.settings_open = true;
}

// The row a person tapped (set after the board's first refresh, which clears it).
void select_row(UiState& s) {
  s.board.selected = Id::random();
}

}  // namespace

TEST_CASE("the idle timer warns after the timeout and restarts 10 s later") {
  IdleState idle;
  idle.timeout_ms = 60'000;
  CHECK(update_idle(idle, 0, false, false) == IdleStep::none);  // starts the clock
  CHECK(update_idle(idle, 59'999, false, false) == IdleStep::none);
  CHECK(idle_next_wake_ms(idle, 59'999) == 1);
  CHECK(update_idle(idle, 60'000, false, false) == IdleStep::warn);
  CHECK(idle_seconds_left(idle, 60'000) == 10);
  CHECK(idle_seconds_left(idle, 69'001) == 1);
  CHECK(update_idle(idle, 69'999, false, false) == IdleStep::warn);
  CHECK(update_idle(idle, 70'000, false, false) == IdleStep::restart);
  // A touch during the warning cancels it.
  IdleState b;
  b.timeout_ms = 60'000;
  update_idle(b, 0, false, false);
  CHECK(update_idle(b, 61'000, false, false) == IdleStep::warn);
  CHECK(update_idle(b, 65'000, true, false) == IdleStep::none);
  CHECK(update_idle(b, 80'000, false, false) == IdleStep::none);
  // Home has nothing to wipe: no warning there.
  IdleState h;
  h.timeout_ms = 60'000;
  update_idle(h, 0, false, true);
  CHECK(update_idle(h, 120'000, false, true) == IdleStep::none);
}

TEST_CASE("after the idle timeout the countdown shows, and I'm still here keeps the answers") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  half_fill(ui.state);
  ui.frames(3);
  select_row(ui.state);
  CHECK(ui.state.idle.timeout_ms == 60'000);  // the kiosk_timeout_s setting's default
  CHECK_FALSE(ui.shows("Are you still there?"));

  clock.now += 59'000;
  ui.frame();
  CHECK_FALSE(ui.shows("Are you still there?"));
  clock.now += 2'000;
  ui.frame();
  REQUIRE(ui.shows("Are you still there?"));
  CHECK(ui.shows("Starting over in 10 seconds"));
  clock.now += 3'500;
  ui.frame();
  CHECK(ui.shows("Starting over in 7 seconds"));

  const CapturedText* still = ui.find("I'm still here");
  REQUIRE(still);
  ui.tap(UiHarness::centre(*still));
  CHECK_FALSE(ui.shows("Are you still there?"));
  clock.now += 20'000;  // well past the warning's end, but the timer restarted at the tap
  ui.frame();
  CHECK_FALSE(ui.shows("Are you still there?"));
  CHECK(ui.state.screen == Screen::board);
  CHECK(ui.state.board.category == "water");
  CHECK(ui.state.board.selected.has_value());
}

TEST_CASE("when the countdown runs out the kiosk goes home with every field wiped") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  ui.state.prefs.high_contrast = true;  // the last person wanted high contrast
  ui.state.prefs.text_scale = 2.0f;     // and 200 % text
  site_display().text_scale = 1.25f;
  ui.state.prefs.home_language = "en";
  set_language("es");  // and switched to Spanish
  half_fill(ui.state);
  ui.state.keyboard.shift = true;
  ui.frames(2);
  select_row(ui.state);

  clock.now += 61'000;
  ui.frame();
  REQUIRE(ui.state.idle.warning_since_ms >= 0);
  clock.now += 9'000;
  ui.frame();
  CHECK(ui.state.screen == Screen::board);  // 1 s left
  clock.now += 1'000;
  ui.frame();
  CHECK(ui.state.screen == Screen::home);
  CHECK(ui.state.board.category.empty());
  CHECK_FALSE(ui.state.board.selected.has_value());
  CHECK_FALSE(ui.state.home.settings_open);
  CHECK_FALSE(ui.state.keyboard.shift);
  CHECK(language() == "en");
  CHECK(ui.state.prefs.text_scale == 1.25f);  // the site's, not the last person's
  CHECK_FALSE(ui.state.prefs.high_contrast);
  site_display() = SiteDisplay{};
  set_high_contrast_theme(false);
  ui.frames(2);
  CHECK(ui.shows("I need something"));
  CHECK_FALSE(ui.shows("Are you still there?"));
}
