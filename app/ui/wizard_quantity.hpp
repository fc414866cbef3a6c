#pragma once
// Wizard step 3's quantity, shared by the need and offer wizards (app/ui/need_wizard.cpp,
// app/ui/offer_wizard.cpp): "How many?" with its stepper (whose number opens the number pad,
// app/widgets/number_pad.hpp) and, for goods, the category's units (app/ui/units.hpp).
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mutua {

struct UiContext;
struct WizardForm;

// Step 3's unit choice: the category's units (app/ui/units.hpp) as big buttons worded for the
// quantity chosen ("packs" for 3), the chosen one selected, in rows of `per_row` filling `width`,
// each `height` tall. The first is chosen when the form has none of them (a new form, or the
// category changed). Buttons are items "##unit<key>". Not for "I need this" (the offer's unit
// stays) nor offers of skills and time.
void unit_choice(UiContext& ctx, WizardForm& form, ImU32 accent, float width, int per_row,
                 float height);
// How many unit buttons go in a row of `width`: all when each fits its longest word (over the
// plural forms), then each that wide plus a share of the rest; else two, else one, equal widths.
// `shrunk`: two where the words fit at the 3/4 size a button draws them down to.
int unit_choice_per_row(UiContext& ctx, const WizardForm& form, float width, bool shrunk = false);
// "How many?" with its stepper (`id`, bound to `value`, 1 to `max`): the words above it, or
// beside it where the row has room. A label beside the stepper is vertically centred on it. The
// number in `value_font` (null: the heading face).
void labelled_stepper(UiContext& ctx, const char* label, const char* id, int64_t* value,
                      int64_t max, ImU32 accent, ImFont* value_font = nullptr);
// Step 3's quantity: "How many?", the stepper and, when asks_unit(), the unit choice: beside the
// stepper when all of it fits there, else in a row under it. Kept compact so it is above the
// fold at 800x480 with 200 % text.
void quantity_choice(UiContext& ctx, WizardForm& form, ImU32 accent);
// Whether step 3 asks for a unit.
bool asks_unit(const WizardForm& form);
// The words of the unit choice, for the speaker.
std::vector<std::string> unit_choice_words(const WizardForm& form);

}  // namespace mutua
