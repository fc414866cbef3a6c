#include "app/widgets/confirm.hpp"

#include <algorithm>

#include "app/widgets/button.hpp"
#include "app/widgets/overlay.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

ConfirmAnswer draw_confirm(const char* id, const ConfirmText& text, ImU32 danger, ImFont* heading,
                           ImFont* body) {
  const Palette& p = palette();
  if (!heading) heading = ImGui::GetFont();
  if (!body) body = ImGui::GetFont();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  begin_dim_overlay(id, 170);
  const float pad = px(20), gap = px(12);
  const float width = std::min(vp->Size.x - 2 * std::min(px(16), 16.0f), px(520));
  const float wrap = width - 2 * pad;
  const float title_h = calc_text_size(heading, heading->FontSize, text.title, wrap).y;
  const float body_h =
      text.body ? calc_text_size(body, body->FontSize, text.body, wrap).y + gap : 0.0f;
  // Side by side when both labels fit, else one above the other.
  const float half = (wrap - gap) * 0.5f;
  const bool side = text_width(body, text.keep) + px(16) <= half &&
                    text_width(body, text.go_ahead) + px(16) <= half;
  const float button_h = touch_target();
  const float buttons_h = side ? button_h : 2 * button_h + gap;
  const float h = pad + title_h + gap + body_h + buttons_h + pad;
  const ImVec2 min(vp->Pos.x + (vp->Size.x - width) * 0.5f,
                   vp->Pos.y + std::max(0.0f, (vp->Size.y - h) * 0.5f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.surface, px(16));
  float y = min.y + pad;
  y += draw_text_wrapped(dl, heading, ImVec2(min.x + pad, y), p.text, text.title, wrap) + gap;
  if (text.body)
    y += draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), p.text, text.body, wrap) + gap;
  ConfirmAnswer answer = ConfirmAnswer::none;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y));
  if (touch_button("##confirm_keep", text.keep, side ? half : wrap, ButtonLook::plain, p.available,
                   body, button_h))
    answer = ConfirmAnswer::keep;
  if (side)
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad + half + gap, y));
  else
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y + button_h + gap));
  if (touch_button("##confirm_go", text.go_ahead, side ? half : wrap, ButtonLook::selected, danger,
                   body, button_h))
    answer = ConfirmAnswer::go_ahead;
  ImGui::End();
  return answer;
}

}  // namespace mutua
