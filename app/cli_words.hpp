#pragma once
// Words the CLI prints: counts with their noun in the right plural form (through trn(), the UI's
// one plural mechanism; the CLI sets no language, so English), and stored codes in words.
#include <string>

#include "app/ui/i18n.hpp"

namespace mutua {

// "1 record", "2 records".
inline std::string counted(long long n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + trn(singular, plural, n);
}

}  // namespace mutua
