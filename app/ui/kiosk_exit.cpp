#include "app/ui/kiosk_exit.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID

#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/model.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

constexpr int kFreeTries = 5;           // wrong PINs before tries are slowed down
constexpr int64_t kLockoutMs = 30'000;  // wait after each further wrong PIN

template <typename F>
void for_each_coordinator_hash(EntryStore& store, F&& f) {
  store.for_each_row(TableId::volunteers, [&](const Row& row) {
    using namespace volunteer_field;
    if (row.fields.size() <= removed) return true;
    const auto* role_v = std::get_if<int64_t>(&row.fields[role]);
    const auto* removed_v = std::get_if<int64_t>(&row.fields[removed]);
    const auto* hash = std::get_if<std::string>(&row.fields[pin_hash]);
    if (!role_v || !removed_v || !hash || hash->empty()) return true;
    if (*removed_v != 0 || *role_v != int64_t(Role::coordinator)) return true;
    return f(*hash);
  });
}

}  // namespace

bool has_coordinator_pin(EntryStore& store) {
  bool any = false;
  for_each_coordinator_hash(store, [&](const std::string&) {
    any = true;
    return false;
  });
  return any;
}

bool verify_coordinator_pin(EntryStore& store, const std::string& pin) {
  if (pin.empty() || pin.size() > kMaxPinDigits || sodium_init() < 0) return false;
  bool ok = false;
  for_each_coordinator_hash(store, [&](const std::string& hash) {
    // crypto_pwhash_str_verify wants a NUL-terminated string within its fixed buffer size.
    if (hash.size() >= crypto_pwhash_STRBYTES) return true;
    ok = crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
    return !ok;
  });
  return ok;
}

namespace {

void submit(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (ctx.now_ms < k.locked_until_ms) {
    k.notice = KioskExitState::Notice::wait;
  } else if (!has_coordinator_pin(ctx.store)) {
    k.notice = KioskExitState::Notice::no_coordinator;
  } else if (verify_coordinator_pin(ctx.store, k.pin)) {
    k.exit_requested = true;
    k.pad_open = false;
    k.failures = 0;
    k.notice = KioskExitState::Notice::none;
  } else {
    k.notice = KioskExitState::Notice::wrong_pin;
    if (++k.failures >= kFreeTries) k.locked_until_ms = ctx.now_ms + kLockoutMs;
  }
  k.pin.clear();
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
  switch (k.notice) {
    case KioskExitState::Notice::wrong_pin: return tr("Wrong PIN. Try again.");
    case KioskExitState::Notice::no_coordinator:
      return tr(
          "No coordinator PIN is set on this device. Set one with: mutua volunteer add NAME "
          "--role coordinator --pin-stdin");
    case KioskExitState::Notice::wait: {
      char buf[160];
      const int64_t left = std::max<int64_t>(1, (k.locked_until_ms - ctx.now_ms + 999) / 1000);
      std::snprintf(buf, sizeof buf, tr("Too many tries. Wait %d seconds."), int(left));
      return buf;
    }
    case KioskExitState::Notice::none: break;
  }
  return tr("Enter the coordinator PIN to leave kiosk mode.");
}

void draw_pad(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  const Palette& p = palette();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 170));
  ImGui::Begin("##kiosk_exit", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
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
  const float notice_h = body->CalcTextSizeA(body->FontSize, FLT_MAX, wrap, notice.c_str()).y;
  const float dots_h = px(36);
  const float fixed = pad + title_h + gap + notice_h + gap + dots_h + gap + pad;
  const float key_h = std::clamp((vp->Size.y - px(16) - fixed - 4 * gap) / 5.0f,
                                 float(kTouchTargetPx), touch_target() * 1.3f);
  const float h = fixed + 5 * key_h + 4 * gap;
  const ImVec2 min(vp->Pos.x + (vp->Size.x - width) * 0.5f,
                   vp->Pos.y + std::max(px(8), (vp->Size.y - h) * 0.5f));
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.surface, px(16));

  float y = min.y + pad;
  draw_text(dl, heading, ImVec2(min.x + pad, y), p.text, tr("Coordinator PIN"), wrap);
  y += title_h + gap;
  const ImU32 notice_colour = k.notice == KioskExitState::Notice::none ? p.muted : p.urgent;
  y += draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), notice_colour, notice, wrap) + gap;
  // One dot per digit typed: the PIN itself is never drawn.
  const float r = px(8);
  for (size_t i = 0; i < std::max<size_t>(k.pin.size(), 4); ++i) {
    const ImVec2 c(min.x + pad + r + i * (r * 3.2f), y + dots_h * 0.5f);
    if (i < k.pin.size())
      dl->AddCircleFilled(c, r, p.text);
    else
      dl->AddCircle(c, r, p.border, 0, px(2));
  }
  y += dots_h + gap;

  const float key_w = (wrap - 2 * gap) / 3.0f;
  const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9",
                            "\xE2\x8C\xAB", "0", "\xE2\x9C\x93"};
  for (int i = 0; i < 12; ++i) {
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad + (i % 3) * (key_w + gap), y + (i / 3) * (key_h + gap)));
    ImGui::PushID(i);
    const bool ok_key = i == 11;
    if (touch_button("##pinkey", labels[i], key_w, ok_key ? ButtonLook::selected : ButtonLook::plain,
                     ok_key ? p.offer : p.available, heading, key_h)) {
      if (i == 9) {
        if (!k.pin.empty()) k.pin.pop_back();
      } else if (ok_key) {
        submit(ctx);
      } else if (k.pin.size() < kMaxPinDigits) {
        k.pin += labels[i];
      }
    }
    ImGui::PopID();
  }
  y += 4 * (key_h + gap);
  const float half = (wrap - gap) * 0.5f;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, y));
  if (touch_button("##pin_cancel", tr("Cancel"), half, ButtonLook::plain, p.available, body,
                   key_h))
    close_pad(k);
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad + half + gap, y));
  if (touch_button("##pin_leave", tr("Leave kiosk"), half, ButtonLook::plain, p.urgent, body,
                   key_h))
    submit(ctx);
  ImGui::End();
}

}  // namespace

void draw_kiosk_exit(UiContext& ctx) {
  KioskExitState& k = ctx.state.kiosk_exit;
  if (!k.enabled) return;
  if (!k.pad_open) watch_corner(ctx);
  if (k.pad_open) draw_pad(ctx);
}

}  // namespace mutua
