#pragma once
// Where the window goes. A kiosk covers its display exactly, at the display's own origin, even
// with no window manager to honour "fullscreen" (one once put a 1280x800 kiosk window at
// (-240, -160) on a 800x480 panel); other windows are centred at the size asked for.
namespace mutua {

struct WindowRect {
  int x = 0, y = 0, w = 0, h = 0;
  bool centred = false;  // let SDL centre it (x, y unused)
};

inline WindowRect place_window(bool kiosk, int want_w, int want_h, WindowRect display) {
  if (kiosk && display.w > 0 && display.h > 0) return {display.x, display.y, display.w, display.h};
  return {0, 0, want_w, want_h, true};
}

}  // namespace mutua
