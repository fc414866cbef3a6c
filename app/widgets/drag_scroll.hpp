#pragma once
// Drag-to-scroll for touch screens. A press that moves less than a small threshold stays a tap
// for the widget under it; beyond it, the gesture scrolls the window and the release is not a tap.
#include <imgui.h>

namespace mutua {

struct DragScroll {
  bool pressed = false;   // the current press started inside this scroll area
  bool dragging = false;  // the press moved past the tap threshold
  float last = 0.0f;      // pointer position along the axis at the previous frame
  float velocity = 0.0f;  // px/s, for the glide after a flick
};

// Movement (px at scale 1) under which a press still counts as a tap.
inline constexpr float kTapSlopPx = 12.0f;

// Call inside the scrolling child window, after its contents. Returns true while it is animating
// (gliding) and needs more frames.
bool update_drag_scroll(DragScroll& state, bool horizontal = false);

// Call inside a scrolling child window, after its contents: where more lies below its view, a
// fade and a large down arrow over its bottom edge, so a person sees there is more to scroll to
// (a thin scrollbar alone is not seen). Draws nothing when all is in view. Returns whether it was
// drawn (and tells the layout probe).
bool draw_more_below();
// Call inside the same window right after it begins, before its contents: where draw_more_below()
// will draw its arrow, a touch target at least kTouchTargetPx square round it, so a tap on the
// arrow scrolls the window down by most of its view (to its end where less is left). Taken before
// the contents so a button under the fade does not take the tap too. True on the frame it was
// tapped (the scroll shows from the next frame: draw on).
bool more_below_tapped();

// Whether the press that is being released now (or is held) has stayed a tap. Widgets inside a
// drag-scroll area act on `clicked && is_tap()`.
bool is_tap();

}  // namespace mutua
