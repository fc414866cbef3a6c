#include "platform/fonts.hpp"

#include <fontconfig/fontconfig.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "platform/scale.hpp"
#include "platform/shaped_fonts.hpp"

namespace mutua {

namespace {

// Families tried in order: both cover Latin and Cyrillic and are on most Linux images.
constexpr const char* kFamilies[] = {"DejaVu Sans", "Noto Sans"};

bool is_truetype(const std::string& file) {
  auto ends_with = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    return file.size() >= n && strcasecmp(file.c_str() + file.size() - n, suffix) == 0;
  };
  return ends_with(".ttf") || ends_with(".otf");
}

std::shared_ptr<ImVector<ImWchar>> build_ranges(const std::vector<std::string>& texts) {
  static const ImWchar kBase[] = {
      0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
      0x0100, 0x024F,  // Latin Extended-A and -B
      0x0400, 0x04FF,  // Cyrillic
      0x2010, 0x205E,  // dashes, quotes, bullet, ellipsis
      0x20AC, 0x20AC,  // euro sign
      0x2190, 0x2193,  // arrows
      0,
  };
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(kBase);
  for (const auto& t : texts) builder.AddText(t.c_str(), t.c_str() + t.size());
  auto ranges = std::make_shared<ImVector<ImWchar>>();
  builder.BuildRanges(ranges.get());
  return ranges;
}

// Space to '_': digits, capitals and '-', all a ticket code or its blanks ("K7Q-0__") can hold.
const ImWchar kCodeRanges[] = {0x0020, 0x005F, 0};

ImFont* add_font(ImFontAtlas& atlas, const std::string& file, float size, const ImWchar* ranges) {
  ImFontConfig cfg;
  // 2x horizontal oversampling is sharp enough at these sizes and halves the atlas.
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  return atlas.AddFontFromFileTTF(file.c_str(), size, &cfg, ranges);
}

}  // namespace

std::optional<std::string> find_font_file(const std::string& pattern) {
  if (!FcInit()) return std::nullopt;
  FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
  if (!pat) return std::nullopt;
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pat, &result);
  std::optional<std::string> found;
  if (match) {
    FcChar8* file = nullptr;
    FcChar8* family = nullptr;
    FcChar8* wanted = nullptr;
    FcPatternGetString(pat, FC_FAMILY, 0, &wanted);
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch && wanted &&
        FcStrCmpIgnoreCase(family, wanted) == 0 && is_truetype(reinterpret_cast<char*>(file)))
      found = reinterpret_cast<char*>(file);
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pat);
  return found;
}

FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::vector<std::string>& texts) {
  FontSet set;
  set.glyph_ranges = build_ranges(texts);
  const ImWchar* ranges = set.glyph_ranges->Data;
  const float body_px = kBaseFontPx * scale;
  const float heading_px = 30.0f * scale;

  atlas.Clear();
  for (const char* family : kFamilies) {
    auto regular = find_font_file(family);
    if (!regular) continue;
    // A missing bold face is not worth failing over: reuse the regular one.
    auto bold = find_font_file(std::string(family) + ":weight=bold").value_or(*regular);
    set.body = add_font(atlas, *regular, body_px, ranges);
    set.strong = add_font(atlas, bold, body_px, ranges);
    set.heading = add_font(atlas, bold, heading_px, ranges);
    set.code = add_font(atlas, bold, kCodeFontPx * scale, kCodeRanges);
    if (set.body && set.strong && set.heading && set.code) {
      set.regular_file = *regular;
      break;
    }
    atlas.Clear();
    set = FontSet{{}, {}, {}, {}, {}, set.glyph_ranges};
  }
  if (!set.body) {
    ImFontConfig cfg;
    cfg.SizePixels = body_px;
    set.body = set.strong = atlas.AddFontDefault(&cfg);
    cfg.SizePixels = heading_px;
    set.heading = atlas.AddFontDefault(&cfg);
    cfg.SizePixels = kCodeFontPx * scale;
    set.code = atlas.AddFontDefault(&cfg);
  }
  // Arabic glyphs beside the body (regular), strong and heading (bold) fonts, by glyph id.
  plan_arabic_glyphs(atlas,
                     {{set.body, ArabicFace::regular, body_px},
                      {set.strong, ArabicFace::bold, body_px},
                      {set.heading, ArabicFace::bold, heading_px}},
                     set.regular_file, texts);
  atlas.Build();
  bake_arabic_glyphs(atlas);
  // Fonts are only looked up at start-up; give fontconfig's caches back.
  FcFini();
  return set;
}

std::vector<unsigned char> read_font_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace mutua
