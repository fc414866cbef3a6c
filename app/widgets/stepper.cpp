#include "app/widgets/stepper.hpp"

#include <imgui_internal.h>  // the active item's timer: how long a button has been held

#include <algorithm>
#include <string>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

float g_side = 0;  // StepperSideScope's, 0 when none

float button_side() {
  if (g_side > 0) return g_side;
  return height_on_short_display(touch_target() * 1.25f, 0.14f);
}

float value_width(ImFont* font) {
  // Five digits; a longer number widens it (see `w` in stepper()).
  return std::max(px(110), text_width(font, "00000") + px(24));
}

bool g_stepper_held = false;  // a − or + was held this frame

// floor(a / b) for b > 0.
int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && (a < 0));
}

// One step of `size` in `direction`: a step of 5 or more lands on its next multiple.
int64_t step_once(int64_t v, int direction, int64_t size) {
  if (size <= 1) return v + direction;
  return direction > 0 ? (floor_div(v, size) + 1) * size : -((floor_div(-v, size) + 1) * size);
}

// The value being held: what the stepper showed when the button went down.
struct Hold {
  ImGuiID id = 0;
  int64_t start = 0;
};
Hold g_hold;

// A square button with a drawn minus or plus, so no glyph is needed. Off (at the end of its
// range) it has the disabled look, and a tap on it says why (app/widgets/button.hpp). Held, it
// sets `value` along held_value()'s curve from the value it had when pressed.
void sign_button(const char* id, bool plus, int64_t* value, int64_t min, int64_t max,
                 ImU32 accent) {
  const bool enabled = plus ? *value < max : *value > min;
  const float s = button_side();
  const ImVec2 min_at = ImGui::GetCursorScreenPos();
  const ImGuiID gid = ImGui::GetID(id);
  ImGui::InvisibleButton(id, ImVec2(s, s));
  const int direction = plus ? 1 : -1;
  // Pressed while it could step: the press steps once, holding goes on (while the finger has
  // not moved away to scroll).
  if (ImGui::IsItemActivated() && enabled) g_hold = Hold{gid, *value};
  const bool holding = ImGui::IsItemActive() && g_hold.id == gid && is_tap();
  if (holding) {
    *value = held_value(g_hold.start, direction, GImGui->ActiveIdTimer, min, max);
    g_stepper_held = true;
  } else if (g_hold.id == gid && !ImGui::IsItemActive()) {
    g_hold = Hold{};
  }
  // A tap on one that is off: released over it, without having moved (not a held repeat).
  const bool tapped_off =
      !enabled && ImGui::IsItemDeactivated() && ImGui::IsItemHovered() && is_tap();
  const bool held = holding;
  const Palette& p = palette();
  const ImVec2 max_at(min_at.x + s, min_at.y + s);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool lit = enabled || holding;
  const ImU32 fg = lit ? accent : p.disabled_text;
  if (lit) {
    dl->AddRectFilled(min_at, max_at, held ? shade(accent, 0.8f) : p.surface, px(10));
    dl->AddRect(min_at, max_at, fg, px(10), 0, px(2));
  } else {
    dl->AddRectFilled(min_at, max_at, p.disabled_fill, px(10));
  }
  const ImVec2 c((min_at.x + max_at.x) * 0.5f, (min_at.y + max_at.y) * 0.5f);
  const float arm = s * 0.22f;
  const ImU32 mark = held ? p.on_colour : fg;
  dl->AddLine(ImVec2(c.x - arm, c.y), ImVec2(c.x + arm, c.y), mark, px(4));
  if (plus) dl->AddLine(ImVec2(c.x, c.y - arm), ImVec2(c.x, c.y + arm), mark, px(4));
  capture_text(plus ? "+" : "\xE2\x88\x92", min_at, max_at);
  probe_touch(plus ? "+" : "\xE2\x88\x92", min_at, max_at);  // "+" and "−" name the buttons
  disabled_reason(gid, enabled || holding, tapped_off,
                  plus ? tr("It cannot go higher.") : tr("It cannot go lower."), min_at, max_at);
}

}  // namespace

StepperSideScope::StepperSideScope(float side) : before_(g_side) {
  g_side = side;
}
StepperSideScope::~StepperSideScope() {
  g_side = before_;
}

float stepper_height() {
  return button_side();
}

float stepper_width(ImFont* value_font) {
  if (!value_font) value_font = ImGui::GetFont();
  return 2 * button_side() + value_width(value_font) + 2 * px(8);
}

bool stepper(const char* id, int64_t* value, int64_t min, int64_t max, ImU32 accent,
             ImFont* value_font) {
  if (!value_font) value_font = ImGui::GetFont();
  ImGui::PushID(id);
  const int64_t before = *value;
  const float s = button_side();
  sign_button("-", false, value, min, max, accent);
  ImGui::SameLine(0, px(8));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const std::string shown = ui_number_text(std::to_string(*value));  // its language's digits
  const float tw = text_width(value_font, shown);
  // Narrower than its usual room where the window is (a narrow display at large text), never
  // narrower than the number shown.
  const float room = ImGui::GetContentRegionMax().x - ImGui::GetCursorPosX() - s - px(8);
  const float w = std::max(std::min(value_width(value_font), room), tw + px(12));
  // The number is a button too: a tap opens the number pad to type it.
  const ImGuiID pad_id = ImGui::GetID("=");
  const bool typed = ImGui::InvisibleButton("=", ImVec2(w, s)) && is_tap();
  const bool pressed = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();
  const ImVec2 box_max(at.x + w, at.y + s);
  if (pressed) dl->AddRectFilled(at, box_max, p.surface_pressed, px(10));
  // A thin line under the number says it can be tapped, as under a field.
  dl->AddLine(ImVec2(at.x + px(10), box_max.y - px(6)),
              ImVec2(box_max.x - px(10), box_max.y - px(6)), p.border, px(2));
  draw_text(dl, value_font,
            ImVec2(at.x + (w - tw) * 0.5f, at.y + (s - value_font->FontSize) * 0.5f), p.text,
            shown);
  capture_text(std::string("number") + id, at, box_max);
  probe_touch(shown, at, box_max);
  ImGui::SameLine(0, px(8));
  sign_button("+", true, value, min, max, accent);
  NumberPadState& pad = number_pad();
  // A pad left open by a stepper no longer drawn (its screen went away) is closed.
  if (pad.owner != 0 &&
      (pad.context != ImGui::GetCurrentContext() || (pad.owner == pad_id && pad.drawn_frame >= 0 &&
                                                     pad.drawn_frame < ImGui::GetFrameCount() - 1)))
    close_number_pad();
  if (typed || number_pad_pending(id)) {
    pad = NumberPadState{};
    pad.owner = pad_id;
    pad.context = ImGui::GetCurrentContext();
    pad.entry = number_entry(*value, min, max);
  }
  ImGui::PopID();
  draw_number_pad(pad_id, value, accent, value_font);
  *value = std::clamp(*value, min, max);
  return *value != before;
}

bool stepper_held() {
  const bool held = g_stepper_held;
  g_stepper_held = false;
  return held;
}

int64_t hold_step_size(double held_s) {
  if (held_s < kHoldDelayS) return 1;
  const auto tick = int64_t((held_s - kHoldDelayS) / kHoldTickS + 1e-9);
  if (tick < 10) return 1;
  if (tick < 25) return 5;
  if (tick < 45) return 10;
  if (tick < 65) return 100;
  return 1000;
}

int64_t held_value(int64_t start, int direction, double held_s, int64_t min, int64_t max) {
  direction = direction < 0 ? -1 : 1;
  auto bounded = [&](int64_t v) { return std::clamp(v, min, max); };
  int64_t v = bounded(start + direction);  // the press
  if (held_s < kHoldDelayS) return v;
  // One step per tick up to the hold time; bounded by the range (it stops at an end) and by a
  // count no hold reaches (about 28 hours).
  const auto ticks = int64_t((held_s - kHoldDelayS) / kHoldTickS + 1e-9) + 1;
  for (int64_t k = 0; k < ticks && k < 1'000'000; ++k) {
    if (v == (direction > 0 ? max : min)) break;
    v = bounded(step_once(v, direction, hold_step_size(kHoldDelayS + double(k) * kHoldTickS)));
  }
  return v;
}

}  // namespace mutua
