#pragma once
// The one scaling helper: every size in the UI is written at scale 1.0 and passed through px().
// Text scale (100% to 200%) and touch-target size both follow this one factor.

namespace mutua {

// Smallest comfortable touch target at scale 1.0, in pixels.
inline constexpr float kTouchTargetPx = 48.0f;
// Base body font size at scale 1.0, in pixels (readable at arm's length on a kiosk).
inline constexpr float kBaseFontPx = 21.0f;

namespace detail {
inline float& ui_scale_storage() {
  static float scale = 1.0f;
  return scale;
}
}  // namespace detail

inline float ui_scale() {
  return detail::ui_scale_storage();
}
// Clamped so a typo on the command line cannot make the UI unusable.
inline void set_ui_scale(float s) {
  detail::ui_scale_storage() = s < 0.5f ? 0.5f : (s > 3.0f ? 3.0f : s);
}
inline float px(float at_scale_one) {
  return at_scale_one * ui_scale();
}
inline float touch_target() {
  return px(kTouchTargetPx);
}

}  // namespace mutua
