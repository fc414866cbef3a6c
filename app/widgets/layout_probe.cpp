#include "app/widgets/layout_probe.hpp"

#include <imgui_internal.h>  // the current window's clip rectangle and id

#include <algorithm>

namespace mutua {

namespace {
LayoutProbe* g_probe = nullptr;

void fill_window(ProbeItem& item) {
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (!w) return;
  // Where the window clips its contents now: its inner rectangle, or less where a part of it is
  // kept for something else (the "more below" strip, app/widgets/drag_scroll.hpp).
  item.clip_min = w->ClipRect.Min;
  item.clip_max = w->ClipRect.Max;
  item.window = w->ID;
  item.window_min = w->InnerRect.Min;
  item.window_max = w->InnerRect.Max;
}
}  // namespace

void set_layout_probe(LayoutProbe* sink) {
  g_probe = sink;
}

bool layout_probe_on() {
  return g_probe != nullptr;
}

void probe_touch(std::string_view label, ImVec2 min, ImVec2 max) {
  if (!g_probe) return;
  ProbeItem item;
  item.kind = ProbeItem::Kind::touch;
  item.label = std::string(label);
  item.min = min;
  item.max = max;
  fill_window(item);
  g_probe->items.push_back(std::move(item));
}

void probe_text_field(std::string_view label, ImVec2 min, ImVec2 max) {
  if (!g_probe) return;
  probe_touch(label, min, max);
  g_probe->items.back().text_field = true;
}

void probe_text(std::string_view label, ImVec2 min, ImVec2 max, ImVec2 room_min, ImVec2 room_max,
                bool shortened) {
  if (!g_probe || label.empty()) return;
  ProbeItem item;
  item.kind = ProbeItem::Kind::text;
  item.label = std::string(label);
  item.min = min;
  item.max = max;
  item.room_min = room_min;
  item.room_max = room_max;
  item.shortened = shortened;
  fill_window(item);
  g_probe->items.push_back(std::move(item));
}

void probe_text_in_clip(std::string_view label, ImVec2 min, ImVec2 max) {
  if (!g_probe || label.empty()) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  probe_text(label, min, max, dl->GetClipRectMin(), dl->GetClipRectMax());
  g_probe->items.back().room_is_clip = true;
}

void probe_more_below(ImVec2 band_min, ImVec2 band_max, ImVec2 tap_min, ImVec2 tap_max) {
  if (!g_probe) return;
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (!w) return;
  g_probe->more_below.push_back(w->ID);
  g_probe->more_below_cues.push_back({w->ID, band_min, band_max, tap_min, tap_max, {}});
}

void probe_scrolling_window(bool horizontal) {
  if (!g_probe) return;
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (!w) return;
  auto& v = horizontal ? g_probe->scroll_x : g_probe->scroll_y;
  if (std::find(v.begin(), v.end(), w->ID) == v.end()) v.push_back(w->ID);
}

}  // namespace mutua
