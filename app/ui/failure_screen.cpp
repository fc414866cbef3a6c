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
  ImGui::SetCursorPos(ImVec2(std::max(px(16), (vp->Size.x - width) * 0.5f), px(16)));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui_text(tr("Something went wrong. Your data is safe."), ctx.fonts.heading);
  ui_text(tr("What happened:"), ctx.fonts.strong, p.muted);
  ImGui::SameLine();
  ui_text(ctx.state.failure->reason, nullptr, p.muted);
  const bool back = touch_button("##failure-back", tr("Back to start"), width, ButtonLook::selected,
                                 p.offer, ctx.fonts.heading, touch_target());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::End();
  if (ctx.fonts.body) ImGui::PopFont();
  if (back) wipe_session(ctx.state);  // a fresh state has no failure: the start screen is next
}

}  // namespace mutua
