#pragma once
// Big coloured tiles for the home screen: the whole rectangle is the touch target.
#include <imgui.h>

#include <string_view>

namespace mutua {

struct TileStyle {
  ImU32 colour = 0;
  ImFont* title_font = nullptr;
  ImFont* body_font = nullptr;
  const char* badge = nullptr;  // short note in a pill at the bottom, e.g. "Coming soon"
  // A pictogram id (core/pictogram.hpp) drawn large at the tile's far side, when the words
  // still fit beside it (they always come first).
  const char* pictogram = nullptr;
};

// A button of `size` at the cursor with a wrapped title and an optional short description.
// Returns true when tapped.
bool tile_button(const char* id, std::string_view title, std::string_view description, ImVec2 size,
                 const TileStyle& style);

}  // namespace mutua
