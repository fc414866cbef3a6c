#include "platform/shaper.hpp"

#include <fribidi.h>
#include <hb.h>

#include <algorithm>

#include "platform/fonts.hpp"

namespace mutua {

namespace {

// One decoded character and where it starts in the UTF-8 text.
struct Decoded {
  std::vector<uint32_t> cps;
  std::vector<uint32_t> offsets;
};

Decoded decode_utf8(std::string_view s) {
  Decoded d;
  d.cps.reserve(s.size());
  d.offsets.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0xFFFD;
    size_t n = 1;
    if (c0 < 0x80) {
      cp = c0;
    } else if ((c0 >> 5) == 0x6 && i + 1 < s.size()) {
      cp = ((c0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      n = 2;
    } else if ((c0 >> 4) == 0xE && i + 2 < s.size()) {
      cp = ((c0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      n = 3;
    } else if ((c0 >> 3) == 0x1E && i + 3 < s.size()) {
      cp = ((c0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      n = 4;
    }
    d.cps.push_back(cp);
    d.offsets.push_back(static_cast<uint32_t>(i));
    i += n;
  }
  return d;
}

// Zero-width format characters: never drawn as a codepoint (the UI font would show '?').
bool invisible(uint32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || c == 0x061C;
}

struct Segment {
  size_t begin, end;  // character indices, logical
  FriBidiLevel level;
  bool arabic;
};

}  // namespace

bool uses_arabic_face(uint32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFF && c != 0xFEFF) || c == 0x200C || c == 0x200D;
}

bool has_rtl(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // Lead bytes 0xD6..0xDF start U+0580..U+07FF (Hebrew, Arabic, Syriac, Thaana, N'Ko); 0xE0
    // 0xA0..0xA3 U+0800..U+08FF; 0xEF 0xAC..0xBB the presentation forms.
    if (c >= 0xD6 && c <= 0xDF) {
      if (c == 0xD6 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0x90)
        continue;  // U+0580..U+058F Armenian
      return true;
    }
    if (c == 0xE0 && i + 1 < text.size()) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (c1 >= 0xA0 && c1 <= 0xA3) return true;
    }
    if (c == 0xEF && i + 1 < text.size()) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (c1 >= 0xAC && c1 <= 0xBB) return true;
    }
  }
  return false;
}

std::shared_ptr<Shaper> Shaper::load() {
  std::shared_ptr<Shaper> s(new Shaper());
  const char* families[] = {"Noto Sans Arabic", "DejaVu Sans"};
  for (const char* family : families) {
    auto regular = find_font_file(family);
    if (!regular) continue;
    auto bold = find_font_file(std::string(family) + ":weight=bold").value_or(*regular);
    const std::string files[2] = {*regular, bold};
    bool ok = true;
    for (int i = 0; i < 2 && ok; ++i) {
      Face& f = s->faces_[i];
      f.file = files[i];
      f.bytes = read_font_file(files[i]);
      if (f.bytes.empty()) {
        ok = false;
        break;
      }
      hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(f.bytes.data()),
                                       static_cast<unsigned>(f.bytes.size()),
                                       HB_MEMORY_MODE_READONLY, nullptr, nullptr);
      hb_face_t* face = hb_face_create(blob, 0);
      hb_font_t* font = hb_font_create(face);
      f.blob = blob;
      f.face = face;
      f.font = font;
      f.buffer = hb_buffer_create();
      f.upem = static_cast<float>(hb_face_get_upem(face));
      if (f.upem <= 0) ok = false;
    }
    if (ok) return s;
    s.reset(new Shaper());
  }
  return s;
}

Shaper::~Shaper() {
  for (Face& f : faces_) {
    if (f.buffer) hb_buffer_destroy(static_cast<hb_buffer_t*>(f.buffer));
    if (f.font) hb_font_destroy(static_cast<hb_font_t*>(f.font));
    if (f.face) hb_face_destroy(static_cast<hb_face_t*>(f.face));
    if (f.blob) hb_blob_destroy(static_cast<hb_blob_t*>(f.blob));
  }
}

ShapedLine Shaper::shape(std::string_view text, ArabicFace which, BaseDirection base) const {
  ShapedLine line;
  const Decoded d = decode_utf8(text);
  const size_t n = d.cps.size();
  if (n == 0) {
    line.rtl = base == BaseDirection::rtl;
    return line;
  }
  std::vector<FriBidiChar> chars(d.cps.begin(), d.cps.end());
  std::vector<FriBidiCharType> types(n);
  std::vector<FriBidiBracketType> brackets(n);
  std::vector<FriBidiLevel> levels(n);
  fribidi_get_bidi_types(chars.data(), FriBidiStrIndex(n), types.data());
  fribidi_get_bracket_types(chars.data(), FriBidiStrIndex(n), types.data(), brackets.data());
  FriBidiParType par = base == BaseDirection::ltr   ? FRIBIDI_PAR_LTR
                       : base == BaseDirection::rtl ? FRIBIDI_PAR_RTL
                                                    : FRIBIDI_PAR_WLTR;
  if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), FriBidiStrIndex(n), &par,
                                          levels.data()) == 0)
    std::fill(levels.begin(), levels.end(), FriBidiLevel(base == BaseDirection::rtl ? 1 : 0));
  line.rtl = FRIBIDI_IS_RTL(par);

  // Runs of one level and one face, in logical order.
  const Face& face = faces_[int(which)];
  const bool shaping = face.font != nullptr;
  std::vector<Segment> segs;
  for (size_t i = 0; i < n; ++i) {
    const bool arabic = shaping && uses_arabic_face(d.cps[i]);
    if (!segs.empty() && segs.back().level == levels[i] && segs.back().arabic == arabic)
      segs.back().end = i + 1;
    else
      segs.push_back({i, i + 1, levels[i], arabic});
  }
  // Rule L2 of the bidi algorithm: from the highest level down to the lowest odd one, reverse
  // every sequence of runs at that level or above.
  FriBidiLevel highest = 0, lowest_odd = 255;
  for (const Segment& s : segs) {
    highest = std::max(highest, s.level);
    if (s.level % 2) lowest_odd = std::min(lowest_odd, s.level);
  }
  for (int lv = highest; lv >= int(lowest_odd) && lv > 0; --lv) {
    size_t i = 0;
    while (i < segs.size()) {
      if (segs[i].level < lv) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < segs.size() && segs[j].level >= lv) ++j;
      std::reverse(segs.begin() + long(i), segs.begin() + long(j));
      i = j;
    }
  }

  line.glyphs.reserve(n);
  for (const Segment& s : segs) {
    const bool rtl = s.level % 2 != 0;
    if (s.arabic) {
      auto* buf = static_cast<hb_buffer_t*>(face.buffer);
      hb_buffer_clear_contents(buf);
      const uint32_t from = d.offsets[s.begin];
      const uint32_t to = s.end < n ? d.offsets[s.end] : uint32_t(text.size());
      hb_buffer_add_utf8(buf, text.data(), int(text.size()), from, int(to - from));
      hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
      hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
      hb_buffer_set_language(buf, hb_language_from_string("ar", -1));
      hb_shape(static_cast<hb_font_t*>(face.font), buf, nullptr, 0);
      unsigned count = 0;
      const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
      const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
      for (unsigned g = 0; g < count; ++g) {
        ShapedGlyph out;
        out.face = int8_t(which);
        out.id = info[g].codepoint;
        out.x_advance = float(pos[g].x_advance) / face.upem;
        out.x_offset = float(pos[g].x_offset) / face.upem;
        out.y_offset = float(pos[g].y_offset) / face.upem;
        out.cluster = info[g].cluster;
        out.rtl = rtl;
        line.glyphs.push_back(out);
      }
      continue;
    }
    for (size_t k = 0; k < s.end - s.begin; ++k) {
      const size_t i = rtl ? s.end - 1 - k : s.begin + k;
      uint32_t c = d.cps[i];
      if (invisible(c)) continue;
      if (rtl) {
        FriBidiChar m = 0;
        if (fribidi_get_mirror_char(c, &m)) c = m;
      }
      ShapedGlyph out;
      out.id = c;
      out.cluster = d.offsets[i];
      out.rtl = rtl;
      line.glyphs.push_back(out);
    }
  }
  return line;
}

}  // namespace mutua
