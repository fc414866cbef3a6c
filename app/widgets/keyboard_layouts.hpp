#pragma once
// The Latin and Cyrillic on-screen keyboard tables (app/widgets/keyboard.cpp draws them): QWERTY,
// AZERTY, ЙЦУКЕН, the accents page and the symbols page. Arabic and Persian are in
// keyboard_layouts_rtl.hpp.

namespace mutua::keys {

// A row is space-separated key labels; the shifted row has the same keys in capitals.
struct Row {
  const char* lower;
  const char* upper;
};
struct Page {
  Row rows[3];
};

inline constexpr Page kQwerty{{{"q w e r t y u i o p", "Q W E R T Y U I O P"},
                               {"a s d f g h j k l", "A S D F G H J K L"},
                               {"z x c v b n m", "Z X C V B N M"}}};
inline constexpr Page kAzerty{{{"a z e r t y u i o p", "A Z E R T Y U I O P"},
                               {"q s d f g h j k l m", "Q S D F G H J K L M"},
                               {"w x c v b n \xC3\xA9 \xC3\xA8 \xC3\xA7 \xC3\xA0",  // é è ç à
                                "W X C V B N \xC3\x89 \xC3\x88 \xC3\x87 \xC3\x80"}}};
// ЙЦУКЕН with the Ukrainian letters і ї є ґ and the apostrophe.
inline constexpr Page kUkrainian{
    {{"\xD0\xB9 \xD1\x86 \xD1\x83 \xD0\xBA \xD0\xB5 \xD0\xBD \xD0\xB3 \xD1\x88 \xD1\x89 \xD0\xB7 "
      "\xD1\x85 \xD1\x97",
      "\xD0\x99 \xD0\xA6 \xD0\xA3 \xD0\x9A \xD0\x95 \xD0\x9D \xD0\x93 \xD0\xA8 \xD0\xA9 \xD0\x97 "
      "\xD0\xA5 \xD0\x87"},
     {"\xD1\x84 \xD1\x96 \xD0\xB2 \xD0\xB0 \xD0\xBF \xD1\x80 \xD0\xBE \xD0\xBB \xD0\xB4 \xD0\xB6 "
      "\xD1\x94",
      "\xD0\xA4 \xD0\x86 \xD0\x92 \xD0\x90 \xD0\x9F \xD0\xA0 \xD0\x9E \xD0\x9B \xD0\x94 \xD0\x96 "
      "\xD0\x84"},
     {"\xD2\x91 \xD1\x8F \xD1\x87 \xD1\x81 \xD0\xBC \xD0\xB8 \xD1\x82 \xD1\x8C \xD0\xB1 \xD1\x8E '",
      "\xD2\x90 \xD0\xAF \xD0\xA7 \xD0\xA1 \xD0\x9C \xD0\x98 \xD0\xA2 \xD0\xAC \xD0\x91 \xD0\xAE "
      "'"}}};
// á é í ó ú ñ ü ç ¿ ¡ / à è ê ë î ï ô œ ù û / â ã õ ' -
inline constexpr Page kAccents{
    {{"\xC3\xA1 \xC3\xA9 \xC3\xAD \xC3\xB3 \xC3\xBA \xC3\xB1 \xC3\xBC \xC3\xA7 \xC2\xBF \xC2\xA1",
      "\xC3\x81 \xC3\x89 \xC3\x8D \xC3\x93 \xC3\x9A \xC3\x91 \xC3\x9C \xC3\x87 \xC2\xBF \xC2\xA1"},
     {"\xC3\xA0 \xC3\xA8 \xC3\xAA \xC3\xAB \xC3\xAE \xC3\xAF \xC3\xB4 \xC5\x93 \xC3\xB9 \xC3\xBB",
      "\xC3\x80 \xC3\x88 \xC3\x8A \xC3\x8B \xC3\x8E \xC3\x8F \xC3\x94 \xC5\x92 \xC3\x99 \xC3\x9B"},
     {"\xC3\xA2 \xC3\xA3 \xC3\xB5 \xC3\xA4 \xC3\xB6 ' -",
      "\xC3\x82 \xC3\x83 \xC3\x95 \xC3\x84 \xC3\x96 ' -"}}};
inline constexpr Page kSymbols{{{"1 2 3 4 5 6 7 8 9 0", "1 2 3 4 5 6 7 8 9 0"},
                                {"- / : ; ( ) \" @ & '", "- / : ; ( ) \" @ & '"},
                                {". , ? ! + # * %", ". , ? ! + # * %"}}};

}  // namespace mutua::keys
