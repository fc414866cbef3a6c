#include "app/widgets/pin_keys.hpp"

#include <algorithm>

#include "app/widgets/button.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/palette.hpp"
#include "platform/scale.hpp"

namespace mutua {

float draw_pin_dots(ImDrawList* dl, ImVec2 at, float height, size_t digits, float max_w) {
  const Palette& p = palette();
  float r = px(8);
  if (max_w > 0) r = std::min(r, max_w / (3.2f * float(kPinPadMaxDigits)));
  for (size_t i = 0; i < std::max<size_t>(digits, 4); ++i) {
    const ImVec2 c(at.x + r + i * (r * 3.2f), at.y + height * 0.5f);
    if (i < digits)
      dl->AddCircleFilled(c, r, p.text);
    else
      dl->AddCircle(c, r, p.border, 0, px(2));
  }
  return height;
}

bool draw_pin_keys(std::string& pin, float width, float key_h, float gap, ImFont* font) {
  const Palette& p = palette();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float key_w = (width - 2 * gap) / 3.0f;
  const char* labels[12] = {"1", "2",           "3", "4", "5", "6", "7", "8", "9", "\xE2\x8C\xAB",
                            "0", "\xE2\x9C\x93"};
  bool ok = false;
  for (int i = 0; i < 12; ++i) {
    // A number pad reads 1 2 3 from the left in every language (as phones' pads do in Arabic):
    // on a mirrored frame its columns are laid out reversed, so the flip puts them back.
    const int col = frame_mirrored() ? 2 - i % 3 : i % 3;
    ImGui::SetCursorScreenPos(
        ImVec2(origin.x + col * (key_w + gap), origin.y + (i / 3) * (key_h + gap)));
    ImGui::PushID(i);
    const bool ok_key = i == 11;
    if (touch_button("##pinkey", labels[i], key_w,
                     ok_key ? ButtonLook::selected : ButtonLook::plain,
                     ok_key ? p.offer : p.available, font, key_h)) {
      if (i == 9) {
        if (!pin.empty()) pin.pop_back();
      } else if (ok_key) {
        ok = true;
      } else if (pin.size() < kPinPadMaxDigits) {
        pin += labels[i];
      }
    }
    ImGui::PopID();
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + 4 * (key_h + gap)));
  return ok;
}

}  // namespace mutua
