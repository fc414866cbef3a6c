#pragma once
// Fonts found through fontconfig and loaded into ImGui's atlas at the UI scale.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

namespace mutua {

// The file fontconfig picks for a pattern such as "DejaVu Sans:weight=bold", only if its family
// is the one asked for (fontconfig always answers with *something*).
std::optional<std::string> find_font_file(const std::string& pattern);

// A font file's bytes (empty when it cannot be read): the shaper and the glyph atlas read the
// faces themselves.
std::vector<unsigned char> read_font_file(const std::string& path);

inline constexpr float kCodeFontPx = 64.0f;

struct FontSet {
  ImFont* body = nullptr;     // running text
  ImFont* strong = nullptr;   // emphasis at body size
  ImFont* heading = nullptr;  // titles and tiles
  // Ticket codes: bold, baked at kCodeFontPx x scale with only the code's characters (A-Z, 0-9,
  // '-', '_'), so the big code is drawn at its own size, sharp, never a small font scaled up.
  ImFont* code = nullptr;
  std::string regular_file;  // empty when ImGui's built-in font was the fallback
  // The atlas keeps a pointer to the ranges until it is built, so the set owns them.
  std::shared_ptr<ImVector<ImWchar>> glyph_ranges;
};

// Loads body, strong and heading fonts for `scale` into `atlas` and builds it. Glyphs cover
// Latin-1, Latin Extended A/B, basic Cyrillic, common punctuation, and every character of
// `texts` (the strings the app shows). Falls back to ImGui's built-in font if no system font is
// found, so the UI still starts on a bare machine.
FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::vector<std::string>& texts);

}  // namespace mutua
