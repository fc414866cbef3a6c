#include "app/ui/wizard_quantity.hpp"

#include <algorithm>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/state.hpp"
#include "app/ui/units.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// A stepper whose number pad has the kiosk's speaker (app/ui/read_aloud.hpp) before its title.
void spoken_stepper(UiContext& ctx, const char* id, int64_t* value, int64_t max, ImU32 accent,
                    ImFont* value_font = nullptr) {
  const NumberPadSpeakerScope speaker([&ctx](float row) { return speaker_slot(ctx, row); });
  stepper(id, value, 1, max, accent, value_font ? value_font : ctx.fonts.heading);
}

}  // namespace

void labelled_stepper(UiContext& ctx, const char* label, const char* id, int64_t* value,
                      int64_t max, ImU32 accent, ImFont* value_font) {
  ImFont* strong = or_current_font(ctx.fonts.strong);
  const float gap = px(16);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float label_w = text_width(strong, label);
  if (label_w + gap + stepper_width(value_font ? value_font : ctx.fonts.heading) <= avail) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = stepper_height();
    draw_text(ImGui::GetWindowDrawList(), strong,
              ImVec2(at.x, at.y + (h - strong->FontSize) * 0.5f), palette().text, label);
    ImGui::Dummy(ImVec2(label_w, h));
    ImGui::SameLine(0, gap);
  } else {
    wizard_label(ctx, label);
  }
  spoken_stepper(ctx, id, value, max, accent, value_font);
}

void quantity_choice(UiContext& ctx, WizardForm& f, ImU32 accent) {
  const float avail = ImGui::GetContentRegionAvail().x;
  // The step's view below this, above the "more below" strip where the step shows one.
  const float room_y = ImGui::GetContentRegionAvail().y - more_below_reserved();
  const float gap = px(16);
  const bool units = asks_unit(f);
  const int n = int(units_for_category(f.category).size());
  const float rest = avail - stepper_width(ctx.fonts.heading) - gap;
  // All the units beside the stepper (a wide screen): the words above both.
  if (units && unit_choice_per_row(ctx, f, rest) == n) {
    wizard_label(ctx, tr("How many?"));
    spoken_stepper(ctx, "##qty", &f.quantity, limits::max_quantity, accent);
    ImGui::SameLine(0, gap);
    unit_choice(ctx, f, accent, rest, n, stepper_height());
    return;
  }
  if (!units) {
    labelled_stepper(ctx, tr("How many?"), "##qty", &f.quantity, limits::max_quantity, accent);
    return;
  }
  int per_row = unit_choice_per_row(ctx, f, avail);
  float unit_h = height_on_short_display(touch_target(), 0.12f);
  // The height of "How many?", the stepper `side` tall and the units, `per_row` a row.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  auto needed = [&](float side, float value_w, int row, float h) {
    ImFont* strong = or_current_font(ctx.fonts.strong);
    const float label_w = text_width(strong, tr("How many?"));
    const float label_h =
        label_w + gap + 2 * side + value_w <= avail
            ? 0.0f
            : calc_text_size(strong, strong->FontSize, tr("How many?"), avail).y + spacing;
    const int rows = (n + row - 1) / std::max(1, row);
    return label_h + side + spacing + float(rows) * h + float(rows - 1) * spacing;
  };
  const float value_w = stepper_width(ctx.fonts.heading) - 2 * stepper_height();
  if (needed(stepper_height(), value_w, per_row, unit_h) <= room_y) {
    labelled_stepper(ctx, tr("How many?"), "##qty", &f.quantity, limits::max_quantity, accent);
    unit_choice(ctx, f, accent, avail, per_row, unit_h);
    return;
  }
  // Short of room (480x800 at 200 %: 252 px under the step's title, where "How many?", a stepper
  // of 66 px and the units in one column of 96 px buttons took 470 px): a stepper and units a
  // touch target tall, its number in the bold body face, the units two a row where their words
  // fit there (drawn down to 3/4, as a button does), and half the usual space between the rows,
  // so every unit is seen without a scroll (244 px). Where that is still too tall (the same
  // screen, whose step keeps a finger's height at its bottom for "more below": 204 px), the
  // stepper's buttons only a touch target square, and a quarter of the space between rows.
  ImFont* strong = or_current_font(ctx.fonts.strong);
  float side = std::max(kTouchTargetPx, strong->FontSize + px(8));
  per_row = std::max(per_row, unit_choice_per_row(ctx, f, avail, true));
  unit_h = kTouchTargetPx;
  float row_gap = spacing * 0.5f;
  {
    const float label_h = calc_text_size(strong, strong->FontSize, tr("How many?"), avail).y;
    const int rows = (n + per_row - 1) / std::max(1, per_row);
    if (label_h + side + float(rows) * (unit_h + row_gap) + row_gap > room_y) {
      side = kTouchTargetPx;
      row_gap = spacing * 0.25f;
    }
  }
  const StepperSideScope compact(side);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, row_gap));
  labelled_stepper(ctx, tr("How many?"), "##qty", &f.quantity, limits::max_quantity, accent,
                   strong);
  unit_choice(ctx, f, accent, avail, per_row, unit_h);
  ImGui::PopStyleVar();
}

bool asks_unit(const WizardForm& form) {
  return !form.for_offer && !is_skills_offer(form);
}

namespace {

// A unit button's room: its longest word over the plural forms (Arabic has six) and padding, so
// the buttons keep their place while the number changes under the person's finger.
float unit_button_room(ImFont* font, const UnitInfo& u) {
  float widest = 0;
  for (int64_t n : {0, 1, 2, 3, 5, 11, 21, 22, 100, 101})
    widest = std::max(widest, text_width(font, unit_word(u, n)));
  return widest + px(14);  // the button keeps px(8) of it round its words
}

// The widths of the unit buttons all in one row of `width`, with `gap` between: each its room
// and an equal share of what is left. Empty when they do not fit in one row.
std::vector<float> one_row_widths(UiContext& ctx, const WizardForm& f, float width, float gap) {
  std::vector<float> widths;
  float used = 0;
  for (const char* key : units_for_category(f.category))
    if (const UnitInfo* u = find_unit(key)) {
      widths.push_back(unit_button_room(or_current_font(ctx.fonts.strong), *u));
      used += widths.back();
    }
  if (widths.empty()) return widths;
  used += gap * float(widths.size() - 1);
  if (used > width) return {};
  for (float& w : widths) w += (width - used) / float(widths.size());
  return widths;
}

constexpr float kUnitGapPx = 10.0f;

}  // namespace

int unit_choice_per_row(UiContext& ctx, const WizardForm& f, float width, bool shrunk) {
  const std::vector<const char*> units = units_for_category(f.category);
  const int n = int(units.size());
  const float gap = px(kUnitGapPx);
  // All in one row, each as wide as its words: four units above the fold at 800x480 and 200 %.
  if (!one_row_widths(ctx, f, width, gap).empty()) return n;
  float widest = 0;
  for (const char* key : units)
    if (const UnitInfo* u = find_unit(key))
      widest = std::max(widest, unit_button_room(or_current_font(ctx.fonts.strong), *u));
  if ((width - gap) / 2.0f >= widest) return 2;
  // A button draws its words down to 3/4 of their size where they do not fit.
  if (shrunk && (width - gap) / 2.0f >= (widest - px(14)) * 0.75f + px(16)) return 2;
  return 1;
}

void unit_choice(UiContext& ctx, WizardForm& f, ImU32 accent, float width, int per_row,
                 float height) {
  const std::vector<const char*> units = units_for_category(f.category);
  if (units.empty()) return;
  if (std::find(units.begin(), units.end(), f.unit) == units.end()) f.unit = units.front();
  const float gap = px(kUnitGapPx);
  per_row = std::max(1, per_row);
  std::vector<float> widths;
  if (per_row >= int(units.size())) widths = one_row_widths(ctx, f, width, gap);
  const float w = (width - gap * float(per_row - 1)) / float(per_row);
  const float x0 = ImGui::GetCursorPosX();
  for (size_t i = 0; i < units.size(); ++i) {
    const UnitInfo* u = find_unit(units[i]);
    if (!u) continue;
    if (i % size_t(per_row) != 0)
      ImGui::SameLine(0, gap);
    else
      ImGui::SetCursorPosX(x0);
    const bool on = f.unit == u->key;
    const std::string id = std::string("##unit") + u->key;
    if (touch_button(id.c_str(), unit_word(*u, f.quantity), i < widths.size() ? widths[i] : w,
                     on ? ButtonLook::selected : ButtonLook::plain, accent, ctx.fonts.strong,
                     height) &&
        is_tap())
      f.unit = u->key;
  }
}

std::vector<std::string> unit_choice_words(const WizardForm& f) {
  std::vector<std::string> words;
  for (const char* key : units_for_category(f.category))
    if (const UnitInfo* u = find_unit(key)) words.push_back(unit_word(*u, f.quantity));
  return words;
}

}  // namespace mutua
