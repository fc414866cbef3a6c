#include "app/widgets/button.hpp"

#include <algorithm>

#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

struct TwoLines {
  std::string_view first, second;
  float width = 0;  // the longer line's width at the font's size; 0: no space to break at
};

size_t codepoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != ' ') ++n;
  return n;
}

// The label broken at the space that makes its longer line shortest.
TwoLines split_in_two(ImFont* font, std::string_view label) {
  TwoLines best;
  for (size_t at = label.find(' '); at != std::string_view::npos; at = label.find(' ', at + 1)) {
    const std::string_view a = label.substr(0, at);
    size_t b_start = at;
    while (b_start < label.size() && label[b_start] == ' ') ++b_start;
    const std::string_view b = label.substr(b_start);
    // Never a lone sign ("‹", "×") on a line of its own.
    if (codepoints(a) < 2 || codepoints(b) < 2) continue;
    const float w = std::max(text_width(font, a), text_width(font, b));
    if (best.width == 0 || w < best.width) best = {a, b, w};
  }
  return best;
}

bool draw_button(const char* id, std::string_view label, ImVec2 size, bool selected, ImU32 accent,
                 ImFont* font, float rounding, std::string_view pictogram = {}, bool off = false) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(id, size);
  const bool held = ImGui::IsItemActive();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (off) {
    // Off: flat grey, no border and no pressed shade, so it never looks like a control that is on.
    dl->AddRectFilled(min, max, p.disabled_fill, rounding);
  } else if (selected) {
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
  const ImU32 colour = off ? p.disabled_text : selected ? p.on_colour : p.text;
  probe_touch(label, min, max);
  // Still too wide: on two lines, broken at the space that makes the longer line shortest,
  // where the button is tall enough for them (a tall button or a tile-like row).
  if (w > room) {
    const TwoLines two = split_in_two(font, label);
    const float line_h = font->FontSize;
    if (two.width > 0 && 2 * line_h <= size.y - px(4)) {
      font_size = std::min(font->FontSize, font->FontSize * room / two.width);
      font_size = std::max(font_size, font->FontSize * 0.75f);
      const float scale = font_size / font->FontSize;
      const float top = min.y + (size.y - 2 * font_size) * 0.5f;
      float left = max.x, right = min.x;
      dl->PushClipRect(min, max, true);
      for (int i = 0; i < 2; ++i) {
        const std::string_view line = i == 0 ? two.first : two.second;
        const float lw = text_width(font, line) * scale;
        const float lx = min.x + std::max(0.0f, (size.x - lw) * 0.5f);
        left = std::min(left, lx);
        right = std::max(right, lx + lw);
        draw_text_line(dl, font, font_size, ImVec2(lx, top + i * font_size), colour, line);
      }
      dl->PopClipRect();
      probe_text(label, ImVec2(left, top), ImVec2(right, top + 2 * font_size), min, max);
      return clicked;
    }
  }
  // Centred; a label still wider than its button starts at its left edge (and the layout check,
  // app/ui/layout_check.hpp, reports it).
  const float x = min.x + pic_w + std::max(0.0f, (size.x - w - pic_w) * 0.5f);
  const float y = min.y + (size.y - font_size) * 0.5f;
  if (pic_w > 0) {
    const float side = font->FontSize;
    draw_pictogram(dl, *pic, ImVec2(x - pic_w + side * 0.5f, min.y + size.y * 0.5f), side, colour);
  }
  probe_text(label, ImVec2(x, y), ImVec2(x + w, y + font_size), min, max);
  dl->PushClipRect(min, max, true);
  draw_text_line(dl, font, font_size, ImVec2(x, y), colour, label);
  dl->PopClipRect();
  return clicked;
}

// The reason a control that is off gives when tapped: one at a time, by the control's id.
struct ReasonShown {
  ImGuiID id = 0;
  std::string text;
  int frame = -1;                   // the last frame its control was drawn
  ImGuiContext* context = nullptr;  // frames count per context (tests, the layout check)
};

ReasonShown& reason_shown() {
  static ReasonShown r;
  return r;
}

// A short line in a rounded box just above the control (below it near the top of the display),
// as wide as it needs up to the display's width, on top of everything.
void draw_reason(std::string_view why, ImVec2 min, ImVec2 max) {
  const Palette& p = palette();
  ImFont* font = ImGui::GetFont();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float margin = px(8), pad = px(10);
  const float wrap = std::max(px(60), display.x - 2 * margin - 2 * pad);
  const ImVec2 ts = calc_text_size(font, font->FontSize, why, wrap);
  const ImVec2 box(ts.x + 2 * pad, ts.y + 2 * pad);
  float x = std::clamp((min.x + max.x - box.x) * 0.5f, margin,
                       std::max(margin, display.x - margin - box.x));
  float y = min.y - px(6) - box.y;
  if (y < margin) y = std::min(max.y + px(6), display.y - margin - box.y);
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 bmin(x, y), bmax(x + box.x, y + box.y);
  dl->AddRectFilled(bmin, bmax, p.notice, px(8));
  dl->AddRect(bmin, bmax, p.text, px(8), 0, px(2));
  draw_text_wrapped(dl, font, ImVec2(x + pad, y + pad), p.text, why, wrap);
  capture_text(why, bmin, bmax);
}

}  // namespace

void disabled_reason(ImGuiID id, bool enabled, bool tapped_while_off, std::string_view why,
                     ImVec2 min, ImVec2 max) {
  ReasonShown& r = reason_shown();
  const int frame = ImGui::GetFrameCount();
  // Gone on the next press anywhere, when its control is on again, or once it was not drawn.
  if (r.id != 0 && (ImGui::IsMouseClicked(0) || r.context != ImGui::GetCurrentContext() ||
                    r.frame < frame - 1 || (r.id == id && enabled)))
    r = ReasonShown{};
  if (!enabled && tapped_while_off && !why.empty())
    r = ReasonShown{id, std::string(why), frame, ImGui::GetCurrentContext()};
  if (r.id == id && r.id != 0) {
    r.frame = frame;
    draw_reason(r.text, min, max);
  }
}

const std::string& shown_disabled_reason() {
  ReasonShown& r = reason_shown();
  static const std::string none;
  const bool live =
      r.id != 0 && r.context == ImGui::GetCurrentContext() && r.frame >= ImGui::GetFrameCount() - 1;
  return live ? r.text : none;
}

void forget_disabled_reason() {
  reason_shown() = ReasonShown{};
}

bool touch_button_if(bool enabled, std::string_view why, const char* id, std::string_view label,
                     float width, ButtonLook look, ImU32 accent, ImFont* font, float height,
                     std::string_view pictogram) {
  if (!font) font = ImGui::GetFont();
  if (width <= 0) width = text_width(font, label) + px(36) + pictogram_room(font, pictogram);
  const ImVec2 size(width, height > 0 ? std::max(height, kTouchTargetPx) : touch_target());
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImGuiID gid = ImGui::GetID(id);
  const bool clicked = draw_button(id, label, size, look == ButtonLook::selected, accent, font,
                                   std::min(px(10), size.y * 0.2f), pictogram, !enabled);
  disabled_reason(gid, enabled, clicked && is_tap(), why, min,
                  ImVec2(min.x + size.x, min.y + size.y));
  return clicked && enabled;
}

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

float height_on_short_display(float wanted, float share) {
  const float display = ImGui::GetIO().DisplaySize.y;
  return std::min(wanted, std::max(wanted / ui_scale(), display * share));
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
