#pragma once
// The summary of a CSV import as the UI shows it, translated with plural forms (issue 11):
// "3 new entries, 1 entry corrected, 196 entries already known". Helper U's import task shows
// it; the CLI says the same in English (core/csv.hpp import_summary).
#include <string>

#include "core/services.hpp"

namespace mutua {

std::string csv_import_summary_text(const ImportCounts& counts);

}  // namespace mutua
