#include "app/ui/pin_pad.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/console_language.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/pin_check.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pin_keys.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// ✓: the try is counted and its hashes read here; the verification runs on a worker thread.
void submit(UiContext& ctx) {
  PinPadState& pad = ctx.state.console.pad;
  pad.check = PinCheck::start(ctx.store, pad.pin);
  pad.checking_digits = pad.pin.size();
  pad.pin.clear();  // never kept past the try
}

// Applies a finished check on the UI thread.
void apply(UiContext& ctx, const SignInResult& r) {
  PinPadState& pad = ctx.state.console.pad;
  if (r.volunteer) {
    ctx.state.signed_in = SignedIn{r.volunteer->id, r.volunteer->name, r.volunteer->role};
    apply_console_language(ctx);  // their own language, never the last resident's
    pad.notice = PinPadState::Notice::none;
    go_to(ctx.state, Screen::console);
    return;
  }
  switch (r.error) {
    case SignInError::locked_out:
      pad.notice = PinPadState::Notice::locked_out;
      break;
    case SignInError::no_volunteers:
      pad.notice = PinPadState::Notice::no_volunteers;
      break;
    case SignInError::shared_pin:
      pad.notice = PinPadState::Notice::shared_pin;
      break;
    case SignInError::wrong_pin:
      pad.notice = is_locked_out(ctx.store) ? PinPadState::Notice::locked_out
                                            : PinPadState::Notice::wrong_pin;
      break;
  }
}

void pin_poll_check(UiContext& ctx) {
  PinPadState& pad = ctx.state.console.pad;
  if (!pad.check) return;
  if (!pad.check->finished()) {
    ctx.state.wants_frame = true;  // keep drawing (and polling) while the worker hashes
    return;
  }
  const std::shared_ptr<PinCheck> check = std::move(pad.check);
  pad.checking_digits = 0;
  apply(ctx, check->finish(ctx.store));
}

std::string pin_notice_text(const UiContext& ctx) {
  const PinPadState& pad = ctx.state.console.pad;
  // The try itself counts towards the lockout until it proves right: say nothing of that yet.
  if (pad.check) return tr("Checking\xE2\x80\xA6");
  // The lockout is the device's, whoever typed last: say so even before a try.
  if (is_locked_out(ctx.store)) {
    char buf[160];
    const int64_t left = std::max<int64_t>(1, (lockout_remaining_ms(ctx.store) + 999) / 1000);
    std::snprintf(buf, sizeof buf,
                  trn("Too many tries. Wait %d second.", "Too many tries. Wait %d seconds.", left),
                  int(left));
    return ui_number_text(buf);
  }
  switch (pad.notice) {
    case PinPadState::Notice::wrong_pin:
    case PinPadState::Notice::locked_out:
      return tr("Wrong PIN. Try again.");
    case PinPadState::Notice::shared_pin:
      return tr(
          "This PIN belongs to more than one volunteer. A coordinator must give each of them a new "
          "PIN.");
    case PinPadState::Notice::no_volunteers:
      return tr(
          "No volunteer has a PIN on this device yet. A coordinator adds one with: mutua "
          "volunteer add NAME --role coordinator --pin-stdin");
    default:
      break;
  }
  return tr("Type your PIN to open the volunteer console.");
}

}  // namespace

void enter_pin_pad(UiContext& ctx) {
  ctx.state.console.pad = PinPadState{};
  ctx.state.signed_in.reset();  // the pad is where a session starts
}

void draw_pin_pad(UiContext& ctx) {
  pin_poll_check(ctx);
  if (ctx.state.screen != Screen::pin) return;  // signed in: the console draws next frame
  PinPadState& pad = ctx.state.console.pad;
  const Palette& p = palette();
  ImFont* heading = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();

  const bool checking = pad.check != nullptr;
  if (!checking) refresh_pin_lockout(ctx.store);  // saves the time left as it runs down
  const bool locked = !checking && is_locked_out(ctx.store);
  if (locked) ctx.state.wants_frame = true;  // the countdown ticks
  const std::string notice = pin_notice_text(ctx);
  const float gap = px(10);
  float dots_h = px(36);
  ImFont* title_font = heading;
  auto title_height = [&](float width) {
    return calc_text_size(title_font, title_font->FontSize, tr("Volunteer sign-in"), width).y;
  };
  const bool show_back = !ctx.state.console.volunteer_device;
  // A key is tall enough for its digit in the heading font; keys never shrink under the 48 px
  // target nor grow past one and a half targets.
  const float key_min = heading->FontSize + px(8);
  auto notice_height = [&](float width) {
    // Room for the usual notices whichever shows, so the keys never move under a finger when
    // "Wrong PIN" or "Checking…" replaces the prompt.
    float h = 0;
    for (const char* t : {notice.c_str(), tr("Type your PIN to open the volunteer console."),
                          tr("Wrong PIN. Try again."), tr("Checking\xE2\x80\xA6")})
      h = std::max(h, calc_text_size(body, body->FontSize, t, width).y);
    return h;
  };
  // One column (title, notice, dots, keys, Back) where it fits; on a short landscape display
  // (800x480 at 150 % and up) the words and Back on the left and the keys on the right, so
  // every key keeps its full height and Back stays on the screen.
  float width = std::min(avail.x, px(460));
  float notice_h = notice_height(width);
  float title_h = title_height(width);
  const float one_fixed = title_h + gap + notice_h + gap + dots_h + gap + (show_back ? gap : 0);
  const int one_rows = show_back ? 5 : 4;
  const bool side_by_side =
      one_fixed + one_rows * key_min + (one_rows - 1) * gap > avail.y && avail.x > avail.y;
  float x = origin.x + (avail.x - width) * 0.5f;
  float y = origin.y;
  float keys_x = x, keys_y = 0, keys_w = width, key_h = 0;
  float back_y = 0, back_w = width, back_h = 0;
  if (side_by_side) {
    const float col_gap = px(24);
    keys_w = std::min((avail.x - col_gap) * 0.42f, px(460));
    width = std::min(avail.x - col_gap - keys_w, px(460));
    x = origin.x + std::max(0.0f, (avail.x - width - col_gap - keys_w) * 0.5f);
    keys_x = x + width + col_gap;
    dots_h = px(24);
    notice_h = notice_height(width);
    back_w = width;
    key_h = std::clamp((avail.y - 3 * gap) / 4, float(kTouchTargetPx), touch_target() * 1.5f);
    keys_y = origin.y + std::max(0.0f, (avail.y - (4 * key_h + 3 * gap)) * 0.5f);
    back_h = std::max(touch_target(), body->FontSize + px(16));
    auto left_height = [&] {
      return title_h + gap + notice_h + gap + dots_h + (show_back ? 2 * gap + back_h : 0);
    };
    // The title in the body's bold face where the heading would break a word or push Back
    // off the screen.
    title_h = title_height(width);
    if (!words_fit(heading, tr("Volunteer sign-in"), width) || left_height() > avail.y) {
      title_font = ctx.fonts.strong ? ctx.fonts.strong : body;
      title_h = title_height(width);
    }
    const float left_h = left_height();
    y = origin.y + std::max(0.0f, (avail.y - left_h) * 0.5f);
    back_y = y + title_h + gap + notice_h + gap + dots_h + 2 * gap;
  } else {
    key_h = std::clamp((avail.y - one_fixed - (one_rows - 1) * gap) / one_rows,
                       float(kTouchTargetPx), touch_target() * 1.5f);
    const float h = one_fixed + one_rows * key_h + (one_rows - 1) * gap;
    y = origin.y + std::max(0.0f, (avail.y - h) * 0.5f);
    keys_x = x;
    keys_y = y + title_h + gap + notice_h + gap + dots_h + gap;
    back_y = keys_y + 4 * (key_h + gap) + gap;
    back_h = key_h;
  }
  // Digits in the heading font where the keys are tall enough for it, else in the body font.
  ImFont* key_font = key_h >= key_min ? heading : (ctx.fonts.strong ? ctx.fonts.strong : body);

  draw_text_wrapped(dl, title_font, ImVec2(x, y), p.text, tr("Volunteer sign-in"), width);
  y += title_h + gap;
  const bool alarm = !checking && (locked || pad.notice != PinPadState::Notice::none);  // in red
  draw_text_wrapped(dl, body, ImVec2(x, y), alarm ? p.urgent : p.muted, notice, width);
  y += notice_h + gap;
  draw_pin_dots(dl, ImVec2(x, y), dots_h, checking ? pad.checking_digits : pad.pin.size());
  ImGui::SetCursorScreenPos(ImVec2(keys_x, keys_y));
  // While a check runs the keys are drawn but do nothing: one try at a time.
  ImGui::BeginDisabled(checking);
  std::string ignored;
  if (draw_pin_keys(checking ? ignored : pad.pin, keys_w, key_h, gap, key_font) && !checking)
    submit(ctx);
  if (show_back) {
    // Reached from a kiosk (or --screen pin): a way back for someone who tapped in by mistake.
    ImGui::SetCursorScreenPos(ImVec2(x, back_y));
    if (touch_button("##pin_back", tr("Back to the kiosk"), back_w, ButtonLook::plain, p.available,
                     body, back_h)) {
      pad = PinPadState{};
      go_to(ctx.state, Screen::home);
    }
  }
  ImGui::EndDisabled();
}

}  // namespace mutua
