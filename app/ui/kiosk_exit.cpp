#include "app/ui/kiosk_exit.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID

#include "app/ui/console_language.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/pin_check.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/confirm.hpp"
#include "app/widgets/overlay.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pin_keys.hpp"
#include "app/widgets/text.hpp"
#include "core/model.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/scale.hpp"

namespace mutua {

// One implementation of PINs: core/volunteers.
bool has_coordinator_pin(Store& store) {
  return has_coordinator(store);
}

bool verify_coordinator_pin(Store& store, const std::string& pin) {
  return pin_is_coordinators(store, pin);
}

namespace {

// ✓ signs any volunteer into the console; leaving kiosk mode is a coordinator's button there,
// asked once (draw_leave_kiosk). Wrong tries and the lockout are the device's one count
// (core/volunteers), shared with the PIN pad.
void submit(UiContext& ctx, bool to_console) {
  KioskExitState& k = ctx.state.kiosk_exit;
  k.check =
      PinCheck::start(ctx.store, k.pin, to_console ? PinScope::anyone : PinScope::coordinators);
  k.check_to_console = to_console;
  k.checking_digits = k.pin.size();
  k.pin.clear();
}

// Applies a finished check on the UI thread.
void apply(UiContext& ctx, const SignInResult& r, bool to_console) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (r.volunteer) {
    k.pad_open = false;
    k.notice = KioskExitState::Notice::none;
    if (to_console) {
      ctx.state.signed_in = SignedIn{r.volunteer->id, r.volunteer->name, r.volunteer->role};
      apply_console_language(ctx);  // their own language (app/ui/console_language.hpp)
      ctx.state.screen = Screen::console;
    }
  } else if (r.error == SignInError::locked_out || is_locked_out(ctx.store)) {
    k.notice = KioskExitState::Notice::wait;
  } else if (r.error == SignInError::no_volunteers) {
    k.notice = KioskExitState::Notice::no_coordinator;
  } else if (r.error == SignInError::shared_pin) {
    k.notice = KioskExitState::Notice::shared_pin;
  } else {
    k.notice = KioskExitState::Notice::wrong_pin;
  }
}

void poll_check(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (!k.check) return;
  if (!k.check->finished()) {
    ctx.state.wants_frame = true;  // keep drawing (and polling) while the worker hashes
    return;
  }
  const std::shared_ptr<PinCheck> check = std::move(k.check);
  k.checking_digits = 0;
  apply(ctx, check->finish(ctx.store), k.check_to_console);
}

void close_pad(KioskExitState& k) {
  k.pad_open = false;
  k.pin.clear();
  k.notice = KioskExitState::Notice::none;
}

// Opens the pad after a press held >= 2 s in the top-left corner. The corner has no visible
// control: residents should not stumble into it, coordinators know where it is.
void watch_corner(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 origin = ImGui::GetMainViewport()->Pos;
  const float side = px(kKioskCornerPx);
  const bool in_corner = ImGui::IsMousePosValid() && io.MousePos.x - origin.x < side &&
                         io.MousePos.y - origin.y < side && io.MousePos.x >= origin.x &&
                         io.MousePos.y >= origin.y;
  if (!io.MouseDown[0] || !in_corner) {
    k.corner_down_ms = -1;
    return;
  }
  if (k.corner_down_ms < 0) {
    if (!io.MouseClicked[0]) return;  // the press must start in the corner, not slide into it
    k.corner_down_ms = ctx.now_ms;
  }
  if (ctx.now_ms - k.corner_down_ms >= kKioskExitPressMs) {
    k.corner_down_ms = -1;
    k.pad_open = true;
    k.pin.clear();
    k.notice = KioskExitState::Notice::none;
    // The button under the finger (e.g. "Home") must not fire when it lifts.
    ImGui::ClearActiveID();
  } else {
    ctx.state.wants_frame = true;  // keep checking while the finger rests
  }
}

std::string notice_text(const UiContext& ctx) {
  const KioskExitState& k = ctx.state.kiosk_exit;
  if (k.check) return tr("Checking\xE2\x80\xA6");
  switch (k.notice) {
    case KioskExitState::Notice::wrong_pin:
      return tr("Wrong PIN. Try again.");
    case KioskExitState::Notice::shared_pin:
      return tr(
          "This PIN belongs to more than one volunteer. A coordinator must give each of them a new "
          "PIN.");
    case KioskExitState::Notice::no_coordinator:
      return tr(
          "No coordinator PIN is set on this device. Set one with: mutua volunteer add NAME "
          "--role coordinator --pin-stdin");
    case KioskExitState::Notice::wait: {
      char buf[160];
      const int64_t left = std::max<int64_t>(1, (lockout_remaining_ms(ctx.store) + 999) / 1000);
      std::snprintf(
          buf, sizeof buf,
          trn("Too many tries. Wait %d second.", "Too many tries. Wait %d seconds.", left),
          int(left));
      return ui_number_text(buf);
    }
    case KioskExitState::Notice::none:
      break;
  }
  return tr("Type your PIN to open the volunteer console.");
}

void draw_pad(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (!k.check) refresh_pin_lockout(ctx.store);  // saves the time left as it runs down
  const Palette& p = palette();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  begin_dim_overlay("##kiosk_exit", 170);
  ImFont* heading = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // Panel: title and notice on top, the PIN dots, then a 3x4 keypad; keys shrink on short
  // screens but never below the touch target.
  const float pad = px(20), gap = px(8);
  const float width = std::min(vp->Size.x - px(16), px(440));
  const float wrap = width - 2 * pad;
  const std::string notice = notice_text(ctx);
  const float title_h = heading->FontSize;
  // Room for the usual notices whichever shows, so the keys never move under a finger when
  // "Wrong PIN" or "Checking…" replaces the prompt.
  float notice_h = 0;
  for (const char* t : {notice.c_str(), tr("Type your PIN to open the volunteer console."),
                        tr("Wrong PIN. Try again."), tr("Checking\xE2\x80\xA6")})
    notice_h = std::max(notice_h, calc_text_size(body, body->FontSize, t, wrap).y);
  const float dots_h = px(36);
  const float fixed = pad + title_h + gap + notice_h + gap + dots_h + gap + pad;
  const float key_h = std::clamp((vp->Size.y - px(16) - fixed - 4 * gap) / 5.0f,
                                 float(kTouchTargetPx), touch_target() * 1.3f);
  const float h = fixed + 5 * key_h + 4 * gap;
  const ImVec2 min(vp->Pos.x + (vp->Size.x - width) * 0.5f,
                   vp->Pos.y + std::max(px(8), (vp->Size.y - h) * 0.5f));
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.surface, px(16));

  float y = min.y + pad;
  draw_text(dl, heading, ImVec2(min.x + pad, y), p.text, tr("Volunteer sign-in"), wrap);
  y += title_h + gap;
  const bool checking = k.check != nullptr;
  const ImU32 notice_colour =
      checking || k.notice == KioskExitState::Notice::none ? p.muted : p.urgent;
  draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), notice_colour, notice, wrap);
  y += notice_h + gap;
  y += draw_pin_dots(dl, ImVec2(min.x + pad, y), dots_h,
                     checking ? k.checking_digits : k.pin.size()) +
       gap;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y));
  // While a check runs the keys and Cancel are drawn but do nothing.
  ImGui::BeginDisabled(checking);
  std::string ignored;
  if (draw_pin_keys(checking ? ignored : k.pin, wrap, key_h, gap, heading) && !checking)
    submit(ctx, true);
  y += 4 * (key_h + gap);
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y));
  if (touch_button("##pin_cancel", tr("Cancel"), wrap, ButtonLook::plain, p.available, body,
                   key_h) &&
      !checking)
    close_pad(k);
  ImGui::EndDisabled();
  ImGui::End();
}

}  // namespace

bool draw_leave_kiosk_button(UiContext& ctx, float width) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (!k.enabled || !ctx.state.signed_in || ctx.state.signed_in->role != Role::coordinator)
    return false;
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  if (touch_button("##leave_kiosk", tr("Leave kiosk"), width, ButtonLook::plain, palette().urgent,
                   body))
    k.confirm_leave = true;
  return true;
}

void draw_kiosk_exit(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (!k.enabled) return;
  if (k.confirm_leave) {
    const bool coordinator = ctx.state.signed_in && ctx.state.signed_in->role == Role::coordinator;
    const ConfirmText text{
        tr("Leave kiosk"),
        tr("Mutua closes on this kiosk. The screen stays dark until someone starts it again."),
        tr("Cancel"), tr("Leave kiosk")};
    const ConfirmAnswer a =
        coordinator ? draw_confirm("##confirm_leave", text, palette().urgent, ctx.fonts.heading,
                                   ctx.fonts.body)
                    : ConfirmAnswer::keep;  // signed out meanwhile (idle): the question goes
    if (a == ConfirmAnswer::keep) k.confirm_leave = false;
    if (a == ConfirmAnswer::go_ahead) {
      k.confirm_leave = false;
      k.exit_requested = true;
    }
  }
  poll_check(ctx);
  if (!k.pad_open) watch_corner(ctx);
  if (k.pad_open) draw_pad(ctx);
}

}  // namespace mutua
