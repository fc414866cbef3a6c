#pragma once
// English plural forms, the one rule behind every count printed with a noun: the UI's trn()
// (app/ui/i18n.hpp) falls back to it, the CLI prints through trn(), and sync's English lines
// (stored in the sync log) use it directly.
#include <string>

namespace mutua {

// A count as English readers group its digits: "2,330", "1,234,567", "-5,000". For text shown to
// people only (never --json or CSV); the UI groups per language with format_count
// (app/ui/format.hpp).
inline std::string group_en(long long n) {
  const unsigned long long u =
      n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  const std::string digits = std::to_string(u);
  std::string out = n < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

inline const char* plural_en(const char* singular, const char* plural, long long n) {
  return n == 1 || n == -1 ? singular : plural;
}
// "1 record", "2,330 records".
inline std::string count_en(long long n, const char* singular, const char* plural) {
  return group_en(n) + " " + plural_en(singular, plural, n);
}

}  // namespace mutua
