#pragma once
// The one write behind "Post my need" / "Post my offer", for the kiosk wizards (wizard_steps.cpp)
// and the phone pages (app/web/): the answers a form collected, the rule that a step may not be
// left yet, the entry they make, and the stamped write with this device's ticket prefix. No
// ImGui here.
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;

struct EntryAnswers {
  Kind kind = Kind::need;
  std::string category;
  std::string item;
  std::string availability;  // offers: when it can be picked up / when the person is free
  int64_t quantity = 1;
  std::string unit;  // a unit key from app/ui/units.hpp ("pack"), or empty
  Urgency urgency = Urgency::normal;
  int64_t people = 1;     // needs: people in the household
  bool by_phone = false;  // "Leave a name and phone" (else: "I will come back to this kiosk")
  std::string contact_name;
  std::string contact_phone;
  bool consent = false;
};

// Leading and trailing blanks removed.
std::string trimmed_answer(std::string_view s);
// A name or a phone was typed.
bool contact_given(const EntryAnswers& a);
// Whether the answer of wizard step `step` lets the form go on: 1 a category, 2 what (not blank),
// 4 consent ticked when a name or phone was typed for "Leave a name and phone"; other steps
// always.
bool step_answered(const EntryAnswers& a, int step);
// The first wizard step (1 category, 2 what, 4 how to reach you) whose answer stops the form from
// going on, or 0 when it can be posted. Step 4 stops when a name or phone was typed for "Leave a
// name and phone" without the consent box ticked.
int blocked_step(const EntryAnswers& a);
// The entry the answers describe (site and language are filled in by post_entry). Contact
// fields are kept only when the person chose the phone, gave one and ticked consent.
Entry entry_from_answers(const EntryAnswers& a);
// Saves the answers as an entry at this device's site, in `language`, with a ticket of this
// device's prefix (and, for "I need this", a proposed match with `for_offer`), in one
// transaction: EntryService::add validates it.
Result<Entry> post_entry(Store& store, const EntryAnswers& a, const std::string& language,
                         const std::optional<Id>& for_offer = std::nullopt);

// The four urgencies, most urgent first, and the kiosk's words for them ("Right now", "Today",
// "This week", "No rush"), translated: the need wizard and the phone pages show the same.
inline constexpr Urgency kUrgencies[] = {Urgency::critical, Urgency::high, Urgency::normal,
                                         Urgency::low};
const char* urgency_words(Urgency u);
// Its pictogram (core/pictogram.hpp): a warning sign, the sun, a calendar week, a snail.
const char* urgency_pictogram_id(Urgency u);

// "Available: weekday mornings" for details; empty availability gives empty details.
std::string availability_details(std::string_view availability);
// The availability stored by availability_details(), or empty.
std::string availability_from_details(std::string_view details);

}  // namespace mutua
