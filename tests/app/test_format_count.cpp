// Counts shown to people carry the digit grouping of the language (issue 11): CLDR's group
// symbol and minimum grouping digits for en, es, fr and uk. --json and CSV keep plain digits.
#include <doctest/doctest.h>

#include <climits>

#include "app/ui/csv_import_text.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "core/plural.hpp"

using namespace mutua;

namespace {
const std::string kNarrowNbsp = "\xE2\x80\xAF";  // U+202F
const std::string kNbsp = "\xC2\xA0";            // U+00A0
}  // namespace

TEST_CASE("counts are grouped as each language groups them") {
  CHECK(format_count_in(2330, "en") == "2,330");
  CHECK(format_count_in(999, "en") == "999");
  CHECK(format_count_in(1234567, "en") == "1,234,567");
  CHECK(format_count_in(-5000, "en") == "-5,000");
  CHECK(format_count_in(0, "en") == "0");
  CHECK(format_count_in(LLONG_MIN, "en") == "-9,223,372,036,854,775,808");
  // Spanish leaves four-digit numbers whole (CLDR minimumGroupingDigits 2, as the RAE advises).
  CHECK(format_count_in(2330, "es") == "2330");
  CHECK(format_count_in(23300, "es") == "23.300");
  CHECK(format_count_in(1234567, "es") == "1.234.567");
  CHECK(format_count_in(2330, "fr") == "2" + kNarrowNbsp + "330");
  CHECK(format_count_in(1234567, "fr") == "1" + kNarrowNbsp + "234" + kNarrowNbsp + "567");
  CHECK(format_count_in(2330, "uk") == "2" + kNbsp + "330");
  CHECK(format_count_in(2330, "de") == "2,330");  // a language Mutua does not ship: English
  // The English lines of core and sync (CLI output, the sync log) group the same way.
  CHECK(group_en(2330) == "2,330");
  CHECK(group_en(-1234567) == "-1,234,567");
  CHECK(count_en(2330, "record", "records") == "2,330 records");
}

TEST_CASE(
    "the CSV import summary groups its counts in every language, plurals still chosen by "
    "the number") {
  ImportCounts c;
  c.added = 2330;
  c.unchanged = 1;
  set_language("en");
  CHECK(format_count(2330) == "2,330");
  CHECK(csv_import_summary_text(c) == "2,330 new entries, 1 entry already known");
  set_language("es");
  c.added = 12345;
  CHECK(csv_import_summary_text(c) == "12.345 entradas nuevas, 1 entrada ya conocida");
  set_language("fr");
  c.added = 2330;
  CHECK(csv_import_summary_text(c) ==
        "2" + kNarrowNbsp + "330 nouvelles fiches, 1 fiche déjà connue");
  set_language("uk");
  // Ukrainian plural forms: 2,331 takes the "one" form, 2,332 the "few" form, 2,335 "many".
  c.added = 2331;
  c.unchanged = 0;
  CHECK(csv_import_summary_text(c) == "2" + kNbsp + "331 новий запис");
  c.added = 2332;
  CHECK(csv_import_summary_text(c) == "2" + kNbsp + "332 нові записи");
  set_language("en");
}

TEST_CASE("the glyphs the groupings use are in every font the interface loads") {
  // platform/fonts.cpp builds its ranges from Latin-1 (U+00A0) and U+2010..U+205E (U+202F) plus
  // glyph_texts(); both separators must be covered whatever the catalogues hold.
  bool nbsp = false, narrow = false;
  for (const auto& t : glyph_texts()) {
    nbsp |= t.find(kNbsp) != std::string::npos;
    narrow |= t.find(kNarrowNbsp) != std::string::npos;
  }
  CHECK(nbsp);
  CHECK(narrow);
}
