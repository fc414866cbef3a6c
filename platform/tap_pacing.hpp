#pragma once
// Taps that come faster than frames. ImGui 1.86 sees the mouse button once a frame: its SDL
// backend latches a press so a tap shorter than a frame still shows as "down" for one frame,
// but if one frame's events hold a release and then another press (two quick taps on a slow
// tablet, a press after a long hold), or the frame before latched a press, the button never
// shows "up" between them and the first tap is lost (seen under load with xdotool taps:
// digits of a ticket code went missing). TapPacing lets each frame take events up to the point
// where a press would merge with the tap before it; that press waits for the next frame, and
// one frame with the button up comes first. Pure logic over SDL event types, no SDL calls.
#include <SDL_events.h>

namespace mutua {

class TapPacing {
 public:
  // A frame's events are about to be read.
  void begin_frame() {
    pressed_last_frame_ = pressed_this_frame_;
    pressed_this_frame_ = released_this_frame_ = false;
  }
  // Whether this frame may take `ev`; false: keep it, end this frame's events, and offer it
  // again after the next begin_frame().
  bool take(const SDL_Event& ev) {
    if (ev.type == SDL_MOUSEBUTTONDOWN && ev.button.button == SDL_BUTTON_LEFT) {
      if (released_this_frame_ || pressed_last_frame_ || pressed_this_frame_) return false;
      pressed_this_frame_ = true;
    } else if (ev.type == SDL_MOUSEBUTTONUP && ev.button.button == SDL_BUTTON_LEFT) {
      released_this_frame_ = true;
    }
    return true;
  }

 private:
  bool pressed_last_frame_ = false;
  bool pressed_this_frame_ = false;
  bool released_this_frame_ = false;
};

}  // namespace mutua
