#pragma once
// A ticket code drawn large and sharp: in the font baked for codes (platform/fonts.hpp, kCodeFontPx
// at the UI scale), at exactly the size it was baked at and on whole pixels, so each glyph maps
// one to one onto the screen. Only when the box is too small is it drawn smaller (scaling down
// stays crisp; scaling a small font up, as before, was blurry).
#include <imgui.h>

#include <string_view>

namespace mutua {

// The size `text` is drawn at in a box of `width` x `height`: code->FontSize when it fits.
float big_code_size(ImFont* code, std::string_view text, float width, float height);
// Draws `text` centred in the box from `min` of `width` x `height`; captured for tests. Returns
// the size used.
float draw_big_code(ImDrawList* dl, ImFont* code, ImVec2 min, float width, float height,
                    ImU32 colour, std::string_view text);

}  // namespace mutua
