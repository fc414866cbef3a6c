#pragma once
// Every string shown to people goes through tr(), so translations (assets/i18n/*.po) can be
// plugged in later without touching the screens. For now it returns the English text.
#include <string>
#include <vector>

namespace mutua {

inline const char* tr(const char* english) { return english; }

// Sets the language tr() translates into ("en", "es", "fr", "uk"); unknown ones fall back to
// English.
void set_language(const std::string& lang);
const std::string& language();

// Text the font atlas must cover beyond its base ranges: typographic symbols the screens use and
// the labels of the default categories (and, once catalogues exist, every translated string).
std::vector<std::string> glyph_texts();

}  // namespace mutua
