#pragma once
// Digits people read and type. Arabic is read with Arabic-Indic digits (٠١٢٣), Persian and Dari
// with Persian digits (۰۱۲۳); a catalogue says which (X-Digits, app/ui/i18n.hpp). Numbers shown
// are written in those digits; numbers typed are accepted in any of the three and stored in
// Western digits, so data (and everything that leaves a device) never holds the others.
#include <cstdint>
#include <string>
#include <string_view>

namespace mutua {

enum class Digits : uint8_t { latin, arabic_indic, persian };

// "latin", "arabic-indic", "persian" (the X-Digits header values); false for anything else.
bool parse_digits(std::string_view name, Digits& out);

// `text` with every Western digit 0-9 written in `digits` (latin: unchanged). Only digits
// change; separators and everything else stay.
std::string localize_digits(std::string_view text, Digits digits);

// `text` with Arabic-Indic (U+0660-0669) and Persian (U+06F0-06F9) digits replaced by 0-9, and
// the Arabic decimal and thousands separators (U+066B, U+066C) by '.' and ','. Other text is
// unchanged; invalid UTF-8 is returned unchanged.
std::string normalize_digits(std::string_view text);

// The value of a code point that is a digit in any of the three scripts, else -1.
int digit_value(char32_t c);

}  // namespace mutua
