#pragma once
// CSV import and export of entries, with an optional HXL hashtag row (PRODUCT.md section 6).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "core/store.hpp"

namespace mutua {

// Parses a whole CSV document into entries. Columns are matched by header name
// (case-insensitive, with documented aliases); an optional second row of HXL hashtags is
// skipped. Any bad row fails the whole parse with "line N: reason". Entries without an id
// column get fresh ids; created_at/updated_at are kept when present.
Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms);
// The same, also reporting what was ignored (unknown columns) as one line per warning.
Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms, std::vector<std::string>* warnings);

// Reads, parses and imports a file in one transaction (all or nothing). Errors do not repeat
// the path ("line 7: unknown category 'fod'"); the caller says which file it was.
Result<ImportCounts> import_csv_file(Store& store, const std::string& path);
Result<ImportCounts> import_csv_file(Store& store, const std::string& path,
                                                 std::vector<std::string>* warnings);

struct CsvExportOptions {
  bool hxl = false;            // write the HXL hashtag row under the header
  bool with_contacts = false;  // contact columns are left out unless asked for
};
// Writes every entry; returns the number of rows written.
Result<size_t> export_csv_file(const Store& store, const std::string& path,
                               const CsvExportOptions& options);
// The CSV text export_csv_file writes for these entries (BOM, header, optional HXL row, CRLF).
std::string entries_to_csv(const std::vector<Entry>& entries, const CsvExportOptions& options);

// ISO 8601 timestamps as CSV uses them. Accepts 2025-01-21, 2025-01-21 10:49,
// 2025-01-21T10:49:44.134Z and offsets like +02:00; no offset means UTC.
std::optional<int64_t> parse_timestamp(std::string_view text);
// Milliseconds since the epoch as 2025-01-21T10:49:44.134Z.
std::string format_timestamp(int64_t ms);

}  // namespace mutua
