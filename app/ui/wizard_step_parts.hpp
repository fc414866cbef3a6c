#pragma once
// The parts the need and offer wizards' step files share: the frame, Back and Next, and steps 1
// and 2 (wizard_steps.cpp), step 4, how to reach you (wizard_contact.cpp), and steps 5 and 6,
// the review and the ticket (wizard_ticket.cpp). Internal to app/ui/wizard_*.cpp.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/ui/wizard_steps.hpp"

namespace mutua {

struct UiContext;
struct WizardForm;

namespace wizard_parts {

// The font, or the current one where none is loaded.
std::string trimmed(std::string_view s);
// The step the form starts at: 1, or 3 when it answers an offer (category and item known).
int first_step(const WizardForm& f);
// To another step: its scroll at the top, its error cleared, the keyboard closed.
void go_to_step(WizardForm& f, int step);
// A name or a phone number was typed.
bool contact_given(const WizardForm& f);
// The current step is answered: Next may go on.
bool can_go_on(const WizardForm& f);
// The height of the row of Back and Next (and of the ticket's Done).
float footer_height();

// Step 4 (wizard_contact.cpp). `typing`: the keyboard is open where it leaves little room.
void draw_contact(UiContext& ctx, const WizardSpec& spec, bool typing);
// Its words, also read aloud: the line under its two choices, the consent sentence, and what
// a tap on Next says while the box is not ticked.
const char* reach_hint(const WizardForm& f);
std::string consent_sentence(UiContext& ctx);
const char* consent_missing();

// Step 5, the review (wizard_ticket.cpp).
struct ReviewRow {
  std::string label, value;
  int step;  // the step that asked it
};
std::vector<ReviewRow> review_rows(const WizardSpec& spec, const WizardForm& f);
void draw_review(UiContext& ctx, const WizardSpec& spec);

// Step 6, the ticket (wizard_ticket.cpp), and its words read aloud.
void draw_ticket(UiContext& ctx, const WizardSpec& spec);
const char* ticket_next(Kind kind);
const char* ticket_more(const WizardForm& f);

}  // namespace wizard_parts

}  // namespace mutua
