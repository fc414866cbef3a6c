// Text on narrow displays at large text, found looking at every kiosk screen in Arabic at
// 480x800 and 200 % (the room of a 240 px wide display at 100 %): the offer page's item name goes
// under its picture rather than broken inside its words ("War/m blan/kets"), and a wrapped Arabic
// sentence keeps its direction on a line holding only Latin words.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "app/ui/i18n.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/text.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

TEST_CASE("the offer page keeps the item's words whole on a narrow display, in en and ar") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 240, 640);  // one font atlas for both languages
  for (const char* lang : {"en", "ar"}) {
    CAPTURE(lang);
    set_language(lang);
    REQUIRE(apply_screen_preset("offer-detail", k.ui.state, *store));
    k.frames(3);
    const CapturedText* item = k.find("Warm blankets, washed");
    REQUIRE_MESSAGE(item, "no item name:" << k.drawn());
    ImFont* heading = ImGui::GetIO().Fonts->Fonts[2];
    const float lines = (item->max.y - item->min.y) / heading->FontSize;
    CHECK_MESSAGE(lines <= 3.01f, "the name takes " << lines << " lines");
  }
  set_language("en");
}

TEST_CASE("a wrapped Arabic sentence keeps its direction on a line of Latin words") {
  // "Ready for pickup at Riverside School." in Arabic, broken so "School." has a line of its own:
  // that line still belongs to a sentence read right to left, so its full stop is at the left.
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  set_language("ar");
  {
    Kiosk k(*store, 800, 480);
    k.frames(2);
    REQUIRE(frame_mirrored());
    ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
    const std::string text = "\xD8\xAC\xD8\xA7\xD9\x87\xD8\xB2\xD8\xA9 Riverside School.";
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    const float wrap = text_width(body, "Riverside") + 2;
    const float h = draw_text_wrapped(&dl, body, ImVec2(0, 0), IM_COL32_BLACK, text, wrap);
    REQUIRE(h >= 3 * body->FontSize - 0.5f);
    // The quads of the last line ("School."): the full stop is the smallest.
    const float top = h - body->FontSize;
    int dot = -1;
    float dot_area = 1e9f, dot_x = 0, min_x = 1e9f, max_x = -1e9f;
    for (int i = 0; i + 3 < dl.VtxBuffer.Size; i += 4) {
      const ImDrawVert* v = &dl.VtxBuffer[i];
      if (v[0].pos.y < top - 0.5f) continue;
      const float x = (v[0].pos.x + v[2].pos.x) * 0.5f;
      const float area = (v[2].pos.x - v[0].pos.x) * (v[2].pos.y - v[0].pos.y);
      min_x = std::min(min_x, x);
      max_x = std::max(max_x, x);
      if (area < dot_area) {
        dot = i;
        dot_area = area;
        dot_x = x;
      }
    }
    REQUIRE(dot >= 0);
    // Drawn pre-mirrored (app/widgets/mirror.hpp): the largest x here is the left on screen.
    CHECK(dot_x == max_x);
    CHECK(dot_x > min_x);
  }
  set_language("en");
}
