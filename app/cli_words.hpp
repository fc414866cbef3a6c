#pragma once
// Words the CLI prints: counts with their noun in the right plural form (through trn(), the UI's
// one plural mechanism; the CLI sets no language, so English), and stored codes in words.
#include <string>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

// "1 record", "2,330 records": the digits grouped as the language groups them (format_count).
inline std::string counted(long long n, const char* singular, const char* plural) {
  return format_count(n) + " " + trn(singular, plural, n);
}

}  // namespace mutua
