#include "app/ui/offer_wizard.hpp"

#include <string>
#include <utility>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_quantity.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text_field.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

const char* offer_amount_question(const WizardForm& f) {
  return is_skills_offer(f) ? tr("When are you free?") : tr("How many, and when?");
}

// Goods: how many, and when they can be picked up. Skills and time: only when.
void draw_offer_amount(UiContext& ctx, float) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const bool skills = is_skills_offer(f);
  if (!skills) quantity_choice(ctx, f, p.offer);
  wizard_label(ctx, skills ? tr("When can you do it?") : tr("When can it be picked up?"));
  touch_text_field(
      "##availability",
      skills ? tr("For example: weekday mornings") : tr("For example: today until 6 pm"),
      &f.availability, TextFieldKind::text, 200);
  const auto picks = availability_picks(skills);
  const int tapped = chip_flow("##when", picks, f.availability, p.offer);
  if (tapped >= 0) {
    f.availability = picks[size_t(tapped)];
    clear_keyboard_target();
  }
}

std::vector<std::pair<std::string, std::string>> offer_amount_review(const WizardForm& f) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (!is_skills_offer(f)) rows.emplace_back(tr("How many"), format_quantity(f.quantity, f.unit));
  rows.emplace_back(tr("When"),
                    f.availability.empty() ? std::string(tr("Not said")) : f.availability);
  return rows;
}

std::vector<std::string> offer_amount_speech(const WizardForm& f) {
  const bool skills = is_skills_offer(f);
  std::vector<std::string> words;
  if (!skills) {
    words.emplace_back(tr("How many?"));
    for (std::string& w : unit_choice_words(f)) words.push_back(std::move(w));
  }
  words.emplace_back(skills ? tr("When can you do it?") : tr("When can it be picked up?"));
  for (const char* pick : availability_picks(skills)) words.emplace_back(pick);
  return words;
}

WizardSpec offer_spec() {
  return WizardSpec{Kind::offer,           palette().offer,     draw_offer_amount,
                    offer_amount_question, offer_amount_review, offer_amount_speech};
}

}  // namespace

void enter_offer(UiContext& ctx) {
  wizard_entered(ctx.state);  // a new person: "Show my last ticket" is forgotten
  resume_or_start_wizard(ctx.state.wizard, Kind::offer);
}

void draw_offer(UiContext& ctx) {
  draw_wizard(ctx, offer_spec());
}

std::vector<std::string> offer_speech(UiContext& ctx) {
  return wizard_speech(ctx, offer_spec());
}

}  // namespace mutua
