// The CSV import screen's work: listing, counting, importing (app/ui/csv_import_run.hpp).
#include "app/ui/csv_import_run.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "core/result.hpp"

namespace mutua {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int64_t modified_ms(const fs::directory_entry& e) {
  struct stat st {};
  if (::stat(e.path().c_str(), &st) != 0) return 0;
  return int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

// The .csv files directly in `dir` (at most kCsvScanPerFolder entries looked at); the folders
// worth a look below it (MUTUA, exports) go to `subfolders` when given.
void scan_folder(const fs::path& dir, const std::string& folder, std::vector<CsvFileInfo>& out,
                 std::vector<std::pair<fs::path, std::string>>* subfolders) {
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) return;
  size_t seen = 0;
  for (; it != fs::directory_iterator() && seen < kCsvScanPerFolder; it.increment(ec), ++seen) {
    if (ec) break;
    const fs::directory_entry& e = *it;
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // hidden files, and half-written temp files
    std::error_code kind_ec;
    if (e.is_directory(kind_ec)) {
      const std::string l = lower(name);
      if (subfolders && (l == "mutua" || l == "exports")) subfolders->emplace_back(e.path(), name);
      continue;
    }
    if (!e.is_regular_file(kind_ec)) continue;
    const std::string l = lower(name);
    if (l.size() < 5 || l.compare(l.size() - 4, 4, ".csv") != 0) continue;
    CsvFileInfo f;
    f.name = name;
    f.folder = folder;
    f.path = e.path().string();
    std::error_code size_ec;
    f.bytes = e.file_size(size_ec);
    if (size_ec) f.bytes = 0;
    f.modified_ms = modified_ms(e);
    out.push_back(std::move(f));
  }
}

// Reads a file as a stream of characters, whatever its encoding: UTF-16 (with its byte-order
// mark) a code unit at a time, anything else a byte at a time (the characters counting rows
// needs, quote and newline, are single bytes in UTF-8 and the code pages).
class CharReader {
 public:
  CharReader(std::FILE* f, TaskControl* control) : f_(f), control_(control), buf_(1 << 20, '\0') {}

  // The next character, or -1 at the end.
  long next() {
    if (first_) {
      first_ = false;
      if (!fill()) return -1;
      const auto b = [&](size_t i) { return static_cast<unsigned char>(buf_[i]); };
      if (len_ >= 3 && b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
        pos_ = 3;
      } else if (len_ >= 2 && b(0) == 0xFF && b(1) == 0xFE) {
        wide_ = true, big_endian_ = false, pos_ = 2;
      } else if (len_ >= 2 && b(0) == 0xFE && b(1) == 0xFF) {
        wide_ = true, big_endian_ = true, pos_ = 2;
      }
    }
    const int a = byte();
    if (a < 0 || !wide_) return a;
    const int b = byte();
    if (b < 0) return -1;
    return big_endian_ ? (a << 8 | b) : (b << 8 | a);
  }

 private:
  int byte() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  bool fill() {
    if (control_) control_->check();
    len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
    pos_ = 0;
    if (std::ferror(f_))
      throw std::runtime_error("cannot read the file (is the drive still connected?)");
    return len_ > 0;
  }

  std::FILE* f_;
  TaskControl* control_;
  std::string buf_;
  size_t len_ = 0, pos_ = 0;
  bool first_ = true, wide_ = false, big_endian_ = false;
};

}  // namespace

std::vector<CsvFileInfo> list_csv_files(const std::string& drive_path) {
  std::vector<CsvFileInfo> out;
  std::vector<std::pair<fs::path, std::string>> subfolders;
  scan_folder(drive_path, "", out, &subfolders);
  std::sort(subfolders.begin(), subfolders.end());
  for (const auto& [path, name] : subfolders) scan_folder(path, name, out, nullptr);
  std::sort(out.begin(), out.end(), [](const CsvFileInfo& a, const CsvFileInfo& b) {
    if (a.modified_ms != b.modified_ms) return a.modified_ms > b.modified_ms;
    return a.path < b.path;
  });
  if (out.size() > kCsvMaxListed) out.resize(kCsvMaxListed);
  return out;
}

size_t count_csv_rows(const std::string& path, TaskControl* control) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw std::runtime_error("cannot open the file");
  CharReader in(f.get(), control);
  size_t records = 0;
  // The start of the first three records, to recognise "sep=;", the header and an HXL row.
  std::string starts[3];
  std::string current;  // the first few characters of the record being read
  bool quoted = false, content = false;
  auto end_record = [&] {
    if (content) {
      if (records < 3) starts[records] = current;
      ++records;
    }
    current.clear();
    content = false;
  };
  // Bounded by the file's length: every character is read once.
  for (long c = in.next(); c >= 0; c = in.next()) {
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      end_record();
      continue;
    }
    if (c == '\r' || c == ' ' || c == '\t') {
      if (!content) continue;
    }
    content = true;
    if (current.size() < 8 && c < 0x80) current += static_cast<char>(c);
  }
  end_record();
  size_t skip = 0;
  if (records > 0 && lower(starts[0]).rfind("sep=", 0) == 0) ++skip;  // Excel's delimiter line
  if (records > skip) ++skip;                                         // the header
  if (records > skip && skip < 3 && starts[skip].rfind("#", 0) == 0) ++skip;  // HXL hashtags
  return records - skip;
}

std::shared_ptr<Task<size_t>> start_row_count(const std::string& path) {
  return Task<size_t>::run("CSV row count",
                           [path](TaskControl& control) { return count_csv_rows(path, &control); });
}

size_t rows_in_status(const std::string& status) {
  size_t n = 0;
  bool digits = false;
  for (char c : status) {
    if (c >= '0' && c <= '9') {
      n = n * 10 + static_cast<size_t>(c - '0');
      digits = true;
    } else if (c != ',' || !digits) {
      break;
    }
  }
  return n;
}

std::shared_ptr<CsvImportJob> CsvImportJob::start(Store& ui_store, const CsvFileInfo& file,
                                                  size_t total_rows) {
  std::shared_ptr<CsvImportJob> job(new CsvImportJob(file, total_rows));
  const std::string path = file.path;
  const std::string name = file.name;
  job->task_ = run_with_own_store<CsvImportOutcome>(
      "CSV import", ui_store, [path, name, total_rows](Store& store, TaskControl& control) {
        CsvImportOutcome out;
        out.file_name = name;
        // What control.hook() does (record the progress; false once cancelled), with the rows
        // read as steps, so the screen can say "n of total" in its own words. (The hook and a
        // second report would let a frame see the rows read fall back to 0 in between.)
        const CsvProgress progress = [&control, total_rows](double fraction,
                                                            const std::string& status) {
          control.report(TaskProgress{fraction, status, rows_in_status(status), total_rows});
          return !control.cancelled();
        };
        auto r = import_csv(store, path, progress);
        if (r) {
          out.report = std::move(*r);
          (void)store.entries().refresh_search();  // off the UI thread (core/search.hpp)
          return out;
        }
        // A cancelled import has rolled back: it ends as cancelled, not as failed.
        if (control.cancelled()) throw TaskCancelled{};
        out.end = CsvImportOutcome::End::failed;
        out.error = r.error();
        out.disk_full = r.error_kind() == ErrorKind::disk_full;
        return out;
      });
  return job;
}

std::shared_ptr<CsvImportJob> CsvImportJob::example(const CsvFileInfo& file, size_t rows_read,
                                                    size_t total_rows) {
  std::shared_ptr<CsvImportJob> job(new CsvImportJob(file, total_rows));
  const double fraction = total_rows ? double(rows_read) / double(total_rows) : 0.0;
  job->task_ = Task<CsvImportOutcome>::run(
      "example CSV import", [rows_read, total_rows, fraction](TaskControl& control) {
        control.report(TaskProgress{fraction, {}, rows_read, total_rows});
        for (int i = 0; i < 60'000; ++i) {  // a minute at most
          control.check();
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return CsvImportOutcome{};
      });
  // Until its thread reports, the screen shows where it starts.
  for (int i = 0; i < 1000 && job->rows_read() != rows_read; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return job;
}

double CsvImportJob::fraction() const {
  const double f = task_->progress().fraction;
  return f < 0 ? 0.0 : std::min(f, 1.0);
}

CsvImportOutcome CsvImportJob::take() {
  if (task_->has_value()) return task_->take();
  CsvImportOutcome out;
  out.file_name = file_.name;
  if (task_->was_cancelled()) {
    out.end = CsvImportOutcome::End::cancelled;
  } else {
    out.end = CsvImportOutcome::End::failed;
    out.error = task_->error();  // a throw (the store could not be opened, say): as it came
  }
  return out;
}

}  // namespace mutua
