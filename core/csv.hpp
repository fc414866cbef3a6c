#pragma once
// CSV import and export of entries, with an optional HXL hashtag row (PRODUCT.md section 6).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "core/store.hpp"

namespace mutua {

// Parses a whole CSV document (UTF-8 text, any delimiter of ',', ';' and tab) into entries. Columns
// are matched by header name (case-insensitive, with documented aliases); an optional second row of
// HXL hashtags is skipped. Any bad row fails the whole parse with "line N: reason". Entries without
// an id column get fresh ids; created_at/updated_at are kept when present.
Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms);
// The same, also reporting what was ignored (unknown columns) as one line per warning.
Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms, std::vector<std::string>* warnings);

// Progress of a long import: fraction from 0 to 1 and a line for people ("120,000 rows read").
// Returning false cancels the import, and nothing of it is kept.
using CsvProgress = std::function<bool(double fraction, const std::string& status)>;

struct CsvImportReport {
  ImportCounts counts;
  // Unknown columns, and per-row notes that did not stop the import ("line 7: kind cannot be
  // corrected ..."), one line each.
  std::vector<std::string> warnings;
  // How the file was read when it was not plain UTF-8 with commas:
  // "read as Windows-1251 (Cyrillic), separated by ';'". Empty otherwise.
  std::string read_as;
};

// Reads, parses and imports a file in one transaction (all or nothing), streamed in bounded
// batches (core/csv_read.cpp), so memory stays small whatever the file's size. The encoding
// (UTF-8, UTF-16 with a BOM, Windows-1252 or -1251) and the delimiter (',', ';' or tab) are
// detected. Errors do not repeat the path ("line 7: unknown category 'fod'").
Result<CsvImportReport> import_csv(Store& store, const std::string& path,
                                   const CsvProgress& progress = {});
// The same without progress; warnings (if given) get the report's warnings.
Result<ImportCounts> import_csv_file(Store& store, const std::string& path);
Result<ImportCounts> import_csv_file(Store& store, const std::string& path,
                                     std::vector<std::string>* warnings);

// "3 new, 1 updated, 2 corrected, 4 already known" (corrected only when there were some).
std::string import_summary(const ImportCounts& counts);

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
