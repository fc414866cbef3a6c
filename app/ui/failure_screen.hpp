#pragma once
// The frame boundary (issue 11): anything thrown out of a frame (a Store read throwing DbError, a
// full disk, a bug) is caught once by draw_ui, logged with its reason on standard error (the
// app's log), and the UI shows "Something went wrong. Your data is safe." with the reason and a
// way back to the start screen. The kiosk keeps running.
#include <string>

namespace mutua {

struct UiContext;

// What went wrong, while the failure screen shows (state.failure).
struct FrameFailure {
  std::string reason;  // e.what(), in the words it came with (a full disk says so)
};

// Called by draw_ui when a frame threw: closes what the frame left open in ImGui (windows,
// fonts, style pushes) down to `font_depth` fonts, logs `reason` and shows the failure screen.
void frame_failed(UiContext& ctx, const std::string& reason, int font_depth);

// Draws the failure screen; it touches no store. "Back to start" wipes the session (as the idle
// timeout does) and the next frame draws the start screen again.
void draw_failure_screen(UiContext& ctx);

}  // namespace mutua
