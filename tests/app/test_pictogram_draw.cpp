// The kiosk's pictograms (app/widgets/icons.hpp) are the geometry of core/pictogram.hpp: the
// triangles ImDrawList makes are filled here (alpha interpolated, anti-aliased fringe included)
// and compared, pixel by pixel, with core's rasterizer at 32x32 and 96x96.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "app/widgets/icons.hpp"
#include "app/widgets/speaker.hpp"
#include "core/pictogram.hpp"

using namespace mutua;

namespace {

// The ink of a draw list at size x size pixels: a pixel is ink when the triangles cover its
// centre with at least half alpha.
std::vector<bool> fill_triangles(const ImDrawList& dl, int size) {
  std::vector<float> alpha(size_t(size) * size_t(size), 0.0f);
  for (int i = 0; i + 2 < dl.IdxBuffer.Size; i += 3) {
    const ImDrawVert& a = dl.VtxBuffer[dl.IdxBuffer[i]];
    const ImDrawVert& b = dl.VtxBuffer[dl.IdxBuffer[i + 1]];
    const ImDrawVert& c = dl.VtxBuffer[dl.IdxBuffer[i + 2]];
    const float area =
        (b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) - (b.pos.y - a.pos.y) * (c.pos.x - a.pos.x);
    if (area == 0) continue;
    const int x0 = std::max(0, int(std::min({a.pos.x, b.pos.x, c.pos.x})));
    const int x1 = std::min(size - 1, int(std::max({a.pos.x, b.pos.x, c.pos.x})) + 1);
    const int y0 = std::max(0, int(std::min({a.pos.y, b.pos.y, c.pos.y})));
    const int y1 = std::min(size - 1, int(std::max({a.pos.y, b.pos.y, c.pos.y})) + 1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const float px = float(x) + 0.5f, py = float(y) + 0.5f;
        const float wa = ((b.pos.x - px) * (c.pos.y - py) - (b.pos.y - py) * (c.pos.x - px)) / area;
        const float wb = ((c.pos.x - px) * (a.pos.y - py) - (c.pos.y - py) * (a.pos.x - px)) / area;
        const float wc = 1.0f - wa - wb;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        const float al =
            (wa * float(a.col >> 24) + wb * float(b.col >> 24) + wc * float(c.col >> 24)) / 255.0f;
        float& dst = alpha[size_t(y) * size_t(size) + size_t(x)];
        dst = dst + al * (1.0f - dst);  // "over" compositing
      }
  }
  std::vector<bool> ink(alpha.size());
  for (size_t i = 0; i < alpha.size(); ++i) ink[i] = alpha[i] >= 0.5f;
  return ink;
}

struct DrawListHarness {
  ImDrawListSharedData shared;
  DrawListHarness() {
    shared.SetCircleTessellationMaxError(0.30f);  // ImGui's default style
    shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
    shared.ClipRectFullscreen = ImVec4(-8192, -8192, 8192, 8192);
  }
  std::vector<bool> draw(const Pictogram& p, int size) {
    ImDrawList dl(&shared);
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    draw_pictogram(&dl, p, ImVec2(float(size) * 0.5f, float(size) * 0.5f), float(size),
                   IM_COL32(0, 0, 0, 255));
    return fill_triangles(dl, size);
  }
};

}  // namespace

TEST_CASE("the kiosk draws each pictogram in the shape of the one geometry") {
  DrawListHarness h;
  for (int size : {32, 96}) {
    for (const Pictogram& p : all_pictograms()) {
      CAPTURE(p.id);
      CAPTURE(size);
      const std::vector<bool> kiosk = h.draw(p, size);
      const std::vector<uint8_t> cov = rasterize(p, size);
      std::vector<bool> geometry(cov.size());
      for (size_t i = 0; i < cov.size(); ++i) geometry[i] = cov[i] >= 128;
      // Pixels on a stroke's edge may fall either way (a 2.2 px stroke half a pixel off): only
      // ink with no ink of the other within a pixel counts as out of shape.
      auto near = [&](const std::vector<bool>& m, int x, int y) {
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int u = x + dx, v = y + dy;
            if (u >= 0 && v >= 0 && u < size && v < size && m[size_t(v * size + u)]) return true;
          }
        return false;
      };
      int diff = 0, ink = 0, missing = 0, spikes = 0;
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const size_t i = size_t(y * size + x);
          ink += geometry[i];
          diff += kiosk[i] != geometry[i];
          missing += geometry[i] && !near(kiosk, x, y);
          spikes += kiosk[i] && !near(geometry, x, y);
        }
      CHECK(ink > 0);
      CHECK_MESSAGE(missing == 0, missing << " pixels of the geometry not drawn");
      // ImGui mitres a stroke's sharp corners where the geometry rounds them: short tips.
      CHECK_MESSAGE(spikes <= ink / 40, spikes << " pixels drawn off the geometry");
      CHECK_MESSAGE(diff <= ink / 4, diff << " of " << ink << " ink pixels differ");
    }
  }
}

TEST_CASE("a status is drawn as its own pictogram, and unknown ids draw nothing") {
  DrawListHarness h;
  ImDrawList dl(&h.shared);
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  draw_pictogram(&dl, "no.such.pictogram", ImVec2(16, 16), 32, IM_COL32_BLACK);
  CHECK(dl.VtxBuffer.Size == 0);
  CHECK(status_pictogram_id(StatusIcon::pin) == "status.ready");
  CHECK(status_pictogram_id(StatusIcon::question) == "status.unknown");
}

TEST_CASE("the read-aloud button draws the shared loudspeaker pictogram") {
  // The kiosk, the phone page and the slip show one loudspeaker: core/pictogram's action.speak.
  DrawListHarness h;
  auto vertices = [&](auto draw) {
    ImDrawList dl(&h.shared);
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    draw(&dl);
    std::vector<ImVec2> out;
    for (const ImDrawVert& v : dl.VtxBuffer) out.push_back(v.pos);
    return out;
  };
  REQUIRE(find_pictogram(kSpeakerPictogram) != nullptr);
  const auto button =
      vertices([](ImDrawList* dl) { draw_speaker_icon(dl, ImVec2(48, 48), 64, IM_COL32_BLACK); });
  const auto shared = vertices([](ImDrawList* dl) {
    draw_pictogram(dl, "action.speak", ImVec2(48, 48), 64, IM_COL32_BLACK);
  });
  REQUIRE(!shared.empty());
  REQUIRE(button.size() == shared.size());
  for (size_t i = 0; i < shared.size(); ++i) {
    CHECK(button[i].x == shared[i].x);
    CHECK(button[i].y == shared[i].y);
  }
}
