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
// (a thin scrollbar alone is not seen). Draws nothing, and takes no tap, when all is in view.
// Returns whether it was drawn (and tells the layout probe).
bool draw_more_below();

// Whether the press that is being released now (or is held) has stayed a tap. Widgets inside a
// drag-scroll area act on `clicked && is_tap()`.
bool is_tap();

}  // namespace mutua
