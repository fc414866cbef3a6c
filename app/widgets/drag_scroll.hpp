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

// "More below": where a scrolling child window's contents go on below its view, a strip across
// the bottom of the view (a finger's height) shows a shade and a large down arrow, so a person
// sees there is more to scroll to (a thin scrollbar alone is not seen), and a tap anywhere in
// the strip scrolls down. The contents are clipped above the strip, so none of them is seen or
// tapped under it, and where they overflow the view, room the strip's height goes under them:
// at the end of the scroll (no strip) the last of them sits where the strip's top was. A view
// under three strips tall shows none (it would take too much of it): its scrollbar alone.
// Call both, or neither, in a frame:
//
// Right after the window begins, before its contents: takes the strip's tap (a scroll by most
// of the view, to its end where less is left; it shows from the next frame: draw on) and clips
// the contents above the strip. True on the frame it was tapped.
bool more_below_tapped();
// After the contents, before the window ends: adds the room under them, and draws the strip
// (nothing when all is in view). Returns whether it drew it (and tells the layout probe).
bool draw_more_below();
// The strip's height (px; the touch target's physical minimum).
float more_below_strip_height();
// Inside such a window, between the two calls: the room kept at its bottom for the strip this
// frame (0 where its contents fit its view), for a layout that wants its first rows seen above
// the strip.
float more_below_reserved();

// Whether the press that is being released now (or is held) has stayed a tap. Widgets inside a
// drag-scroll area act on `clicked && is_tap()`.
bool is_tap();

}  // namespace mutua
