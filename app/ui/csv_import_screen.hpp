#pragma once
// "Import from USB" (coordinators; issue 11): a spreadsheet from a USB drive into this device.
// Reached from Reports, beside "Export to USB": a coordinator who exported a CSV, fixed it in
// LibreOffice and brings it back looks where the export was. The screen picks a drive (the only
// one at once, else a choice), lists the .csv files on it (top folder, MUTUA/ and exports/,
// newest first, with size and date), asks "Import 2,345 rows from donations.csv?", runs the
// import as a Task with its own store (app/ui/csv_import_run.hpp) showing rows read and a bar,
// with Cancel (the import is one transaction: cancelled, nothing changed), and ends with the
// summary (csv_import_summary_text), how the file was read, the notes, or what went wrong.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/csv_import_run.hpp"
#include "app/ui/drive_watch.hpp"
#include "app/ui/screens.hpp"
#include "app/widgets/drag_scroll.hpp"

namespace mutua {

struct UiContext;
struct UiState;
class Store;

struct CsvImportState {
  DriveWatch drives;
  std::optional<Drive> drive;  // the drive whose files are listed; none: ask which
  std::vector<CsvFileInfo> files;
  std::optional<CsvFileInfo> chosen;       // tapped: the question before importing
  std::shared_ptr<Task<size_t>> counting;  // counting the chosen file's rows
  std::optional<size_t> rows;              // the chosen file's rows, once counted
  std::string count_error;                 // why the rows could not be counted
  std::shared_ptr<CsvImportJob> job;       // the import running now
  std::optional<CsvImportOutcome> last;    // how the last import ended
  DragScroll scroll;
};

void enter_csv_import(UiContext& ctx);
void draw_csv_import(UiContext& ctx);

// The "Import from USB" button Reports shows beside "Export to USB" (on the same line when it
// fits, else under it; coordinators only, nothing for others). Returns true when tapped (the
// screen is opened).
bool csv_import_button(UiContext& ctx);

// "1,234" with the active language's digit grouping (en ",", es ".", fr and uk a no-break space).
std::string group_digits(size_t n);

// --screen presets: csv-import-choose (a drive's file list), csv-import-running (40 %),
// csv-import-done (a summary with how the file was read and a note).
std::vector<std::string> csv_import_preset_names();
std::optional<Screen> apply_csv_import_preset(std::string_view name, UiState& state,
                                              const Store& store);

}  // namespace mutua
