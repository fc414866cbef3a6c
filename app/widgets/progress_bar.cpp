#include "app/widgets/progress_bar.hpp"

#include <algorithm>

#include "app/widgets/palette.hpp"
#include "platform/scale.hpp"

namespace mutua {

void progress_bar(float fraction, float width, ImU32 fill) {
  const Palette& p = palette();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float h = px(20);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.placeholder, h * 0.5f);
  const float w = std::max(h, width * std::clamp(fraction, 0.0f, 1.0f));
  dl->AddRectFilled(min, ImVec2(min.x + w, min.y + h), fill, h * 0.5f);
  ImGui::Dummy(ImVec2(width, h));
}

}  // namespace mutua
