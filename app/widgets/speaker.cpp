#include "app/widgets/speaker.hpp"

#include <algorithm>

#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

void draw_speaker_icon(ImDrawList* dl, ImVec2 c, float size, ImU32 colour) {
  const float s = size;
  // The box and the cone, left of centre; the waves to the right of the cone's mouth.
  dl->AddRectFilled(ImVec2(c.x - 0.40f * s, c.y - 0.12f * s),
                    ImVec2(c.x - 0.20f * s, c.y + 0.12f * s), colour, 0.03f * s);
  const ImVec2 cone[4] = {
      ImVec2(c.x - 0.21f * s, c.y - 0.12f * s), ImVec2(c.x + 0.02f * s, c.y - 0.32f * s),
      ImVec2(c.x + 0.02f * s, c.y + 0.32f * s), ImVec2(c.x - 0.21f * s, c.y + 0.12f * s)};
  dl->AddConvexPolyFilled(cone, 4, colour);
  const float thick = std::max(1.5f, 0.06f * s);
  const float a = 0.85f;  // half the waves' angle, in radians
  for (const float r : {0.16f * s, 0.30f * s}) {
    dl->PathArcTo(ImVec2(c.x + 0.04f * s, c.y), r, -a, a, 12);
    dl->PathStroke(colour, 0, thick);
  }
}

bool speaker_button(const char* id, std::string_view label, float side, bool on, ImU32 accent) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 size(side, std::max(side, kTouchTargetPx));
  const bool clicked = ImGui::InvisibleButton(id, size);
  const bool held = ImGui::IsItemActive();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = std::min(px(10), size.y * 0.2f);
  if (on) {
    dl->AddRectFilled(min, max, shade(accent, held ? 0.8f : 1.0f), rounding);
  } else {
    dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, rounding);
    dl->AddRect(min, max, accent, rounding, 0, px(2));
  }
  const float icon = std::min(size.x, size.y) * 0.62f;
  draw_speaker_icon(dl, ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f), icon,
                    on ? p.on_colour : p.text);
  capture_text(label, min, max);  // found by its name in tests; never drawn as text
  probe_touch(label, min, max);
  return clicked;
}

}  // namespace mutua
