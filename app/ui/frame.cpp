#include "app/ui/frame.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the font stack's depth, ErrorCheckEndFrameRecover

#include <exception>

#include "app/ui/failure_screen.hpp"
#include "app/ui/housekeeping.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/kiosk_exit.hpp"
#include "app/ui/lan_screen.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text_field.hpp"
#include "platform/scale.hpp"

namespace mutua {

void apply_theme() {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsLight(&style);
  const Palette& p = palette();
  auto c = [](ImU32 u) { return ImGui::ColorConvertU32ToFloat4(u); };
  style.Colors[ImGuiCol_WindowBg] = c(p.background);
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  style.Colors[ImGuiCol_Text] = c(p.text);
  style.Colors[ImGuiCol_TextDisabled] = c(p.muted);
  style.Colors[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  style.Colors[ImGuiCol_ScrollbarGrab] = c(p.border);
  style.Colors[ImGuiCol_ScrollbarGrabHovered] = c(p.muted);
  style.Colors[ImGuiCol_ScrollbarGrabActive] = c(p.text);
  style.WindowPadding = ImVec2(px(16), px(16));
  style.ItemSpacing = ImVec2(px(12), px(12));
  style.FramePadding = ImVec2(px(12), px(10));
  style.WindowBorderSize = 0.0f;
  style.ChildBorderSize = 0.0f;
  style.WindowRounding = 0.0f;
  // Wide enough to grab with a finger; a thin one is useless on a touchscreen.
  style.ScrollbarSize = px(14);
  style.ScrollbarRounding = px(7);
  style.TouchExtraPadding = ImVec2(px(2), px(2));
}

namespace {

void draw_docked_keyboard(UiContext& ctx) {
  KeyboardTarget& target = keyboard_target();
  // Only while the field was drawn this very frame: its string is alive and on screen.
  if (!target.value || target.drawn_frame != ImGui::GetFrameCount()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = keyboard_height(ctx.state.keyboard, target.kind, vp->Size.x, vp->Size.y);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##keyboard", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PopStyleVar();
  if (draw_keyboard(ctx.state.keyboard, *target.value, target.kind, target.max_chars,
                    ImGui::GetCursorScreenPos(), vp->Size.x, vp->Size.y, ctx.fonts.body,
                    ctx.fonts.body))
    clear_keyboard_target();
  ImGui::End();
}

}  // namespace

namespace {

// One frame of the current screen, its keyboard and overlays; may throw (a Store read).
void draw_screen_frame(UiContext& ctx) {
  UiState& state = ctx.state;
  state.wants_frame = false;
  state.redraw_in_ms = 0;
  // Whoever is signed in is named in the history of what they change; nobody, once signed out.
  const std::string& actor = state.signed_in ? state.signed_in->name : std::string();
  if (ctx.store.replica().actor() != actor) ctx.store.replica().set_actor(actor);
  poll_sync(ctx);         // a USB sync on its worker thread may finish under any screen
  run_housekeeping(ctx);  // the daily purge; category names from Settings
  const ScreenInfo& screen = screen_info(state.screen);
  if (state.entered != state.screen) {
    state.entered = state.screen;
    clear_keyboard_target();   // a field of the last screen must not keep the keyboard up
    close_shown_number_pad();  // nor a stepper's number pad stay open
    if (screen.enter) screen.enter(ctx);
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // The keyboard docks at the bottom while a field has focus; the screen reflows into the space
  // above it (and the focused field scrolls itself into view, see touch_text_field).
  const KeyboardTarget& target = keyboard_target();
  const float keyboard_h =
      target.live() ? keyboard_height(state.keyboard, target.kind, vp->Size.x, vp->Size.y) : 0.0f;
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, vp->Size.y - keyboard_h));
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
  if (ctx.fonts.body) ImGui::PushFont(ctx.fonts.body);
  // With the keyboard up, less padding above and below: every pixel goes to the field typed in.
  const ImVec2 padding = ImGui::GetStyle().WindowPadding;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(padding.x, keyboard_h > 0 ? px(4) : padding.y));
  ImGui::Begin("##mutua", nullptr, flags);
  ImGui::PopStyleVar();
  screen.draw(ctx);
  ImGui::End();
  if (stepper_held()) state.wants_frame = true;  // holding − or + repeats with the finger still
  poll_read_aloud(ctx);  // plays what was made, stops on leaving the step (app/ui/read_aloud.hpp)
  draw_docked_keyboard(ctx);
  if (keyboard_target_settling()) state.wants_frame = true;  // the field typed in, into view
  // Overlays, drawn over the screen: the idle warning and the kiosk's PIN pad.
  draw_idle(ctx);
  draw_kiosk_exit(ctx);
  if (ctx.fonts.body) ImGui::PopFont();

  poll_lan(ctx);  // LAN sync in the background, after the screen (which may set redraw_in_ms)

  // A screen that changed screens wants its successor drawn right away.
  if (state.entered != state.screen) state.wants_frame = true;
}

}  // namespace

void draw_ui(UiContext& ctx) {
  // The frame boundary: whatever a screen throws stops here, once (app/ui/failure_screen.hpp).
  const int font_depth = GImGui->FontStack.Size;
  if (!ctx.state.failure) {
    try {
      draw_screen_frame(ctx);
      return;
    } catch (const std::exception& e) {
      frame_failed(ctx, e.what(), font_depth);
    } catch (...) {
      frame_failed(ctx, "unknown error", font_depth);
    }
  }
  ctx.state.wants_frame = false;
  ctx.state.redraw_in_ms = 0;
  try {
    draw_failure_screen(ctx);  // touches no store
  } catch (...) {
    ImGui::ErrorCheckEndFrameRecover(nullptr);  // nothing more to show; the next frame retries
  }
}

}  // namespace mutua
