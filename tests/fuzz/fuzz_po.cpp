// libFuzzer target on the .po catalogue parser (app/ui/i18n.hpp parse_po), which reads files a
// translator edits by hand. Any text gives a catalogue or a reason ("line N: ..."), never a crash.
// A catalogue never keeps the header entry, and a refusal names a line the text has (or line 0,
// the whole text, for text that is not UTF-8). The header is read as the app reads it (native
// name, plural rule, direction, digits, keyboard) and every translation's printf conversions are
// checked: a header that passes gives a plural rule whose forms are always in range.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "app/ui/i18n.hpp"
#include "app/ui/po_header.hpp"

using namespace mutua;

namespace {
[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "\nfuzz: %s\n", what);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const PoResult r = parse_po(text);
  if (r.error.empty()) {
    if (r.catalogue.count("")) die("the header entry (empty msgid) was kept");
    CatalogueHeader h;
    if (parse_po_header(r.header, "xx", h).empty()) {
      const int forms = h.plural.nplurals();
      if (forms < 1 || forms > 6) die("a header passed with nplurals out of 1..6");
      for (long long n : {0LL, 1LL, 2LL, 11LL, 101LL, 1000000LL, -7LL, 9223372036854775807LL}) {
        const int f = h.plural.form(n);
        if (f < 0 || f >= forms) die("a plural form out of range");
      }
      (void)check_formats(r.catalogue, forms, '\x01');
    }
    return 0;
  }
  // "line N: what is wrong", N within the text.
  if (r.error.rfind("line ", 0) != 0) die("a refusal that does not name its line");
  const long line = std::strtol(r.error.c_str() + 5, nullptr, 10);
  const long lines = 1 + static_cast<long>(std::count(text.begin(), text.end(), '\n'));
  // Line 0: the whole text (not valid UTF-8, found after parsing).
  if (line < 0 || line > lines || (line == 0 && r.error.find("UTF-8") == std::string::npos))
    die("a refusal names a line the text does not have");
  return 0;
}
