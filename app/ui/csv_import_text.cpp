// CSV import summary in the active language (app/ui/csv_import_text.hpp).
#include "app/ui/csv_import_text.hpp"

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

std::string csv_import_summary_text(const ImportCounts& c) {
  std::string out;
  auto add = [&](const char* phrase, size_t n) {
    if (!out.empty()) out += ", ";
    out += format_counts(phrase, static_cast<long long>(n));
  };
  if (c.added || (!c.updated && !c.corrected && !c.unchanged))
    add(trn("%s new entry", "%s new entries", static_cast<long long>(c.added)), c.added);
  if (c.updated)
    add(trn("%s entry updated", "%s entries updated", static_cast<long long>(c.updated)),
        c.updated);
  if (c.corrected)
    add(trn("%s entry corrected", "%s entries corrected", static_cast<long long>(c.corrected)),
        c.corrected);
  if (c.unchanged)
    add(trn("%s entry already known", "%s entries already known",
            static_cast<long long>(c.unchanged)),
        c.unchanged);
  return out;
}

}  // namespace mutua
