#pragma once
// Arabic glyphs baked into ImGui's font atlas beside its own, by glyph id (ImGui 1.86 knows only
// codepoints): custom rects reserved before the atlas is built and filled after with
// stb_truetype. Which glyphs: every glyph shaping can reach from the strings the app shows
// (glyph_texts(): every catalogue) plus the Arabic and Persian letters in all their joining
// forms, lam-alef, harakat and digits, so the names people type shape too.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <imgui.h>

#include "platform/shaper.hpp"

namespace mutua {

struct BakedGlyph {
  ImVec2 min, max;  // the bitmap's box, from the pen position on the baseline, in pixels
  ImVec2 uv0, uv1;  // where it is in the atlas; equal when the glyph draws nothing (a space)
};

// The Arabic face drawn beside one of the UI's ImGui fonts, at its size.
struct ShapedFont {
  const ImFont* font = nullptr;
  ArabicFace face = ArabicFace::regular;
  float em_px = 0;  // the Arabic face's em in pixels at font->FontSize
  std::unordered_map<uint32_t, BakedGlyph> glyphs;
  // A glyph shaping reached that was not baked (drawn as nothing); counted for tests.
  mutable int missing = 0;
};

// The process's shaper (loaded by the first load_fonts()); null before.
Shaper* shaper();
// The Arabic face baked beside `font`, or null (the code font, or fonts of another atlas).
const ShapedFont* shaped_font(const ImFont* font);
// Counts font rebuilds (every load_fonts()). Anything kept by font pointer (shaped widths)
// belongs to one generation: a rebuilt font may take a freed one's address.
uint64_t fonts_generation();

// Called by load_fonts(): reserve rects for the Arabic glyphs of `fonts` (font, face) before
// atlas.Build(), then fill them after it. Stats for the report and the bench.
struct ArabicBakeStats {
  int glyphs = 0;   // rects baked, all sizes
  int strings = 0;  // strings shaped to find them
  double ms = 0;    // time spent planning and baking
};
struct ArabicFontPlan {
  ImFont* font;
  ArabicFace face;
  float size_px;  // the size the ImGui font was added at (its FontSize is only set by Build)
};
void plan_arabic_glyphs(ImFontAtlas& atlas, const std::vector<ArabicFontPlan>& fonts,
                        const std::string& latin_file, const std::vector<std::string>& texts);
void bake_arabic_glyphs(ImFontAtlas& atlas);
const ArabicBakeStats& arabic_bake_stats();

}  // namespace mutua
