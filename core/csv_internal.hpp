#pragma once
// Internals shared by the CSV files (core/csv.cpp, core/csv_read.cpp): the
// record reader and the row parser. Not an interface for the rest of the program.
#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"

namespace mutua::csv_detail {

inline constexpr size_t kMaxFileBytes = size_t{512} << 20;
inline constexpr size_t kMaxFieldBytes = size_t{64} << 10;
inline constexpr size_t kMaxColumns = 256;

std::string with_thousands(size_t n);

// A file with zero bytes in it was cut short or damaged (a drive removed while the file was
// written leaves its end as zeros): its line, counted from `first_line` at text[0], and what to
// do. nullopt: no zero byte.
std::optional<std::string> zero_bytes(std::string_view text, size_t first_line);

// --- Records --------------------------------------------------------------------------------

class CsvReader {
 public:
  // first_line: the file's line number of data[0] (a streamed chunk starts further down).
  explicit CsvReader(std::string_view data, char delimiter = ',', size_t first_line = 1)
      : d_(data), delim_(delimiter), line_(first_line), record_line_(first_line) {
    scratch_.resize(kMaxColumns);
  }

  enum class Next { record, end, error };

  // Reads the next record into fields (views into the data or into scratch strings that stay
  // valid until the next call).
  Next next(std::vector<std::string_view>& fields) {
    fields.clear();
    if (pos_ >= d_.size()) return Next::end;
    record_line_ = line_;
    unbroken_ = false;
    while (true) {
      if (fields.size() == kMaxColumns)
        return failed("more than " + std::to_string(kMaxColumns) + " columns");
      std::string_view value;
      if (d_[pos_] == '"') {
        if (!quoted(fields.size(), value)) return Next::error;
      } else {
        size_t start = pos_;
        while (pos_ < d_.size()) {
          char c = d_[pos_];
          if (c == delim_ || c == '\n' || c == '\r') break;
          if (++pos_ - start > kMaxFieldBytes) return too_long(fields.size());
        }
        value = d_.substr(start, pos_ - start);
      }
      fields.push_back(value);
      if (pos_ >= d_.size()) {
        unbroken_ = true;
        return Next::record;
      }
      char c = d_[pos_++];
      if (c == delim_) {
        if (pos_ == d_.size()) {  // a trailing comma at the end of the file
          fields.emplace_back();
          unbroken_ = true;
          return Next::record;
        }
        continue;
      }
      if (c == '\r' && pos_ < d_.size() && d_[pos_] == '\n') ++pos_;
      ++line_;
      return Next::record;
    }
  }

  size_t record_line() const { return record_line_; }
  // Whether the record just read ran to the end of the data with no line break after it: at the
  // end of a file, the last row of a copy that may have been cut short.
  bool record_unbroken() const { return unbroken_; }
  size_t consumed() const { return pos_; }
  size_t line() const { return line_; }  // the line the next record starts on
  const std::string& error() const { return error_; }

 private:
  bool quoted(size_t column, std::string_view& value) {
    size_t start = ++pos_;
    bool escaped = false;
    // Searching at most a little past the bound keeps a hostile field cheap to refuse.
    const size_t limit = start + 2 * kMaxFieldBytes + 2;
    while (true) {
      if (pos_ >= limit) {
        too_long(column);
        return false;
      }
      size_t window = std::min(d_.size() - pos_, limit - pos_);
      const void* hit = std::memchr(d_.data() + pos_, '"', window);
      size_t q =
          hit ? static_cast<size_t>(static_cast<const char*>(hit) - d_.data()) : pos_ + window;
      line_ += static_cast<size_t>(std::count(d_.data() + pos_, d_.data() + q, '\n'));
      if (!hit) {
        if (q == d_.size()) {
          failed(
              "unbalanced quote: a field opened with \" is never closed (or the file was cut "
              "short)");
          return false;
        }
        too_long(column);
        return false;
      }
      if (q + 1 < d_.size() && d_[q + 1] == '"') {
        escaped = true;
        pos_ = q + 2;
        continue;
      }
      value = d_.substr(start, q - start);
      pos_ = q + 1;
      break;
    }
    if (escaped) {
      std::string& s = scratch_[column];
      s.clear();
      for (size_t i = 0; i < value.size(); ++i) {
        s += value[i];
        if (value[i] == '"') ++i;  // the second quote of a ""
      }
      value = s;
    }
    if (value.size() > kMaxFieldBytes) {
      too_long(column);
      return false;
    }
    while (pos_ < d_.size() && d_[pos_] != delim_ && (d_[pos_] == ' ' || d_[pos_] == '\t')) ++pos_;
    if (pos_ < d_.size() && d_[pos_] != delim_ && d_[pos_] != '\n' && d_[pos_] != '\r') {
      failed("unexpected text after a closing quote (a quote inside a field is written \"\")");
      return false;
    }
    return true;
  }

  Next failed(std::string why) {
    error_ = "line " + std::to_string(record_line_) + ": " + why;
    return Next::error;
  }
  Next too_long(size_t column) {
    return failed("field " + std::to_string(column + 1) + " is longer than " +
                  with_thousands(kMaxFieldBytes) + " bytes");
  }

  std::string_view d_;
  char delim_;
  size_t pos_ = 0;
  size_t line_;
  size_t record_line_;
  bool unbroken_ = false;
  std::string error_;
  std::vector<std::string> scratch_;  // sized once so views into it never move
};

// Turns records into entries: the header (and an HXL row under it) first, then one entry per
// row. Checks a file-wide rule too: an id used on two rows.
class EntryCsvParser {
 public:
  EntryCsvParser(const std::vector<std::string>& categories, int64_t now_ms,
                 std::vector<std::string>* warnings);
  ~EntryCsvParser();
  EntryCsvParser(const EntryCsvParser&) = delete;
  EntryCsvParser& operator=(const EntryCsvParser&) = delete;
  enum class Got { nothing, entry };
  // One record from the reader, with the line it starts on. `unbroken`: it is the file's last
  // and no line break follows it (CsvReader::record_unbroken at the end of the file).
  Result<Got> record(const std::vector<std::string_view>& fields, size_t line, bool unbroken,
                     Entry& out);
  // After the last record: fails when the file never had a header.
  Result<Ok> finish();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace mutua::csv_detail
