#pragma once
// The keypad of "Check my ticket". Ticket codes look like "K7Q-042": three characters from the
// device prefix alphabet (letters and digits that cannot be confused: no O/0, I/1, S/5, B/8, Z/2),
// a dash, then the device's counter (three or more digits). The pad shows only the keys that can
// come next, so it stays large: first the prefix characters, then a phone-style number pad. The
// dash is inserted by itself.
#include <imgui.h>

#include <string>
#include <string_view>

namespace mutua {

inline constexpr std::string_view kTicketPrefixAlphabet = "ACDEFGHJKLMNPQRTUVWXY3479";
inline constexpr size_t kTicketPrefixChars = 3;
inline constexpr size_t kTicketMinDigits = 3;
inline constexpr size_t kTicketMaxDigits = 6;

enum class TicketPadPhase { prefix, number };

TicketPadPhase ticket_pad_phase(const std::string& code);
// Appends a key if it may come next (inserting the dash after the prefix); others are ignored.
void ticket_pad_press(std::string& code, char key);
// Presses every character of UTF-8 text typed on a keyboard: letters, and digits in any of the
// three digit sets (Western, Arabic-Indic, Persian), which go in as 0-9.
void ticket_pad_type(std::string& code, std::string_view typed);
// What a key says: the counter's digits in the active language's digits ("٣" in Arabic, "۳" in
// Dari), the prefix's characters as printed on the ticket.
std::string ticket_pad_key_label(char key, TicketPadPhase phase);
// Removes the last character (and the dash with the prefix's last character).
void ticket_pad_backspace(std::string& code);
// Prefix, dash and at least kTicketMinDigits digits.
bool ticket_code_complete(const std::string& code);

struct TicketPadLabels {
  const char* erase = "Delete";
  const char* check = "Check";
};

// Draws the keypad at the cursor filling `size` (keys never below touch_target()). Keys are items
// "<id>/<char>" (the Western character, whatever the label), "<id>/erase" and "<id>/check",
// captured under their labels. Characters typed on a keyboard go in too (Backspace erases, Enter
// checks). Returns true when Check was tapped (or Enter pressed) with a complete code.
bool ticket_keypad(const char* id, std::string* code, ImVec2 size, ImU32 accent,
                   const TicketPadLabels& labels, ImFont* key_font = nullptr);

}  // namespace mutua
