#include "app/ui/top_bar.hpp"

#include <string>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

float top_bar_height() {
  return touch_target() * 1.15f;
}

void draw_back_button(UiContext& ctx) {
  const std::string back = std::string("\xE2\x80\xB9  ") + tr("Home");
  if (touch_button("##back", back, 0.0f, ButtonLook::plain, palette().available, ctx.fonts.strong,
                   top_bar_height()))
    go_to(ctx.state, Screen::home);
}

void draw_top_bar(UiContext& ctx, const char* title) {
  const float h = top_bar_height();
  draw_back_button(ctx);
  ImGui::SameLine(0, px(20));
  // On a kiosk step, the speaker before the title (app/ui/read_aloud.hpp); elsewhere nothing.
  if (speaker_slot(ctx, h) > 0) ImGui::SameLine(0, px(12));
  ImFont* font = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  // The title in the heading font when it fits, else in the body's bold font (as the wizards'
  // questions): big text on a narrow screen keeps more of it.
  if (text_width(font, title) > avail && ctx.fonts.strong) font = ctx.fonts.strong;
  draw_text(ImGui::GetWindowDrawList(), font, ImVec2(at.x, at.y + (h - font->FontSize) * 0.5f),
            palette().text, title, avail);
  ImGui::Dummy(ImVec2(avail, h));
}

}  // namespace mutua
