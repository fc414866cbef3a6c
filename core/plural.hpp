#pragma once
// English plural forms, the one rule behind every count printed with a noun: the UI's trn()
// (app/ui/i18n.hpp) falls back to it, the CLI prints through trn(), and sync's English lines
// (stored in the sync log) use it directly.
#include <string>

namespace mutua {

inline const char* plural_en(const char* singular, const char* plural, long long n) {
  return n == 1 || n == -1 ? singular : plural;
}
// "1 record", "3 records".
inline std::string count_en(long long n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + plural_en(singular, plural, n);
}

}  // namespace mutua
