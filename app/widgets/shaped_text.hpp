#pragma once
// Shaped, ordered lines drawn with ImGui: the path app/widgets/text.* takes for text holding
// right-to-left characters, and for all text on a mirrored frame (app/widgets/mirror.hpp), where
// glyphs are placed pre-mirrored so they read right after the frame's flip. Shaped lines are
// cached by (font, direction, text); a frame of an Arabic screen shapes nothing new.
#include <imgui.h>

#include <string_view>
#include <vector>

#include "platform/shaper.hpp"

namespace mutua {

// Whether this text takes the shaped path this frame (holds right-to-left characters, or the
// frame is mirrored).
bool takes_shaped_path(std::string_view text);

struct ShapedText {
  ShapedLine line;
  float width = 0;  // at font->FontSize
};
// The cached shaping of one line of `text` in `font` (its Arabic face: regular for the body font,
// bold for strong and heading). The paragraph is right to left when the UI reads right to left
// and the text holds a right-to-left character, else it follows the first strong character.
const ShapedText& shaped_text(ImFont* font, std::string_view text);
// The same for one line of a wrapped paragraph that reads right to left (paragraph_rtl): the
// line is laid out right to left even when it holds no Arabic letter ("School." ends an Arabic
// sentence with its full stop at the left).
const ShapedText& shaped_text(ImFont* font, std::string_view text, bool rtl_paragraph);
// Whether `text`, as a paragraph, reads right to left (the UI does and the text holds a
// right-to-left character).
bool paragraph_rtl(std::string_view text);
// Width of one line at `size` (font->FontSize when <= 0).
float shaped_width(ImFont* font, std::string_view text, float size = 0.0f);
// Draws one line with its left edge at pos.x (in layout coordinates), at `size`.
void draw_shaped_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                      std::string_view text);
// One line of a wrapped paragraph: right to left when the paragraph is (paragraph_rtl).
void draw_shaped_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                      std::string_view text, bool rtl_paragraph);
// Where the caret goes after the text's last logical character, from pos.x of the line.
float shaped_caret_x(ImFont* font, std::string_view text);
// The text broken into lines at spaces (and at '\n'), in logical order, each at most
// wrap_width wide unless one word alone is wider.
std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float wrap_width);
// Entries in the cache, and the number of shapings done (to show a frame shapes nothing new).
size_t shaped_cache_size();
size_t shaped_cache_misses();
void clear_shaped_cache();

}  // namespace mutua
