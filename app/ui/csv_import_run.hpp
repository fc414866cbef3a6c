#pragma once
// What the CSV import screen runs, apart from drawing (issue 11, "Big files in little memory"):
// lists the spreadsheets on a drive, counts a file's rows for the question before importing, and
// runs core's import_csv as a Task (app/ui/task.hpp) with its own connection to the database,
// reporting rows read through the CsvProgress hook. No ImGui and no translated words here: the
// screen (app/ui/csv_import_screen.cpp) words the facts.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/ui/task.hpp"
#include "core/csv.hpp"
#include "platform/drives.hpp"

namespace mutua {

class Store;

// A .csv file found on a drive.
struct CsvFileInfo {
  std::string name;    // "donations.csv"
  std::string folder;  // "" for the drive's top folder, else "MUTUA" or "exports" as spelled there
  std::string path;
  uint64_t bytes = 0;
  int64_t modified_ms = 0;  // ms since the epoch
};

// The listing's bounds: folder entries looked at per folder, and files returned.
inline constexpr size_t kCsvScanPerFolder = 2000;
inline constexpr size_t kCsvMaxListed = 100;

// The .csv files (any case of the extension) in the drive's top folder and in a MUTUA/ or
// exports/ folder under it (any case), newest first. Bounded: at most kCsvScanPerFolder entries
// of each folder are looked at and kCsvMaxListed files returned; unreadable folders are skipped.
std::vector<CsvFileInfo> list_csv_files(const std::string& drive_path);

// The number of data rows in a CSV file, for "Import 2,345 rows from donations.csv?": records
// (newlines outside quotes; empty lines skipped) less the header, an Excel "sep=" line and an HXL
// hashtag row. Works on UTF-8, the one-byte code pages and UTF-16. Reads the file once, in
// chunks; throws TaskCancelled when `control` is cancelled (checked once a chunk), and
// std::runtime_error when the file cannot be read.
size_t count_csv_rows(const std::string& path, TaskControl* control = nullptr);

// A row count running as a Task (files of hundreds of megabytes take a second or two).
std::shared_ptr<Task<size_t>> start_row_count(const std::string& path);

// Plain facts of one import; the screen puts them in words.
struct CsvImportOutcome {
  enum class End { done, failed, cancelled };
  End end = End::done;
  std::string file_name;
  CsvImportReport report;  // End::done: counts, notes, how the file was read
  std::string error;       // End::failed: core's English line ("line 7: unknown category 'fod'")
  bool disk_full = false;  // End::failed because the disk is full (nothing was changed)
};

// "12,345 rows read" (import_csv's progress status) -> 12345; 0 when it does not start so.
size_t rows_in_status(const std::string& status);

// An import running as a Task with its own Store (run_with_own_store). The import is one
// transaction: cancel() makes it stop at its next progress report and roll back, so a cancelled
// import changed nothing. The UI polls finished() each frame, then takes the outcome.
class CsvImportJob {
 public:
  // `total_rows`: from count_csv_rows (0 when not known); the progress says "n of total".
  static std::shared_ptr<CsvImportJob> start(Store& ui_store, const CsvFileInfo& file,
                                             size_t total_rows);
  // For the --screen preset "csv-import-running": a job that stays at `rows_read` of
  // `total_rows` until it is cancelled (at most a minute), touching nothing.
  static std::shared_ptr<CsvImportJob> example(const CsvFileInfo& file, size_t rows_read,
                                               size_t total_rows);
  CsvImportJob(const CsvImportJob&) = delete;
  CsvImportJob& operator=(const CsvImportJob&) = delete;

  const CsvFileInfo& file() const { return file_; }
  size_t total_rows() const { return total_rows_; }
  size_t rows_read() const { return task_->progress().done; }
  // 0..1, from the bytes read (exact even when the row count was an estimate).
  double fraction() const;
  bool finished() const { return task_->finished(); }
  void cancel() { task_->cancel(); }
  bool cancel_requested() const { return task_->cancel_requested(); }
  // The outcome, once finished(): a throw becomes End::failed with its reason. Once only.
  CsvImportOutcome take();

 private:
  CsvImportJob(CsvFileInfo file, size_t total_rows)
      : file_(std::move(file)), total_rows_(total_rows) {}

  CsvFileInfo file_;
  size_t total_rows_ = 0;
  std::shared_ptr<Task<CsvImportOutcome>> task_;
};

}  // namespace mutua
