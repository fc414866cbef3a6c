#pragma once
// The on-screen keyboard, docked at the bottom while a text field has focus. Keys edit the bound
// std::string directly (characters injected through ImGui's IO get lost in ImGui 1.86), and
// backspace removes one whole UTF-8 character.
//
// Layouts: QWERTY with an accents page (en, es, fr, pt), AZERTY (fr), ЙЦУКЕН (uk, with і ї є ґ '),
// Arabic and Persian (ISIRI 9147; tables in keyboard_layouts_rtl.hpp), a symbols page with digits
// (Arabic-Indic or Persian ones too in ar and fa), and a numeric pad for phone numbers, quantities
// and PINs. The layout key cycles QWERTY, AZERTY, ЙЦУКЕН, Arabic, Persian. Every key
// is at least 48 px at scale 1; rows wrap on narrow (portrait) screens rather than shrink keys.
// The layout, symbols and accents keys, space, Done, shift and backspace keep their place in
// every layout and page at a given size and text scale (one size for these keys in all layouts;
// the bottom row the same everywhere; shift and backspace at the two edges of the last row of
// letters, also where long rows wrap), so a second tap on the same spot does the same thing. The
// letters between them are as wide as their own layout's rows allow. Arabic and Persian have no
// accents: their accents key opens a page of their extra letters and harakat.
#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/widgets/text_field.hpp"

namespace mutua {

enum class KeyLayout : uint8_t { qwerty, azerty, ukrainian, arabic, persian };
// accents: the Latin accents, or Arabic's and Persian's extra letters.
enum class KeyPage : uint8_t { letters, accents, symbols };
// What the bound field holds (free text, a phone number, a number): the field's own kind.
using KeyInput = TextFieldKind;

struct KeyHit {
  std::string id;  // the character typed, or "shift", "backspace", "space", "done", "layout",
                   // "accents", "symbols", "letters"
  ImVec2 min, max;
};

struct OnScreenKeyboard {
  KeyLayout layout = KeyLayout::qwerty;
  KeyPage page = KeyPage::letters;
  bool shift = false;        // the next letter is a capital
  std::vector<KeyHit> keys;  // where each key was drawn last frame (tests tap them)
  const KeyHit* key(std::string_view id) const;
};

// The layout a language starts with: its catalogue's X-Keyboard header.
KeyLayout default_layout(std::string_view language);

// Editing primitives, also used for a physical keyboard's input. `max_chars` counts code points
// (0 = no limit); input that does not fit, or that is not allowed for `input`, is dropped. In a
// number, phone or PIN field, Arabic-Indic and Persian digits are stored as 0-9.
void keyboard_insert(std::string& value, std::string_view utf8_text, KeyInput input,
                     size_t max_chars);
void keyboard_backspace(std::string& value);

// Height the keyboard needs at this width and display height (rows wrap when narrow, and the
// keys that switch layout or page take a row of their own when the words on them need it). The
// fonts are draw_keyboard's; null: the current font (the body font the app draws keys in).
float keyboard_height(const OnScreenKeyboard& kb, KeyInput input, float width, float display_h,
                      ImFont* key_font = nullptr, ImFont* label_font = nullptr);

// Draws the keyboard into the current window at `min`, `width` wide, editing `value`. Also takes
// characters and backspace from a physical keyboard. Returns true when "Done" was tapped.
bool draw_keyboard(OnScreenKeyboard& kb, std::string& value, KeyInput input, size_t max_chars,
                   ImVec2 min, float width, float display_h, ImFont* key_font = nullptr,
                   ImFont* label_font = nullptr);

}  // namespace mutua
