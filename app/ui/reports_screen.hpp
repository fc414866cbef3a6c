#pragma once
// Reports (volunteer console): open needs by category and urgency, needs met per day over the
// last 14 days, open needs per site, the median time from need to met; and "Export to USB",
// the CSV with its HXL row written onto a detected drive (contact columns for coordinators only).
#include <cstdint>
#include <optional>
#include <string>

#include "app/ui/drive_watch.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "core/reports.hpp"

namespace mutua {

struct UiContext;
class EntryStore;

struct ReportsState {
  std::optional<ReportFigures> figures;
  bool stale = true;  // recompute on the next frame (on entering, after a sync or an export)
  DriveWatch drives;
  bool picking_drive = false;  // several drives: "Export to USB" asks which
  std::string export_message;  // what the last export did, in words
  bool export_failed = false;
  DragScroll scroll;
};

// "mutua-export-2026-11-26.csv", from the local date at now_ms.
std::string export_file_name(int64_t now_ms);

struct CsvExportOutcome {
  std::string path;  // the file written, on success
  size_t rows = 0;
  std::string error;  // empty on success
};
// Writes every entry as CSV with its HXL row into the drive's top folder (written beside it and
// renamed, so the stick never holds a half-written file under the final name).
CsvExportOutcome export_csv_to_drive(const EntryStore& store, const std::string& drive_path,
                                     bool with_contacts, int64_t now_ms);

void enter_reports(UiContext& ctx);
void draw_reports(UiContext& ctx);

}  // namespace mutua
