// The layout check (app/ui/layout_check.hpp): each rule on hand-made probe records, and the app's
// own widgets reporting what they draw.
#include <doctest/doctest.h>

#include <set>

#include "app/ui/i18n.hpp"
#include "app/ui/layout_check.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_quantity.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/text_field.hpp"
#include "core/utf8.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "platform/window_place.hpp"
#include "support/temp_dir.hpp"
#include "ui_harness.hpp"

using namespace mutua;

namespace {

ProbeItem touch(const char* label, ImVec2 min, ImVec2 max, unsigned window = 1) {
  ProbeItem it;
  it.kind = ProbeItem::Kind::touch;
  it.label = label;
  it.min = min;
  it.max = max;
  it.clip_min = ImVec2(0, 0);
  it.clip_max = ImVec2(800, 480);
  it.window = window;
  return it;
}

ProbeItem label(const char* text, ImVec2 min, ImVec2 max, ImVec2 room_min, ImVec2 room_max) {
  ProbeItem it = touch(text, min, max);
  it.kind = ProbeItem::Kind::text;
  it.room_min = room_min;
  it.room_max = room_max;
  return it;
}

std::vector<LayoutProblem> problems(const LayoutProbe& probe, int w = 800, int h = 480) {
  std::vector<LayoutProblem> out;
  find_layout_problems(probe, LayoutCase{"test", "en", w, h, 200}, out);
  return out;
}

bool has(const std::vector<LayoutProblem>& ps, const std::string& widget, const std::string& what) {
  for (const auto& p : ps)
    if (p.widget == widget && p.what.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("layout rules: a good screen has no problems") {
  LayoutProbe probe;
  probe.items.push_back(touch("Next", ImVec2(600, 400), ImVec2(790, 470)));
  probe.items.push_back(touch("Back", ImVec2(10, 400), ImVec2(200, 470)));
  probe.items.push_back(
      label("Next", ImVec2(640, 420), ImVec2(700, 445), ImVec2(600, 400), ImVec2(790, 470)));
  CHECK(problems(probe).empty());
}

TEST_CASE("layout rules: clipped label, small target, out of reach, overlap") {
  LayoutProbe probe;
  probe.items.push_back(
      label("Delete", ImVec2(100, 10), ImVec2(190, 40), ImVec2(100, 0), ImVec2(130, 50)));
  probe.items.push_back(touch("D", ImVec2(100, 0), ImVec2(130, 96)));
  probe.items.push_back(touch("Size", ImVec2(10, 470), ImVec2(300, 540)));
  probe.items.push_back(touch("A", ImVec2(400, 100), ImVec2(500, 200)));
  probe.items.push_back(touch("B", ImVec2(450, 150), ImVec2(550, 250)));
  const auto ps = problems(probe);
  CHECK(has(ps, "Delete", "text clipped"));
  CHECK(has(ps, "D", "touch target 30 px x 96 px, under 44 px"));
  CHECK(has(ps, "Size", "outside the window"));
  CHECK(has(ps, "A", "overlaps \"B\""));
  CHECK(ps.size() == 4);
  // 44 px is enough at 800x480 only; elsewhere 48.
  LayoutProbe small;
  small.items.push_back(touch("Key", ImVec2(0, 0), ImVec2(46, 46)));
  CHECK(problems(small).empty());
  CHECK(has(problems(small, 1280, 800), "Key", "under 48 px"));
}

TEST_CASE("layout rules: what a finger can scroll to is not out of reach") {
  LayoutProbe probe;
  probe.items.push_back(touch("Pets", ImVec2(10, 470), ImVec2(300, 560), 7));
  ProbeItem text =
      label("Scrolled away", ImVec2(10, 600), ImVec2(200, 630), ImVec2(0, 0), ImVec2(800, 480));
  text.room_is_clip = true;
  text.window = 7;
  probe.items.push_back(text);
  CHECK(problems(probe).size() == 2);
  probe.scroll_y.push_back(7);
  CHECK(problems(probe).empty());
  // Out at the side is still out when only the vertical scrolls.
  probe.items.push_back(touch("Wide", ImVec2(700, 10), ImVec2(900, 80), 7));
  CHECK(has(problems(probe), "Wide", "left or right"));
}

TEST_CASE("layout rules: a row in a window inside a scrolling one is reached by scrolling that") {
  // A row of chips (a window of its own, scrolling sideways) in a form that scrolls: below the
  // fold is in reach; cut by the row's own window is not.
  LayoutProbe probe;
  ProbeItem chip = touch("Water", ImVec2(10, 500), ImVec2(200, 560), 8);
  chip.window_min = ImVec2(0, 490);
  chip.window_max = ImVec2(800, 570);
  probe.items.push_back(chip);
  CHECK(has(problems(probe), "Water", "above or below"));
  probe.parent_scroll_y.push_back(8);
  CHECK(problems(probe).empty());
  ProbeItem cut = chip;
  cut.label = "Pets";
  cut.min = ImVec2(210, 520);
  cut.max = ImVec2(400, 600);  // past the bottom of its own window
  probe.items.push_back(cut);
  const auto ps = problems(probe);
  CHECK(has(ps, "Pets", "above or below"));
  CHECK(ps.size() == 1);
}

TEST_CASE("layout rules: no touch target is seen under the \"more below\" fade or its arrow") {
  // At 480x800 and 200 % the second row of step 3's units sat under the fade, dimmed, and the
  // arrow's tap area lay over the inner edges of its two buttons: a tap there scrolled instead.
  LayoutProbe probe;
  LayoutProbe::MoreBelowCue cue;
  cue.window = 7;
  cue.band_min = ImVec2(30, 580);
  cue.band_max = ImVec2(420, 628);
  cue.tap_min = ImVec2(200, 580);
  cue.tap_max = ImVec2(248, 628);
  cue.inside = {9};
  probe.more_below.push_back(7);
  probe.more_below_cues.push_back(cue);
  probe.scroll_y.push_back(7);
  auto in_view = [](ProbeItem it) {
    it.clip_min = ImVec2(30, 380);
    it.clip_max = ImVec2(420, 628);
    return it;
  };
  probe.items.push_back(in_view(touch("kg", ImVec2(230, 500), ImVec2(420, 548), 7)));
  CHECK(problems(probe, 480, 800).empty());
  // Under the fade, its middle under the arrow: both.
  probe.items.push_back(in_view(touch("repas", ImVec2(230, 560), ImVec2(420, 608), 7)));
  // Under the fade only, in a window inside the scrolling one.
  probe.items.push_back(in_view(touch("chip", ImVec2(40, 570), ImVec2(190, 628), 9)));
  // In another window (the footer, drawn over nothing of it): not under the cue.
  probe.items.push_back(in_view(touch("Next", ImVec2(250, 580), ImVec2(420, 628), 3)));
  const auto ps = problems(probe, 480, 800);
  CHECK(has(ps, "repas", "\"more below\" fade"));
  CHECK(has(ps, "repas", "\"more below\" arrow"));
  CHECK(has(ps, "chip", "\"more below\" fade"));
  CHECK_FALSE(has(ps, "chip", "arrow"));
  CHECK(ps.size() == 3);
  for (const auto& p : ps) CHECK(p.kind == LayoutProblemKind::under_more_below);
  CHECK(describe(ps.front()).find("[under-more-below]") != std::string::npos);
  // What the window clips away above the strip is not under it: only the part seen counts.
  LayoutProbe clipped = probe;
  clipped.items.resize(1);
  ProbeItem cut = touch("boites", ImVec2(30, 560), ImVec2(220, 608), 7);
  cut.clip_min = ImVec2(30, 380);
  cut.clip_max = ImVec2(420, 580);
  clipped.items.push_back(cut);
  CHECK(problems(clipped, 480, 800).empty());
}

TEST_CASE("each kind of layout problem has its own name, and the rules report theirs") {
  std::set<std::string> names;
  for (const auto& k : layout_problem_kinds()) {
    CAPTURE(k.name);
    CHECK(std::string(k.name).find(' ') == std::string::npos);
    CHECK(std::string(k.meaning).size() > 10);
    CHECK(names.insert(k.name).second);
    CHECK(layout_problem_kind_name(k.kind) == std::string(k.name));
    CHECK(layout_problem_kinds_help().find(std::string("  ") + k.name + "  ") != std::string::npos);
  }
  CHECK(names.size() == size_t(LayoutProblemKind::question_out_of_view) + 1);
  LayoutProbe probe;
  probe.items.push_back(touch("D", ImVec2(100, 0), ImVec2(130, 96)));
  probe.items.push_back(touch("A", ImVec2(400, 100), ImVec2(500, 200)));
  probe.items.push_back(touch("B", ImVec2(450, 150), ImVec2(550, 250)));
  const auto ps = problems(probe);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].kind == LayoutProblemKind::small_target);
  CHECK(ps[1].kind == LayoutProblemKind::overlap);
}

TEST_CASE("the app's buttons report their target and their label's room to the probe") {
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  test::UiHarness ui(*store, 800, 480);
  LayoutProbe probe;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 480));
  ImGui::Begin("##t");
  set_layout_probe(&probe);
  (void)touch_button("##narrow", "A label far too long for its button", 120.0f, ButtonLook::plain,
                     IM_COL32(0, 0, 0, 255));
  set_layout_probe(nullptr);
  ImGui::End();
  ImGui::Render();
  REQUIRE(probe.items.size() == 2);
  CHECK(probe.items[0].kind == ProbeItem::Kind::touch);
  CHECK(probe.items[0].max.x - probe.items[0].min.x == doctest::Approx(120));
  const auto ps = problems(probe);
  CHECK(has(ps, "A label far too long for its button", "text clipped"));
}

TEST_CASE("layout rules: a text field is named by words above or beside it, not by its hint") {
  // "What arrived, e.g. bottled water" was only the grey hint inside the stock form's field:
  // gone with the first letter typed, and nothing then said what the field was for.
  ProbeItem field = touch("##item", ImVec2(200, 200), ImVec2(780, 260));
  field.text_field = true;
  auto words = [](const char* text, ImVec2 min, ImVec2 max) {
    ProbeItem it = label(text, min, max, ImVec2(0, 0), ImVec2(800, 480));
    it.room_is_clip = true;
    return it;
  };
  LayoutProbe probe;
  probe.items.push_back(field);
  probe.items.push_back(words("e.g. bottled water", ImVec2(220, 215), ImVec2(500, 245)));
  CHECK(has(problems(probe), "##item", "no visible name"));
  // A button's label above is no name, nor are words too far above (scale 200 %: 96 px).
  probe.items.push_back(
      label("Close", ImVec2(220, 150), ImVec2(320, 190), ImVec2(200, 140), ImVec2(400, 196)));
  probe.items.push_back(words("Add stock from the van", ImVec2(200, 40), ImVec2(600, 80)));
  CHECK(has(problems(probe), "##item", "no visible name"));
  LayoutProbe above = probe;
  above.items.push_back(words("What arrived", ImVec2(200, 150), ImVec2(420, 185)));
  CHECK(problems(above).empty());
  LayoutProbe beside = probe;
  beside.items.push_back(words("Search", ImVec2(40, 215), ImVec2(180, 245)));
  CHECK(problems(beside).empty());
  // A field out of view is not asked for a name.
  LayoutProbe away;
  away.items.push_back(touch("##far", ImVec2(200, 600), ImVec2(780, 660)));
  away.items.back().text_field = true;
  away.scroll_y.push_back(1);
  CHECK(problems(away).empty());
}

TEST_CASE("a field's hint longer than the field wraps whole inside it; a word too wide is cut") {
  // "Écrivez ici, ou touchez-en un ci-dessous" (wizard step 2 at 800x480, 200 %) was drawn cut
  // with "…", and the check did not look at hints.
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  test::UiHarness ui(*store, 800, 480);
  const std::string hint = "Write here, or tap one of the examples below";
  const std::string word = "Supercalifragilisticexpialidocious-and-more";
  std::string a, b;
  LayoutProbe probe;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 480));
  ImGui::Begin("##t");
  set_layout_probe(&probe);
  text_field_name("Long hint");
  ImGui::SetNextItemWidth(200);
  (void)touch_text_field("##a", hint.c_str(), &a, TextFieldKind::text);
  text_field_name("One long word");
  ImGui::SetNextItemWidth(200);
  (void)touch_text_field("##b", word.c_str(), &b, TextFieldKind::text);
  set_layout_probe(nullptr);
  ImGui::End();
  ImGui::Render();
  const ProbeItem* field = nullptr;
  const ProbeItem* words = nullptr;
  for (const ProbeItem& it : probe.items) {
    if (it.label == "##a") field = &it;
    if (it.kind == ProbeItem::Kind::text && it.label == hint) words = &it;
  }
  REQUIRE(field);
  REQUIRE_MESSAGE(words, "the hint is not drawn whole");
  CHECK(words->min.y >= field->min.y);
  CHECK(words->max.y <= field->max.y);
  CHECK(words->max.x <= field->max.x);
  const auto ps = problems(probe);
  CHECK(has(ps, word, "cut short"));
  CHECK(ps.size() == 1);
}

TEST_CASE("wizard step 3 shows every unit without a scroll at 480x800 and 200 %, every language") {
  // The units of "How many?" were in one column of tall buttons: the last two needed a scroll
  // (about 150 px short). Now a compact stepper and two units a row where the step is short.
  test::LanguageGuard guard;
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LayoutChecker checker(*store);
  for (const std::string& lang : layout_languages()) {
    CAPTURE(lang);
    const auto found = checker.check({"need-3", lang, 480, 800, 200});
    for (const auto& p : found) CHECK_MESSAGE(false, describe(p));
    UiState state;
    apply_screen_preset("need-3", state, *store);
    set_language(lang);
    const std::vector<std::string> units = unit_choice_words(state.wizard);
    set_language("en");
    REQUIRE(units.size() >= 3);
    for (const std::string& unit : units) {
      CAPTURE(unit);
      int seen = 0;
      for (const ProbeItem& it : checker.last_probe().items)
        if (it.kind == ProbeItem::Kind::touch && it.label == unit)
          seen += it.min.y >= it.clip_min.y - 1 && it.max.y <= it.clip_max.y + 1;
      CHECK_MESSAGE(seen == 1, "unit \"" << unit << "\" not wholly in view");
    }
  }
}

namespace {

// Every problem the check finds on these screens, in every language, size and text scale.
std::string layout_problems(const std::vector<std::string>& screens) {
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LayoutChecker checker(*store);
  std::string found;
  for (const auto& screen : screens)
    for (const auto& lang : layout_languages())
      for (const auto& [w, h] : layout_sizes())
        for (int scale : layout_scales())
          for (const auto& p : checker.check({screen, lang, w, h, scale}))
            found += describe(p) + "\n";
  return found;
}

}  // namespace

TEST_CASE("the ticket keypad has labelled keys of 48 px or more at every size and text scale") {
  // At 800x480 and 200 % it once had 8 px slivers, half of them below the screen, and
  // "Delete"/"Check" cut to "De"/"Ch".
  const std::string found = layout_problems({"ticket", "ticket-check"});
  CHECK_MESSAGE(found.empty(), found);
}

TEST_CASE(
    "with the keyboard open, wizard steps 2 and 4 have no layout problem at any size and scale") {
  // At 800x480 and 200 % the keyboard leaves about 160 px: the title bar and Back and Next took
  // all of it and the field was scrolled out of view. Then the word keys (a layout's name,
  // "Done") were cut to "…" at 150 and 200 % (13 problems a preset): they now take room from the
  // space bar, or a row of their own (app/widgets/keyboard.cpp).
  const std::string found = layout_problems(
      {"need-2-keyboard", "offer-2-keyboard", "offer-skills-2-keyboard", "need-4-keyboard"});
  CHECK_MESSAGE(found.empty(), found);
}

TEST_CASE("with the keyboard open at 800x480 and 200 %, the question is seen above its field") {
  // The field and the keyboard fitted, but what the field asks for ("Nombre de este punto") was
  // scrolled out above it: a person typed without seeing what for. The check now says so too.
  test::LanguageGuard guard;
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LayoutChecker checker(*store);
  struct Asked {
    const char* preset;
    const char* question;
  };
  const Asked asked[] = {{"first-start-site-keyboard", "Name this site"},
                         {"first-start-hours-keyboard", "Opening hours"},
                         {"need-2-keyboard", "What exactly do you need?"},
                         {"need-4-keyboard", "How can someone reach you?"},
                         {"settings-address-keyboard", "Address"}};
  for (const char* lang : {"en", "es", "fa"})
    for (const Asked& a : asked) {
      CAPTURE(lang);
      CAPTURE(a.preset);
      const auto found = checker.check({a.preset, lang, 800, 480, 200});
      for (const auto& p : found) CHECK_MESSAGE(false, describe(p));
      set_language(lang);
      const std::string question = tr(a.question);
      set_language("en");
      // The question as drawn, wholly inside the view of its window (not scrolled out of it).
      int seen = 0;
      for (const ProbeItem& it : checker.last_probe().items)
        if (it.kind == ProbeItem::Kind::text && it.label == question)
          seen += it.min.y >= it.clip_min.y - 1 && it.max.y <= it.clip_max.y + 1;
      CHECK_MESSAGE(seen > 0, "\"" << question << "\" not seen while typing");
    }
}

TEST_CASE("with the keyboard open at every size and scale, no letter key is cut short") {
  // At 200 % text a letter key is narrower than its letter at the text's size: the label shrinks
  // to fit (app/widgets/keyboard.cpp) rather than showing "…" (Persian and Arabic letters were
  // cut at 150 and 200 %, so their keyboard could not be read).
  const std::string found = layout_problems({"need-2-keyboard", "first-start-site-keyboard"});
  std::string letters;
  size_t at = 0;
  while (at < found.size()) {
    const size_t end = found.find('\n', at);
    const std::string line = found.substr(at, end - at);
    // ...: "X": text cut short with "…"
    const size_t q = line.find(": \"");
    const size_t q2 = q == std::string::npos ? q : line.find("\": text cut short", q + 3);
    if (q2 != std::string::npos && utf8::length(line.substr(q + 3, q2 - q - 3)) == 1)
      letters += line + "\n";
    at = end == std::string::npos ? found.size() : end + 1;
  }
  CHECK_MESSAGE(letters.empty(), letters);
}

TEST_CASE("a kiosk window covers its display at the display's origin; others are centred") {
  // No window manager: the 1280x800 asked for must not land at (-240, -160) on 800x480.
  const WindowRect k = place_window(true, 1280, 800, WindowRect{0, 0, 800, 480});
  CHECK_FALSE(k.centred);
  CHECK(k.x == 0);
  CHECK(k.y == 0);
  CHECK(k.w == 800);
  CHECK(k.h == 480);
  const WindowRect second = place_window(true, 1280, 800, WindowRect{1920, 0, 1024, 600});
  CHECK(second.x == 1920);
  CHECK(second.w == 1024);
  const WindowRect plain = place_window(false, 1280, 800, WindowRect{0, 0, 800, 480});
  CHECK(plain.centred);
  CHECK(plain.w == 1280);
  // Display size unknown: centred at the size asked for.
  CHECK(place_window(true, 1280, 800, WindowRect{}).centred);
}
