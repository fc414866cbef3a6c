#pragma once
// Which way a language is read. Screens mirror their layout and text is ordered right to left
// when the active language is written right to left (Arabic, Persian/Dari, ...).
#include <string_view>

namespace mutua {

// True when `lang` (a catalogue code such as "ar" or "fa") is written right to left.
bool language_rtl(std::string_view lang);

// True when the language tr() translates into on this thread is written right to left.
bool ui_rtl();

}  // namespace mutua
