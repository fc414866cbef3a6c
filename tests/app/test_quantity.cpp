// Quantities a person can set quickly (issue 14 item 10): holding − or + repeats faster the longer
// it is held, tapping the number opens a number pad, and the kiosk's step 3 asks for a unit that
// is stored with the entry and shown translated, with its plural, on the ticket.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "app/ui/layout_check.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/ticket_status.hpp"
#include "app/ui/units.hpp"
#include "app/ui/wizard_quantity.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/stepper.hpp"
#include "core/demo.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/audio_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::all_entries;
using mutua::test::Kiosk;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

constexpr int64_t kBig = 1'000'000;

// The last drawn string equal to `text`: on the number pad, its key rather than the same digit
// on the screen under it.
const CapturedText* find_last(const Kiosk& k, const std::string& text) {
  const CapturedText* found = nullptr;
  for (const auto& t : k.ui.drawn_texts())
    if (t.text == text) found = &t;
  return found;
}

void tap_last(Kiosk& k, const std::string& text) {
  const CapturedText* t = find_last(k, text);
  REQUIRE_MESSAGE(t, "nothing labelled \"" << text << "\" on screen; drawn:" << k.drawn());
  k.tap(test::UiHarness::centre(*t));
}

// Holds a finger on `text` (the n-th drawn) for `frames` frames of 1/60 s, without moving.
void hold(Kiosk& k, const std::string& text, int nth, int frames) {
  const CapturedText* t = k.find(text, nth);
  REQUIRE(t);
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

void open_preset(Kiosk& k, Store& store, const char* preset) {
  REQUIRE(apply_screen_preset(preset, k.ui.state, store));
  k.frames(3);
}

}  // namespace

TEST_CASE("holding steps once a tick after half a second, in steps that grow with the hold") {
  // The press itself: one step, and nothing more for the first half second.
  CHECK(held_value(10, +1, 0.0, 1, kBig) == 11);
  CHECK(held_value(10, +1, 0.49, 1, kBig) == 11);
  CHECK(held_value(10, -1, 0.2, 1, kBig) == 9);
  // Then one at a time for a second: ticks at 0.5, 0.6, ... 1.4 s.
  CHECK(held_value(10, +1, 0.5, 1, kBig) == 12);
  CHECK(held_value(10, +1, 1.0, 1, kBig) == 17);
  CHECK(held_value(10, +1, 1.45, 1, kBig) == 21);
  // Then fives, landing on multiples of five (21 -> 25 -> 30), going down too (26 -> 25 -> 20).
  CHECK(held_value(10, +1, 1.5, 1, kBig) == 25);
  CHECK(held_value(10, +1, 1.6, 1, kBig) == 30);
  CHECK(held_value(37, -1, 1.6, 1, kBig) == 20);
  CHECK(hold_step_size(0.2) == 1);
  CHECK(hold_step_size(1.2) == 1);
  CHECK(hold_step_size(2.0) == 5);
  CHECK(hold_step_size(4.0) == 10);
  CHECK(hold_step_size(6.0) == 100);
  CHECK(hold_step_size(9.0) == 1000);
}

TEST_CASE("the hold curve only moves one way, gets no slower and never passes min or max") {
  int64_t last = 1;
  int64_t last_step = 0;
  // Frame by frame at 60 Hz for 12 s: monotone, and each tick's step at least the one before.
  for (int f = 0; f <= 12 * 60; ++f) {
    const int64_t v = held_value(1, +1, f / 60.0, 1, 500);
    CHECK(v >= last);
    CHECK(v <= 500);
    if (v > last) {
      const int64_t step = v - last;
      // A jump to a multiple may be shorter than the step; never longer than two of them.
      CHECK(step <= 2 * hold_step_size(f / 60.0));
      if (v != 500 && step == hold_step_size(f / 60.0)) {
        CHECK(step >= last_step);
        last_step = step;
      }
    }
    last = v;
  }
  CHECK(last == 500);  // and it stops there
  CHECK(held_value(495, +1, 30.0, 1, 500) == 500);
  CHECK(held_value(3, -1, 30.0, 1, 500) == 1);
  CHECK(held_value(1, -1, 5.0, 1, 500) == 1);  // at the end already: stays
  CHECK(held_value(999'999, +1, 60.0, 1, kBig) == kBig);
  // 400 from 1 within five and a half seconds; the first second never adds more than 11.
  double t = 0;
  while (held_value(1, +1, t, 1, kBig) < 400 && t < 60) t += 1.0 / 60;
  CHECK(t <= 5.5);
  CHECK(held_value(1, +1, 1.0, 1, kBig) <= 12);
}

TEST_CASE("holding + on the wizard's quantity repeats with the finger still, faster over time") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  open_preset(k, *store, "need-3");
  REQUIRE(k.ui.state.wizard.quantity == 2);
  // A quarter of a second: the press's one step only.
  hold(k, "+", 0, 15);
  CHECK(k.ui.state.wizard.quantity == 3);
  // Four seconds: past 1s, 5s and into 10s: at least 150 (a fixed 20 a second gives under 80).
  const ImVec2 at = test::UiHarness::centre(*k.find("+", 0));
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  k.frame();
  io.MouseDown[0] = true;
  bool asked_for_frames = true;
  for (int i = 0; i < 4 * 60; ++i) {
    k.frame();
    // While held, the app is asked for the next frame (it would otherwise sleep until an event).
    asked_for_frames = asked_for_frames && k.ui.state.wants_frame;
  }
  io.MouseDown[0] = false;
  k.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  k.frames(2);
  CHECK(asked_for_frames);
  const int64_t after = k.ui.state.wizard.quantity;
  CHECK(after >= 150);
  CHECK(after <= 400);
  CHECK(after % 10 == 0);  // its tens land on tens
  // − held long goes down to 1 and no further.
  hold(k, "\xE2\x88\x92", 0, 12 * 60);
  CHECK(k.ui.state.wizard.quantity == 1);
}

TEST_CASE("tapping the number opens a pad; the number typed goes into the stepper") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  open_preset(k, *store, "need-3");
  k.tap("number##qty");
  REQUIRE(k.shows("Type the number"));
  CHECK(k.shows("From 1 to 1,000,000"));
  // The first digit replaces the number shown.
  tap_last(k, "2");
  tap_last(k, "5");
  tap_last(k, "0");
  tap_last(k, "\xE2\x8C\xAB");             // ⌫: 250 -> 25
  CHECK(k.ui.state.wizard.quantity == 2);  // nothing changes before OK
  k.tap("OK");
  CHECK_FALSE(k.shows("Type the number"));
  CHECK(k.ui.state.wizard.quantity == 25);
  // Cancel keeps the number as it was.
  k.tap("number##qty");
  tap_last(k, "7");
  tap_last(k, "Cancel");
  CHECK_FALSE(k.shows("Type the number"));
  CHECK(k.ui.state.wizard.quantity == 25);
}

TEST_CASE("a typed number out of range is said in words and OK does not take it") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  open_preset(k, *store, "need-3");
  REQUIRE(k.ui.state.wizard.people == 4);
  k.tap("number##people");
  for (const char* d : {"1", "2", "0", "0"}) tap_last(k, d);
  CHECK(k.shows("At most 1,000."));
  k.tap("OK");  // off: it says why, and keeps the pad open
  CHECK(k.shows("Type the number"));
  CHECK(k.ui.state.wizard.people == 4);
  tap_last(k, "\xE2\x8C\xAB");
  CHECK_FALSE(k.shows("At most 1,000."));
  k.tap("OK");
  CHECK(k.ui.state.wizard.people == 120);
  // Too small, and nothing at all.
  k.tap("number##people");
  tap_last(k, "0");
  CHECK(k.shows("At least 1."));
  tap_last(k, "\xE2\x8C\xAB");
  k.tap("OK");
  CHECK(k.shows("Type a number first."));
  CHECK(k.ui.state.wizard.people == 120);
  // The same rules without a screen.
  NumberEntry e = number_entry(7, 1, 500);
  number_entry_type(e, "\xD9\xA6\xD9\xA0\xD9\xA0");  // ٦٠٠ in Arabic-Indic digits
  CHECK(number_entry_value(e) == 600);
  CHECK(number_entry_problem(e) == "At most 500.");
  number_entry_type(e, "99999");  // never more digits than 500 has, plus one
  CHECK(number_entry_value(e) == 6009);
}

TEST_CASE("the number pad shows the language's digits and takes them, in Arabic") {
  test::LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  set_language("ar");
  Kiosk k(*store, 800, 480);
  open_preset(k, *store, "need-3");
  k.tap("number##qty");
  CHECK(find_last(k, "\xD9\xA3"));  // ٣
  CHECK_FALSE(find_last(k, "3"));   // no Western digit key
  // (Digits the screen under the pad does not show: the household's ٤ is drawn after the pad.)
  tap_last(k, "\xD9\xA7");  // ٧
  tap_last(k, "\xD9\xA5");  // ٥
  k.tap(tr("OK"));
  CHECK(k.ui.state.wizard.quantity == 75);
}

TEST_CASE("the unit chosen on step 3 is stored and shown translated, with its plural") {
  test::LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::need;
  k.frames(3);
  k.tap("Food");
  k.type("Type here, or tap one below", "Chickpeas");
  k.tap("Next");
  REQUIRE(k.ui.state.wizard.step == 3);
  // Food's units, worded for the quantity (1): the usual one chosen.
  CHECK(k.shows("pack"));
  CHECK(k.ui.state.wizard.unit == "pack");
  k.tap("+", 0);
  k.tap("+", 0);  // 3: the words follow the number
  CHECK(k.find("cans"));
  k.tap("cans");
  CHECK(k.ui.state.wizard.unit == "can");
  k.tap("Next");
  k.tap("I will come back to this kiosk");
  k.tap("Next");
  REQUIRE(k.ui.state.wizard.step == 5);
  CHECK(k.shows("3 cans"));  // the review says it
  k.tap("Post my need");
  REQUIRE(k.ui.state.wizard.step == 6);
  const auto needs = all_entries(*store, Kind::need);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].unit == "can");  // the entry's own unit field, as the CLI stores it
  CHECK(needs[0].quantity == 3);
  CHECK(k.shows("Chickpeas  \xC2\xB7  3 cans"));  // on the ticket
  // In Ukrainian, with its plural for 3: "3 банки".
  set_language("uk");
  k.frames(2);
  CHECK(k.shows("Chickpeas  \xC2\xB7  3 банки"));
  const auto lines = ticket_detail_lines(ticket_status(*store, needs[0].ticket));
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0] == "Chickpeas  \xC2\xB7  3 банки");
}

TEST_CASE("step 3's stepper and all its units are on screen without scrolling at 800x480, 200 %") {
  // Food's four units: the last two were one scroll down in every language (two buttons a row).
  test::LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  LayoutChecker checker(*store);
  for (const std::string& lang : layout_languages()) {
    CAPTURE(lang);
    const auto problems = checker.check({"need-3", lang, 800, 480, 200});
    for (const auto& p : problems) CHECK_MESSAGE(false, describe(p));
    const LayoutProbe& probe = checker.last_probe();
    set_language(lang);  // the unit buttons' words in that language, for the preset's 2
    std::vector<std::string> words;
    for (const char* key : units_for_category("food"))
      words.push_back(unit_word(*find_unit(key), 2));
    REQUIRE(words.size() == 4);
    int signs = 0, units = 0;
    for (const ProbeItem& it : probe.items) {
      if (it.kind != ProbeItem::Kind::touch) continue;
      // The quantity's − and + (the first two signs; the household's come later) and the units.
      const bool sign = (it.label == "+" || it.label == "\xE2\x88\x92") && signs < 2;
      const bool unit = std::find(words.begin(), words.end(), it.label) != words.end();
      if (!sign && !unit) continue;
      signs += sign;
      units += unit;
      CAPTURE(it.label);
      CHECK(it.min.y >= it.clip_min.y);
      CHECK(it.max.y <= it.clip_max.y);
      CHECK(it.min.x >= 0);
      CHECK(it.max.x <= 800);
    }
    CHECK(signs == 2);
    CHECK(units == 4);
  }
}

TEST_CASE("at 480x800 and 200 %, what is below step 3's fold comes with a sign of more below") {
  // Four rows of heading, title and stepper above the units: what followed them was below the
  // fold with a thin scrollbar as the only hint; an arrow over the step's bottom edge now says
  // there is more (app/widgets/drag_scroll.hpp draw_more_below). The units themselves are all
  // above the fold now (test_layout_check); "How soon?" and its choices are below it.
  test::LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  LayoutChecker checker(*store);
  int hidden = 0;
  for (const std::string& lang : layout_languages()) {
    CAPTURE(lang);
    const auto problems = checker.check({"need-3", lang, 480, 800, 200});
    for (const auto& p : problems) CHECK_MESSAGE(false, describe(p));
    const LayoutProbe& probe = checker.last_probe();
    set_language(lang);
    std::vector<std::string> words;
    for (Urgency u : kUrgencies) words.push_back(urgency_words(u));
    int choices = 0;
    for (const ProbeItem& it : probe.items) {
      if (it.kind != ProbeItem::Kind::touch ||
          std::find(words.begin(), words.end(), it.label) == words.end())
        continue;
      ++choices;
      CAPTURE(it.label);
      CHECK(it.max.x <= 480);
      if (it.min.y >= it.clip_min.y && it.max.y <= it.clip_max.y) continue;
      ++hidden;
      // Below the fold, in a window that scrolls and shows it has more below.
      CHECK(std::find(probe.scroll_y.begin(), probe.scroll_y.end(), it.window) !=
            probe.scroll_y.end());
      CHECK(std::find(probe.more_below.begin(), probe.more_below.end(), it.window) !=
            probe.more_below.end());
    }
    CHECK(choices == 4);
  }
  CHECK(hidden > 0);  // the case this test is about: when all fit, it says nothing
}

TEST_CASE("at 480x800 and 200 %, a tap on step 3's down arrow scrolls what is below into view") {
  // The arrow showed there was more below but took no tap: nothing scrolled, and a tap there
  // went to whatever lay under the fade.
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 480, 800, 2.0f);
  open_preset(k, *store, "need-3");
  const std::string unit = k.ui.state.wizard.unit;
  const Urgency urgency = k.ui.state.wizard.urgency;
  std::vector<std::string> words;
  for (Urgency u : kUrgencies) words.push_back(urgency_words(u));
  // The choices of "How soon?" wholly in the step's view, and where that view ends, from what
  // the widgets report.
  ImVec2 arrow;  // the middle of the arrow's tap area
  auto choices_seen = [&] {
    LayoutProbe probe;
    set_layout_probe(&probe);
    k.frame();
    set_layout_probe(nullptr);
    std::vector<std::string> seen;
    int choices = 0;
    for (const ProbeItem& it : probe.items) {
      if (it.kind != ProbeItem::Kind::touch ||
          std::find(words.begin(), words.end(), it.label) == words.end())
        continue;
      ++choices;
      if (it.min.y >= it.clip_min.y - 1 && it.max.y <= it.clip_max.y + 1) seen.push_back(it.label);
    }
    REQUIRE(choices == int(words.size()));
    if (!probe.more_below_cues.empty()) {
      const auto& cue = probe.more_below_cues.front();
      arrow =
          ImVec2((cue.tap_min.x + cue.tap_max.x) * 0.5f, (cue.tap_min.y + cue.tap_max.y) * 0.5f);
    }
    return seen;
  };
  const std::vector<std::string> before = choices_seen();
  REQUIRE(before.size() < words.size());  // the case this test is about: all fit, no arrow
  REQUIRE(arrow.y > 0);
  k.tap(arrow);                           // on the arrow
  CHECK(k.ui.state.wizard.unit == unit);  // no button under it took the tap
  CHECK(k.ui.state.wizard.urgency == urgency);
  const std::vector<std::string> after = choices_seen();
  int came = 0;
  for (const std::string& w : words) {
    const bool hidden = std::find(before.begin(), before.end(), w) == before.end();
    came += hidden && std::find(after.begin(), after.end(), w) != after.end();
  }
  CHECK(came > 0);
}

TEST_CASE("step 3 asks a unit for goods only, in words that follow the quantity") {
  // The quantity step's own file (app/ui/wizard_quantity.hpp), apart from the other steps.
  test::LanguageGuard guard;
  set_language("en");
  WizardForm f;
  f.kind = Kind::need;
  f.category = "food";
  CHECK(asks_unit(f));
  f.quantity = 1;
  const std::vector<std::string> one = unit_choice_words(f);
  REQUIRE(one.size() == units_for_category("food").size());
  CHECK(one.front() == "pack");
  f.quantity = 3;
  CHECK(unit_choice_words(f).front() == "packs");
  // "I need this" keeps the offer's unit; an offer of skills and time counts no unit.
  f.for_offer = Id{};
  CHECK_FALSE(asks_unit(f));
  WizardForm skills;
  skills.kind = Kind::offer;
  skills.category = "skills";
  CHECK_FALSE(asks_unit(skills));
  skills.category = "shelter";
  CHECK(asks_unit(skills));
}

TEST_CASE("the number pad has a speaker that reads its title, the range and the number") {
  // The wizards' other screens had a speaker; the pad over step 3 had none.
  test::LanguageGuard guard;
  test::AudioDriver driver("dummy");
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  REQUIRE(apply_screen_preset("need-3-pad", k.ui.state, *store));
  k.ui.state.read_aloud = ReadAloud::silent();  // the button as with a speaker, no sound
  k.frames(3);
  REQUIRE(number_pad().owner != 0);
  // A button on the pad (drawn last, over the step) besides the step's own under it, in the
  // title's row.
  int speakers = 0;
  for (const auto& t : k.ui.drawn_texts()) speakers += t.text == "Read aloud";
  CHECK(speakers == 2);
  const CapturedText* speaker = find_last(k, "Read aloud");
  const CapturedText* title = find_last(k, "Type the number");
  REQUIRE(speaker);
  REQUIRE(title);
  CHECK(speaker->min.y < title->max.y);
  CHECK(speaker->max.y > title->min.y);
  UiContext ctx{*store, k.ui.state, UiFonts{}, 0};
  CHECK(read_aloud_words(ctx) == "Type the number. From 1 to 1,000,000. 2.");
  tap_last(k, "5");
  CHECK(read_aloud_words(ctx) == "Type the number. From 1 to 1,000,000. 5.");
  // Reading stops when the pad opens or closes: it is a step of its own.
  const std::string with_pad = read_aloud_step(ctx);
  tap_last(k, "Cancel");  // the pad's, drawn after the title bar's
  REQUIRE(number_pad().owner == 0);
  CHECK(read_aloud_step(ctx) != with_pad);
  // With a sound device: a tap on the pad's speaker queues its words as sound.
  const auto voice = ReadAloud::with_audio();
  k.ui.state.read_aloud = voice;
  open_number_pad_for("##qty");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto speakers_now = [&] {
    int n = 0;
    for (const auto& t : k.ui.drawn_texts()) n += t.text == "Read aloud";
    return n;
  };
  do k.frame();
  while (speakers_now() < 2 && std::chrono::steady_clock::now() < until);
  REQUIRE(speakers_now() == 2);
  tap_last(k, "Read aloud");
  while (voice->queued_bytes() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    k.frame();
  }
  CHECK(voice->queued_bytes() > 0);
  CHECK(voice->error().empty());
  tap_last(k, "Cancel");
  CHECK(voice->queued_bytes() == 0);  // the pad closed: its reading stops
  // In Ukrainian.
  set_language("uk");
  open_number_pad_for("##qty");
  k.frames(3);
  REQUIRE(number_pad().owner != 0);
  CHECK(read_aloud_words(ctx).rfind(tr("Type the number"), 0) == 0);
}
