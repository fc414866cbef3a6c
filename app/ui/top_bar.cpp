#include "app/ui/top_bar.hpp"

#include <algorithm>
#include <cfloat>
#include <string>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pointing.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

float top_bar_height() {
  return touch_target() * 1.15f;
}

void draw_back_button(UiContext& ctx) {
  const std::string back = back_label(tr("Home"));  // "‹  Home", turned in RTL
  if (touch_button("##back", back, 0.0f, ButtonLook::plain, palette().available, ctx.fonts.strong,
                   top_bar_height()))
    go_to(ctx.state, Screen::home);
}

void draw_top_bar(UiContext& ctx, const char* title) {
  draw_back_button(ctx);
  ImGui::SameLine(0, px(20));
  // On a kiosk step, the speaker before the title (app/ui/read_aloud.hpp); elsewhere nothing.
  if (speaker_slot(ctx, top_bar_height()) > 0) ImGui::SameLine(0, px(12));
  draw_top_bar_title(ctx, title);
}

void draw_top_bar_title(UiContext& ctx, std::string_view title) {
  const float h = top_bar_height();
  ImFont* font = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* strong = ctx.fonts.strong ? ctx.fonts.strong : font;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The title in the heading font where it fits; else in the body's bold face, on two lines if
  // need be (Ukrainian at 200 % read "Перевірити …"); cut with "…" only past that.
  const std::string_view t = title;
  const float two_lines_h = calc_text_size(strong, strong->FontSize, t, avail).y;
  if (text_width(font, t) <= avail) {
    draw_text(dl, font, ImVec2(at.x, at.y + (h - font->FontSize) * 0.5f), palette().text, t);
    probe_text_in_clip(t, ImVec2(at.x, at.y + (h - font->FontSize) * 0.5f),
                       ImVec2(at.x + text_width(font, t), at.y + (h + font->FontSize) * 0.5f));
  } else if (text_width(strong, t) <= avail || (words_fit(strong, t, avail) && two_lines_h <= h)) {
    const ImVec2 pos(at.x, at.y + (h - two_lines_h) * 0.5f);
    draw_text_wrapped(dl, strong, pos, palette().text, t, avail);
    probe_text_in_clip(t, pos,
                       ImVec2(pos.x + std::min(avail, text_width(strong, t)), pos.y + two_lines_h));
  } else if (const float full = ImGui::GetContentRegionMax().x - ImGui::GetCursorStartPos().x;
             words_fit(strong, t, full)) {
    // No room beside Back (a narrow display at large text): the title on its own row under it.
    ImGui::Dummy(ImVec2(avail, h));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float th = draw_text_wrapped(dl, strong, pos, palette().text, t, full);
    probe_text_in_clip(t, pos, ImVec2(pos.x + std::min(full, text_width(strong, t)), pos.y + th));
    ImGui::Dummy(ImVec2(full, th));
    return;
  } else {
    const ImVec2 pos(at.x, at.y + (h - strong->FontSize) * 0.5f);
    draw_text(dl, strong, pos, palette().text, t, avail);
    probe_text(t, pos, ImVec2(pos.x + avail, pos.y + strong->FontSize), at,
               ImVec2(at.x + avail, at.y + h), true);
  }
  ImGui::Dummy(ImVec2(avail, h));
}

}  // namespace mutua
