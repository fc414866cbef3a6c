#include "app/widgets/shaped_text.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "app/ui/direction.hpp"
#include "app/widgets/mirror.hpp"
#include "platform/shaped_fonts.hpp"

namespace mutua {

namespace {

// Bounded: an app shows a few thousand distinct strings; typing adds one per keystroke.
constexpr size_t kMaxEntries = 8192;

// Keyed by the font's address: kept for one generation of fonts only, since a font rebuilt at
// another size (a text size change) may take a freed one's address.
std::unordered_map<std::string, ShapedText>& cache() {
  static std::unordered_map<std::string, ShapedText> c;
  static uint64_t generation = 0;
  if (generation != fonts_generation()) {
    c.clear();
    generation = fonts_generation();
  }
  return c;
}
size_t g_misses = 0;

// The Arabic em in pixels beside `font` when no Arabic glyphs were baked for it.
float fallback_em(const ImFont* font) {
  return font->FontSize * 0.96f;
}

float glyph_advance(const ImFont* font, const ShapedFont* sf, const ShapedGlyph& g) {
  if (g.face < 0) return font->GetCharAdvance(static_cast<ImWchar>(g.id <= 0xFFFF ? g.id : 0xFFFD));
  return g.x_advance * (sf ? sf->em_px : fallback_em(font));
}

}  // namespace

bool takes_shaped_path(std::string_view text) {
  return frame_mirrored() || has_rtl(text);
}

bool paragraph_rtl(std::string_view text) {
  return ui_rtl() && has_rtl(text);
}

const ShapedText& shaped_text(ImFont* font, std::string_view text) {
  return shaped_text(font, text, paragraph_rtl(text));
}

const ShapedText& shaped_text(ImFont* font, std::string_view text, bool rtl_paragraph) {
  if (!font) font = ImGui::GetFont();
  static std::string key;
  key.assign(reinterpret_cast<const char*>(&font), sizeof font);
  key += rtl_paragraph ? 'R' : 'F';
  key.append(text.data(), text.size());
  auto& c = cache();
  if (auto it = c.find(key); it != c.end()) return it->second;
  if (c.size() >= kMaxEntries) c.clear();
  ++g_misses;
  const ShapedFont* sf = shaped_font(font);
  ShapedText st;
  if (Shaper* sh = shaper())
    st.line = sh->shape(text, sf ? sf->face : ArabicFace::regular,
                        rtl_paragraph ? BaseDirection::rtl : BaseDirection::first_strong);
  for (const ShapedGlyph& g : st.line.glyphs) st.width += glyph_advance(font, sf, g);
  return c.emplace(key, std::move(st)).first->second;
}

float shaped_width(ImFont* font, std::string_view text, float size) {
  if (!font) font = ImGui::GetFont();
  const float k = size > 0 ? size / font->FontSize : 1.0f;
  return shaped_text(font, text).width * k;
}

void draw_shaped_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                      std::string_view text) {
  draw_shaped_line(dl, font, size, pos, colour, text, paragraph_rtl(text));
}

void draw_shaped_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                      std::string_view text, bool rtl_paragraph) {
  if (!font) font = ImGui::GetFont();
  if (size <= 0) size = font->FontSize;
  if ((colour & IM_COL32_A_MASK) == 0) return;
  const ShapedText& st = shaped_text(font, text, rtl_paragraph);
  const ShapedFont* sf = shaped_font(font);
  const float k = size / font->FontSize;
  const float em = (sf ? sf->em_px : fallback_em(font)) * k;
  const float w = st.width * k;
  const bool mirror = frame_mirrored();
  const float baseline = pos.y + font->Ascent * k;
  float x = 0;
  for (const ShapedGlyph& g : st.line.glyphs) {
    const float adv = glyph_advance(font, sf, g) * k;
    if (g.face < 0) {
      const float gx = mirror ? pos.x + w - x - adv : pos.x + x;
      font->RenderChar(dl, size, ImVec2(gx, pos.y), colour,
                       static_cast<ImWchar>(g.id <= 0xFFFF ? g.id : 0xFFFD));
    } else if (sf) {
      auto it = sf->glyphs.find(g.id);
      if (it == sf->glyphs.end()) {
        ++sf->missing;
      } else if (it->second.uv0.x != it->second.uv1.x) {
        const BakedGlyph& b = it->second;
        float x0 = x + g.x_offset * em + b.min.x * k;
        float x1 = x + g.x_offset * em + b.max.x * k;
        if (mirror) {
          const float m0 = w - x1;
          x1 = w - x0;
          x0 = m0;
        }
        const float y0 = baseline - g.y_offset * em + b.min.y * k;
        const float y1 = baseline - g.y_offset * em + b.max.y * k;
        dl->PrimReserve(6, 4);
        dl->PrimRectUV(ImVec2(pos.x + x0, y0), ImVec2(pos.x + x1, y1), b.uv0, b.uv1, colour);
      }
    }
    x += adv;
  }
}

float shaped_caret_x(ImFont* font, std::string_view text) {
  if (!font) font = ImGui::GetFont();
  const ShapedText& st = shaped_text(font, text);
  const ShapedFont* sf = shaped_font(font);
  if (st.line.glyphs.empty()) return 0.0f;
  // The glyphs showing the last logical character: the caret goes after them in their direction.
  uint32_t last = 0;
  for (const ShapedGlyph& g : st.line.glyphs) last = std::max(last, g.cluster);
  float x = 0, lo = st.width, hi = 0;
  bool rtl = false;
  for (const ShapedGlyph& g : st.line.glyphs) {
    const float adv = glyph_advance(font, sf, g);
    if (g.cluster == last) {
      lo = std::min(lo, x);
      hi = std::max(hi, x + adv);
      rtl = g.rtl;
    }
    x += adv;
  }
  const float caret = rtl ? lo : hi;
  return frame_mirrored() ? st.width - caret : caret;
}

std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float wrap_width) {
  if (!font) font = ImGui::GetFont();
  std::vector<std::string_view> lines;
  const float space = font->GetCharAdvance(' ');
  size_t para = 0;
  while (para <= text.size()) {
    size_t para_end = text.find('\n', para);
    if (para_end == std::string_view::npos) para_end = text.size();
    const std::string_view p = text.substr(para, para_end - para);
    size_t line_start = 0, pos = 0;
    float line_w = -1;  // < 0: the line holds no word yet
    while (pos <= p.size()) {
      size_t end = p.find(' ', pos);
      if (end == std::string_view::npos) end = p.size();
      const float w = shaped_width(font, p.substr(pos, end - pos));
      if (wrap_width > 0 && w > wrap_width && end - pos > 1) {
        // A word wider than the whole line (a long Latin word at 200 % in a narrow card) is
        // broken between characters, as ImGui breaks one: never drawn past the edge.
        if (line_w >= 0) lines.push_back(p.substr(line_start, pos - 1 - line_start));
        size_t chunk = pos;
        for (size_t at = pos; at < end;) {
          size_t next = at + 1;
          while (next < end && (static_cast<unsigned char>(p[next]) & 0xC0) == 0x80) ++next;
          if (at > chunk && shaped_width(font, p.substr(chunk, next - chunk)) > wrap_width) {
            lines.push_back(p.substr(chunk, at - chunk));
            chunk = at;
          }
          at = next;
        }
        line_start = chunk;
        line_w = shaped_width(font, p.substr(chunk, end - chunk));
        pos = end + 1;
        continue;
      }
      if (line_w >= 0 && line_w + space + w > wrap_width) {
        lines.push_back(p.substr(line_start, pos - 1 - line_start));
        line_start = pos;
        line_w = w;
      } else {
        line_w = line_w < 0 ? w : line_w + space + w;
      }
      pos = end + 1;
    }
    lines.push_back(p.substr(line_start));
    para = para_end + 1;
  }
  return lines;
}

size_t shaped_cache_size() {
  return cache().size();
}
size_t shaped_cache_misses() {
  return g_misses;
}
void clear_shaped_cache() {
  cache().clear();
}

}  // namespace mutua
