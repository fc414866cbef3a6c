#pragma once
// One frame of the UI, independent of any window or renderer, so tests can run it headless.
#include "app/ui/state.hpp"

namespace mutua {

// ImGui style for the Mutua look at the current ui_scale().
void apply_theme();

// Draws the current screen into a window covering the whole display. Call between
// ImGui::NewFrame() and ImGui::Render(). Runs the screen's enter() when it changed.
void draw_ui(UiContext& ctx);

// Moves to another screen (its enter() runs on the next draw_ui).
inline void go_to(UiState& state, Screen screen) {
  state.screen = screen;
}

}  // namespace mutua
