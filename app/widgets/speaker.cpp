#include "app/widgets/speaker.hpp"

#include <algorithm>

#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

void draw_speaker_icon(ImDrawList* dl, ImVec2 c, float size, ImU32 colour) {
  // The shared loudspeaker (core/pictogram.hpp "action.speak"): the same one the phone page and
  // the slip draw. It does not point, so a right-to-left frame leaves it as drawn.
  draw_pictogram(dl, kSpeakerPictogram, c, size, colour);
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
  const float icon = std::min(size.x, size.y) * 0.56f;
  draw_speaker_icon(dl, ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f), icon,
                    on ? p.on_colour : p.text);
  capture_text(label, min, max);  // found by its name in tests; never drawn as text
  probe_touch(label, min, max);
  return clicked;
}

}  // namespace mutua
