#include "app/ui/failure_screen.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover, the font stack

#include <algorithm>
#include <cstdio>

#include "app/ui/i18n.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

void frame_failed(UiContext& ctx, const std::string& reason, int font_depth) {
  // Ends every window and child the frame left open, with their style, ID and group stacks.
  ImGui::ErrorCheckEndFrameRecover(nullptr);
  ImGuiContext& g = *GImGui;
  while (g.FontStack.Size > std::max(0, font_depth)) ImGui::PopFont();
  while (g.ColorStack.Size > 0) ImGui::PopStyleColor();
  while (g.StyleVarStack.Size > 0) ImGui::PopStyleVar();
  clear_keyboard_target();
  std::fprintf(stderr, "mutua: a frame failed on screen '%s': %s\n",
               screen_info(ctx.state.screen).name, reason.c_str());
  ctx.state.failure = FrameFailure{reason.empty() ? std::string("unknown error") : reason};
  ctx.state.wants_frame = true;
}

void draw_failure_screen(UiContext& ctx) {
  if (!ctx.state.failure) return;
  const Palette& p = palette();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  if (ctx.fonts.body) ImGui::PushFont(ctx.fonts.body);
  ImGui::Begin(
      "##failure", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float width = std::min(ImGui::GetContentRegionAvail().x, px(720));
  // Compact, so that at 200 % text on 800x480 the button still fits below the reason.
  // Centred on a wide display; on a narrow one from the window's own margin, never past it.
  ImGui::SetCursorPos(
      ImVec2(std::max(ImGui::GetCursorPosX(), (vp->Size.x - width) * 0.5f), px(16)));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui_text_wrapped(tr("Something went wrong. Your data is safe."), ctx.fonts.heading);
  // The reason beside "What happened:" where it fits, else on the lines below (480x800, 200 %).
  const char* what = tr("What happened:");
  const std::string& reason = ctx.state.failure->reason;
  ui_text(what, ctx.fonts.strong, p.muted);
  if (text_width((ctx.fonts.strong ? ctx.fonts.strong : ImGui::GetFont()), what) + px(8) +
          text_width(ImGui::GetFont(), reason) <=
      width)
    ImGui::SameLine();
  ui_text_wrapped(reason, nullptr, p.muted);
  // In the heading face where the words fit the button, else the bold body face.
  const char* back_label = tr("Back to start");
  ImFont* back_font = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  if (text_width(back_font, back_label) > width - px(16)) back_font = ctx.fonts.strong;
  const bool back = touch_button("##failure-back", back_label, width, ButtonLook::selected, p.offer,
                                 back_font, touch_target());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::End();
  if (ctx.fonts.body) ImGui::PopFont();
  if (back) wipe_session(ctx.state);  // a fresh state has no failure: the start screen is next
}

}  // namespace mutua
