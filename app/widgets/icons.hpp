#pragma once
// Simple category pictograms drawn with ImDrawList: no image files, crisp at every scale, and
// recognisable without reading (a drop for water, a house for shelter, a cross for health...).
#include <imgui.h>

#include <string_view>

namespace mutua {

// Draws the icon of a category id centred at `centre`, fitting a square of side `size`. Unknown
// ids (categories a group added) get a neutral tag shape.
void draw_category_icon(ImDrawList* dl, std::string_view category, ImVec2 centre, float size,
                        ImU32 colour);

}  // namespace mutua
