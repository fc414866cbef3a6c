#include "app/widgets/tile.hpp"

#include <algorithm>
#include <cfloat>

#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {
float wrapped_height(ImFont* font, std::string_view text, float wrap) {
  return calc_text_size(font, font->FontSize, text, wrap).y;
}
}  // namespace

bool tile_button(const char* id, std::string_view title, std::string_view description, ImVec2 size,
                 const TileStyle& style) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(id, size);
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const float shade_by = ImGui::IsItemActive() ? 0.8f : (ImGui::IsItemHovered() ? 1.08f : 1.0f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, shade(style.colour, shade_by), px(14));
  // The label also names the whole tile, so a test can find the tile by its title.
  capture_text(title, min, max);

  // At large text sizes on small screens a tile may be short, or narrow for a long word: the
  // title then drops to the body font, and the description goes before the title is ever cut.
  const float pad = std::min(px(20), size.y * 0.12f);
  const float pad_x = std::min(px(20), size.x * 0.06f);
  const float room = size.y - 2 * pad;
  ImFont* body_font = style.body_font ? style.body_font : ImGui::GetFont();
  ImFont* title_font = nullptr;
  float title_h = 0;
  auto fit_title = [&](float wrap) {
    title_font = style.title_font ? style.title_font : ImGui::GetFont();
    title_h = wrapped_height(title_font, title, wrap);
    if ((title_h > room || !words_fit(title_font, title, wrap)) && title_font != body_font) {
      title_font = body_font;
      title_h = wrapped_height(title_font, title, wrap);
    }
    return title_h <= room && words_fit(title_font, title, wrap);
  };
  // The pictogram takes the far side when the title still fits beside it; else it is left out.
  const Pictogram* pic = style.pictogram ? find_pictogram(style.pictogram) : nullptr;
  float icon = pic ? std::min({room, size.x * 0.3f, px(112)}) : 0.0f;
  if (icon < px(32)) icon = 0;
  float wrap = size.x - 2 * pad_x - (icon > 0 ? icon + pad_x : 0.0f);
  if (!fit_title(wrap) && icon > 0) {
    icon = 0;
    wrap = size.x - 2 * pad_x;
    fit_title(wrap);
  }
  probe_touch(title, min, max);
  if (layout_probe_on()) {
    // The title must fit: every word on a line of its own at most, all lines inside the tile.
    float widest = 0;
    for (size_t at = 0; at < title.size();) {
      size_t end = title.find(' ', at);
      if (end == std::string_view::npos) end = title.size();
      widest = std::max(widest, text_width(title_font, title.substr(at, end - at)));
      at = end + 1;
    }
    const ImVec2 tmin(min.x + pad_x, min.y + std::max(pad, (size.y - title_h) * 0.5f));
    probe_text(
        title, tmin,
        ImVec2(tmin.x + std::min(widest, wrap) + std::max(0.0f, widest - wrap), tmin.y + title_h),
        min, max);
  }
  const float desc_h =
      description.empty() ? 0 : px(8) + wrapped_height(body_font, description, wrap);
  const bool show_description = !description.empty() && title_h + desc_h <= room;
  dl->PushClipRect(min, max, true);
  if (icon > 0)
    draw_pictogram(dl, *pic, ImVec2(max.x - pad_x - icon * 0.5f, (min.y + max.y) * 0.5f), icon,
                   palette().on_colour);
  float y = show_description ? min.y + pad : min.y + std::max(pad, (size.y - title_h) * 0.5f);
  y +=
      draw_text_wrapped(dl, title_font, ImVec2(min.x + pad_x, y), palette().on_colour, title, wrap);
  if (show_description) {
    y += px(8);
    draw_text_wrapped(dl, body_font, ImVec2(min.x + pad_x, y), palette().on_colour, description,
                      wrap);
  }
  if (style.badge) {
    const float w = text_width(body_font, style.badge) + px(24);
    const float h = body_font->FontSize + px(12);
    const ImVec2 bmin(min.x + pad_x, max.y - pad - h);
    dl->AddRectFilled(bmin, ImVec2(bmin.x + w, bmin.y + h), palette().notice, h * 0.5f);
    draw_text(dl, body_font, ImVec2(bmin.x + px(12), bmin.y + px(6)), palette().text, style.badge);
  }
  dl->PopClipRect();
  return clicked;
}

}  // namespace mutua
