#pragma once
// Reports (volunteer console): open needs by category and urgency, needs met per day over the
// last 14 days, open needs per site, the median time from need to met; and "Export to USB",
// the CSV with its HXL row written onto a detected drive (contact columns for coordinators only)
// by a worker thread, so the screen keeps drawing while a large export is written.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/ui/drive_watch.hpp"
#include "app/ui/task.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "core/reports.hpp"
#include "platform/drives.hpp"

namespace mutua {

struct UiContext;
class Store;

// "mutua-export-2026-11-26.csv", from the local date at now_ms.
std::string export_file_name(int64_t now_ms);

struct CsvExportOutcome {
  std::string path;  // the file written, on success
  size_t rows = 0;
  std::string error;  // empty on success
};
// Writes every entry as CSV with its HXL row into the drive's top folder (written beside it and
// renamed, so the stick never holds a half-written file under the final name).
CsvExportOutcome export_csv_to_drive(const Store& store, const std::string& drive_path,
                                     bool with_contacts, int64_t now_ms);

// An export running as a Task (app/ui/task.hpp) with its own connection to the database (about
// half a second per 100,000 entries). The UI polls finished() each frame, then takes the outcome.
// No Cancel: the export has no point to stop at before its file is renamed into place.
class CsvExportJob {
 public:
  static std::shared_ptr<CsvExportJob> start(Store& ui_store, const Drive& drive,
                                             bool with_contacts, int64_t now_ms);
  CsvExportJob(const CsvExportJob&) = delete;
  CsvExportJob& operator=(const CsvExportJob&) = delete;

  const Drive& drive() const { return drive_; }
  bool with_contacts() const { return with_contacts_; }
  const std::string& file_name() const { return file_name_; }
  bool finished() const { return task_->finished(); }
  // The outcome, once finished() is true; a throw becomes an error with its reason. Once only.
  CsvExportOutcome take();

 private:
  CsvExportJob(Drive drive, bool with_contacts, int64_t now_ms);

  Drive drive_;
  bool with_contacts_;
  int64_t now_ms_;
  std::string file_name_;
  std::shared_ptr<Task<CsvExportOutcome>> task_;
};

struct ReportsState {
  std::optional<ReportFigures> figures;
  bool stale = true;  // recompute on the next frame (on entering, after a sync or an export)
  DriveWatch drives;
  bool picking_drive = false;                // several drives: "Export to USB" asks which
  std::shared_ptr<CsvExportJob> export_job;  // the export being written now, if any
  std::string export_message;                // what the last export did, in words
  bool export_failed = false;
  DragScroll scroll;
};

void enter_reports(UiContext& ctx);
void draw_reports(UiContext& ctx);

}  // namespace mutua
