#pragma once
// The number pad a stepper opens when its number is tapped: the number typed so far, large, over
// a 3x4 pad (1-9, Clear, 0, ⌫) and Cancel / OK. The digits are the language's own (٣ in Arabic,
// ۳ in Dari), and a physical keyboard's digits of any of the three sets type too. A number out of
// the stepper's range is said in words ("At most 500."), and OK stays off until it is in range:
// nothing is clamped behind the person's back. OK writes the number straight into the stepper's
// value (ImGui 1.86 loses characters injected through its IO, so nothing goes that way).
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mutua {

// What is being typed (Western digits, no leading zeros). `fresh`: the pad just opened showing
// the stepper's value, and the first digit replaces it.
struct NumberEntry {
  std::string digits;
  bool fresh = true;
  int64_t min = 0;
  int64_t max = 0;
};

NumberEntry number_entry(int64_t value, int64_t min, int64_t max);
// A digit key (0-9): appended (replacing a fresh value). Never more digits than max has, plus
// one, so a number too large is still seen and said.
void number_entry_press(NumberEntry& e, int digit);
void number_entry_backspace(NumberEntry& e);
void number_entry_clear(NumberEntry& e);
// Presses every digit of UTF-8 text typed on a keyboard (Western, Arabic-Indic or Persian).
void number_entry_type(NumberEntry& e, std::string_view typed);
// The number typed, or -1 when nothing is.
int64_t number_entry_value(const NumberEntry& e);
// Why OK cannot be tapped, in words ("At most 500.", "At least 1.", "Type a number first."), or
// empty when the number is in range.
std::string number_entry_problem(const NumberEntry& e);

// The pad of the stepper `owner` (an ImGui id), or none is open (owner 0).
struct NumberPadState {
  ImGuiID owner = 0;
  NumberEntry entry;
  int drawn_frame = -1;  // ImGui frame it was last drawn in: a pad whose stepper went away closes
  ImGuiContext* context = nullptr;  // and one of another ImGui context (a test's, a check's)
};
NumberPadState& number_pad();
// Opens the pad for the stepper with this id (from screen presets and tests): the next stepper
// drawn whose id string is `stepper_id` opens it.
void open_number_pad_for(const char* stepper_id);
// For the stepper: whether open_number_pad_for() asked for this id (the request is used up).
bool number_pad_pending(const char* stepper_id);
// Closes any pad (a screen change, the idle reset).
void close_number_pad();
// Closes the pad shown, keeping a request open_number_pad_for() made for the screen about to be
// entered (a --screen preset): the frame closes the last screen's pad as a screen is entered.
void close_shown_number_pad();

// What the speaker reads on the open pad (app/ui/read_aloud.hpp): its title, the range ("From 1
// to 1,000,000") or what is wrong with the number, and the number shown. Empty when none is open.
std::vector<std::string> number_pad_words();

// The speaker button before the pad's title: given the title row's height, it draws the button
// at the cursor and returns its side (0: none drawn). Set for the duration of a stepper's call by
// whoever can read aloud (the kiosk's wizard, app/ui/wizard_quantity.cpp), so the widget does not
// depend on the app.
using NumberPadSpeaker = std::function<float(float row)>;
class NumberPadSpeakerScope {
 public:
  explicit NumberPadSpeakerScope(NumberPadSpeaker speaker);
  ~NumberPadSpeakerScope();
  NumberPadSpeakerScope(const NumberPadSpeakerScope&) = delete;
  NumberPadSpeakerScope& operator=(const NumberPadSpeakerScope&) = delete;

 private:
  NumberPadSpeaker was_;
};

// Draws the pad over the whole screen (the screen dimmed) for `owner` editing `value`. Returns
// true when OK wrote a new number into `value`; Cancel and OK close it. Keys are items
// "##numpad/<digit>", "##numpad/clear", "##numpad/back", "##numpad_ok", "##numpad_cancel",
// captured under their labels (the digits in the language's digits).
bool draw_number_pad(ImGuiID owner, int64_t* value, ImU32 accent, ImFont* number_font);

}  // namespace mutua
