#pragma once
// The Arabic and Persian on-screen keyboard tables (app/widgets/keyboard.cpp draws them). Keys
// are space-separated; a key may insert more than one code point (لا). Letters are in their
// isolated form and are inserted in logical order; shaping and ordering happen when text is drawn.
//
// Letters: the standard Arabic (PC) layout, and Persian ISIRI 9147, row by row from the top.
// The shift page holds the hamza forms and harakat (Arabic), ژ, آ and harakat (Persian); the
// accents key opens the same letters as a page that stays until its letters key. The
// symbols page has the language's own digits on its first row and Western digits on the second,
// so both can be typed (number fields store Western digits either way: core/digits.hpp).

namespace mutua::keys {

// One page of three rows, unshifted and shifted.
struct RtlPage {
  const char* lower[3];
  const char* upper[3];
};

// Marks a key that inserts U+200C ZERO WIDTH NON-JOINER (نیم‌فاصله), which Persian needs
// in words like می‌خواهم; drawn as two joined strokes broken in the middle.
inline constexpr const char* kZwnj = "\xE2\x80\x8C";
inline constexpr const char* kZwnjLabel = "\xD9\x80\xE2\x80\x8C\xD9\x80";  // ـ‌ـ

// Arabic, standard layout:  ض ص ث ق ف غ ع ه خ ح ج د / ش س ي ب ل ا ت ن م ك ط / ذ ئ ء ؤ ر لا ى ة و ز
// ظ
inline constexpr RtlPage kArabic{
    {"\xD8\xB6 \xD8\xB5 \xD8\xAB \xD9\x82 \xD9\x81 \xD8\xBA \xD8\xB9 \xD9\x87 \xD8\xAE \xD8\xAD "
     "\xD8\xAC \xD8\xAF",
     "\xD8\xB4 \xD8\xB3 \xD9\x8A \xD8\xA8 \xD9\x84 \xD8\xA7 \xD8\xAA \xD9\x86 \xD9\x85 \xD9\x83 "
     "\xD8\xB7",
     "\xD8\xB0 \xD8\xA6 \xD8\xA1 \xD8\xA4 \xD8\xB1 \xD9\x84\xD8\xA7 \xD9\x89 \xD8\xA9 \xD9\x88 "
     "\xD8\xB2 \xD8\xB8"},
    // َ ً ُ ٌ ِ ٍ ّ ْ ـ / أ إ آ ء ؤ ئ ة ى لأ لإ لآ / ، ؛ ؟ « » ! .
    {"\xD9\x8E \xD9\x8B \xD9\x8F \xD9\x8C \xD9\x90 \xD9\x8D \xD9\x91 \xD9\x92 \xD9\x80",
     "\xD8\xA3 \xD8\xA5 \xD8\xA2 \xD8\xA1 \xD8\xA4 \xD8\xA6 \xD8\xA9 \xD9\x89 \xD9\x84\xD8\xA3 "
     "\xD9\x84\xD8\xA5 \xD9\x84\xD8\xA2",
     "\xD8\x8C \xD8\x9B \xD8\x9F \xC2\xAB \xC2\xBB ! ."}};

// Persian, ISIRI 9147:  ض ص ث ق ف غ ع ه خ ح ج چ / ش س ی ب ل ا ت ن م ک گ / ظ ط ز ر ذ د پ و ZWNJ
inline constexpr RtlPage kPersian{
    {"\xD8\xB6 \xD8\xB5 \xD8\xAB \xD9\x82 \xD9\x81 \xD8\xBA \xD8\xB9 \xD9\x87 \xD8\xAE \xD8\xAD "
     "\xD8\xAC \xDA\x86",
     "\xD8\xB4 \xD8\xB3 \xDB\x8C \xD8\xA8 \xD9\x84 \xD8\xA7 \xD8\xAA \xD9\x86 \xD9\x85 \xDA\xA9 "
     "\xDA\xAF",
     "\xD8\xB8 \xD8\xB7 \xD8\xB2 \xD8\xB1 \xD8\xB0 \xD8\xAF \xD9\xBE \xD9\x88 zwnj"},
    // َ ً ُ ٌ ِ ٍ ّ ْ / آ ژ ء أ إ ؤ ئ ة / ، ؛ ؟ « » ! . zwnj
    {"\xD9\x8E \xD9\x8B \xD9\x8F \xD9\x8C \xD9\x90 \xD9\x8D \xD9\x91 \xD9\x92",
     "\xD8\xA2 \xDA\x98 \xD8\xA1 \xD8\xA3 \xD8\xA5 \xD8\xA4 \xD8\xA6 \xD8\xA9",
     "\xD8\x8C \xD8\x9B \xD8\x9F \xC2\xAB \xC2\xBB ! . zwnj"}};

// Symbols: the language's digits, then Western digits, then punctuation.
inline constexpr RtlPage kArabicSymbols{
    {"\xD9\xA1 \xD9\xA2 \xD9\xA3 \xD9\xA4 \xD9\xA5 \xD9\xA6 \xD9\xA7 \xD9\xA8 \xD9\xA9 \xD9\xA0",
     "1 2 3 4 5 6 7 8 9 0", "- / : ( ) \" @ \xD8\x8C \xD8\x9B \xD8\x9F ! ."},
    {"\xD9\xA1 \xD9\xA2 \xD9\xA3 \xD9\xA4 \xD9\xA5 \xD9\xA6 \xD9\xA7 \xD9\xA8 \xD9\xA9 \xD9\xA0",
     "1 2 3 4 5 6 7 8 9 0", "- / : ( ) \" @ \xD8\x8C \xD8\x9B \xD8\x9F ! ."}};
inline constexpr RtlPage kPersianSymbols{
    {"\xDB\xB1 \xDB\xB2 \xDB\xB3 \xDB\xB4 \xDB\xB5 \xDB\xB6 \xDB\xB7 \xDB\xB8 \xDB\xB9 \xDB\xB0",
     "1 2 3 4 5 6 7 8 9 0", "- / : ( ) \xC2\xAB \xC2\xBB @ \xD8\x8C \xD8\x9B \xD8\x9F ! ."},
    {"\xDB\xB1 \xDB\xB2 \xDB\xB3 \xDB\xB4 \xDB\xB5 \xDB\xB6 \xDB\xB7 \xDB\xB8 \xDB\xB9 \xDB\xB0",
     "1 2 3 4 5 6 7 8 9 0", "- / : ( ) \xC2\xAB \xC2\xBB @ \xD8\x8C \xD8\x9B \xD8\x9F ! ."}};

// Names on the layout key, and on the key back to letters.
inline constexpr const char* kArabicName = "\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A";           // عربي
inline constexpr const char* kPersianName = "\xD9\x81\xD8\xA7\xD8\xB1\xD8\xB3\xDB\x8C";  // فارسی
inline constexpr const char* kArabicLetters = "\xD8\xA3\xD8\xA8\xD8\xAA";                // أبت
inline constexpr const char* kPersianLetters = "\xD8\xA7\xD8\xA8\xD9\xBE";               // ابپ

}  // namespace mutua::keys
