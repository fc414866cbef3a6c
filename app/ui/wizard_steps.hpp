#pragma once
// The steps shared by the need and offer wizards (PRODUCT.md section 5):
//   1 category grid · 2 what exactly · 3 how many / how urgent / when · 4 how to reach you ·
//   5 review · 6 ticket.
// A wizard is a WizardSpec (what differs between needs and offers) driven by draw_wizard().
// All answers live in UiState::wizard (WizardForm), so Back keeps them and Cancel or the idle
// timeout forgets them by resetting that one struct.
//
// Availability of an offer has no field of its own in Entry: it is stored in `details` as one
// line "Available: <what the person typed>" (the English word, so any device can parse it back;
// see availability_details()).
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/ui/picks.hpp"
#include "app/ui/post_entry.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

struct UiContext;
struct WizardForm;
class Store;

struct WizardSpec {
  Kind kind;
  ImU32 accent;
  // Step 3, the part that differs: needs ask how many / how soon / household; offers how many
  // and when. Draws into the content area.
  void (*draw_amount)(UiContext& ctx, float height);
  // The question shown for step 3 (depends on the answers, e.g. skills vs goods).
  const char* (*amount_question)(const WizardForm& form);
  // Review rows for step 3's answers: {label, value} pairs.
  std::vector<std::pair<std::string, std::string>> (*amount_review)(const WizardForm& form);
  // What the speaker reads on step 3 after its question (app/ui/read_aloud.hpp): the labels and
  // choices in the order they are drawn.
  std::vector<std::string> (*amount_speech)(const WizardForm& form);
};

// Starts a fresh form of this kind at step 1 (keeps nothing from before).
void start_wizard(WizardForm& form, Kind kind);
// Called by a wizard screen's enter(): starts a form unless one of this kind is in progress.
void resume_or_start_wizard(WizardForm& form, Kind kind);
// Throws the form away and goes home (Cancel, Done).
void leave_wizard(UiContext& ctx);

// Draws the whole wizard for one frame: title bar with Cancel, the current step, Back / Next.
void draw_wizard(UiContext& ctx, const WizardSpec& spec);
// What the speaker reads on the current step (app/ui/read_aloud.hpp): its question, then its
// choices (or, on the review, each answer; on the ticket, the code and what happens next).
std::vector<std::string> wizard_speech(UiContext& ctx, const WizardSpec& spec);

// The entry the form describes (site and language of this device are filled in by post_form).
Entry entry_from_form(const WizardForm& form);
// Saves the form as an entry (and, for "I need this", a proposed match with the offer), in one
// transaction. On success the form keeps only what the ticket screen shows.
Result<Entry> post_form(Store& store, WizardForm& form);

// availability_details() and availability_from_details() are in app/ui/post_entry.hpp.

// Offers of skills and time ask when, not how many.
bool is_skills_offer(const WizardForm& form);

// quick_picks() and availability_picks(), the chips of steps 2 and 3, are in app/ui/picks.hpp.

// Shared pieces for the step-3 drawers in need_wizard.cpp and offer_wizard.cpp (the quantity,
// its stepper and its units are in app/ui/wizard_quantity.hpp).
void wizard_label(UiContext& ctx, const char* text);
// Chips (already translated labels) that wrap onto new lines; returns the index tapped or -1.
// The chip equal to `selected` is highlighted.
int chip_flow(const char* id, const std::vector<const char*>& labels, std::string_view selected,
              ImU32 accent);

}  // namespace mutua
