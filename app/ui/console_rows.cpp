#include "app/ui/console_rows.hpp"

#include <algorithm>

#include "app/widgets/flow.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

float capped_button_width(ImFont* font, std::string_view label, float room) {
  if (!font) font = ImGui::GetFont();
  return std::min(text_width(font, label) + px(36), std::max(room, touch_target()));
}

bool flow_button(const char* id, std::string_view label, ButtonLook look, ImU32 accent,
                 ImFont* font, bool first) {
  const float full = ImGui::GetContentRegionMax().x - ImGui::GetCursorStartPos().x;
  const float natural = capped_button_width(font, label, full);
  if (!first) same_line_if_fits(natural);
  const float room = ImGui::GetContentRegionMax().x - ImGui::GetCursorPosX();
  return touch_button(id, label, std::min(natural, std::max(room, touch_target())), look, accent,
                      font);
}

float text_then_buttons(ImFont* font, ImU32 colour, std::string_view text, int buttons,
                        float button_w, float widest_label) {
  if (!font) font = ImGui::GetFont();
  const float w = ImGui::GetContentRegionAvail().x;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float text_w = w - buttons * (button_w + spacing);
  if (text_w >= w / 3 && text_w >= text_width(font, text)) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw_text(ImGui::GetWindowDrawList(), font,
              ImVec2(at.x, at.y + (touch_target() - font->FontSize) * 0.5f), colour, text, text_w);
    ImGui::Dummy(ImVec2(text_w, touch_target()));
    ImGui::SameLine();
    return button_w;
  }
  if (text_w >= w / 3) {  // room beside, but the text is long: it wraps beside its buttons
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = calc_text_size(font, font->FontSize, text, text_w).y;
    draw_text_wrapped(ImGui::GetWindowDrawList(), font,
                      ImVec2(at.x, at.y + std::max(0.0f, (touch_target() - h) * 0.5f)), colour,
                      text, text_w);
    ImGui::Dummy(ImVec2(text_w, std::max(h, touch_target())));
    ImGui::SameLine();
    return button_w;
  }
  ui_text_wrapped(text, font, colour);
  const float shared = (w - float(buttons - 1) * spacing) / float(buttons);
  // Buttons share the line when the longest label fits its share, else each has a line.
  return widest_label + px(36) <= shared ? shared : w;
}

}  // namespace mutua
