#pragma once
// Step 1 of the wizards: every category as a large tile with a drawn icon and its label. The
// grid picks its columns so that, where it can, every tile is visible without scrolling and no
// label is cut, in any language and at any size from 480x800 to 1920x1080.
#include <imgui.h>

#include <string>

namespace mutua {

struct UiContext;

// Draws the grid into the current (scrolling) child, `height` tall. `category` is the current
// answer (highlighted). Returns true when a tile was tapped; `*category` is then its id.
bool draw_category_grid(UiContext& ctx, std::string* category, ImU32 accent, float height);

}  // namespace mutua
