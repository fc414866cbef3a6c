#pragma once
// The bar at the top of every screen but home: a big back button and the screen's title.
#include <imgui.h>

#include <string_view>

namespace mutua {
struct UiContext;
void draw_top_bar(UiContext& ctx, const char* title);
// The title beside the control just drawn (after SameLine): in the heading font, else the bold
// body face on one or two lines, else on its own row under the control.
void draw_top_bar_title(UiContext& ctx, std::string_view title);
// Just the back button, for screens that put something else beside it on short displays.
void draw_back_button(UiContext& ctx);
// Height of the top bar's controls.
float top_bar_height();
}  // namespace mutua
