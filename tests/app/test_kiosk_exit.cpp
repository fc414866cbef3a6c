// Leaving kiosk mode: a hidden 2 s press in the top-left corner, a volunteer's PIN and ✓ to sign
// in, then a coordinator's "Leave kiosk" in the console, asked once.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/kiosk_exit.hpp"
#include "app/ui/pin_check.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"
#include "ui_harness.hpp"

using namespace mutua;
using mutua::test::TempDir;
using mutua::test::UiHarness;

namespace {

// These tests start from an earlier day than the others.
struct ExitClock : test::TestClock {
  ExitClock() : TestClock(1'700'000'000'000) {}
};

using test::open_store;

using test::add_cheap_volunteer;

// Exact-label lookup of what the last frame drew (the harness's find() matches prefixes, and
// "1" would also match "100%").
struct Drawn {
  std::vector<CapturedText> all;
  Drawn() { set_text_capture(&all); }
  ~Drawn() { set_text_capture(nullptr); }
  std::optional<ImVec2> at(const std::string& label) const {
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->text == label) return UiHarness::centre(*it);
    return std::nullopt;
  }
};

void hold(UiHarness& ui, ExitClock& clock, ImVec2 p, int64_t ms) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = p;
  ui.frame();
  io.MouseDown[0] = true;
  for (int64_t t = 0; t <= ms; t += 250) {
    ui.frame();
    clock.now += 250;
  }
  ui.frame();
  io.MouseDown[0] = false;
  ui.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ui.frames(2);
}

// Frames until the PIN being checked on the worker thread has its answer (bounded).
void wait_for_check(UiHarness& ui) {
  for (int i = 0; i < 3000 && ui.state.kiosk_exit.check; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ui.frame();
  }
  REQUIRE_MESSAGE(!ui.state.kiosk_exit.check, "the PIN check did not finish");
  ui.frames(2);
}

void type_pin(UiHarness& ui, Drawn& drawn, const std::string& pin, bool wait = true) {
  for (char c : pin) {
    drawn.all.clear();
    ui.frame();
    auto p = drawn.at(std::string(1, c));
    REQUIRE_MESSAGE(p, "no key " << c);
    ui.tap(*p);
  }
  drawn.all.clear();
  ui.frame();
  auto ok = drawn.at("\xE2\x9C\x93");  // ✓
  REQUIRE(ok);
  ui.tap(*ok);
  if (wait) wait_for_check(ui);
}

}  // namespace

TEST_CASE("a long press in the corner opens the PIN pad; a short one or elsewhere does not") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(10, 10), 1500);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
  hold(ui, clock, ImVec2(400, 240), 3000);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
  hold(ui, clock, ImVec2(10, 10), 2250);
  CHECK(ui.state.kiosk_exit.pad_open);
  CHECK(ui.shows("Volunteer sign-in"));
  CHECK(ui.state.screen == Screen::home);  // the press did not tap anything under it

  // Not in kiosk mode: the corner is just a corner.
  UiState fresh;
  ui.state = fresh;
  ui.frames(2);
  hold(ui, clock, ImVec2(10, 10), 3000);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
}

TEST_CASE(
    "✓ signs a volunteer in; only a coordinator's Leave kiosk, asked once, closes the kiosk") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_cheap_volunteer(*store, "Ana", Role::volunteer, "1111");  // not a coordinator
  add_cheap_volunteer(*store, "Old coordinator", Role::coordinator, "9999", true);  // removed
  add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  CHECK(verify_coordinator_pin(*store, "2468"));
  CHECK_FALSE(verify_coordinator_pin(*store, "1111"));
  CHECK_FALSE(verify_coordinator_pin(*store, "9999"));
  CHECK_FALSE(verify_coordinator_pin(*store, ""));

  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);

  type_pin(ui, drawn, "9999");  // a removed coordinator's
  CHECK(ui.state.kiosk_exit.pad_open);
  CHECK(drawn.at("Wrong PIN. Try again."));
  CHECK(ui.state.kiosk_exit.pin.empty());

  // A volunteer's right PIN and ✓: signed in, never "Wrong PIN"; no way out of the kiosk.
  type_pin(ui, drawn, "1111");
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
  CHECK(ui.state.screen == Screen::console);
  REQUIRE(ui.state.signed_in);
  CHECK(ui.state.signed_in->name == "Ana");
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  drawn.all.clear();
  ui.frame();
  CHECK_FALSE(drawn.at("Leave kiosk"));
  CHECK_FALSE(drawn.at("Wrong PIN. Try again."));

  // A coordinator's PIN: the console, with Leave kiosk; it asks, and Cancel keeps the kiosk.
  drawn.all.clear();
  ui.frame();
  auto out = drawn.at("Sign out");
  REQUIRE(out);
  ui.tap(*out);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);
  type_pin(ui, drawn, "2468");
  CHECK(ui.state.screen == Screen::console);
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  drawn.all.clear();
  ui.frame();
  auto leave = drawn.at("Leave kiosk");
  REQUIRE(leave);
  ui.tap(*leave);
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK(
      drawn.at("Mutua closes on this kiosk. The screen stays dark until someone starts it "
               "again."));
  auto cancel = drawn.at("Cancel");
  REQUIRE(cancel);
  ui.tap(*cancel);
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK_FALSE(ui.state.kiosk_exit.confirm_leave);
  drawn.all.clear();
  ui.frame();
  leave = drawn.at("Leave kiosk");
  REQUIRE(leave);
  ui.tap(*leave);
  drawn.all.clear();
  ui.frame();
  leave = drawn.at("Leave kiosk");  // the dialog's button, drawn last
  REQUIRE(leave);
  ui.tap(*leave);
  CHECK(ui.state.kiosk_exit.exit_requested);
}

TEST_CASE("the PIN keys do not move when the wrong-PIN line appears") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  for (const auto& [w, h] : {std::pair{800.0f, 480.0f}, std::pair{480.0f, 800.0f}}) {
    UiHarness ui(*store, w, h);
    Drawn drawn;
    ui.state.kiosk_exit.enabled = true;
    ui.frames(2);
    hold(ui, clock, ImVec2(8, 8), 2250);
    REQUIRE(ui.state.kiosk_exit.pad_open);
    drawn.all.clear();
    ui.frame();
    const auto before = drawn.at("5");
    REQUIRE(before);
    type_pin(ui, drawn, "1");
    drawn.all.clear();
    ui.frame();
    REQUIRE(drawn.at("Wrong PIN. Try again."));
    const auto after = drawn.at("5");
    REQUIRE(after);
    CHECK(after->y == doctest::Approx(before->y));
    CHECK(after->x == doctest::Approx(before->x));
  }
}

TEST_CASE("with no coordinator on the device the pad explains how to set one and stays") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);
  type_pin(ui, drawn, "0000");
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK(
      drawn.at("No coordinator PIN is set on this device. Set one with: mutua volunteer add "
               "NAME --role coordinator --pin-stdin"));
}

TEST_CASE("after five wrong PINs the pad makes people wait") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  for (int i = 0; i < 5; ++i) type_pin(ui, drawn, "1");
  type_pin(ui, drawn, "2468");  // right PIN, but too soon
  CHECK_FALSE(ui.state.signed_in);
  CHECK(ui.state.kiosk_exit.notice == KioskExitState::Notice::wait);
  clock.now += 31'000;
  type_pin(ui, drawn, "2468");
  CHECK(ui.state.signed_in);
  CHECK(ui.state.screen == Screen::console);
}

TEST_CASE("keys and Cancel wait while a PIN is checked") {
  TempDir dir;
  ExitClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_cheap_volunteer(*store, "Ana", Role::volunteer, "1111");
  add_cheap_volunteer(*store, "Bea", Role::coordinator, "2468");
  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);

  type_pin(ui, drawn, "1357");
  CHECK(ui.state.kiosk_exit.notice == KioskExitState::Notice::wrong_pin);
  CHECK(pin_lockout(*store).failures == 1);

  std::optional<WorkersHeldForTest> held;
  held.emplace();
  type_pin(ui, drawn, "2468", false);
  ui.frames(5);
  CHECK(ui.state.kiosk_exit.check);
  CHECK(ui.state.wants_frame);
  CHECK(drawn.at("Checking\xE2\x80\xA6"));
  // Cancel and the keys do nothing until the answer is in.
  auto cancel = drawn.at("Cancel");
  REQUIRE(cancel);
  ui.tap(*cancel);
  auto one = drawn.at("1");
  REQUIRE(one);
  ui.tap(*one);
  CHECK(ui.state.kiosk_exit.pad_open);
  CHECK(ui.state.kiosk_exit.pin.empty());
  CHECK_FALSE(ui.state.signed_in);
  held.reset();
  wait_for_check(ui);
  CHECK(ui.state.screen == Screen::console);
  CHECK(pin_lockout(*store).failures == 0);
}
