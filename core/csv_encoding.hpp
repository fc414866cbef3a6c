#pragma once
// How a CSV file was written: its character encoding and its delimiter (issue 11, "Spreadsheets
// as people save them"). Excel in French, Spanish, German or Ukrainian saves with ';' and in the
// Windows code page of the language; "Unicode text" is UTF-16 with tabs. Everything is turned
// into UTF-8 before parsing. docs/csv.md, "Encodings and delimiters", is the user's version.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mutua {

enum class CsvEncoding : uint8_t { utf8, utf16le, utf16be, cp1252, cp1251 };

// "UTF-8", "UTF-16", "Windows-1252 (Western European)", "Windows-1251 (Cyrillic)".
std::string_view encoding_label(CsvEncoding e);

// What the first bytes say: a UTF-16 byte-order mark, or nothing certain (nullopt).
std::optional<CsvEncoding> encoding_from_bom(std::string_view head);

// Chooses between the two legacy code pages for bytes that are not valid UTF-8. A Cyrillic word
// in CP1251 is a run of bytes >= 0xC0 with no ASCII letter inside ("Привіт"); a Western word in
// CP1252 has its accented letters between ASCII letters ("café", "Straße"). So the bytes are cut
// into words, and words mixing ASCII letters with high bytes count for CP1252 while words of two
// or more high bytes only count for CP1251. Each reading of the other kind of text gives words
// in no one script ("cafй", "Ïðèâ³ò"), which is what the count avoids.
CsvEncoding guess_legacy_encoding(std::string_view sample);

// Length of the longest prefix of `bytes` that is valid UTF-8, stopping short of a sequence
// cut off by the end (so a caller reading in chunks can carry it over).
size_t valid_utf8_prefix(std::string_view bytes, bool at_end);

// Converts chunks of a legacy or UTF-16 file to UTF-8 with glibc's iconv; a multibyte sequence
// cut by a chunk boundary is carried to the next call.
class ToUtf8 {
 public:
  explicit ToUtf8(CsvEncoding from);
  ~ToUtf8();
  ToUtf8(const ToUtf8&) = delete;
  ToUtf8& operator=(const ToUtf8&) = delete;
  // Appends the UTF-8 of `in` to out; a failure names the byte that could not be read.
  // bad_offset (if given) gets the offset in `in` of a byte that could not be read.
  Result<Ok> convert(std::string_view in, bool at_end, std::string& out,
                     size_t* bad_offset = nullptr);

 private:
  CsvEncoding from_;
  void* cd_;  // iconv_t
  std::string carry_;
};

// The delimiter of a header line: the most frequent of ';', tab and ',' outside quotes (',' on
// a tie or when none occurs).
char detect_delimiter(std::string_view first_line);

// Where the records start and what separates them, from the first text of a file (after any
// byte-order mark): Excel's "sep=;" line names the delimiter and is skipped; otherwise the
// header line decides (detect_delimiter).
struct CsvLayout {
  char delimiter = ',';
  size_t skip = 0;        // bytes before the first record
  size_t first_line = 1;  // the line number of the first record
};
CsvLayout detect_layout(std::string_view text);

// A file that was opened as Latin-1 by mistake and saved again as UTF-8: its BOM became "ï»¿"
// and every accented letter two letters ("Ã©"). Returns the sentence to show, or nullopt.
std::optional<std::string> misdecoded_utf8(std::string_view utf8_head);

}  // namespace mutua
