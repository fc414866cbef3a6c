// Encodings and delimiters of CSV files (core/csv_encoding.hpp). iconv is glibc's.
#include "core/csv_encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace mutua {

std::string_view encoding_label(CsvEncoding e) {
  switch (e) {
    case CsvEncoding::utf8:
      return "UTF-8";
    case CsvEncoding::utf16le:
    case CsvEncoding::utf16be:
      return "UTF-16";
    case CsvEncoding::cp1252:
      return "Windows-1252 (Western European)";
    case CsvEncoding::cp1251:
      return "Windows-1251 (Cyrillic)";
  }
  return "UTF-8";
}

std::optional<CsvEncoding> encoding_from_bom(std::string_view head) {
  if (head.size() >= 2 && head[0] == '\xFF' && head[1] == '\xFE') return CsvEncoding::utf16le;
  if (head.size() >= 2 && head[0] == '\xFE' && head[1] == '\xFF') return CsvEncoding::utf16be;
  return std::nullopt;
}

CsvEncoding guess_legacy_encoding(std::string_view sample) {
  auto ascii_letter = [](unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
  // Bytes that are letters in both code pages (0xC0..0xFF) or, in CP1251, also 0x80..0xBF
  // letters such as і, ї, є, ґ (0xB3, 0xBF, 0xBA, 0xB4): any byte >= 0x80 may be part of a word.
  long cyrillic_words = 0, western_words = 0;
  size_t i = 0;
  while (i < sample.size()) {
    auto c = static_cast<unsigned char>(sample[i]);
    if (!ascii_letter(c) && c < 0x80) {
      ++i;
      continue;
    }
    size_t ascii = 0, high = 0;
    while (i < sample.size()) {
      c = static_cast<unsigned char>(sample[i]);
      if (ascii_letter(c))
        ++ascii;
      else if (c >= 0x80)
        ++high;
      else
        break;
      ++i;
    }
    if (high == 0) continue;
    if (ascii > 0)
      ++western_words;
    else if (high >= 2)
      ++cyrillic_words;
  }
  return cyrillic_words > western_words ? CsvEncoding::cp1251 : CsvEncoding::cp1252;
}

size_t valid_utf8_prefix(std::string_view s, bool at_end) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, cp = c & 0x07;
    else
      return i;
    if (i + len > n) {
      // Cut off by the end of the chunk: valid so far if every byte present continues it.
      for (size_t k = i + 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return i;
      (void)at_end;  // cut off for good at the end, or carried over by the caller: not valid yet
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += len;
  }
  return i;
}

namespace {
const char* iconv_name(CsvEncoding e) {
  switch (e) {
    case CsvEncoding::utf16le:
      return "UTF-16LE";
    case CsvEncoding::utf16be:
      return "UTF-16BE";
    case CsvEncoding::cp1252:
      return "CP1252";
    case CsvEncoding::cp1251:
      return "CP1251";
    case CsvEncoding::utf8:
      break;
  }
  return "UTF-8";
}
}  // namespace

ToUtf8::ToUtf8(CsvEncoding from) : from_(from) {
  iconv_t cd = iconv_open("UTF-8", iconv_name(from));
  cd_ = cd == reinterpret_cast<iconv_t>(-1) ? nullptr : cd;
}

ToUtf8::~ToUtf8() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

Result<Ok> ToUtf8::convert(std::string_view in, bool at_end, std::string& out, size_t* bad_offset) {
  if (!cd_)
    return fail(std::string("this system cannot read ") + std::string(encoding_label(from_)) +
                " text (iconv has no " + iconv_name(from_) + ")");
  std::string input;
  std::string_view src = in;
  if (!carry_.empty()) {
    input = carry_ + std::string(in);
    carry_.clear();
    src = input;
  }
  char* inp = const_cast<char*>(src.data());
  size_t inleft = src.size();
  while (inleft > 0) {
    const size_t before = out.size();
    out.resize(before + inleft * 3 + 16);
    char* outp = out.data() + before;
    size_t outleft = out.size() - before;
    size_t r = iconv(static_cast<iconv_t>(cd_), &inp, &inleft, &outp, &outleft);
    out.resize(static_cast<size_t>(outp - out.data()));
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !at_end) {  // a sequence cut by the end of the chunk
      carry_.assign(inp, inleft);
      break;
    }
    if (bad_offset) {
      const size_t at = static_cast<size_t>(inp - src.data());
      const size_t carried = src.size() - in.size();
      *bad_offset = at >= carried ? at - carried : 0;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(*inp));
    return fail(std::string("byte ") + hex + " is not a character in " +
                std::string(encoding_label(from_)));
  }
  return Ok{};
}

char detect_delimiter(std::string_view line) {
  size_t comma = 0, semi = 0, tab = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',')
      ++comma;
    else if (c == ';')
      ++semi;
    else if (c == '\t')
      ++tab;
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}

CsvLayout detect_layout(std::string_view text) {
  CsvLayout out;
  if (text.size() >= 5 && text.substr(0, 4) == "sep=" &&
      (text.size() == 5 || text[5] == '\r' || text[5] == '\n') &&
      (text[4] == ',' || text[4] == ';' || text[4] == '\t' || text[4] == '|')) {
    out.delimiter = text[4];
    out.skip = 5;
    if (out.skip < text.size() && text[out.skip] == '\r') ++out.skip;
    if (out.skip < text.size() && text[out.skip] == '\n') ++out.skip;
    out.first_line = 2;
    return out;
  }
  out.delimiter = detect_delimiter(text.substr(0, std::min(text.size(), size_t{1} << 20)));
  return out;
}

std::optional<std::string> misdecoded_utf8(std::string_view head) {
  static constexpr std::string_view kBomAsLatin1 = "\xC3\xAF\xC2\xBB\xC2\xBF";  // "ï»¿"
  const char* fix =
      " Open the original file again, or open this one choosing the character set "
      "\"Unicode (UTF-8)\", and save it as CSV in UTF-8. Nothing was imported.";
  std::string_view first = head.substr(!head.empty() && head[0] == '"' ? 1 : 0);  // "ï»¿id" quoted
  if (first.substr(0, kBomAsLatin1.size()) == kBomAsLatin1)
    return std::string(
               "the file was opened as Latin-1 (Western) by mistake and saved again: its first "
               "header starts with \"ï»¿\", a byte-order mark read the wrong way, and its "
               "accented letters will be mangled too.") +
           fix;
  // A UTF-8 letter read as Latin-1 and saved as UTF-8 again: "é" (C3 A9) becomes "Ã©", that
  // is U+00C2..U+00DF followed by U+0080..U+00BF. No language writes these pairs.
  size_t pairs = 0;
  std::string example;
  for (size_t i = 0; i + 3 < head.size(); ++i) {
    if (head[i] != '\xC3') continue;
    auto lead = static_cast<unsigned char>(head[i + 1]);
    if (lead < 0x82 || lead > 0x9F) continue;
    if (head[i + 2] != '\xC2') continue;
    auto trail = static_cast<unsigned char>(head[i + 3]);
    if (trail < 0x80 || trail > 0xBF) continue;
    if (example.empty()) example = std::string(head.substr(i, 4));
    ++pairs;
    i += 3;
  }
  if (pairs >= 2)
    return "the file looks like UTF-8 text that was opened as Latin-1 (Western) and saved again: "
           "letters such as \"é\" appear as \"" +
           example + "\"." + fix;
  return std::nullopt;
}

}  // namespace mutua
