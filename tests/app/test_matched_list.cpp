// Issue 14: the console's "Matched, not handed over" list, tapped through headless; and controls
// that are off: a look of their own with readable text (WCAG AA from the palette), and a tap on
// one says why and does nothing else.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "app/ui/layout_check.hpp"
#include "app/ui/matched_list.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "core/matching.hpp"
#include "core/waiting_matches.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

constexpr const char* kMinus = "\xE2\x88\x92";

struct Desk {
  TempDir dir;
  std::unique_ptr<Store> store = test::open_test_store(dir.file("m.db"));
  Entry add(Kind kind, const char* item, int64_t qty, const char* name = "",
            const char* phone = "") {
    Entry e;
    e.kind = kind;
    e.category = "food";
    e.item = item;
    e.quantity = qty;
    e.site = "Harbor Hall";
    e.contact_name = name;
    e.contact_phone = phone;
    e.contact_consent = *phone != 0;
    auto r = store->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return *r;
  }
  Match match(const Entry& n, const Entry& o, int64_t qty) {
    // Matches a person makes one after another are milliseconds apart; made within one, they
    // would have no order (a Release build makes several in one).
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto r = confirm_match(*store, n, o, qty);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return *r;
  }
};

// A desk with three matches waiting (rice, oil, milk, made in that order), one handed over.
struct Waiting : Desk {
  Entry rice = add(Kind::need, "Rice", 10, "Olga Marchenko", "+380 50 111 2233");
  Entry oil = add(Kind::need, "Sunflower oil", 2);
  Entry milk = add(Kind::need, "Milk", 4);
  Entry done = add(Kind::need, "Bread", 1);
  Entry rice_o = add(Kind::offer, "Rice sacks", 10, "Marta Ruiz", "+34 600 000 111");
  Entry oil_o = add(Kind::offer, "Oil bottles", 2);
  Entry milk_o = add(Kind::offer, "Milk cartons", 4);
  Entry done_o = add(Kind::offer, "Bread", 1);
  Match m_rice = match(rice, rice_o, 6);
  Match m_oil = match(oil, oil_o, 2);
  Match m_milk = match(milk, milk_o, 4);
  Match m_done = match(done, done_o, 1);
  Waiting() { REQUIRE(record_handover(*store, m_done.id, 1).ok()); }
};

void sign_in(Kiosk& k, Screen screen) {
  k.ui.state.signed_in = SignedIn{Id{}, "Ana", Role::volunteer};
  k.ui.state.screen = screen;
  k.frames(3);
}

float y_of(const Kiosk& k, const std::string& prefix) {
  const CapturedText* t = k.find(prefix, 0, true);
  REQUIRE_MESSAGE(t, "nothing starting with \"" << prefix << "\"; drawn:" << k.drawn());
  return t->min.y;
}

// WCAG 2 contrast ratio of two colours.
double luminance(ImU32 c) {
  auto ch = [](unsigned v) {
    const double x = v / 255.0;
    return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * ch(c & 0xFF) + 0.7152 * ch((c >> 8) & 0xFF) + 0.0722 * ch((c >> 16) & 0xFF);
}
double contrast(ImU32 a, ImU32 b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("the console's tile counts the matches waiting and opens them, oldest first") {
  Waiting d;
  Kiosk k(*d.store, 800, 480);
  sign_in(k, Screen::console);
  CHECK_MESSAGE(k.shows("Waiting now: 3, oldest first"), k.drawn());
  k.tap_prefix("Waiting now: ");
  REQUIRE(k.ui.state.screen == Screen::matched);
  // Exactly the three waiting, in the order they were matched; the handed-over bread is not.
  const float rice = y_of(k, d.rice.ticket + "  Rice");
  const float oil = y_of(k, d.oil.ticket + "  Sunflower oil");
  CHECK(rice < oil);
  CHECK(!k.find(d.done.ticket, 0, true));
  // Who offered, and the people to call.
  CHECK(k.shows("From: Marta Ruiz"));
  CHECK(k.shows("Call: Olga Marchenko  +380 50 111 2233"));
  CHECK(k.shows("Call: Marta Ruiz  +34 600 000 111"));
  CHECK(k.shows("Matched: just now"));
  // Searchable like the queue.
  k.type("Find: ticket, item or name", "marta");
  CHECK(k.find(d.rice.ticket, 0, true));
  CHECK(!k.find(d.oil.ticket, 0, true));
  k.type("marta", "");  // the field shows what was typed
  CHECK(k.find(d.milk.ticket, 0, true));
}

TEST_CASE("a handover recorded from the list takes its row off; an undone match goes too") {
  Waiting d;
  Kiosk k(*d.store, 1280, 800);
  sign_in(k, Screen::console);
  k.tap_prefix("Waiting now: ");
  REQUIRE(k.ui.state.screen == Screen::matched);
  // The first row is the rice: all 6 matched are still to give; its button gives them.
  k.tap("Given: 6");
  CHECK(k.shows("Recorded: 6 handed over."));
  CHECK(!k.find(d.rice.ticket, 0, true));
  CHECK(d.store->matches().get(d.m_rice.id)->status == MatchStatus::handed_over);
  CHECK(k.find(d.oil.ticket, 0, true));
  CHECK(count_waiting_matches(*d.store) == 2);
  // Undo the oil's match: asked once, then gone, and its need is free to match again.
  k.tap("Undo match");
  CHECK(k.shows("Undo this match? Its units can be matched again."));
  CHECK(d.store->matches().get(d.m_oil.id)->status == MatchStatus::confirmed);
  k.tap("Yes, undo");
  CHECK(k.shows("Match undone: " + d.oil.ticket + " can be matched again."));
  CHECK(!k.find(d.oil.ticket, 0, true));
  CHECK(d.store->matches().get(d.m_oil.id)->status == MatchStatus::cancelled);
  CHECK(allocation(*d.store, d.oil).unmatched() == 2);
  // Back on the console, the tile counts again.
  k.tap("\xE2\x80\xB9  Back");
  CHECK_MESSAGE(k.shows("Waiting now: 1, oldest first"), k.drawn());
}

TEST_CASE("a match partly given is not undone from the list: the tap says why") {
  Desk d;
  Entry n = d.add(Kind::need, "Tents", 3);
  Entry o = d.add(Kind::offer, "Tents", 3);
  const Match m = d.match(n, o, 3);
  REQUIRE(record_handover(*d.store, m.id, 1).ok());
  Kiosk k(*d.store, 800, 480);
  sign_in(k, Screen::matched);
  REQUIRE(k.find(n.ticket, 0, true));
  k.tap("Undo match");
  CHECK(k.shows("Part of it is already given. Undo that handover first, or record the rest."));
  CHECK(!k.shows("Undo this match? Its units can be matched again."));
  CHECK(d.store->matches().get(m.id)->status == MatchStatus::confirmed);
}

TEST_CASE("an empty list says nothing waits; the list is behind the PIN") {
  Desk d;
  Kiosk k(*d.store, 800, 480);
  sign_in(k, Screen::matched);
  CHECK(k.shows("Nothing is waiting: every match is handed over."));
  k.ui.state.signed_in.reset();
  k.frames(2);
  CHECK(k.ui.state.screen != Screen::matched);  // the list is behind the PIN
}

TEST_CASE("disabled buttons: their text is at least 4.5:1 on them in both palettes") {
  for (const Palette& p : {Palette{}, high_contrast_palette()}) {
    CHECK(contrast(p.disabled_text, p.disabled_fill) >= 4.5);
    // Not the look of a control that is on: a filled grey, neither white nor a colour.
    CHECK(p.disabled_fill != p.surface);
    CHECK(p.disabled_fill != p.background);
  }
}

TEST_CASE("tapping a disabled Next says why and does nothing else") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("w.db"));
  Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::need;
  k.frames(3);
  k.tap("Food");
  REQUIRE(k.ui.state.wizard.step == 2);
  CHECK(shown_disabled_reason().empty());
  k.tap("Next");
  CHECK(k.ui.state.wizard.step == 2);
  CHECK(k.ui.state.screen == Screen::need);
  CHECK(k.ui.state.wizard.item.empty());
  CHECK(k.shows("Type or tap what you need first."));
  CHECK(shown_disabled_reason() == "Type or tap what you need first.");
  // The next tap anywhere (here on the question) takes the line away.
  k.tap("What exactly do you need?");
  CHECK(!k.shows("Type or tap what you need first."));
  // Answered, Next is on and goes on, saying nothing.
  k.type("Type here, or tap one below", "Rice");
  k.tap("Next");
  CHECK(k.ui.state.wizard.step == 3);
  CHECK(shown_disabled_reason().empty());
  // The quantity's − at 1 is off: a tap says why and leaves 1.
  k.tap(kMinus, 0);
  CHECK(k.ui.state.wizard.quantity == 1);
  CHECK(k.shows("It cannot go lower."));
}

TEST_CASE("the matched list fits at 800x480 and 480x800 in every language, 100 to 200 %") {
  Waiting d;
  LayoutChecker checker(*d.store);
  std::string found;
  size_t cases = 0;
  for (const auto& lang : layout_languages())
    for (const auto& [w, h] : {std::pair{800, 480}, std::pair{480, 800}})
      for (int scale : layout_scales()) {
        ++cases;
        for (const auto& p : checker.check({"matched", lang, w, h, scale}))
          found += describe(p) + "\n";
      }
  CHECK(cases >= 36);
  CHECK_MESSAGE(found.empty(), found);
}
