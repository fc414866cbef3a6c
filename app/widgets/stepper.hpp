#pragma once
// A big "−  12  +" stepper for counts (quantity, people). Holding a button repeats, so 50 does
// not take 50 taps.
#include <imgui.h>

#include <cstdint>

namespace mutua {

// Draws the stepper at the cursor; `value` stays within [min, max]. The minus and plus buttons
// are ImGui items "<id>-" and "<id>+" (tests tap them through their captured labels "−" and "+").
// Returns true when the value changed.
bool stepper(const char* id, int64_t* value, int64_t min, int64_t max, ImU32 accent,
             ImFont* value_font = nullptr);

// Width the stepper takes at the current scale and font.
float stepper_width(ImFont* value_font = nullptr);

}  // namespace mutua
