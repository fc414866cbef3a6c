#include "app/widgets/button.hpp"

#include <algorithm>

#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

bool draw_button(const char* id, std::string_view label, ImVec2 size, bool selected, ImU32 accent,
                 ImFont* font, float rounding) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(id, size);
  const bool held = ImGui::IsItemActive();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (selected) {
    dl->AddRectFilled(min, max, shade(accent, held ? 0.8f : 1.0f), rounding);
  } else {
    dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, rounding);
    dl->AddRect(min, max, accent, rounding, 0, px(2));
  }
  capture_text(label, min, max);
  const float w = text_width(font, label);
  const float pad = px(14);
  const float x = min.x + std::max(pad, (size.x - w) * 0.5f);
  const float y = min.y + (size.y - font->FontSize) * 0.5f;
  probe_touch(label, min, max);
  probe_text(label, ImVec2(x, y), ImVec2(x + w, y + font->FontSize), min, max);
  dl->PushClipRect(min, max, true);
  dl->AddText(font, font->FontSize, ImVec2(x, y), selected ? p.on_colour : p.text, label.data(),
              label.data() + label.size());
  dl->PopClipRect();
  return clicked;
}

}  // namespace

bool chip(const char* id, std::string_view label, bool selected, ImU32 accent) {
  ImFont* font = ImGui::GetFont();
  const ImVec2 size(text_width(font, label) + px(36), touch_target());
  return draw_button(id, label, size, selected, accent, font, size.y * 0.5f);
}

bool touch_button(const char* id, std::string_view label, float width, ButtonLook look,
                  ImU32 accent, ImFont* font, float height) {
  if (!font) font = ImGui::GetFont();
  if (width <= 0) width = text_width(font, label) + px(36);
  const ImVec2 size(width, std::max(height, touch_target()));
  return draw_button(id, label, size, look == ButtonLook::selected, accent, font, px(10));
}

}  // namespace mutua
