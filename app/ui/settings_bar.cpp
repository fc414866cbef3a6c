#include "app/ui/settings_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

constexpr float kChipPad = 36.0f;  // chip(): label width + this (at scale 1)

std::string scale_label(float s) {
  char label[16];
  std::snprintf(label, sizeof label, "%d%%", int(std::lround(s * 100)));
  return label;
}

// Starts a new line when the next item would not fit on this one.
void flow(bool first, float item_w, float gap) {
  if (first) return;
  ImGui::SameLine(0, gap);
  if (ImGui::GetContentRegionAvail().x + 1.0f < item_w) ImGui::NewLine();
}

}  // namespace

void set_high_contrast_theme(bool on) {
  set_high_contrast(on);
  apply_theme();
}

float language_picker_width() {
  float w = 0;
  for (const auto& l : ui_languages()) w += chip_width(l.native_name) + px(8);
  return w - px(8);
}

void draw_language_picker(UiContext& ctx) {
  const ImU32 accent = palette().available;
  bool first = true;
  for (const auto& l : ui_languages()) {
    flow(first, chip_width(l.native_name), px(8));
    first = false;
    ImGui::PushID(l.code);
    const bool selected = language() == l.code;
    if (chip("##lang", l.native_name, selected, accent) && !selected) {
      set_language(l.code);
      ctx.state.keyboard.layout = default_layout(l.code);
      ctx.state.entered.reset();  // re-enter the screen so it refetches translated labels
    }
    ImGui::PopID();
  }
}

float display_controls_width(ImFont* label_font) {
  float w = text_width(label_font, tr("Text size")) + px(10);
  for (float s : kTextScales) w += chip_width(scale_label(s).c_str()) + px(6);
  return w + px(10) + chip_width(tr("High contrast"));
}

void draw_display_controls(UiContext& ctx) {
  DisplayPrefs& prefs = ctx.state.prefs;
  const Palette& p = palette();
  ImFont* strong = ctx.fonts.strong ? ctx.fonts.strong : ImGui::GetFont();
  const char* size_label = tr("Text size");
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = draw_text(ImGui::GetWindowDrawList(), strong,
                            ImVec2(at.x, at.y + (touch_target() - strong->FontSize) * 0.5f),
                            p.muted, size_label);
  ImGui::Dummy(ImVec2(w, touch_target()));
  for (float s : kTextScales) {
    const std::string label = scale_label(s);
    ImGui::SameLine(0, s == kTextScales[0] ? px(10) : px(6));
    if (ImGui::GetContentRegionAvail().x < chip_width(label.c_str())) ImGui::NewLine();
    ImGui::PushID(label.c_str());
    const bool selected = std::fabs(prefs.text_scale - s) < 0.01f;
    // Applied between frames: the fonts are rebuilt at the new size (see ui_main.cpp).
    if (chip("##scale", label, selected, p.available) && !selected) prefs.text_scale = s;
    ImGui::PopID();
  }
  const char* contrast = tr("High contrast");
  ImGui::SameLine(0, px(10));
  if (ImGui::GetContentRegionAvail().x < chip_width(contrast)) ImGui::NewLine();
  if (chip("##contrast", contrast, prefs.high_contrast, p.text)) {
    prefs.high_contrast = !prefs.high_contrast;
    set_high_contrast_theme(prefs.high_contrast);
  }
}

namespace {
ImFont* font_or(ImFont* f) {
  return f ? f : ImGui::GetFont();
}
constexpr const char* kTitle = "Mutua";
}  // namespace

namespace {

// The folded button: the language's own name, then text size and contrast, each with its
// pictogram ("A a", a half-filled square) and, where the row has room, its words. Item 8 of issue
// 14: "Українська · Aa" hid that contrast was behind it.
struct FoldedPart {
  std::string_view pictogram;  // empty: words only
  std::string text;            // empty: the pictogram only
};

std::vector<FoldedPart> folded_parts(bool words) {
  std::vector<FoldedPart> parts;
  for (const auto& l : ui_languages())
    if (language() == l.code) parts.push_back({{}, l.native_name});
  parts.push_back({"tile.text_size", words ? tr("Text size") : ""});
  parts.push_back({"tile.contrast", words ? tr("High contrast") : ""});
  return parts;
}

constexpr const char* kFoldedGap = "  \xC2\xB7  ";  // between parts

float part_width(const FoldedPart& part) {
  const float pic = part.pictogram.empty() ? 0.0f : ImGui::GetFontSize();
  const float gap = !part.pictogram.empty() && !part.text.empty() ? px(6) : 0.0f;
  return pic + gap + (part.text.empty() ? 0.0f : text_width(nullptr, part.text));
}

// Between two parts: a dot between words; before and between pictograms without words, a gap
// (the button must stay beside the title at 200 % on 800x480, as "Українська · Aa" did).
float gap_after(const std::vector<FoldedPart>& parts, size_t i) {
  if (i + 1 >= parts.size()) return 0.0f;
  if (parts[i + 1].text.empty()) return parts[i].text.empty() ? px(8) : px(14);
  return text_width(nullptr, kFoldedGap);
}

float folded_width(const std::vector<FoldedPart>& parts) {
  float w = px(kChipPad);
  for (size_t i = 0; i < parts.size(); ++i) w += part_width(parts[i]) + gap_after(parts, i);
  return w;
}

// A chip of the folded parts; true when tapped.
bool folded_button(const std::vector<FoldedPart>& parts) {
  const Palette& p = palette();
  const ImVec2 size(folded_width(parts), touch_target());
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##display", size);
  const bool held = ImGui::IsItemActive();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = size.y * 0.5f;
  dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, rounding);
  dl->AddRect(min, max, p.available, rounding, 0, px(2));
  std::string label;  // what a test or the layout check calls it: the words shown
  for (const auto& part : parts)
    if (!part.text.empty()) {
      if (!label.empty()) label += " \xC2\xB7 ";
      label += part.text;
    }
  capture_text(label, min, max);
  probe_touch(label, min, max);
  ImFont* font = ImGui::GetFont();
  const float y = min.y + (size.y - font->FontSize) * 0.5f;
  float x = min.x + px(kChipPad) * 0.5f;
  dl->PushClipRect(min, max, true);
  for (size_t i = 0; i < parts.size(); ++i) {
    const FoldedPart& part = parts[i];
    if (!part.pictogram.empty()) {
      const float side = font->FontSize;
      draw_pictogram(dl, part.pictogram, ImVec2(x + side * 0.5f, min.y + size.y * 0.5f),
                     side * 0.9f, p.text);
      x += side + (part.text.empty() ? 0.0f : px(6));
    }
    if (!part.text.empty()) {
      const float w = text_width(font, part.text);
      draw_text_line(dl, font, font->FontSize, ImVec2(x, y), p.text, part.text);
      probe_text(part.text, ImVec2(x, y), ImVec2(x + w, y + font->FontSize), min, max);
      x += w;
    }
    const float gap = gap_after(parts, i);
    if (gap > 0 && !parts[i + 1].text.empty())
      draw_text_line(dl, font, font->FontSize, ImVec2(x, y), p.muted, kFoldedGap);
    x += gap;
  }
  dl->PopClipRect();
  return clicked;
}

}  // namespace

HomeChrome plan_home_chrome(const UiContext& ctx, const std::string& status) {
  HomeChrome c;
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetContentRegionAvail().y;
  const float row = touch_target();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  ImFont* heading = font_or(ctx.fonts.heading);
  // The speaker before the title, when read-aloud shows (app/ui/read_aloud.hpp).
  const float title_w =
      text_width(heading, kTitle) + speaker_width(ctx, std::max(touch_target(), heading->FontSize));
  const float lang_w = language_picker_width();
  const float tag_w = text_width(nullptr, tr("Neighbours helping neighbours"));
  const float gap = px(16);
  const float title_row = std::max(row, heading->FontSize);

  c.picker_inline = title_w + gap + lang_w <= w;
  c.tagline = title_w + gap + tag_w + gap + lang_w <= w;
  const int picker_rows = c.picker_inline ? 0 : (lang_w <= w ? 1 : 2);
  c.header_h = title_row + picker_rows * (row + spacing);

  const float controls_w = display_controls_width(ctx.fonts.strong);
  const float status_w = text_width(font_or(ctx.fonts.strong), status);
  c.footer_one_row = status_w + gap + controls_w <= w;
  c.footer_h = c.footer_one_row ? row
                                : ImGui::GetFontSize() * 2.4f + spacing +
                                      (controls_w <= w ? row : 2 * row + spacing);
  // The four tiles are the point of home: keep at least 60% of the height for them.
  if (c.header_h + c.footer_h > h * 0.4f) {
    c.compact = true;
    c.picker_inline = true;
    c.header_h = title_row;
    c.footer_h = font_or(ctx.fonts.strong)->FontSize;
    // On a narrow display the button goes under the title rather than off the side.
    const float pictures_w = folded_width(folded_parts(false));
    c.chip_row = title_w + gap + pictures_w > w;
    // Words for text size and contrast where the button's row has room for them; they matter
    // more than the tagline.
    const float room = c.chip_row ? w : w - title_w - gap;
    const float words_w = folded_width(folded_parts(true));
    c.folded_words = words_w <= room;
    const float chip_w = c.folded_words ? words_w : pictures_w;
    c.tagline = !c.chip_row && title_w + gap + tag_w + gap + chip_w <= w;
    if (c.chip_row) c.header_h += row + spacing;
  }
  return c;
}

void draw_home_header(UiContext& ctx, const HomeChrome& c) {
  const Palette& p = palette();
  ImFont* heading = font_or(ctx.fonts.heading);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float row = std::max(touch_target(), heading->FontSize);
  const float speaker = speaker_slot(ctx, row);
  const float title_x = speaker > 0 ? speaker + px(12) : 0.0f;
  // Compact: one button for language, text size and contrast: the language named in its own
  // script, then text size and contrast as pictograms, with their words where they fit.
  const std::vector<FoldedPart> parts = folded_parts(c.folded_words);
  const float cw = folded_width(parts);
  // On a narrow screen with the speaker, the name "Mutua" gives way before that button does.
  const bool name_fits = !c.compact || c.chip_row || speaker == 0 ||
                         title_x + text_width(heading, kTitle) + px(16) + cw <= w;
  const float title_w =
      name_fits
          ? title_x + draw_text(dl, heading,
                                ImVec2(at.x + title_x, at.y + (row - heading->FontSize) * 0.5f),
                                p.text, kTitle)
          : speaker;
  if (c.tagline && name_fits) {
    ImFont* body = font_or(nullptr);
    draw_text(dl, body, ImVec2(at.x + title_w + px(16), at.y + (row - body->FontSize) * 0.5f),
              p.muted, tr("Neighbours helping neighbours"));
  }
  if (c.compact) {
    if (c.chip_row)
      ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + row + ImGui::GetStyle().ItemSpacing.y));
    else
      ImGui::SetCursorScreenPos(
          ImVec2(at.x + std::max(title_w + px(16), w - cw), at.y + (row - touch_target()) * 0.5f));
    if (folded_button(parts)) ctx.state.home.settings_open = true;
  } else if (c.picker_inline) {
    ImGui::SetCursorScreenPos(
        ImVec2(at.x + w - language_picker_width(), at.y + (row - touch_target()) * 0.5f));
    draw_language_picker(ctx);
  }
  ImGui::SetCursorScreenPos(at);
  ImGui::Dummy(
      ImVec2(w, c.chip_row ? row + ImGui::GetStyle().ItemSpacing.y + touch_target() : row));
  if (!c.compact && !c.picker_inline) draw_language_picker(ctx);
}

void draw_home_footer(UiContext& ctx, const HomeChrome& c,
                      const std::vector<std::string>& status_forms) {
  const std::string& status = status_forms.front();
  const Palette& p = palette();
  ImFont* strong = font_or(ctx.fonts.strong);
  const float w = ImGui::GetContentRegionAvail().x;
  if (c.compact) {  // one line: the tiles need the height more. The longest form that fits, so
    // the counts are read in full rather than cut ("0 open nee…"); the last form is cut.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string* line = &status_forms.back();
    for (const std::string& f : status_forms)
      if (text_width(strong, f) <= w) {
        line = &f;
        break;
      }
    draw_text(ImGui::GetWindowDrawList(), strong, at, p.muted, *line, w);
    ImGui::Dummy(ImVec2(w, strong->FontSize));
    return;
  }
  if (!c.footer_one_row) {
    ui_text_wrapped(status, strong, p.muted);
    if (!c.compact) draw_display_controls(ctx);
    return;
  }
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_text(ImGui::GetWindowDrawList(), strong,
            ImVec2(at.x, at.y + (touch_target() - strong->FontSize) * 0.5f), p.muted, status);
  ImGui::SetCursorScreenPos(ImVec2(at.x + w - display_controls_width(ctx.fonts.strong), at.y));
  draw_display_controls(ctx);
}

void draw_home_settings(UiContext& ctx) {
  const Palette& p = palette();
  ImFont* heading = font_or(ctx.fonts.heading);
  const char* done = tr("Done");
  const float done_w = text_width(ctx.fonts.strong, done) + px(48);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  draw_text(ImGui::GetWindowDrawList(), heading,
            ImVec2(at.x, at.y + (touch_target() - heading->FontSize) * 0.5f), p.text, kTitle,
            w - done_w - px(16));
  ImGui::SetCursorScreenPos(ImVec2(at.x + w - done_w, at.y));
  if (touch_button("##settings_done", done, done_w, ButtonLook::selected, p.offer,
                   ctx.fonts.strong))
    ctx.state.home.settings_open = false;
  ImGui::Dummy(ImVec2(0, px(8)));
  draw_language_picker(ctx);
  ImGui::Dummy(ImVec2(0, px(8)));
  draw_display_controls(ctx);
}

}  // namespace mutua
