#include "app/widgets/big_code.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "app/widgets/text.hpp"

namespace mutua {

float big_code_size(ImFont* code, std::string_view text, float width, float height) {
  const float native = code->FontSize;
  const float w = code->CalcTextSizeA(native, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
  float size = native;
  if (w > width * 0.9f && w > 0) size = native * width * 0.9f / w;
  if (size > height * 0.8f) size = height * 0.8f;
  return std::min(size, native);
}

float draw_big_code(ImDrawList* dl, ImFont* code, ImVec2 min, float width, float height,
                    ImU32 colour, std::string_view text) {
  const float size = big_code_size(code, text, width, height);
  const float w = code->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
  const ImVec2 at(std::floor(min.x + (width - w) * 0.5f),
                  std::floor(min.y + (height - size) * 0.5f));
  draw_text_line(dl, code, size, at, colour, text);
  capture_text(text, at, ImVec2(at.x + w, at.y + size));
  return size;
}

}  // namespace mutua
