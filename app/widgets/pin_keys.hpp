#pragma once
// The PIN keypad: a row of dots (one per digit typed; the PIN itself is never drawn) and a 3x4
// grid 1-9, ⌫, 0, ✓. Shared by the kiosk's exit pad and the volunteer console's PIN pad.
#include <imgui.h>

#include <string>

namespace mutua {

inline constexpr size_t kPinPadMaxDigits = 12;

// Dots for `digits` typed at `at`, `height` tall; returns the height used. With `max_w`, the
// dots shrink so that twelve fit in that width.
float draw_pin_dots(ImDrawList* dl, ImVec2 at, float height, size_t digits, float max_w = 0);
// The 3x4 keys from the cursor position, `width` wide, keys `key_h` tall with `gap` between.
// Edits `pin`; returns true when ✓ was tapped.
bool draw_pin_keys(std::string& pin, float width, float key_h, float gap, ImFont* font);

}  // namespace mutua
