#include "app/ui/category_grid.hpp"

#include <algorithm>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

struct Layout {
  int cols = 2;
  float w = 0, h = 0;
  bool icon_top = false;
  float icon = 0;
  bool fits = false;
  float gap = 0, pad = 0;  // between tiles, and inside one
};

float label_height(ImFont* font, const std::string& label, float wrap) {
  return calc_text_size(font, font->FontSize, label, wrap).y;
}

// Widest single word: a word wider than the label area would be cut, not wrapped.
float longest_word(ImFont* font, const std::string& label) {
  float best = 0;
  size_t at = 0;
  while (at < label.size()) {
    size_t end = label.find(' ', at);
    if (end == std::string::npos) end = label.size();
    best = std::max(best, text_width(font, std::string_view(label).substr(at, end - at)));
    at = end + 1;
  }
  return best;
}

Layout choose_layout(ImFont*& font, ImFont* fallback, const std::vector<std::string>& labels,
                     ImVec2 area) {
  const int n = int(labels.size());
  Layout best;
  float best_score = -1;
  ImFont* best_font = font;
  ImFont* const fonts[] = {font, fallback};
  // Tighter spacing and a smaller icon beside the label are tried too: they fit the grid where the
  // roomy one leaves a row below the fold (French and Ukrainian at 800x480, issue 14).
  for (bool tight : {false, true})
    for (ImFont* f : fonts)
      // One column only where two do not fit (a narrow screen at a large text size).
      for (int cols = 1; cols <= 7; ++cols) {
        const float gap = tight ? px(8) : px(12);
        const float pad = tight ? px(6) : px(10);
        const int rows = (n + cols - 1) / cols;
        const float w = (area.x - gap * (cols - 1)) / cols;
        const float h = (area.y - gap * (rows - 1)) / rows - 1.0f;  // no scrollbar from rounding
        if (cols > 1 && w < px(110)) break;
        for (bool top : {false, true}) {
          const float icon = top ? std::clamp(h * 0.28f, px(26), px(56)) : tight ? px(32) : px(40);
          const float label_w = top ? w - 2 * pad : w - 3 * pad - icon;
          float need_h = 0;
          bool words_fit = true;
          for (const auto& l : labels) {
            need_h = std::max(need_h, label_height(f, l, label_w));
            words_fit = words_fit && longest_word(f, l) <= label_w;
          }
          const float tile_need =
              top ? 2 * pad + icon + px(6) + need_h : 2 * pad + std::max(icon, need_h);
          const float min_h = std::max(touch_target() * 1.2f, tile_need);
          const bool fits = words_fit && h >= min_h;
          // Fitting layouts win; among them the one with the roomiest tiles, wide ones preferred.
          // The bold font is preferred: a regular one only wins by fitting where bold does not;
          // then roomy spacing over tight.
          const float score = (fits ? 1e6f : 0.0f) + (words_fit ? 1e4f : 0.0f) +
                              (f == font ? 2e3f : 0.0f) + (tight ? 0.0f : 1e3f) +
                              std::min(w, h * 2.5f);
          if (score > best_score) {
            best_font = f;
            best_score = score;
            best = Layout{cols, w, fits ? h : std::max(min_h, h), top, icon, fits, gap, pad};
          }
        }
      }
  font = best_font;
  return best;
}

}  // namespace

bool draw_category_grid(UiContext& ctx, std::string* category, ImU32 accent, float height) {
  const Palette& p = palette();
  ImFont* font = ctx.fonts.strong ? ctx.fonts.strong : ImGui::GetFont();
  const std::vector<std::string> ids = enabled_category_ids(ctx.store);  // Settings can disable
  std::vector<std::string> labels;
  labels.reserve(ids.size());
  for (const auto& id : ids) labels.push_back(category_label(id));
  const ImVec2 area(ImGui::GetContentRegionAvail().x, height);
  const Layout L =
      choose_layout(font, ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont(), labels, area);
  const float gap = L.gap;
  const float pad = L.pad;
  bool picked = false;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i % size_t(L.cols) != 0) ImGui::SameLine(0, gap);
    ImGui::PushID(ids[i].c_str());
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##tile", ImVec2(L.w, L.h)) && is_tap();
    probe_touch(labels[i], min, ImVec2(min.x + L.w, min.y + L.h));
    const bool held = ImGui::IsItemActive() && is_tap();
    ImGui::PopID();
    const ImVec2 max(min.x + L.w, min.y + L.h);
    const bool selected = *category == ids[i];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = selected ? accent : (held ? p.surface_pressed : p.surface);
    const ImU32 fg = selected ? p.on_colour : p.text;
    dl->AddRectFilled(min, max, bg, px(14));
    dl->AddRect(min, max, selected ? p.text : accent, px(14), 0, selected ? px(3) : px(2));
    capture_text(labels[i], min, max);  // the tile is found by its label
    dl->PushClipRect(min, max, true);
    if (L.icon_top) {
      const float label_w = L.w - 2 * pad;
      const float lh = label_height(font, labels[i], label_w);
      const float block = L.icon + px(6) + lh;
      const float top = min.y + (L.h - block) * 0.5f;
      draw_category_icon(dl, ids[i], ImVec2((min.x + max.x) * 0.5f, top + L.icon * 0.5f), L.icon,
                         selected ? p.on_colour : accent);
      // Centre each wrapped line under the icon.
      const float lw = calc_text_size(font, font->FontSize, labels[i], label_w).x;
      draw_text_wrapped(dl, font, ImVec2(min.x + (L.w - lw) * 0.5f, top + L.icon + px(6)), fg,
                        labels[i], label_w);
    } else {
      const float label_w = L.w - 3 * pad - L.icon;
      const float lh = label_height(font, labels[i], label_w);
      draw_category_icon(dl, ids[i], ImVec2(min.x + pad + L.icon * 0.5f, (min.y + max.y) * 0.5f),
                         L.icon, selected ? p.on_colour : accent);
      draw_text_wrapped(dl, font, ImVec2(min.x + 2 * pad + L.icon, min.y + (L.h - lh) * 0.5f), fg,
                        labels[i], label_w);
    }
    dl->PopClipRect();
    if (clicked) {
      *category = ids[i];
      picked = true;
    }
  }
  ImGui::PopStyleVar();
  return picked;
}

}  // namespace mutua
