// The "− 12 +" stepper outside the kiosk's wizard (issue 14 item 10): handover, stock from the
// supply van, the matched list and Settings, by simulated taps. On each: the number tapped, typed
// on the pad and OK'd is the number the screen's action uses; a number out of range is said in
// words and OK does not take it; holding + steps faster the longer it is held, never past the
// maximum.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/handover.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/stepper.hpp"
#include "core/matching.hpp"
#include "core/settings.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

constexpr const char* kBackspace = "\xE2\x8C\xAB";  // ⌫

Entry add(Store& store, Kind kind, const char* item, int64_t qty) {
  Entry e;
  e.kind = kind;
  e.category = "food";
  e.item = item;
  e.quantity = qty;
  e.site = "Harbor Hall";
  auto r = store.entries().add(e);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

// One of the four screens on a database of its own: how it is opened, its stepper's id (its
// number is captured as "number" + id), the value the stepper holds and its range, the button
// that uses the value, and what that button stored.
struct StepperScreen {
  const char* name;
  const char* stepper;
  int64_t min = 1, max = 1;
  std::function<void(Kiosk&, Store&)> open;
  std::function<int64_t(Kiosk&)> value;
  std::function<void(Kiosk&)> act;
  std::function<int64_t(Store&)> stored;
};

void sign_in(Kiosk& k, Screen screen, Role role) {
  k.ui.state.signed_in = SignedIn{Id{}, "Ana", role};
  k.ui.state.screen = screen;
  k.frames(3);
}

// A need and an offer of 500, matched: 500 units to hand over. Returns the need.
Entry matched_500(Store& store) {
  const Entry need = add(store, Kind::need, "Rice", 500);
  const Entry offer = add(store, Kind::offer, "Rice sacks", 500);
  auto m = confirm_match(store, need, offer, 500);
  REQUIRE_MESSAGE(m.ok(), (m.ok() ? "" : m.error()));
  return need;
}

// Units handed over on the need's matches.
int64_t handed(Store& store) {
  int64_t sum = 0;
  EntryQuery q;
  q.kind = Kind::need;
  for (const auto& e : store.entries().list(q, 10).entries)
    for (const auto& m : store.matches().for_entry(e.id)) sum += handed_on_match(store, m.id);
  return sum;
}

std::vector<StepperScreen> stepper_screens() {
  std::vector<StepperScreen> out;
  out.push_back(StepperScreen{"handover", "##qty", 1, 500,
                              [](Kiosk& k, Store& store) {
                                const Entry need = matched_500(store);
                                sign_in(k, Screen::console, Role::volunteer);
                                open_handover(k.ui.state, need.id);
                                k.frames(3);
                              },
                              [](Kiosk& k) {
                                REQUIRE(!k.ui.state.desk.handover.lines.empty());
                                return k.ui.state.desk.handover.lines[0].quantity;
                              },
                              [](Kiosk& k) { k.tap_prefix("Given: "); }, handed});
  out.push_back(StepperScreen{"matched list", "##qty", 1, 500,
                              [](Kiosk& k, Store& store) {
                                matched_500(store);
                                sign_in(k, Screen::matched, Role::volunteer);
                              },
                              [](Kiosk& k) {
                                REQUIRE(!k.ui.state.desk.matched.quantities.empty());
                                return k.ui.state.desk.matched.quantities[0];
                              },
                              [](Kiosk& k) { k.tap_prefix("Given: "); }, handed});
  out.push_back(StepperScreen{"stock from the van", "##stock-qty", 1, limits::max_quantity,
                              [](Kiosk& k, Store&) {
                                sign_in(k, Screen::offers_stock, Role::volunteer);
                                k.tap("Add stock from the van");
                                k.tap("Water");
                                k.type("What arrived", "Bottled water");
                              },
                              [](Kiosk& k) { return k.ui.state.desk.stock.quantity; },
                              [](Kiosk& k) {
                                k.tap("Add to stock");
                                CHECK_MESSAGE(k.shows("Added to stock as"), k.drawn());
                              },
                              [](Store& store) -> int64_t {
                                EntryQuery q;
                                q.kind = Kind::offer;
                                q.category = "water";
                                const auto page = store.entries().list(q, 10);
                                return page.entries.size() == 1 ? page.entries[0].quantity : -1;
                              }});
  out.push_back(
      StepperScreen{"settings", "##timeout", kMinKioskTimeoutS, kMaxKioskTimeoutS,
                    [](Kiosk& k, Store&) { sign_in(k, Screen::settings, Role::coordinator); },
                    [](Kiosk& k) { return k.ui.state.console.settings.kiosk_timeout_s; },
                    [](Kiosk& k) {
                      // The Save beside the timeout's stepper (other sections have a Save of their
                      // own).
                      const CapturedText* number = k.find("number##timeout");
                      REQUIRE(number);
                      const CapturedText* save = nullptr;
                      for (const auto& t : k.ui.drawn_texts())
                        if (t.text == "Save" && t.max.y > number->min.y && t.min.y < number->max.y)
                          save = &t;
                      REQUIRE_MESSAGE(save, k.drawn());
                      k.tap(test::UiHarness::centre(*save));
                      CHECK_MESSAGE(k.shows("Saved."), k.drawn());
                    },
                    [](Store& store) { return store.settings().get().kiosk_timeout_s; }});
  return out;
}

// The last drawn string equal to `text`: on the number pad, its key rather than the same digit
// on the screen under it.
void stepper_tap_last(Kiosk& k, const std::string& text) {
  const CapturedText* found = nullptr;
  for (const auto& t : k.ui.drawn_texts())
    if (t.text == text) found = &t;
  REQUIRE_MESSAGE(found, "nothing labelled \"" << text << "\" on screen; drawn:" << k.drawn());
  k.tap(test::UiHarness::centre(*found));
}

// Taps the stepper's number and types `digits` on its pad (OK not tapped).
void type_on_pad(Kiosk& k, const StepperScreen& s, const std::string& digits) {
  k.tap(std::string("number") + s.stepper);
  REQUIRE_MESSAGE(k.shows("Type the number"), k.drawn());
  for (char c : digits) stepper_tap_last(k, std::string(1, c));
}

// Holds a finger still on the first "+" for `frames` frames of 1/60 s.
void hold_plus(Kiosk& k, int frames) {
  const CapturedText* t = k.find("+");
  REQUIRE_MESSAGE(t, k.drawn());
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = test::UiHarness::centre(*t);
  k.frame();
  io.MouseDown[0] = true;
  for (int i = 0; i < frames; ++i) k.frame();
  io.MouseDown[0] = false;
  k.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  k.frames(2);
}

// A tall window, so the stepper is on screen without scrolling; the pad covers it all.
constexpr float kW = 800, kH = 1600;

}  // namespace

TEST_CASE("on every screen with a stepper, the number typed on its pad is the number used") {
  for (const StepperScreen& s : stepper_screens()) {
    CAPTURE(std::string(s.name));
    TempDir dir;
    auto store = test::open_test_store(dir.file("a.db"));
    Kiosk k(*store, kW, kH);
    s.open(k, *store);
    const int64_t before = s.value(k);
    type_on_pad(k, s, "42");
    CHECK(s.value(k) == before);  // nothing changes before OK
    k.tap("OK");
    CHECK_FALSE(k.shows("Type the number"));
    CHECK(s.value(k) == 42);
    s.act(k);
    CHECK(s.stored(*store) == 42);
  }
}

TEST_CASE("on every screen with a stepper, a number out of range is said and OK is off") {
  for (const StepperScreen& s : stepper_screens()) {
    CAPTURE(std::string(s.name));
    TempDir dir;
    auto store = test::open_test_store(dir.file("a.db"));
    Kiosk k(*store, kW, kH);
    s.open(k, *store);
    const int64_t before = s.value(k);
    // One more than the maximum.
    type_on_pad(k, s, std::to_string(s.max + 1));
    const std::string at_most = "At most " + format_count(s.max) + ".";
    CHECK_MESSAGE(k.shows(at_most), k.drawn());
    k.tap("OK");  // off: the pad stays, the value is not clamped into range behind one's back
    CHECK(k.shows("Type the number"));
    CHECK(s.value(k) == before);
    stepper_tap_last(k, "Cancel");
    CHECK_FALSE(k.shows("Type the number"));
    CHECK(s.value(k) == before);
    // Under the minimum (0, or one digit under a minimum of 10).
    if (s.min > 0) {
      type_on_pad(k, s, std::to_string(s.min - 1));
      CHECK_MESSAGE(k.shows("At least " + format_count(s.min) + "."), k.drawn());
      k.tap("OK");
      CHECK(k.shows("Type the number"));
      CHECK(s.value(k) == before);
      stepper_tap_last(k, kBackspace);
      k.tap("OK");
      CHECK_MESSAGE(k.shows("Type a number first."), k.drawn());
      stepper_tap_last(k, "Cancel");
    }
    CHECK(s.value(k) == before);
  }
}

TEST_CASE("on every screen with a stepper, holding + speeds up and stops at the maximum") {
  for (const StepperScreen& s : stepper_screens()) {
    CAPTURE(std::string(s.name));
    TempDir dir;
    auto store = test::open_test_store(dir.file("a.db"));
    Kiosk k(*store, kW, kH);
    s.open(k, *store);
    // From a small number, so the curve has room.
    type_on_pad(k, s, std::to_string(s.min + 2));
    k.tap("OK");
    const int64_t start = s.value(k);
    REQUIRE(start == s.min + 2);
    // Two seconds: past the ones into the fives. One step a tick would give start + 16 at most.
    const int frames = 2 * 60;
    hold_plus(k, frames);
    const int64_t v = s.value(k);
    CHECK(v >= held_value(start, +1, (frames - 3) / 60.0, s.min, s.max));
    CHECK(v <= held_value(start, +1, (frames + 1) / 60.0, s.min, s.max));
    CHECK(v > start + 1 + 16);
    CHECK(v % 5 == 0);  // its fives land on fives
    // Held on and on: up to the maximum and not past it; the screen's action takes it.
    hold_plus(k, 16 * 60);
    CHECK(s.value(k) >= held_value(v, +1, 15.9, s.min, s.max));
    CHECK(s.value(k) <= held_value(v, +1, 16.05, s.min, s.max));
    if (s.max <= 3600) CHECK(s.value(k) == s.max);  // reached in 16 s: and stopped there
    CHECK(s.value(k) <= s.max);
    const int64_t top = s.value(k);
    s.act(k);
    CHECK(s.stored(*store) == top);
  }
}

TEST_CASE("on every screen with a stepper, its pad's keys are on an 800x480 screen") {
  for (const StepperScreen& s : stepper_screens()) {
    CAPTURE(std::string(s.name));
    TempDir dir;
    auto store = test::open_test_store(dir.file("a.db"));
    Kiosk k(*store, 800, 480);
    s.open(k, *store);
    open_number_pad_for(s.stepper);  // the number may be below the fold: opened as a tap does
    k.frames(3);
    REQUIRE_MESSAGE(k.shows("Type the number"), k.drawn());
    int keys = 0;
    for (const auto& t : k.ui.drawn_texts()) {
      if (t.text != "OK" && t.text != "Cancel" && t.text != kBackspace && t.text != "0") continue;
      CAPTURE(t.text);
      CHECK(t.min.x >= 0);
      CHECK(t.min.y >= 0);
      CHECK(t.max.x <= 800);
      CHECK(t.max.y <= 480);
      ++keys;
    }
    CHECK(keys >= 4);
  }
}
