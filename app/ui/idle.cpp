#include "app/ui/idle.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/site_display.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/overlay.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

IdleStep update_idle(IdleState& idle, int64_t now_ms, bool activity, bool on_home) {
  if (activity || idle.last_activity_ms < 0 || idle.timeout_ms <= 0) {
    idle.last_activity_ms = now_ms;
    idle.warning_since_ms = -1;
    return IdleStep::none;
  }
  if (idle.warning_since_ms >= 0) {
    if (now_ms - idle.warning_since_ms >= kIdleWarningMs) return IdleStep::restart;
    return IdleStep::warn;
  }
  if (now_ms - idle.last_activity_ms < idle.timeout_ms) return IdleStep::none;
  if (on_home) {  // nothing typed to lose; no need to interrupt anyone
    idle.last_activity_ms = now_ms;
    return IdleStep::none;
  }
  idle.warning_since_ms = now_ms;
  return IdleStep::warn;
}

int idle_seconds_left(const IdleState& idle, int64_t now_ms) {
  if (idle.warning_since_ms < 0) return 0;
  const int64_t left = kIdleWarningMs - (now_ms - idle.warning_since_ms);
  return int(std::clamp<int64_t>((left + 999) / 1000, 0, kIdleWarningMs / 1000));
}

int64_t idle_next_wake_ms(const IdleState& idle, int64_t now_ms) {
  if (idle.last_activity_ms < 0 || idle.timeout_ms <= 0) return 0;
  if (idle.warning_since_ms >= 0) {
    // Once a second for the countdown, and exactly at its end.
    const int64_t into = now_ms - idle.warning_since_ms;
    return std::max<int64_t>(1, std::min<int64_t>(1000 - into % 1000, kIdleWarningMs - into));
  }
  return std::max<int64_t>(1, idle.last_activity_ms + idle.timeout_ms - now_ms);
}

bool frame_had_input() {
  const ImGuiIO& io = ImGui::GetIO();
  for (bool down : io.MouseDown)
    if (down) return true;
  if (io.MouseWheel != 0 || io.MouseWheelH != 0 || io.InputQueueCharacters.Size > 0) return true;
  if (ImGui::IsMousePosValid() && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) return true;
  for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
    if (io.KeysDown[k]) return true;
  return false;
}

void wipe_session(UiState& state) {
  // A fresh UiState forgets everything a person entered, including fields added later; only
  // what belongs to the device, not to the person, is carried over.
  UiState fresh;
  fresh.prefs = state.prefs;
  fresh.idle.timeout_ms = state.idle.timeout_ms;
  fresh.kiosk_exit.enabled = state.kiosk_exit.enabled;
  // Signed out; a volunteer device goes back to its PIN pad, a kiosk to its home.
  fresh.console.volunteer_device = state.console.volunteer_device;
  fresh.console.next_housekeeping_ms = state.console.next_housekeeping_ms;
  fresh.console.backup = state.console.backup;  // a copy to the stick belongs to the device
  if (fresh.console.volunteer_device) fresh.screen = Screen::pin;
  fresh.sync.job = state.sync.job;  // a sync still running belongs to the device
  fresh.sync.lan = state.sync.lan;  // so does LAN sync in the background
  fresh.phone = state.phone;        // and the phone pages
  // And read-aloud (its sound card and the voices found), silent for the next person.
  fresh.read_aloud = state.read_aloud;
  if (fresh.read_aloud) fresh.read_aloud->stop();
  // So does a spreadsheet import: it finishes, and Import from USB shows how it ended.
  fresh.csv_import.job = state.csv_import.job;
  // "Show my last ticket" outlives the reset (app/ui/last_ticket.hpp): it holds only a code.
  fresh.last_ticket = state.last_ticket;
  fresh.wants_frame = true;
  state = std::move(fresh);
  clear_keyboard_target();
  if (language() != state.prefs.home_language) set_language(state.prefs.home_language);
  // Text size and contrast were the last person's choice: back to the site's (the window applies
  // the text size between frames).
  state.prefs.text_scale = site_display().text_scale;
  if (state.prefs.high_contrast != site_display().high_contrast) {
    state.prefs.high_contrast = site_display().high_contrast;
    set_high_contrast_theme(state.prefs.high_contrast);
  }
}

SiteDisplay& site_display() {
  static SiteDisplay site;
  return site;
}

std::string idle_countdown_text(int seconds) {
  char buf[160];
  std::snprintf(buf, sizeof buf,
                trn("Starting over in %d second", "Starting over in %d seconds", seconds), seconds);
  return ui_number_text(buf);
}

namespace {

void draw_warning(UiContext& ctx) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const Palette& p = palette();
  begin_dim_overlay("##idle", 150);
  ImFont* heading = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  ImFont* strong = ctx.fonts.strong ? ctx.fonts.strong : body;

  const std::string countdown_text =
      idle_countdown_text(idle_seconds_left(ctx.state.idle, ctx.now_ms));
  const char* countdown = countdown_text.c_str();
  const float pad = px(28);
  const float width = std::min(vp->Size.x - px(32), px(560));
  const float wrap = width - 2 * pad;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Measure first so the panel can be centred.
  auto height_of = [&](ImFont* f, const char* t) {
    return calc_text_size(f, f->FontSize, t, wrap).y;
  };
  const char* title = tr("Are you still there?");
  const char* why = tr("What you typed will be cleared, to keep it private.");
  const float button_h = touch_target() * 1.3f;
  const float gap = px(14);
  const float h = pad + height_of(heading, title) + gap + height_of(strong, countdown) + gap +
                  height_of(body, why) + gap * 1.5f + button_h + pad;
  const ImVec2 min(vp->Pos.x + (vp->Size.x - width) * 0.5f,
                   vp->Pos.y + std::max(px(8), (vp->Size.y - h) * 0.5f));
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.surface, px(16));
  dl->AddRect(min, ImVec2(min.x + width, min.y + h), p.text, px(16), 0, px(2));
  float y = min.y + pad;
  y += draw_text_wrapped(dl, heading, ImVec2(min.x + pad, y), p.text, title, wrap) + gap;
  y += draw_text_wrapped(dl, strong, ImVec2(min.x + pad, y), p.urgent, countdown, wrap) + gap;
  y += draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), p.muted, why, wrap) + gap * 1.5f;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y));
  // Any touch counts as "still here"; the big button says so plainly.
  touch_button("##still_here", tr("I'm still here"), wrap, ButtonLook::selected, p.offer, heading,
               button_h);
  ImGui::End();
}

}  // namespace

void draw_idle(UiContext& ctx) {
  UiState& state = ctx.state;
  if (state.idle.timeout_ms <= 0) {
    const int64_t s = ctx.store.settings().get().kiosk_timeout_s;
    state.idle.timeout_ms = s > 0 ? s * 1000 : kDefaultIdleTimeoutMs;
  }
  const IdleStep step = update_idle(state.idle, ctx.now_ms, frame_had_input(),
                                    state.screen == Screen::home || state.screen == Screen::pin ||
                                        state.screen == Screen::first_start);
  if (step == IdleStep::restart) {
    wipe_session(state);
    state.idle.last_activity_ms = ctx.now_ms;
    return;
  }
  if (step == IdleStep::warn) draw_warning(ctx);
}

}  // namespace mutua
