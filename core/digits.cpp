#include "core/digits.hpp"

#include "core/utf8.hpp"

namespace mutua {

bool parse_digits(std::string_view name, Digits& out) {
  if (name == "latin") {
    out = Digits::latin;
  } else if (name == "arabic-indic") {
    out = Digits::arabic_indic;
  } else if (name == "persian") {
    out = Digits::persian;
  } else {
    return false;
  }
  return true;
}

int digit_value(char32_t c) {
  if (c >= U'0' && c <= U'9') return int(c - U'0');
  if (c >= 0x0660 && c <= 0x0669) return int(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return int(c - 0x06F0);
  return -1;
}

std::string localize_digits(std::string_view text, Digits digits) {
  if (digits == Digits::latin) return std::string(text);
  // U+0660.. and U+06F0.. are two bytes each: D9 A0..A9 and DB B0..B9.
  const char lead = digits == Digits::arabic_indic ? '\xD9' : '\xDB';
  const unsigned char base = digits == Digits::arabic_indic ? 0xA0 : 0xB0;
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += lead;
      out += char(base + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string normalize_digits(std::string_view text) {
  if (!utf8::valid(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char b0 = static_cast<unsigned char>(text[i]);
    if ((b0 == 0xD9 || b0 == 0xDB) && i + 1 < text.size()) {
      const unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
      const char32_t c = (char32_t(b0 & 0x1F) << 6) | char32_t(b1 & 0x3F);
      const int d = digit_value(c);
      if (d >= 0) {
        out += char('0' + d);
        ++i;
        continue;
      }
      if (c == 0x066B || c == 0x066C) {  // Arabic decimal / thousands separator
        out += c == 0x066B ? '.' : ',';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace mutua
