#pragma once
// The bar at the top of every screen but home: a big back button and the screen's title.
#include <imgui.h>

namespace mutua {
struct UiContext;
void draw_top_bar(UiContext& ctx, const char* title);
}  // namespace mutua
