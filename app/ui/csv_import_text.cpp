// CSV import summary in the active language (app/ui/csv_import_text.hpp).
#include "app/ui/csv_import_text.hpp"

#include "app/ui/desk_widgets.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

std::string csv_import_summary_text(const ImportCounts& c) {
  std::string out;
  auto add = [&](const char* phrase, size_t n) {
    if (!out.empty()) out += ", ";
    out += format_tr(phrase, static_cast<long long>(n));
  };
  if (c.added || (!c.updated && !c.corrected && !c.unchanged))
    add(trn("%lld new entry", "%lld new entries", static_cast<long long>(c.added)), c.added);
  if (c.updated)
    add(trn("%lld entry updated", "%lld entries updated", static_cast<long long>(c.updated)),
        c.updated);
  if (c.corrected)
    add(trn("%lld entry corrected", "%lld entries corrected", static_cast<long long>(c.corrected)),
        c.corrected);
  if (c.unchanged)
    add(trn("%lld entry already known", "%lld entries already known",
            static_cast<long long>(c.unchanged)),
        c.unchanged);
  return out;
}

}  // namespace mutua
