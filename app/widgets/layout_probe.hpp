#pragma once
// What the app's own widgets put on screen, for the layout check (app/ui/layout_check.hpp): each
// touch target's rectangle and each label's text against the room it has. Off (one null test) in
// normal runs; the check installs a sink for a frame and reads it.
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace mutua {

struct ProbeItem {
  enum class Kind { touch, text };
  Kind kind = Kind::text;
  std::string label;
  ImVec2 min, max;                // the touch target, or the text as drawn (unclipped)
  ImVec2 room_min, room_max;      // text: the rectangle it must stay inside (its button or window)
  ImVec2 clip_min, clip_max;      // the window's visible rectangle when it was drawn (its clip)
  unsigned window = 0;            // ImGui id of that window
  ImVec2 window_min, window_max;  // that window's own inner rectangle, not clipped by its parents
  bool shortened = false;         // text: cut with "…" to fit
  bool room_is_clip = false;      // text: the room is just where the window clips (may scroll)
  bool text_field = false;        // touch: a text field, which needs a visible name beside it
};

struct LayoutProbe {
  std::vector<ProbeItem> items;
  std::vector<unsigned> scroll_y;  // windows a finger can scroll vertically
  std::vector<unsigned> scroll_x;  // ... and horizontally
  // Windows inside one that scrolls vertically (a row of chips in a scrolling form): what is
  // inside such a window's own rectangle is reached by scrolling that parent.
  std::vector<unsigned> parent_scroll_y;
  std::vector<unsigned> more_below;  // windows that show there is more below (draw_more_below)
  // Where each of those shows it: the fade's band and the arrow's touch target, and the windows
  // inside that one (filled in by the layout check), whose widgets are under it too.
  struct MoreBelowCue {
    unsigned window = 0;
    ImVec2 band_min, band_max;
    ImVec2 tap_min, tap_max;
    std::vector<unsigned> inside;
  };
  std::vector<MoreBelowCue> more_below_cues;
};

// Installs the sink (null: off). Not thread-safe; the UI runs on one thread.
void set_layout_probe(LayoutProbe* sink);
bool layout_probe_on();

// A touch target at [min, max] in the current window, named by its label.
void probe_touch(std::string_view label, ImVec2 min, ImVec2 max);
// A text field at [min, max] (a touch target too): the layout check wants words naming it, above
// or beside it, that stay when something is typed and its grey hint goes.
void probe_text_field(std::string_view label, ImVec2 min, ImVec2 max);
// A label drawn at [min, max] that must fit inside [room_min, room_max] (its button or tile).
void probe_text(std::string_view label, ImVec2 min, ImVec2 max, ImVec2 room_min, ImVec2 room_max,
                bool shortened = false);
// Running text drawn at [min, max], shown where the current draw list clips.
void probe_text_in_clip(std::string_view label, ImVec2 min, ImVec2 max);
// The current window shows a cue that there is more below its view (app/widgets/drag_scroll.hpp):
// a fade over [band_min, band_max] and an arrow tapped in [tap_min, tap_max]. No touch target of
// the window's may be seen there.
void probe_more_below(ImVec2 band_min, ImVec2 band_max, ImVec2 tap_min, ImVec2 tap_max);
// The current window scrolls under a finger (drag-scroll or a scrollbar) along that axis.
void probe_scrolling_window(bool horizontal = false);

}  // namespace mutua
