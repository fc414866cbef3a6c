#pragma once
// Every string shown to people goes through tr(). Catalogues are gettext PO files in
// assets/i18n/<lang>.po (msgid = the English text, msgstr = its translation), so translators can
// use their usual tools. A string missing from the active catalogue is shown in English.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/digits.hpp"

namespace mutua {

struct CatalogueHeader;  // app/ui/po_header.hpp

// The translation of `english` in the active language, or `english` itself. The pointer stays
// valid for the life of the process (catalogues are never unloaded).
const char* tr(const char* english);

// The translation of a phrase holding the number n, in the plural form the active language uses
// for n ("%lld day" / "%lld days"; Ukrainian has three forms). Falls back to English.
const char* trn(const char* singular, const char* plural, long long n);
// trn() of an entry with a msgctxt ("unit" for the units of app/ui/units.hpp), so the same
// English words can be translated differently in different places.
const char* trn_context(const char* context, const char* singular, const char* plural, long long n);
// The catalogue key of an entry with a msgctxt: context, U+0004, msgid (as gettext does).
std::string context_key(std::string_view context, std::string_view msgid);
// Which plural form (msgstr[k]) a language uses for n, by the Plural-Forms rule in the header of
// its catalogue (en and es 2 forms, fr 2 with 0 and 1 singular, uk 3, ar 6); English's rule for a
// language without one.
int plural_form(std::string_view lang, long long n);
// The catalogue key of plural form k (k >= 1) of msgid; form 0 is the msgid itself.
std::string plural_key(std::string_view msgid, int k);

// Sets the language tr() translates into (a code of ui_languages(): "en", "ar", "uk"...), loading
// its catalogue on first use; an unknown language or a missing file falls back to English.
void set_language(const std::string& lang);
const std::string& language();

// A language the interface can be shown in, named in its own script (no flags).
struct LanguageInfo {
  const char* code;
  const char* native_name;
};
// Every catalogue in assets/i18n/ that loads, found when first asked: English first, then by
// code. A catalogue is refused (one line on stderr, the others still load) when it is larger than
// 4 MB, does not parse, has a bad header (see app/ui/po_header.hpp) or a translation whose printf
// conversions differ from the English. Without assets, English alone (built in).
const std::vector<LanguageInfo>& ui_languages();

// What the header of a language's catalogue says (native name, plural rule, direction, digits,
// keyboard); `lang` may carry a region ("fa-AF"). Null for a language not in ui_languages().
const CatalogueHeader* language_header(std::string_view lang);
// The digits numbers are shown in for `lang` (X-Digits), and the on-screen keyboard it starts
// with (X-Keyboard: "qwerty", "azerty", "ukrainian", "arabic", "persian").
Digits language_digits(std::string_view lang);
std::string language_keyboard(std::string_view lang);

// Looks for the assets folder and the catalogues again ($MUTUA_ASSETS first). Catalogues loaded
// before stay in memory, so strings tr() returned stay valid. For tests and tools.
void rescan_languages();

// msgid -> msgstr of one PO file. Entries with an empty msgstr are kept (English, or not yet
// translated); the header entry (empty msgid) is dropped. Fuzzy flags and comments are ignored.
// An entry with a msgctxt is kept under context_key(msgctxt, msgid).
// Plural entries keep msgstr[0] under the msgid and msgstr[k] under plural_key(msgid, k).
using Catalogue = std::map<std::string, std::string, std::less<>>;
struct PoResult {
  Catalogue catalogue;
  std::string header;  // the header entry's msgstr ("Language: es\nPlural-Forms: ...")
  std::string error;   // empty when the text parsed; else "line N: what is wrong"
};
PoResult parse_po(std::string_view text);

// The folder holding i18n/ and other run-time assets: $MUTUA_ASSETS, then next to the
// executable (<exe dir>/assets, <exe dir>/../assets, <exe dir>/../../assets), then the source
// tree the program was built from. Empty when none holds i18n/en.po.
std::string assets_dir();
// The parsed catalogue for a language, or nullopt when its file is missing or broken (the
// reason goes to stderr once).
const Catalogue* catalogue(const std::string& lang);

// For its life, tr(), trn() and language() on this thread use `lang` instead of the language set
// by set_language() (which the other threads keep). The phone pages (app/web/) answer each request
// in the language of its browser with one of these. Not copyable; nests.
class LanguageScope {
 public:
  explicit LanguageScope(const std::string& lang);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  std::string lang_;
  const Catalogue* before_active_;
  const std::string* before_language_;
};

// Text the font atlas must cover beyond its base ranges: typographic symbols the screens use,
// the labels of the default categories, the language names, and every translated string of
// every shipped catalogue (so switching language never needs new glyphs).
std::vector<std::string> glyph_texts();

}  // namespace mutua
