#include "app/widgets/button.hpp"

#include <algorithm>

#include "app/widgets/flow.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

bool draw_button(const char* id, std::string_view label, ImVec2 size, bool selected, ImU32 accent,
                 ImFont* font, float rounding, std::string_view pictogram = {}) {
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
  // The picture goes before the words when both fit at full size; never at the words' cost.
  const Pictogram* pic = pictogram.empty() ? nullptr : find_pictogram(pictogram);
  float pic_w = pic ? pictogram_room(font, pictogram) : 0.0f;
  if (pic && text_width(font, label) + pic_w > size.x - px(8)) pic_w = 0;
  // A label a little too wide for its button is drawn smaller (down to 3/4) rather than cut.
  const float room = size.x - px(8) - pic_w;
  float font_size = font->FontSize;
  float w = text_width(font, label);
  if (w > room && w > 0) {
    font_size = std::max(font->FontSize * 0.75f, font->FontSize * room / w);
    w *= font_size / font->FontSize;
  }
  // Centred; a label still wider than its button starts at its left edge (and the layout check,
  // app/ui/layout_check.hpp, reports it).
  const float x = min.x + pic_w + std::max(0.0f, (size.x - w - pic_w) * 0.5f);
  const float y = min.y + (size.y - font_size) * 0.5f;
  if (pic_w > 0) {
    const float side = font->FontSize;
    draw_pictogram(dl, *pic, ImVec2(x - pic_w + side * 0.5f, min.y + size.y * 0.5f), side,
                   selected ? p.on_colour : p.text);
  }
  probe_touch(label, min, max);
  probe_text(label, ImVec2(x, y), ImVec2(x + w, y + font_size), min, max);
  dl->PushClipRect(min, max, true);
  dl->AddText(font, font_size, ImVec2(x, y), selected ? p.on_colour : p.text, label.data(),
              label.data() + label.size());
  dl->PopClipRect();
  return clicked;
}

}  // namespace

float chip_width(std::string_view label) {
  return text_width(ImGui::GetFont(), label) + px(36);
}

void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + width > ImGui::GetContentRegionMax().x) ImGui::NewLine();
}

bool chip(const char* id, std::string_view label, bool selected, ImU32 accent) {
  const ImVec2 size(chip_width(label), touch_target());
  return draw_button(id, label, size, selected, accent, ImGui::GetFont(), size.y * 0.5f);
}

float pictogram_room(ImFont* font, std::string_view pictogram) {
  if (pictogram.empty() || !find_pictogram(pictogram)) return 0.0f;
  if (!font) font = ImGui::GetFont();
  return font->FontSize + px(8);
}

bool touch_button(const char* id, std::string_view label, float width, ButtonLook look,
                  ImU32 accent, ImFont* font, float height, std::string_view pictogram) {
  if (!font) font = ImGui::GetFont();
  if (width <= 0) width = text_width(font, label) + px(36) + pictogram_room(font, pictogram);
  // A height asked for may go below the scaled target (big text on a small screen), never
  // below the plain 48 px one.
  const ImVec2 size(width, height > 0 ? std::max(height, kTouchTargetPx) : touch_target());
  return draw_button(id, label, size, look == ButtonLook::selected, accent, font,
                     std::min(px(10), size.y * 0.2f), pictogram);
}

}  // namespace mutua
