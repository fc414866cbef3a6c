// Right to left, what points turns round once, and what is grabbed is where it is drawn:
// Back's chevron and a change's arrow (app/widgets/pointing.hpp), and the scrollbar of a mirrored
// frame (app/widgets/mirror.hpp): drawn on the left in Arabic, dragged on the left.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/pointing.hpp"
#include "app/widgets/shaped_text.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

constexpr uint32_t kLeftChevron = 0x2039;   // ‹
constexpr uint32_t kRightChevron = 0x203A;  // ›
constexpr uint32_t kLeftArrow = 0x2190;     // ←
constexpr uint32_t kRightArrow = 0x2192;    // →

// The codepoints (of glyphs not in the Arabic face) of a shaped line, left to right as drawn.
std::vector<uint32_t> drawn_signs(ImFont* font, const std::string& text) {
  std::vector<uint32_t> out;
  for (const ShapedGlyph& g : shaped_text(font, text).line.glyphs)
    if (g.face < 0) out.push_back(g.id);
  return out;
}

// Where a codepoint sits among them (-1: not drawn).
int at(const std::vector<uint32_t>& v, uint32_t c) {
  for (size_t i = 0; i < v.size(); ++i)
    if (v[i] == c) return int(i);
  return -1;
}

}  // namespace

TEST_CASE("Back's chevron points left in English and right in Arabic and Dari, turned once") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  Kiosk k(*store, 800, 480);
  ImFont* strong = ImGui::GetIO().Fonts->Fonts[0];
  k.ui.state.screen = Screen::ticket;
  k.frames(3);
  {
    const CapturedText* b = k.find(back_label(tr("Home")));
    REQUIRE_MESSAGE(b, "no Home button:" << k.drawn());
    CHECK(b->text.rfind("\xE2\x80\xB9  Home", 0) == 0);  // "‹  Home", the chevron first
    CHECK(b->max.x < 400);                               // at the left
  }
  for (const char* lang : {"ar", "fa"}) {
    CAPTURE(lang);
    set_language(lang);
    k.frames(3);
    REQUIRE(frame_mirrored());
    const CapturedText* b = k.find(back_label(tr("Home")));
    REQUIRE_MESSAGE(b, "no Home button:" << k.drawn());
    CHECK(b->min.x > 400);  // at the right
    // Drawn as "›" at the label's right end: where the reader starts, pointing back the way
    // they came. Never "‹" (not turned) and never turned twice.
    const std::vector<uint32_t> signs = drawn_signs(strong, b->text);
    CHECK(at(signs, kLeftChevron) == -1);
    REQUIRE(at(signs, kRightChevron) >= 0);
    CHECK(at(signs, kRightChevron) == int(signs.size()) - 1);
    // The same with words not (yet) translated: the chevron still turns.
    for (const char* words : {"Back", "Back to the list", "K7Q-014"}) {
      CAPTURE(words);
      const std::vector<uint32_t> untranslated = drawn_signs(strong, back_label(words));
      CHECK(at(untranslated, kLeftChevron) == -1);
      CHECK(at(untranslated, kRightChevron) == int(untranslated.size()) - 1);
    }
  }
  set_language("en");
  k.frames(2);
  CHECK(back_label("Home") == "\xE2\x80\xB9  Home");
}

TEST_CASE("a change's arrow points from the old value to the new in the reading direction") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  Kiosk k(*store, 800, 480);
  ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
  CHECK(change_text("3", "5") == "3 \xE2\x86\x92 5");
  set_language("ar");
  k.frames(2);
  const std::string label = std::string(tr("How many")) + ": ";
  // Western and Arabic-Indic digits, Latin words: the old value is read first (on the right),
  // then the arrow pointing left, to the new value.
  for (const auto& [before, after] :
       std::vector<std::pair<std::string, std::string>>{{"3", "5"},
                                                        {"\xD9\xA3", "\xD9\xA5"},  // ٣ ٥
                                                        {"Rice", "Beans"},
                                                        {"K7Q-014", "K7Q-015"}}) {
    CAPTURE(before);
    const std::string text = label + change_text(before, after);
    const std::vector<uint32_t> signs = drawn_signs(body, text);
    CHECK(at(signs, kRightArrow) == -1);
    const int arrow = at(signs, kLeftArrow);
    REQUIRE(arrow >= 0);
    // The first character of each value, where it is drawn: the new one left of the arrow.
    const uint32_t b0 = static_cast<unsigned char>(before[0]) < 0x80 ? uint32_t(before[0]) : 0;
    const uint32_t a0 = static_cast<unsigned char>(after[0]) < 0x80 ? uint32_t(after[0]) : 0;
    if (b0 && a0 && b0 != a0) {
      CHECK(at(signs, a0) < arrow);
      CHECK(at(signs, b0) > arrow);
    }
  }
  set_language("en");
}

namespace {

// The scrolling window of the frame that can scroll furthest, or null.
ImGuiWindow* scrolling_window() {
  ImGuiWindow* best = nullptr;
  for (ImGuiWindow* w : GImGui->Windows)
    if (w->Active && w->ScrollbarY && w->ScrollMax.y > 0 &&
        (!best || w->ScrollMax.y > best->ScrollMax.y))
      best = w;
  return best;
}

}  // namespace

TEST_CASE("right to left the scrollbar is drawn on the left, and a finger drags it there") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  for (int i = 0; i < 40; ++i) {
    Entry e;
    e.kind = Kind::need;
    e.category = "food";
    e.item = "Rice " + std::to_string(i);
    e.quantity = 2;
    REQUIRE(store->entries().add(e).ok());
  }
  LanguageGuard guard;
  Kiosk k(*store, 800, 480);  // one font atlas for both languages
  for (const char* lang : {"en", "ar"}) {
    CAPTURE(lang);
    set_language(lang);
    k.ui.state.screen = Screen::board;
    k.frames(2);
    if (ImGuiWindow* was = scrolling_window()) ImGui::SetScrollY(was, 0);  // from the last round
    k.frames(2);
    ImGuiWindow* w = scrolling_window();
    REQUIRE_MESSAGE(w, "the board of 40 needs does not scroll");
    REQUIRE(w->Scroll.y == 0);
    const ImRect bar = ImGui::GetWindowScrollbarRect(w, ImGuiAxis_Y);  // in layout
    const bool rtl = std::string(lang) == "ar";
    CHECK(frame_mirrored() == rtl);
    // Where it is drawn: the window's right edge in English, its left edge in Arabic (as Android,
    // Windows and browsers place it for a right-to-left page).
    const float drawn_x = screen_x(bar.GetCenter().x);
    if (rtl)
      CHECK(drawn_x < 400);
    else
      CHECK(drawn_x > 400);
    // A drag down on the other edge moves the content, not the bar: nothing to scroll back to.
    const float other_x = 800 - drawn_x;
    k.ui.drag(ImVec2(other_x, bar.Min.y + 12), ImVec2(other_x, bar.Min.y + 160), 8);
    CHECK(w->Scroll.y == 0);
    // A drag down on the bar where it is drawn scrolls down.
    k.ui.drag(ImVec2(drawn_x, bar.Min.y + 12), ImVec2(drawn_x, bar.Min.y + 160), 8);
    CHECK_MESSAGE(w->Scroll.y > 100, "scrolled " << w->Scroll.y);
  }
}

TEST_CASE("the PIN pad reads 1 2 3 from the left in Arabic too, and a tap types the key tapped") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  Kiosk k(*store, 800, 480);  // one font atlas for both languages
  for (const char* lang : {"en", "ar"}) {
    CAPTURE(lang);
    set_language(lang);
    k.ui.state.console.pad.pin.clear();
    k.ui.state.screen = Screen::pin;
    k.frames(3);
    const CapturedText* one = k.find("1");
    const CapturedText* three = k.find("3");
    const CapturedText* seven = k.find("7");
    REQUIRE_MESSAGE((one && three && seven), "no number keys:" << k.drawn());
    CHECK(one->max.x <= three->min.x);  // 1 left of 3, as on a phone's pad
    CHECK(seven->min.y >= one->max.y);  // 7 under 1
    k.tap("1");
    k.tap("3");
    CHECK(k.ui.state.console.pad.pin == "13");
  }
}
