#pragma once
// Text shaping and bidirectional ordering for scripts ImGui cannot draw one codepoint at a time
// (Arabic, Persian): FriBidi resolves the direction of each character and orders the runs,
// HarfBuzz picks the joined forms, ligatures (lam-alef) and mark positions in Noto Sans Arabic.
// Everything else (Latin, Cyrillic, digits, punctuation) stays a codepoint the UI's own font draws.
// No ImGui here: app/widgets/shaped_text.* draws what this returns.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

// The Arabic faces: regular (running text) and bold (strong text, headings).
enum class ArabicFace : int8_t { regular = 0, bold = 1 };

struct ShapedGlyph {
  // A glyph of the Arabic face (face >= 0: its glyph id), or a codepoint (face < 0) the UI's
  // font draws as it always did.
  int8_t face = -1;
  uint32_t id = 0;  // glyph id or codepoint
  // Arabic glyphs only, in ems (font units / units per em): HarfBuzz's advance and offsets
  // (y_offset up). A codepoint's advance is the UI font's.
  float x_advance = 0, x_offset = 0, y_offset = 0;
  uint32_t cluster = 0;  // byte offset in the text of the first character this glyph shows
  bool rtl = false;      // laid out right to left (odd bidi level)
};

// One line in visual order, left to right.
struct ShapedLine {
  std::vector<ShapedGlyph> glyphs;
  bool rtl = false;  // the paragraph direction FriBidi resolved
};

enum class BaseDirection { ltr, rtl, first_strong };

// True when the text holds a character written right to left (Hebrew, Arabic, Syriac, Thaana,
// N'Ko, the Arabic presentation forms).
bool has_rtl(std::string_view text);
// True for the characters drawn by the Arabic face rather than by the UI's font.
bool uses_arabic_face(uint32_t codepoint);

// The Arabic faces, found through fontconfig (Noto Sans Arabic; DejaVu Sans if it is missing).
class Shaper {
 public:
  // Loads the faces; an empty shaper (no Arabic face found) still orders text, and leaves every
  // character a codepoint.
  static std::shared_ptr<Shaper> load();
  ~Shaper();
  Shaper(const Shaper&) = delete;
  Shaper& operator=(const Shaper&) = delete;

  bool has_faces() const { return faces_[0].font != nullptr; }
  // The font file of a face, and its bytes (stb_truetype rasterizes glyphs from them).
  const std::string& file(ArabicFace f) const { return faces_[int(f)].file; }
  const std::vector<unsigned char>& bytes(ArabicFace f) const { return faces_[int(f)].bytes; }

  // Shapes and orders one line (no line breaks inside). Not cached: see ShapeCache.
  ShapedLine shape(std::string_view text, ArabicFace face, BaseDirection base) const;

 private:
  Shaper() = default;
  struct Face {
    std::string file;
    std::vector<unsigned char> bytes;
    void* blob = nullptr;  // hb_blob_t*, hb_face_t*, hb_font_t*, hb_buffer_t*: HarfBuzz stays
    void* face = nullptr;  // out of this header
    void* font = nullptr;
    void* buffer = nullptr;
    float upem = 1000.0f;
  };
  Face faces_[2];
};

}  // namespace mutua
