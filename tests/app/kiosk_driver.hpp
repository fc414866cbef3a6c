#pragma once
// A finger for the kiosk tests: UiHarness frames plus this suite's own record of every drawn
// string with its rectangle, so a test can tap the second "+" or check a label exactly.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "app/widgets/keyboard.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "ui_harness.hpp"

namespace mutua::test {

class Kiosk {
 public:
  Kiosk(Store& store, float w, float h, float scale = 1.0f) : ui(store, w, h, scale) {}

  UiHarness ui;  // draws the frames and records what they show

  void frame() { ui.frame(); }
  void frames(int n) { ui.frames(n); }
  void tap(ImVec2 p) { ui.tap(p); }
  // The n-th drawn string equal to `text` (or starting with it when `prefix`), or null.
  const CapturedText* find(const std::string& text, int nth = 0, bool prefix = false) const {
    for (const auto& t : ui.drawn_texts())
      if ((prefix ? t.text.rfind(text, 0) == 0 : t.text == text) && nth-- == 0) return &t;
    return nullptr;
  }
  // Taps what is labelled `text`; fails the test if nothing is.
  void tap(const std::string& text, int nth = 0, bool prefix = false) {
    const CapturedText* t = find(text, nth, prefix);
    REQUIRE_MESSAGE(t, "nothing labelled \"" << text << "\" on screen; drawn:" << drawn());
    tap(UiHarness::centre(*t));
  }
  void tap_prefix(const std::string& text) { tap(text, 0, true); }
  // Taps the field showing `hint` and types `value` the way the on-screen keyboard does: by
  // editing the bound string.
  void type(const std::string& hint, const std::string& value) {
    tap(hint);
    KeyboardTarget& k = keyboard_target();
    REQUIRE_MESSAGE(k.live(), "tapping \"" << hint << "\" did not focus a text field");
    *k.value = value;
    frames(2);
    // Then closes the keyboard with its Done key, as a person would, so it uncovers the screen.
    const KeyHit* done = ui.state.keyboard.key("done");
    REQUIRE_MESSAGE(done, "the on-screen keyboard has no Done key");
    tap(ImVec2((done->min.x + done->max.x) * 0.5f, (done->min.y + done->max.y) * 0.5f));
    REQUIRE_MESSAGE(!keyboard_target().live(), "Done did not close the keyboard");
  }
  // "Check my ticket" with `code` typed into the model, as the keypad types, then Check: the
  // answer the screen gave.
  TicketAnswer check_ticket(const std::string& code) {
    ui.state.screen = Screen::ticket;
    ui.state.entered.reset();
    frames(3);
    ui.state.ticket_check.code = code;
    frames(1);
    tap("Check");
    return ui.state.ticket_check.answer;
  }
  bool shows(const std::string& needle) const { return ui.shows(needle); }
  std::string drawn() const {
    std::string s;
    for (const auto& t : ui.drawn_texts()) s += "\n  " + t.text;
    return s;
  }
};

inline std::unique_ptr<Store> open_test_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

inline std::vector<Entry> all_entries(const Store& store, Kind kind) {
  EntryQuery q;
  q.kind = kind;
  return store.entries().list(q, 1000).entries;
}

}  // namespace mutua::test
