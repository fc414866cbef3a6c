#include "app/widgets/text_field.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_internal.h>  // NextItemData: was a width set for this item?
#include <imgui_stdlib.h>    // InputText on std::string (exported by libimgui)

#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

KeyboardTarget g_target;

size_t default_max(TextFieldKind kind) {
  switch (kind) {
    case TextFieldKind::phone: return 32;
    case TextFieldKind::number: return 7;
    case TextFieldKind::text: break;
  }
  return 120;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

struct FilterData {
  TextFieldKind kind;
  size_t max_chars;
  const std::string* value;
};

int filter(ImGuiInputTextCallbackData* data) {
  const auto* f = static_cast<const FilterData*>(data->UserData);
  if (data->EventFlag != ImGuiInputTextFlags_CallbackCharFilter) return 0;
  if (!text_field_accepts(f->kind, data->EventChar)) return 1;
  return code_points(*f->value) >= f->max_chars ? 1 : 0;
}

}  // namespace

bool KeyboardTarget::live() const {
  if (!value || drawn_frame < 0) return false;
  const int now = ImGui::GetFrameCount();
  return drawn_frame == now || drawn_frame == now - 1;
}

KeyboardTarget& keyboard_target() { return g_target; }
void clear_keyboard_target() { g_target = KeyboardTarget{}; }

bool text_field_accepts(TextFieldKind kind, unsigned int c) {
  switch (kind) {
    case TextFieldKind::number: return c >= '0' && c <= '9';
    case TextFieldKind::phone:
      return (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')';
    case TextFieldKind::text: return c >= 0x20 && c != 0x7F;
  }
  return false;
}

bool touch_text_field(const char* id, const char* hint, std::string* value, TextFieldKind kind,
                      size_t max_chars) {
  if (max_chars == 0) max_chars = default_max(kind);
  const bool has_width = (GImGui->NextItemData.Flags & ImGuiNextItemDataFlags_HasWidth) != 0;
  if (!has_width) ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);

  const Palette& p = palette();
  const float font = ImGui::GetFontSize();
  // Tall enough for a finger: the frame is at least touch_target() high.
  const float pad_y = std::max(px(10), (touch_target() * 1.15f - font) * 0.5f);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(16), pad_y));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, px(10));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, px(2));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, p.surface);
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, p.surface);
  ImGui::PushStyleColor(ImGuiCol_FrameBgActive, p.surface);
  ImGui::PushStyleColor(ImGuiCol_Border, p.muted);
  ImGui::PushStyleColor(ImGuiCol_Text, p.text);
  ImGui::PushStyleColor(ImGuiCol_TextDisabled, p.muted);

  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackCharFilter;
  FilterData data{kind, max_chars, value};
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const bool changed = ImGui::InputTextWithHint(id, hint, value, flags, filter, &data);
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const ImGuiID item = ImGui::GetItemID();
  const bool active = ImGui::IsItemActive();
  if (active) {
    // Tapped or typing: the keyboard now edits this string.
    g_target.value = value;
    g_target.kind = kind;
    g_target.max_chars = max_chars;
    g_target.id = item;
  }
  const bool targeted = g_target.id == item && g_target.value == value;
  if (targeted) g_target.drawn_frame = ImGui::GetFrameCount();
  if (targeted || active)  // a thicker border shows where typing goes
    ImGui::GetWindowDrawList()->AddRect(min, max, p.need, px(10), 0, px(3));

  ImGui::PopStyleColor(6);
  ImGui::PopStyleVar(3);
  // What the field shows, for tests and for width checks: the value, or the hint while empty.
  capture_text(value->empty() ? std::string_view(hint ? hint : "") : std::string_view(*value), at,
               max);
  return changed;
}

}  // namespace mutua
