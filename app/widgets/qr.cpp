#include "app/widgets/qr.hpp"

#include <qrencode.h>

#include <algorithm>
#include <cmath>

#include "app/widgets/mirror.hpp"

namespace mutua {

QrMatrix encode_qr(std::string_view text) {
  QrMatrix m;
  const std::string s(text);
  QRcode* code = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return m;
  m.side = code->width;
  m.dark.resize(size_t(m.side) * m.side);
  for (int i = 0; i < m.side * m.side; ++i) m.dark[size_t(i)] = (code->data[i] & 1) != 0;
  QRcode_free(code);
  return m;
}

bool draw_qr(ImDrawList* dl, ImVec2 at, float size, std::string_view text) {
  static std::string cached_text;
  static QrMatrix cached;
  if (cached_text != text || cached.side == 0) {
    cached_text = std::string(text);
    cached = encode_qr(text);
  }
  if (cached.side == 0) return false;
  constexpr int kQuiet = 4;  // modules of white border scanners need
  const int total = cached.side + 2 * kQuiet;
  // Whole pixels per module keep the edges crisp for a camera.
  const float module = std::max(1.0f, std::floor(size / float(total)));
  const float drawn = module * total;
  const ImVec2 o(std::floor(at.x + (size - drawn) * 0.5f),
                 std::floor(at.y + (size - drawn) * 0.5f));
  // A mirrored frame (a language read right to left) must not turn the code round.
  const MirrorVertices unflipped(dl, o.x + drawn * 0.5f);
  dl->AddRectFilled(o, ImVec2(o.x + drawn, o.y + drawn), IM_COL32(255, 255, 255, 255));
  for (int y = 0; y < cached.side; ++y)
    for (int x = 0; x < cached.side; ++x)
      if (cached.at(x, y)) {
        const ImVec2 a(o.x + (x + kQuiet) * module, o.y + (y + kQuiet) * module);
        dl->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
      }
  return true;
}

}  // namespace mutua
