// Streamed CSV import (issue 11, "Big files in little memory"). The file is read twice at most:
// once to learn its encoding (only when it has no byte-order mark: is every byte valid UTF-8?),
// then chunk by chunk: each chunk is decoded to UTF-8, cut after its last complete record
// (quotes respected), parsed into entries and handed to EntryService::import as one batch of
// its single transaction. The import reads the next batch on a second thread while it stores
// one (core/batch_prefetch.hpp). Memory is a chunk of text, two batches of entries, and the ids
// seen so far (to refuse an id used twice), whatever the size of the file.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/csv.hpp"
#include "core/csv_encoding.hpp"
#include "core/csv_internal.hpp"
#include "core/plural.hpp"
#include "core/store.hpp"

namespace mutua {
using namespace csv_detail;

namespace {

// What the encoding is guessed from, and how it is checked.
constexpr size_t kChunkBytes = size_t{1} << 20;
// What the import reads at a time, and the rows of a batch (a batch is the rows of whole reads,
// at least this many). The import reads the next batch on a second thread while it stores this
// one (core/batch_prefetch.hpp), so two batches are held: small ones keep the import's memory
// where it was with one batch of 2,000 rows from 1 MiB reads, and were as fast (docs/csv.md).
constexpr size_t kReadBytes = size_t{1} << 18;
constexpr size_t kBatchEntries = 1000;
// A record longer than this cannot be valid (256 fields of at most 64 KiB): parse it to say why.
constexpr size_t kMaxRecordBytes = kMaxColumns * (kMaxFieldBytes + 3) + 1024;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Finds where complete records end, chunk after chunk, with the reader's idea of quoting: a
// quote opens a quoted field only at the start of a field, and "" inside one is a quote.
class RecordEnds {
 public:
  explicit RecordEnds(char delimiter) : delim_(delimiter) {}
  // Scans text[from, end); returns the position after the last record-ending newline, or 0.
  size_t scan(std::string_view text, size_t from) {
    size_t last = 0;
    for (size_t i = from; i < text.size(); ++i) {
      const char c = text[i];
      switch (state_) {
        case State::start:
          if (c == '"')
            state_ = State::quoted;
          else if (c == '\n')
            last = i + 1;
          else if (c != delim_)
            state_ = State::unquoted;
          break;
        case State::unquoted:
          if (c == '\n')
            last = i + 1, state_ = State::start;
          else if (c == delim_)
            state_ = State::start;
          break;
        case State::quoted:
          if (c == '"') state_ = State::closing;
          break;
        case State::closing:  // a quote inside a quoted field: "" or the end of the field
          if (c == '"')
            state_ = State::quoted;
          else if (c == '\n')
            last = i + 1, state_ = State::start;
          else if (c == delim_)
            state_ = State::start;
          else
            state_ = State::unquoted;
          break;
      }
    }
    return last;
  }

 private:
  enum class State { start, unquoted, quoted, closing } state_ = State::start;
  char delim_;
};

// The file's encoding, from its byte-order mark or, without one, by reading it once.
struct Encoding {
  CsvEncoding encoding = CsvEncoding::utf8;
  size_t skip = 0;  // the byte-order mark
};

Result<Encoding> detect_encoding(std::FILE* f) {
  Encoding out;
  std::string buf(kChunkBytes, '\0');
  size_t got = std::fread(buf.data(), 1, buf.size(), f);
  std::string_view head(buf.data(), got);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    out.skip = 3;
  } else if (auto bom = encoding_from_bom(head)) {
    out.encoding = *bom;
    out.skip = 2;
  } else {
    // No mark: UTF-8 if every byte is; else a legacy code page, guessed from the first chunk.
    std::string sample(head);
    std::string carry;
    bool valid = true;
    while (true) {
      const bool at_end = got < kChunkBytes;
      std::string_view part = head;
      std::string joined;
      if (!carry.empty()) {
        joined = carry + std::string(head);
        part = joined;
      }
      size_t ok = valid_utf8_prefix(part, at_end);
      carry.clear();
      if (ok < part.size()) {
        if (at_end || part.size() - ok >= 4) {
          valid = false;
          break;
        }
        carry = std::string(part.substr(ok));
      }
      if (at_end) break;
      got = std::fread(buf.data(), 1, buf.size(), f);
      head = std::string_view(buf.data(), got);
    }
    if (std::ferror(f)) return fail("cannot read the file (is the drive still connected?)");
    if (!valid) out.encoding = guess_legacy_encoding(sample);
  }
  if (std::fseek(f, static_cast<long>(out.skip), SEEK_SET) != 0)
    return fail("cannot read the file (is the drive still connected?)");
  return out;
}

std::string describe(CsvEncoding e, char delimiter) {
  if (e == CsvEncoding::utf8 && delimiter == ',') return {};
  std::string sep = delimiter == '\t' ? "tabs" : std::string("'") + delimiter + "'";
  return "read as " + std::string(encoding_label(e)) + ", separated by " + sep;
}

// "entry 12: why" from the import -> "line 40: why".
std::string with_line(const std::string& error, const std::vector<uint32_t>& lines) {
  if (error.rfind("entry ", 0) != 0) return error;
  size_t colon = error.find(':');
  size_t n = std::strtoull(error.c_str() + 6, nullptr, 10);
  if (colon == std::string::npos || n == 0 || n > lines.size()) return error;
  return "line " + std::to_string(lines[n - 1]) + error.substr(colon);
}

}  // namespace

Result<CsvImportReport> import_csv(Store& store, const std::string& path,
                                   const CsvProgress& progress) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("cannot read the file: " + ec.message());
  if (size > kMaxFileBytes)
    return fail("the file is larger than " + with_thousands(kMaxFileBytes >> 20) +
                " MiB; split it into smaller files");
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) return fail(std::string("cannot open the file: ") + std::strerror(errno));
  auto enc = detect_encoding(file.get());
  if (!enc) return enc.error_value();

  CsvImportReport report;
  std::unique_ptr<ToUtf8> convert;
  if (enc->encoding != CsvEncoding::utf8) convert = std::make_unique<ToUtf8>(enc->encoding);
  const std::vector<std::string> categories = store.settings().category_ids();
  EntryCsvParser parser(categories, store.replica().now_ms(), &report.warnings);

  std::string raw(kReadBytes, '\0');
  std::string text;  // decoded, not yet parsed
  size_t scanned = 0;
  size_t line = 1;
  size_t raw_lines = 0;  // newlines in the raw bytes read so far (8-bit encodings)
  uint64_t bytes_read = enc->skip;
  bool at_end = false, started = false;
  CsvLayout layout;
  std::unique_ptr<RecordEnds> ends;
  std::vector<uint32_t> lines;  // the line of every entry, for the import's errors and notes
  std::vector<std::string_view> fields;
  size_t rows = 0;
  double next_report = 0;

  // Reads and decodes one more chunk into `text`.
  auto read_chunk = [&]() -> Result<Ok> {
    size_t got = std::fread(raw.data(), 1, raw.size(), file.get());
    if (std::ferror(file.get()))
      return fail("cannot read the file (is the drive still connected?)");
    at_end = got < raw.size();
    bytes_read += got;
    std::string_view chunk(raw.data(), got);
    if (!convert) {
      text.append(chunk);
    } else {
      size_t bad = 0;
      if (auto ok = convert->convert(chunk, at_end, text, &bad); !ok) {
        // The line of the bad byte, counted in the raw bytes (exact for one-byte code pages).
        size_t n = raw_lines + 1;
        for (size_t i = 0; i < bad && i < chunk.size(); ++i) n += chunk[i] == '\n';
        return fail("line " + std::to_string(n) + ": " + ok.error());
      }
      for (char c : chunk) raw_lines += c == '\n';
    }
    return Ok{};
  };

  auto next_batch = [&](std::vector<Entry>& batch) -> Result<Ok> {
    while (batch.size() < kBatchEntries) {
      if (at_end && text.empty()) break;
      if (!at_end) {
        const size_t had = text.size();
        if (auto ok = read_chunk(); !ok) return ok;
        if (text.find('\0', had) != std::string::npos)
          return fail(*zero_bytes(text, started ? line : 1));
      }
      if (!started) {
        if (!at_end && text.find('\n') == std::string::npos && text.size() < kMaxRecordBytes)
          continue;
        if (auto why = misdecoded_utf8(std::string_view(text).substr(0, 64 << 10)))
          return fail(*why);
        layout = detect_layout(text);
        text.erase(0, layout.skip);
        line = layout.first_line;
        ends = std::make_unique<RecordEnds>(layout.delimiter);
        report.read_as = describe(enc->encoding, layout.delimiter);
        started = true;
      }
      size_t end = ends->scan(text, scanned);
      scanned = text.size();
      if (at_end) end = text.size();
      bool forced = false;
      if (end == 0) {
        if (text.size() <= kMaxRecordBytes) continue;
        end = text.size();  // too long to be a record: the reader says which field
        forced = true;
      }
      CsvReader reader(std::string_view(text).substr(0, end), layout.delimiter, line);
      CsvReader::Next next;
      Entry e;
      while ((next = reader.next(fields)) == CsvReader::Next::record) {
        auto got = parser.record(fields, reader.record_line(), reader.record_unbroken(), e);
        if (!got) return got.error_value();
        if (*got == EntryCsvParser::Got::entry) {
          lines.push_back(static_cast<uint32_t>(reader.record_line()));
          batch.push_back(std::move(e));
        }
      }
      if (next == CsvReader::Next::error) return fail(reader.error());
      if (forced)
        return fail("line " + std::to_string(reader.line()) + ": a row is longer than " +
                    with_thousands(kMaxRecordBytes) + " bytes");
      line = reader.line();
      text.erase(0, end);
      scanned = text.size();
    }
    if (batch.empty()) {
      if (!started) return fail("the file is empty: it needs a header row");
      if (auto ok = parser.finish(); !ok) return ok.error_value();
    }
    rows += batch.size();
    const double fraction =
        size ? static_cast<double>(bytes_read) / static_cast<double>(size) : 1.0;
    if (progress && (fraction >= next_report || batch.empty())) {
      next_report = fraction + 0.01;
      if (!progress(std::min(fraction, 1.0), with_thousands(rows) + " rows read"))
        return fail("cancelled; nothing was imported");
    }
    return Ok{};
  };

  // The parser refuses an id used twice, and a row without one gets a new random id. The
  // import has stopped reading when it returns, so `lines` and the warnings are safe to read.
  auto counts = store.entries().import(next_batch, ImportIds::unique);
  // The kind goes with the words: a screen words a full disk itself (ErrorKind::disk_full).
  if (!counts) return Error{with_line(counts.error(), lines), counts.error_kind()};
  report.counts = std::move(*counts);
  for (const auto& n : report.counts.notes)
    report.warnings.push_back((n.entry && n.entry <= lines.size()
                                   ? "line " + std::to_string(lines[n.entry - 1])
                                   : "a row") +
                              ": " + n.text);
  if (report.counts.notes_left_out)
    report.warnings.push_back("and " + with_thousands(report.counts.notes_left_out) +
                              " more rows like these");
  return report;
}

Result<ImportCounts> import_csv_file(Store& store, const std::string& path,
                                     std::vector<std::string>* warnings) {
  auto r = import_csv(store, path);
  if (!r) return r.error_value();
  if (warnings) warnings->insert(warnings->end(), r->warnings.begin(), r->warnings.end());
  return std::move(r->counts);
}

Result<ImportCounts> import_csv_file(Store& store, const std::string& path) {
  return import_csv_file(store, path, nullptr);
}

std::string import_summary(const ImportCounts& c) {
  auto n = [](size_t v) { return group_en(static_cast<long long>(v)); };
  std::string out = n(c.added) + " new, " + n(c.updated) + " updated, ";
  if (c.corrected) out += n(c.corrected) + " corrected, ";
  return out + n(c.unchanged) + " already known";
}

}  // namespace mutua
