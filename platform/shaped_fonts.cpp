#include "platform/shaped_fonts.hpp"

#include <stb_truetype.h>

#include <chrono>
#include <set>

#include "platform/fonts.hpp"

namespace mutua {

namespace {

// Noto Sans Arabic's letters are small beside DejaVu's at one em; a little larger reads evenly.
constexpr float kArabicEmRatio = 1.12f;

struct Registered {
  const ImFontAtlas* atlas = nullptr;
  std::unique_ptr<ShapedFont> font;
};
std::vector<Registered>& registry() {
  static std::vector<Registered> r;
  return r;
}
uint64_t& generation() {
  static uint64_t g = 0;
  return g;
}
std::shared_ptr<Shaper>& shaper_storage() {
  static std::shared_ptr<Shaper> s;
  return s;
}
ArabicBakeStats& stats() {
  static ArabicBakeStats s;
  return s;
}

struct Pending {
  const ImFontAtlas* atlas;
  ShapedFont* font;
  uint32_t glyph;
  int rect;
  float scale;
};
std::vector<Pending>& pending() {
  static std::vector<Pending> p;
  return p;
}

std::string utf8(uint32_t c) {
  std::string s;
  if (c < 0x80) {
    s += char(c);
  } else if (c < 0x800) {
    s += char(0xC0 | (c >> 6));
    s += char(0x80 | (c & 0x3F));
  } else {
    s += char(0xE0 | (c >> 12));
    s += char(0x80 | ((c >> 6) & 0x3F));
    s += char(0x80 | (c & 0x3F));
  }
  return s;
}

// Strings whose shaping reaches every form a typed Arabic or Persian word can take.
std::vector<std::string> coverage_strings() {
  std::vector<uint32_t> letters;
  for (uint32_t c = 0x0621; c <= 0x063A; ++c) letters.push_back(c);
  for (uint32_t c = 0x0641; c <= 0x064A; ++c) letters.push_back(c);
  for (uint32_t c : {0x067Eu, 0x0686u, 0x0698u, 0x06A9u, 0x06AFu, 0x06CCu, 0x06C0u, 0x0671u,
                     0x06BEu, 0x06C1u, 0x06D2u, 0x0640u})
    letters.push_back(c);
  std::vector<std::string> out;
  // Isolated, initial, medial and final forms of each letter, and each pair of letters (some
  // fonts pick a form by the neighbouring letter).
  // Words are kept apart by a zero-width non-joiner rather than a space, so each string is one
  // HarfBuzz call (spaces split the runs shaping sees) and start-up stays short.
  const std::string sep = utf8(0x200C), beh = utf8(0x0628);
  for (uint32_t a : letters) {
    const std::string la = utf8(a);
    std::string s = la + sep + la + beh + sep + beh + la + beh + sep + beh + la + sep;
    for (uint32_t b : letters) s += utf8(b) + la + utf8(b) + sep;
    out.push_back(s);
  }
  std::string marks;
  for (uint32_t m = 0x064B; m <= 0x0655; ++m) marks += beh + utf8(m) + beh + utf8(m) + " ";
  marks += beh + utf8(0x0670) + beh + " ";
  // Zero-width non-joiner (Persian "می‌توانم") and joiner.
  marks += beh + utf8(0x200C) + beh + " " + beh + utf8(0x200D) + " ";
  out.push_back(marks);
  out.push_back(
      "\xD9\x84\xD8\xA7 \xD9\x84\xD8\xA2 \xD9\x84\xD8\xA3 \xD9\x84\xD8\xA5 "
      "\xD8\xA8\xD9\x84\xD8\xA7 \xD8\xA8\xD9\x84\xD8\xA2 \xD8\xA8\xD9\x84\xD8\xA3 "
      "\xD8\xA8\xD9\x84\xD8\xA5");  // lam-alef, alone and joined
  std::string digits;
  for (uint32_t c = 0x0660; c <= 0x066D; ++c) digits += utf8(c);
  for (uint32_t c = 0x06F0; c <= 0x06F9; ++c) digits += utf8(c);
  for (uint32_t c : {0x060Cu, 0x061Bu, 0x061Fu, 0x06D4u}) digits += utf8(c) + " ";
  out.push_back(digits);
  return out;
}

bool holds_arabic(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xD8 && c <= 0xDD) return true;  // U+0600..U+077F
  return has_rtl(s);
}

// The Latin face's em in pixels at an ImGui font size (ImGui sizes fonts by ascent - descent).
float latin_em_ratio(const std::string& latin_file) {
  if (latin_file.empty()) return 0.86f;
  const std::vector<unsigned char> bytes = read_font_file(latin_file);
  stbtt_fontinfo info;
  if (bytes.empty() || !stbtt_InitFont(&info, bytes.data(), 0)) return 0.86f;
  return stbtt_ScaleForPixelHeight(&info, 1.0f) / stbtt_ScaleForMappingEmToPixels(&info, 1.0f);
}

}  // namespace

Shaper* shaper() {
  return shaper_storage().get();
}

const ShapedFont* shaped_font(const ImFont* font) {
  for (const Registered& r : registry())
    if (r.font->font == font) return r.font.get();
  return nullptr;
}

uint64_t fonts_generation() {
  return generation();
}

const ArabicBakeStats& arabic_bake_stats() {
  return stats();
}

void plan_arabic_glyphs(ImFontAtlas& atlas, const std::vector<ArabicFontPlan>& fonts,
                        const std::string& latin_file, const std::vector<std::string>& texts) {
  const auto t0 = std::chrono::steady_clock::now();
  ++generation();
  auto& reg = registry();
  // This atlas's old faces, and any kept for a font of a destroyed atlas whose address one of
  // the new fonts now has (shaped_font() would find that one first).
  std::erase_if(reg, [&](const Registered& r) {
    if (r.atlas == &atlas) return true;
    for (const ArabicFontPlan& f : fonts)
      if (f.font == r.font->font) return true;
    return false;
  });
  std::erase_if(pending(), [&](const Pending& p) { return p.atlas == &atlas; });
  if (!shaper_storage()) shaper_storage() = Shaper::load();
  Shaper& sh = *shaper_storage();
  stats() = {};
  if (!sh.has_faces()) return;

  // Every glyph id each face can reach.
  std::set<uint32_t> ids[2];
  std::vector<std::string> strings = coverage_strings();
  for (const std::string& t : texts)
    if (holds_arabic(t)) strings.push_back(t);
  for (const std::string& s : strings) {
    for (ArabicFace f : {ArabicFace::regular, ArabicFace::bold}) {
      const ShapedLine line = sh.shape(s, f, BaseDirection::rtl);
      for (const ShapedGlyph& g : line.glyphs)
        if (g.face >= 0) ids[int(f)].insert(g.id);
    }
  }
  stats().strings = int(strings.size());

  const float latin_em = latin_em_ratio(latin_file);
  stbtt_fontinfo info[2];
  bool ok[2];
  for (int f = 0; f < 2; ++f)
    ok[f] = stbtt_InitFont(&info[f], sh.bytes(ArabicFace(f)).data(), 0) != 0;
  for (const auto& [font, face, size_px] : fonts) {
    if (!font || !ok[int(face)]) continue;
    auto sf = std::make_unique<ShapedFont>();
    sf->font = font;
    sf->face = face;
    sf->em_px = size_px * latin_em * kArabicEmRatio;
    const stbtt_fontinfo& fi = info[int(face)];
    const float scale = stbtt_ScaleForMappingEmToPixels(&fi, sf->em_px);
    for (uint32_t id : ids[int(face)]) {
      int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      stbtt_GetGlyphBitmapBox(&fi, int(id), scale, scale, &x0, &y0, &x1, &y1);
      BakedGlyph g{ImVec2(float(x0), float(y0)), ImVec2(float(x1), float(y1)), {}, {}};
      sf->glyphs.emplace(id, g);
      if (x1 <= x0 || y1 <= y0) continue;
      const int rect = atlas.AddCustomRectRegular(x1 - x0, y1 - y0);
      pending().push_back({&atlas, sf.get(), id, rect, scale});
    }
    reg.push_back({&atlas, std::move(sf)});
  }
  stats().ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void bake_arabic_glyphs(ImFontAtlas& atlas) {
  const auto t0 = std::chrono::steady_clock::now();
  Shaper* sh = shaper();
  if (!sh || !sh->has_faces() || !atlas.TexPixelsAlpha8) return;
  stbtt_fontinfo info[2];
  for (int f = 0; f < 2; ++f) stbtt_InitFont(&info[f], sh->bytes(ArabicFace(f)).data(), 0);
  int baked = 0;
  for (const Pending& p : pending()) {
    if (p.atlas != &atlas) continue;
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(p.rect);
    if (!r->IsPacked()) continue;
    unsigned char* dst = atlas.TexPixelsAlpha8 + size_t(r->Y) * size_t(atlas.TexWidth) + r->X;
    stbtt_MakeGlyphBitmap(&info[int(p.font->face)], dst, r->Width, r->Height, atlas.TexWidth,
                          p.scale, p.scale, int(p.glyph));
    BakedGlyph& g = p.font->glyphs[p.glyph];
    atlas.CalcCustomRectUV(r, &g.uv0, &g.uv1);
    ++baked;
  }
  std::erase_if(pending(), [&](const Pending& p) { return p.atlas == &atlas; });
  stats().glyphs = baked;
  stats().ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace mutua
