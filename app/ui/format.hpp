#pragma once
// Small formatting helpers shared by screens; pure functions so tests can pin them down.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace mutua {

// "just now", "5 min ago", "3 h ago", "2 days ago".
std::string format_age(int64_t created_ms, int64_t now_ms);
// Text holding numbers, with its Western digits written in the digits of the active language
// (X-Digits of its catalogue: ar Arabic-Indic, fa Persian; others unchanged). For numbers shown
// to people only: never ticket codes, addresses, --json or CSV. The format_* helpers here do it.
std::string ui_number_text(std::string_view text);
// "12 tins", "1" (no unit); "١٢ علبة" in Arabic: a known unit (app/ui/units.hpp) in the active
// language with its plural form for the quantity, an unknown one as stored.
std::string format_quantity(int64_t quantity, std::string_view unit);
// An entry's quantity as a list or a heading shows it: format_quantity, or "?" while it waits for
// its value (quantity_waiting, core/model.hpp).
std::string entry_quantity_text(const Entry& e);
// Label of a category id, capitalised for display ("shelter" -> "Shelter & bedding"); unknown
// ids (added by the group) are shown as they are.
std::string category_label(std::string_view id);
// Names the group chose in Settings (category id -> language -> label); category_label() uses
// them before the built-in ones. Set by the UI when the settings record is read.
void set_category_renames(std::map<std::string, std::map<std::string, std::string>> renames);
// "Riverside school · North", or whichever of the two is present.
std::string format_place(std::string_view site, std::string_view area);
// A day (days since 1970-01-01, UTC) as people read it in the active language: en "12 Nov 2026",
// es "12 nov 2026", fr "12 nov. 2026", uk "12 лист. 2026 р." (CLDR's medium dates).
std::string format_day(int64_t day);
// A count with the digit grouping of the active language (format_count_in: of `lang`), for
// text shown to people, never for --json or CSV: en "2,330", es "2330" and "23.330" (CLDR: no
// separator in four-digit numbers), fr "2 330" with U+202F (narrow no-break space), uk
// "2 330" with U+00A0 (no-break space; CLDR's group symbol for uk), ar "٢٬٣٣٠" and fa "۲٬۳۳۰"
// (their digits, U+066C between groups). Other languages: English grouping, their digits.
std::string format_count(long long n);
std::string format_count_in(long long n, std::string_view lang);
// A translated phrase whose %s conversions are counts ("%s new, %s updated"), each grouped by
// format_count. Unused counts are ignored.
std::string format_counts(const char* translated_format, long long a, long long b = 0,
                          long long c = 0);

}  // namespace mutua
