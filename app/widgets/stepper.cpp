#include "app/widgets/stepper.hpp"

#include <algorithm>
#include <string>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

float button_side() {
  return touch_target() * 1.25f;
}

float value_width(ImFont* font) {
  return std::max(px(110), text_width(font, "0000000") + px(24));
}

// A square button with a drawn minus or plus, so no glyph is needed. Off (at the end of its
// range) it has the disabled look, and a tap on it says why (app/widgets/button.hpp).
bool sign_button(const char* id, bool plus, bool enabled, ImU32 accent) {
  const float s = button_side();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImGuiID gid = ImGui::GetID(id);
  ImGui::PushButtonRepeat(true);
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(s, s));
  ImGui::PopButtonRepeat();
  // A tap on one that is off: released over it, without having moved (not a held repeat).
  const bool tapped_off =
      !enabled && ImGui::IsItemDeactivated() && ImGui::IsItemHovered() && is_tap();
  const bool clicked = pressed && enabled;
  const bool held = ImGui::IsItemActive() && enabled;
  const Palette& p = palette();
  const ImVec2 max(min.x + s, min.y + s);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 fg = enabled ? accent : p.disabled_text;
  if (enabled) {
    dl->AddRectFilled(min, max, held ? shade(accent, 0.8f) : p.surface, px(10));
    dl->AddRect(min, max, fg, px(10), 0, px(2));
  } else {
    dl->AddRectFilled(min, max, p.disabled_fill, px(10));
  }
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  const float arm = s * 0.22f;
  const ImU32 mark = held ? p.on_colour : fg;
  dl->AddLine(ImVec2(c.x - arm, c.y), ImVec2(c.x + arm, c.y), mark, px(4));
  if (plus) dl->AddLine(ImVec2(c.x, c.y - arm), ImVec2(c.x, c.y + arm), mark, px(4));
  capture_text(plus ? "+" : "\xE2\x88\x92", min, max);
  probe_touch(plus ? "+" : "\xE2\x88\x92", min, max);  // "+" and "−" name the buttons for tests
  disabled_reason(gid, enabled, tapped_off,
                  plus ? tr("It cannot go higher.") : tr("It cannot go lower."), min, max);
  return clicked;
}

}  // namespace

float stepper_width(ImFont* value_font) {
  if (!value_font) value_font = ImGui::GetFont();
  return 2 * button_side() + value_width(value_font) + 2 * px(8);
}

bool stepper(const char* id, int64_t* value, int64_t min, int64_t max, ImU32 accent,
             ImFont* value_font) {
  if (!value_font) value_font = ImGui::GetFont();
  ImGui::PushID(id);
  const int64_t before = *value;
  const float s = button_side();
  if (sign_button("-", false, *value > min, accent)) *value = std::max(min, *value - 1);
  ImGui::SameLine(0, px(8));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const std::string shown = ui_number_text(std::to_string(*value));  // its language's digits
  const float tw = text_width(value_font, shown);
  // Narrower than its usual room where the window is (a narrow display at large text), never
  // narrower than the number shown.
  const float room = ImGui::GetContentRegionMax().x - ImGui::GetCursorPosX() - s - px(8);
  const float w = std::max(std::min(value_width(value_font), room), tw + px(12));
  ImGui::Dummy(ImVec2(w, s));
  draw_text(ImGui::GetWindowDrawList(), value_font,
            ImVec2(at.x + (w - tw) * 0.5f, at.y + (s - value_font->FontSize) * 0.5f),
            palette().text, shown);
  ImGui::SameLine(0, px(8));
  if (sign_button("+", true, *value < max, accent)) *value = std::min(max, *value + 1);
  ImGui::PopID();
  *value = std::clamp(*value, min, max);
  return *value != before;
}

}  // namespace mutua
