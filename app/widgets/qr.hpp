#pragma once
// A QR code drawn from libqrencode's module matrix with ImDrawList rectangles (no texture).
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace mutua {

// The module matrix of `text` (error correction M): side x side, true = dark. Empty on failure.
struct QrMatrix {
  int side = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[size_t(y) * side + x]; }
};
QrMatrix encode_qr(std::string_view text);

// Draws `text` as a QR code in a white square of `size` at `at` (with the quiet zone). Encodes
// once per distinct text (cached), so calling it every frame is cheap. Returns false if the text
// could not be encoded.
bool draw_qr(ImDrawList* dl, ImVec2 at, float size, std::string_view text);

}  // namespace mutua
