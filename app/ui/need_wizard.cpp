#include "app/ui/need_wizard.hpp"

#include <string>
#include <utility>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_quantity.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

const char* need_amount_question(const WizardForm&) {
  return tr("How many, and how soon?");
}

// How many (stepper and unit), how soon (four buttons), people in the household (stepper), in
// that order, so the quantity and its unit are what shows first on a short screen.
void draw_need_amount(UiContext& ctx, float) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float avail = ImGui::GetContentRegionAvail().x;

  if (f.for_offer)  // "I need this": say what is being asked for
    ui_text_wrapped(std::string(tr("What")) + ": " + f.item, ctx.fonts.strong, p.text);
  quantity_choice(ctx, f, p.need);

  wizard_label(ctx, tr("How soon?"));
  const float bgap = px(10);
  const int per_row = avail >= px(600) ? 4 : 2;
  const float bw = (avail - bgap * (per_row - 1)) / per_row;
  for (int i = 0; i < 4; ++i) {
    if (i % per_row != 0) ImGui::SameLine(0, bgap);
    const Urgency u = kUrgencies[i];
    const bool on = f.urgency == u;
    const ImU32 accent = u == Urgency::critical ? p.urgent : p.need;
    ImGui::PushID(i);
    if (touch_button("##urgency", urgency_words(u), bw,
                     on ? ButtonLook::selected : ButtonLook::plain, accent, ctx.fonts.strong,
                     touch_target() * 1.1f, urgency_pictogram_id(u)) &&
        is_tap())
      f.urgency = u;
    ImGui::PopID();
  }
  labelled_stepper(ctx, tr("People in your household"), "##people", &f.people, limits::max_people,
                   p.need);
}

std::vector<std::pair<std::string, std::string>> need_amount_review(const WizardForm& f) {
  return {{tr("How many"), format_quantity(f.quantity, f.unit)},
          {tr("How soon"), urgency_words(f.urgency)},
          {tr("People in your household"), format_count(f.people)}};
}

std::vector<std::string> need_amount_speech(const WizardForm& f) {
  std::vector<std::string> words;
  if (f.for_offer) words.push_back(std::string(tr("What")) + ": " + f.item);
  words.emplace_back(tr("How many?"));
  if (asks_unit(f))
    for (std::string& w : unit_choice_words(f)) words.push_back(std::move(w));
  words.emplace_back(tr("How soon?"));
  for (const Urgency u : kUrgencies) words.emplace_back(urgency_words(u));
  words.emplace_back(tr("People in your household"));
  return words;
}

WizardSpec need_spec() {
  return WizardSpec{Kind::need,           palette().need,     draw_need_amount,
                    need_amount_question, need_amount_review, need_amount_speech};
}

}  // namespace

void enter_need(UiContext& ctx) {
  wizard_entered(ctx.state);  // a new person: "Show my last ticket" is forgotten
  resume_or_start_wizard(ctx.state.wizard, Kind::need);
}

void draw_need(UiContext& ctx) {
  draw_wizard(ctx, need_spec());
}

std::vector<std::string> need_speech(UiContext& ctx) {
  return wizard_speech(ctx, need_spec());
}

}  // namespace mutua
