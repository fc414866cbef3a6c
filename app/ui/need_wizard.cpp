#include "app/ui/need_wizard.hpp"

#include <string>
#include <utility>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

const char* need_amount_question(const WizardForm&) {
  return tr("How many, and how soon?");
}

// How many (stepper), how soon (four buttons), people in the household (stepper). Two columns
// when the screen is wide enough, one otherwise.
void draw_need_amount(UiContext& ctx, float) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = px(24);
  const float sw = stepper_width(ctx.fonts.heading);
  const bool two = avail >= 2 * sw + gap;
  const float col2 = ImGui::GetCursorPosX() + std::max(sw + gap, avail * 0.5f);

  if (f.for_offer)  // "I need this": say what is being asked for
    ui_text_wrapped(std::string(tr("What")) + ": " + f.item, ctx.fonts.strong, p.text);
  const float top = ImGui::GetCursorPosY();
  wizard_label(ctx, tr("How many?"));
  stepper("##qty", &f.quantity, 1, limits::max_quantity, p.need, ctx.fonts.heading);
  const float after = ImGui::GetCursorPosY();
  if (two) {
    ImGui::SetCursorPos(ImVec2(col2, top));
    wizard_label(ctx, tr("People in your household"));
    ImGui::SetCursorPosX(col2);
    stepper("##people", &f.people, 1, limits::max_people, p.need, ctx.fonts.heading);
    ImGui::SetCursorPosY(std::max(after, ImGui::GetCursorPosY()));
  }

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
  if (!two) {
    wizard_label(ctx, tr("People in your household"));
    stepper("##people", &f.people, 1, limits::max_people, p.need, ctx.fonts.heading);
  }
}

std::vector<std::pair<std::string, std::string>> need_amount_review(const WizardForm& f) {
  return {{tr("How many"), format_count(f.quantity)},
          {tr("How soon"), urgency_words(f.urgency)},
          {tr("People in your household"), format_count(f.people)}};
}

std::vector<std::string> need_amount_speech(const WizardForm& f) {
  std::vector<std::string> words;
  if (f.for_offer) words.push_back(std::string(tr("What")) + ": " + f.item);
  words.emplace_back(tr("How many?"));
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
