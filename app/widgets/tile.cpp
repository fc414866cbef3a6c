#include "app/widgets/tile.hpp"

#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

bool tile_button(const char* id, std::string_view title, std::string_view description,
                 ImVec2 size, const TileStyle& style) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(id, size);
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const float shade_by = ImGui::IsItemActive() ? 0.8f : (ImGui::IsItemHovered() ? 1.08f : 1.0f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, shade(style.colour, shade_by), px(14));
  // The label also names the whole tile, so a test can find the tile by its title.
  capture_text(title, min, max);

  const float pad = px(20);
  const float wrap = size.x - 2 * pad;
  ImFont* title_font = style.title_font ? style.title_font : ImGui::GetFont();
  ImFont* body_font = style.body_font ? style.body_font : ImGui::GetFont();
  dl->PushClipRect(min, max, true);
  float y = min.y + pad;
  y += draw_text_wrapped(dl, title_font, ImVec2(min.x + pad, y), palette().on_colour, title, wrap);
  if (!description.empty()) {
    y += px(8);
    draw_text_wrapped(dl, body_font, ImVec2(min.x + pad, y), palette().on_colour, description,
                      wrap);
  }
  if (style.badge) {
    const float w = text_width(body_font, style.badge) + px(24);
    const float h = body_font->FontSize + px(12);
    const ImVec2 bmin(min.x + pad, max.y - pad - h);
    dl->AddRectFilled(bmin, ImVec2(bmin.x + w, bmin.y + h), palette().notice, h * 0.5f);
    draw_text(dl, body_font, ImVec2(bmin.x + px(12), bmin.y + px(6)), palette().text, style.badge);
  }
  dl->PopClipRect();
  return clicked;
}

}  // namespace mutua
