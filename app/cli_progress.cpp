// A progress bar for the CLI (app/cli_progress.hpp).
#include "app/cli_progress.hpp"

#include <memory>
#include <string>

namespace mutua::cli {

CsvProgress csv_progress_printer(std::ostream& out, bool terminal) {
  struct State {
    int last_tenth = 0;   // plain lines: the last 10 % step printed
    int last_width = -1;  // bar: the last number of filled cells drawn
    bool done = false;
  };
  auto st = std::make_shared<State>();
  return [&out, terminal, st](double fraction, const std::string& status) {
    if (st->done) return true;
    // A file read in one go needs no progress at all.
    if (fraction >= 1.0 && st->last_width < 0 && st->last_tenth == 0) {
      st->done = true;
      return true;
    }
    const int percent = static_cast<int>(fraction * 100.0 + 0.5);
    if (terminal) {
      constexpr int kCells = 30;
      const int filled = static_cast<int>(fraction * kCells);
      if (filled == st->last_width && fraction < 1.0) return true;
      st->last_width = filled;
      out << "\r[" << std::string(static_cast<size_t>(filled), '#')
          << std::string(static_cast<size_t>(kCells - filled), '.') << "] " << percent << "% "
          << status << "\x1b[K";
      if (fraction >= 1.0) {
        out << "\n";
        st->done = true;
      }
      out.flush();
      return true;
    }
    const int tenth = percent / 10;
    if (tenth <= st->last_tenth && fraction < 1.0) return true;
    st->last_tenth = tenth;
    out << "importing: " << percent << "% (" << status << ")\n";
    if (fraction >= 1.0) st->done = true;
    return true;
  };
}

}  // namespace mutua::cli
