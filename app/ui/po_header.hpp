#pragma once
// What a catalogue's header tells the app about its language, so that a new language needs only
// a new assets/i18n/xx.po (docs/translating.md):
//   Language: sw
//   Plural-Forms: nplurals=2; plural=(n != 1);
//   X-Native-Name: Kiswahili          the name in the language picker, in its own script
//   X-Direction: ltr | rtl            (default ltr)
//   X-Digits: latin | arabic-indic | persian      digits numbers are shown in (default latin)
//   X-Keyboard: qwerty | azerty | ukrainian | arabic | persian   (default qwerty)
// Other header lines (Content-Type, Last-Translator...) are allowed and ignored.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/digits.hpp"
#include "core/plural_rule.hpp"

namespace mutua {

struct CatalogueHeader {
  std::string language;     // Language: (may be empty; the file name gives the code)
  std::string native_name;  // X-Native-Name:
  PluralRule plural;        // Plural-Forms:
  bool rtl = false;         // X-Direction: rtl
  Digits digits = Digits::latin;
  std::string keyboard = "qwerty";
};

// Reads the header entry's text (the msgstr of the empty msgid) of the catalogue `code`.po.
// Returns an empty string, or why the header is refused (one short English sentence): no
// X-Native-Name or Plural-Forms, a Language for another code, a value not in the lists above.
std::string parse_po_header(std::string_view header, std::string_view code, CatalogueHeader& out);

// The printf conversions of a format string, in order ("%lld", "%d", "%s"); "%%" is not one.
std::vector<std::string> printf_conversions(std::string_view s);

// The first translation whose printf conversions differ from its msgid's, or a plural form the
// rule does not have, as a reason ("msgstr for \"%lld day\" has %s where the msgid has %lld");
// empty when every translation is safe to give to printf. `plural_key_mark` separates a msgid
// from its plural form number in catalogue keys (see plural_key in i18n.hpp).
std::string check_formats(const std::map<std::string, std::string, std::less<>>& catalogue,
                          int nplurals, char plural_key_mark);

}  // namespace mutua
