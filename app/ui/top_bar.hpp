#pragma once
// The bar at the top of every screen but home: a big back button and the screen's title.
#include <imgui.h>

namespace mutua {
struct UiContext;
void draw_top_bar(UiContext& ctx, const char* title);
// Just the back button, for screens that put something else beside it on short displays.
void draw_back_button(UiContext& ctx);
// Height of the top bar's controls.
float top_bar_height();
}  // namespace mutua
