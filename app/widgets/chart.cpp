#include "app/widgets/chart.hpp"

#include <algorithm>
#include <numeric>

#include "app/ui/format.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {}  // namespace

void bar_rows(std::span<const BarRow> rows, std::span<const ImU32> colours, float width,
              const BarRowsStyle& style) {
  const Palette& p = palette();
  ImFont* label_font = or_current_font(style.label_font);
  ImFont* value_font = or_current_font(style.value_font ? style.value_font : style.label_font);
  const float row_h =
      style.row_height > 0 ? style.row_height : std::max(px(34), label_font->FontSize * 1.6f);
  const float label_w = style.label_width > 0 ? style.label_width : std::min(width * 0.4f, px(260));
  int64_t top = 0;
  for (const auto& r : rows)
    top = std::max(top, std::accumulate(r.values.begin(), r.values.end(), int64_t{0}));
  // Bars scale to the longest one; the totals printed after each carry the numbers.
  const int64_t axis = std::max<int64_t>(top, 1);
  // Room after the longest bar for its total.
  const float value_w = text_width(value_font, format_count(top)) + px(12);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float bar_x0 = origin.x + label_w + px(12);
  const float bar_x1 = std::max(bar_x0 + px(40), origin.x + width - value_w);
  const float height = row_h * float(rows.size());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(bar_x0, origin.y), ImVec2(bar_x0, origin.y + height), p.muted, px(1.5f));

  for (size_t i = 0; i < rows.size(); ++i) {
    const BarRow& r = rows[i];
    const float y = origin.y + row_h * float(i);
    const float text_y = y + (row_h - label_font->FontSize) * 0.5f;
    const std::string label = fit_text(label_font, r.label, label_w);
    const float lw = text_width(label_font, label);
    // Right-aligned labels sit next to their bars.
    const ImVec2 at(origin.x + label_w - lw, text_y);
    draw_text_line(dl, label_font, label_font->FontSize, at, p.text, label);
    capture_text(r.label, at, ImVec2(at.x + lw, at.y + label_font->FontSize));

    const float bar_top = y + row_h * 0.18f, bar_bottom = y + row_h * 0.82f;
    float x = bar_x0;
    int64_t total = 0;
    for (size_t s = 0; s < r.values.size(); ++s) {
      if (r.values[s] <= 0) continue;
      total += r.values[s];
      const float w = (bar_x1 - bar_x0) * float(r.values[s]) / float(axis);
      dl->AddRectFilled(ImVec2(x, bar_top), ImVec2(x + w, bar_bottom),
                        colours.empty() ? p.need : colours[s % colours.size()]);
      x += w;
    }
    const std::string total_text = format_count(total);
    const ImVec2 tat(x + px(8), y + (row_h - value_font->FontSize) * 0.5f);
    draw_text_line(dl, value_font, value_font->FontSize, tat, p.text, total_text);
    capture_text(r.label + ": " + total_text, tat,
                 ImVec2(tat.x + text_width(value_font, total_text), tat.y + value_font->FontSize));
  }
  ImGui::Dummy(ImVec2(width, height));
}

void column_chart(std::span<const int64_t> values, std::span<const std::string> labels,
                  ImU32 colour, ImU32 highlight_colour, int highlight, ImVec2 size, ImFont* font) {
  const Palette& p = palette();
  font = or_current_font(font);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const size_t n = values.size();
  if (n == 0) {
    ImGui::Dummy(size);
    return;
  }
  const float label_h = font->FontSize * 1.4f;
  const float value_h = font->FontSize * 1.3f;
  const float base_y = origin.y + size.y - label_h;
  const float top_y = origin.y + value_h;
  const int64_t axis = std::max<int64_t>(1, *std::max_element(values.begin(), values.end()));
  const float slot = size.x / float(n);
  const float bar_w = std::max(px(6), slot * 0.62f);

  dl->AddLine(ImVec2(origin.x, base_y), ImVec2(origin.x + size.x, base_y), p.muted, px(1.5f));

  // Labels under columns: every one when they fit, else every second or third.
  float widest = 0;
  for (const auto& l : labels) widest = std::max(widest, text_width(font, l));
  const size_t every = std::max<size_t>(1, size_t((widest + px(6)) / std::max(slot, 1.0f)) + 1);

  for (size_t i = 0; i < n; ++i) {
    const float cx = origin.x + slot * (float(i) + 0.5f);
    const bool strong = int(i) == highlight;
    if (values[i] > 0) {
      const float h = (base_y - top_y) * float(values[i]) / float(axis);
      dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, base_y - h), ImVec2(cx + bar_w * 0.5f, base_y),
                        strong ? highlight_colour : colour, px(3), ImDrawFlags_RoundCornersTop);
      const std::string v = format_count(values[i]);
      const float vw = text_width(font, v);
      const ImVec2 at(cx - vw * 0.5f, base_y - h - font->FontSize - px(2));
      draw_text_line(dl, font, font->FontSize, at, p.text, v);
    }
    const bool show_label = i < labels.size() && (strong || (n - 1 - i) % every == 0);
    if (show_label) {
      const float lw = text_width(font, labels[i]);
      // Centred under the column, but kept inside the chart (the last label is often "today").
      const float lx =
          std::clamp(cx - lw * 0.5f, origin.x, std::max(origin.x, origin.x + size.x - lw));
      const ImVec2 at(lx, base_y + px(4));
      draw_text_line(dl, font, font->FontSize, at, strong ? p.text : p.muted, labels[i]);
      capture_text(labels[i] + ": " + format_count(values[i]), at,
                   ImVec2(at.x + lw, at.y + font->FontSize));
    }
  }
  ImGui::Dummy(size);
}

void chart_legend(std::span<const std::pair<std::string, ImU32>> items, float width, ImFont* font) {
  font = or_current_font(font);
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line_h = font->FontSize * 1.5f;
  const float sw = font->FontSize * 0.9f;
  float x = origin.x, y = origin.y;
  for (const auto& [label, colour] : items) {
    const float w = sw + px(8) + text_width(font, label) + px(20);
    if (x > origin.x && x + w > origin.x + width) {
      x = origin.x;
      y += line_h;
    }
    const float sy = y + (line_h - sw) * 0.5f;
    dl->AddRectFilled(ImVec2(x, sy), ImVec2(x + sw, sy + sw), colour, px(2));
    const ImVec2 at(x + sw + px(8), y + (line_h - font->FontSize) * 0.5f);
    draw_text_line(dl, font, font->FontSize, at, p.text, label);
    capture_text(label, at, ImVec2(at.x + text_width(font, label), at.y + font->FontSize));
    x += w;
  }
  ImGui::Dummy(ImVec2(width, y + line_h - origin.y));
}

}  // namespace mutua
