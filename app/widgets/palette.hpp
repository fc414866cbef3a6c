#pragma once
// The colours of the UI: calm, high-contrast, and giving needs and offers equal weight.
#include <imgui.h>

namespace mutua {

struct Palette {
  ImU32 background = IM_COL32(246, 244, 239, 255);  // warm off-white paper
  ImU32 surface = IM_COL32(255, 255, 255, 255);     // rows, cards
  ImU32 surface_pressed = IM_COL32(228, 233, 238, 255);
  ImU32 border = IM_COL32(200, 204, 210, 255);
  ImU32 text = IM_COL32(27, 31, 35, 255);
  ImU32 muted = IM_COL32(78, 86, 96, 255);         // still 7:1 on the background
  ImU32 on_colour = IM_COL32(255, 255, 255, 255);  // text on the coloured tiles
  ImU32 need = IM_COL32(30, 90, 140, 255);         // blue
  ImU32 offer = IM_COL32(36, 110, 70, 255);        // green
  ImU32 available = IM_COL32(74, 78, 105, 255);    // slate
  ImU32 ticket = IM_COL32(135, 84, 10, 255);       // amber-brown
  ImU32 urgent = IM_COL32(178, 34, 34, 255);
  ImU32 notice = IM_COL32(255, 243, 205, 255);       // "coming soon" panel
  ImU32 placeholder = IM_COL32(225, 225, 220, 255);  // rows still loading
  ImU32 keyboard_bg = IM_COL32(214, 217, 222, 255);  // on-screen keyboard tray
  ImU32 key = IM_COL32(255, 255, 255, 255);
  ImU32 key_special = IM_COL32(188, 194, 202, 255);  // shift, backspace, done, layout
  // A control that is off (app/widgets/button.hpp): a grey fill without a border, unlike every
  // control that is on, and its text still 5.7:1 on it (WCAG AA asks 4.5:1).
  ImU32 disabled_fill = IM_COL32(224, 224, 220, 255);
  ImU32 disabled_text = IM_COL32(80, 84, 90, 255);
  // The empty part of the wizard's progress bar: 3:1 or more against the part done in either
  // kind's colour (4.5:1 blue, 3.9:1 green).
  ImU32 progress_track = IM_COL32(200, 204, 210, 255);
};

// High contrast: pure black on white, darker tiles, black borders (the same widgets, so every
// screen follows without code of its own).
inline Palette high_contrast_palette() {
  Palette p;
  p.background = IM_COL32(255, 255, 255, 255);
  p.surface_pressed = IM_COL32(200, 200, 200, 255);
  p.border = IM_COL32(0, 0, 0, 255);
  p.text = IM_COL32(0, 0, 0, 255);
  p.muted = IM_COL32(0, 0, 0, 255);
  p.need = IM_COL32(0, 45, 100, 255);
  p.offer = IM_COL32(0, 70, 30, 255);
  p.available = IM_COL32(30, 30, 60, 255);
  p.ticket = IM_COL32(90, 45, 0, 255);
  p.urgent = IM_COL32(150, 0, 0, 255);
  p.notice = IM_COL32(255, 230, 0, 255);
  p.placeholder = IM_COL32(160, 160, 160, 255);
  p.keyboard_bg = IM_COL32(0, 0, 0, 255);
  p.key = IM_COL32(255, 255, 255, 255);
  p.key_special = IM_COL32(255, 230, 0, 255);
  p.disabled_fill = IM_COL32(200, 200, 200, 255);  // grey, no border; black text 12.6:1
  p.disabled_text = IM_COL32(0, 0, 0, 255);
  // Grey: the black border colour it was drawn in was 1.56:1 against the dark blue done part
  // (7.3:1 now; 5.9:1 against the green).
  p.progress_track = IM_COL32(190, 190, 190, 255);
  return p;
}

namespace detail {
inline bool& high_contrast_flag() {
  static bool on = false;
  return on;
}
}  // namespace detail

inline void set_high_contrast(bool on) {
  detail::high_contrast_flag() = on;
}
inline bool high_contrast() {
  return detail::high_contrast_flag();
}

inline const Palette& palette() {
  static const Palette normal;
  static const Palette contrast = high_contrast_palette();
  return high_contrast() ? contrast : normal;
}

// Darker when pressed, lighter when hovered: feedback that stays readable.
inline ImU32 shade(ImU32 c, float factor) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  auto f = [&](float x) { return factor < 1 ? x * factor : x + (1 - x) * (factor - 1); };
  return ImGui::ColorConvertFloat4ToU32(ImVec4(f(v.x), f(v.y), f(v.z), v.w));
}

}  // namespace mutua
