#pragma once
// Small charts drawn straight onto the window's ImDrawList (there is no plotting library): bars
// in rows with their labels and totals, columns over days, and a legend. Each draws at the
// cursor, takes the space it used, and captures its words like every other widget.
#include <imgui.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mutua {

// One row of a bar chart: its label and one value per stacked segment.
struct BarRow {
  std::string label;
  std::vector<int64_t> values;
};

struct BarRowsStyle {
  float row_height = 0;   // 0: a comfortable default
  float label_width = 0;  // 0: a third of the width, at most 240 px at scale 1
  ImFont* label_font = nullptr;
  ImFont* value_font = nullptr;
};

// Horizontal bars, one row each: label on the left (shortened with "…" to fit), the segments
// stacked left to right in `colours` (one colour per value), the row's total after the bar.
// All rows share one scale (the longest bar fills the width), so bars compare at a glance.
void bar_rows(std::span<const BarRow> rows, std::span<const ImU32> colours, float width,
              const BarRowsStyle& style = {});

// Vertical columns, one per value, with the value above each non-zero column and its label
// underneath; `highlight` (an index, or -1) is drawn in a stronger colour, e.g. today.
void column_chart(std::span<const int64_t> values, std::span<const std::string> labels,
                  ImU32 colour, ImU32 highlight_colour, int highlight, ImVec2 size,
                  ImFont* font = nullptr);

// Colour swatches with their labels, left to right, wrapping at `width`.
void chart_legend(std::span<const std::pair<std::string, ImU32>> items, float width,
                  ImFont* font = nullptr);

}  // namespace mutua
