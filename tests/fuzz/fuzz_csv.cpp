// libFuzzer target for CSV import (issue 11): bytes are a file someone hands to import-csv.
// They go through the whole import path (encoding and delimiter detection, streamed parsing,
// EntryService::import) into a fresh in-memory store. The invariant: whatever imports, the
// device can export, and that export imports again as all known, with nothing corrected (into
// the same store) and as all new (into a fresh one). A crash, sanitizer report or broken
// invariant aborts; libFuzzer keeps the input. Seeds: tests/fuzz/corpus-csv.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/csv.hpp"
#include "core/store.hpp"

using namespace mutua;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "\nfuzz_csv: %s\n", what.c_str());
  std::abort();
}

// A file of this process's own in the temporary folder, rewritten for every input.
const std::string& temp_path(const char* tag) {
  static std::string paths[2];
  std::string& p = paths[tag[0] == 'i' ? 0 : 1];
  if (p.empty()) {
    const char* dir = std::getenv("TMPDIR");
    p = std::string(dir && *dir ? dir : "/tmp") + "/mutua-fuzz-csv-" + std::to_string(getpid()) +
        "-" + tag + ".csv";
  }
  return p;
}

void write(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) die("cannot write " + path);
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
    die("short write");
  std::fclose(f);
}

std::unique_ptr<Store> fresh() {
  auto s = Store::open(":memory:");
  if (!s) die("cannot open a store: " + s.error());
  return std::move(*s);
}

std::vector<Entry> everything(const Store& s) {
  std::vector<Entry> out;
  std::optional<PageCursor> cursor;
  do {
    auto page = s.entries().list(EntryQuery{}, 1000, cursor);
    out.insert(out.end(), page.entries.begin(), page.entries.end());
    cursor = page.next;
  } while (cursor);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (size_t{1} << 20)) return 0;  // the streamed reader's bounds are tested elsewhere
  const std::string& in = temp_path("in");
  write(in, std::string_view(reinterpret_cast<const char*>(data), size));
  auto x = fresh();
  auto first = import_csv(*x, in);
  if (!first) return 0;  // refused: nothing to round-trip
  const auto entries = everything(*x);

  const std::string& out = temp_path("out");
  write(out, entries_to_csv(entries, {.hxl = true, .with_contacts = true}));
  auto again = import_csv(*x, out);
  if (!again) die("the device refuses its own export: " + again.error());
  const ImportCounts& c = again->counts;
  if (c.added || c.updated || c.corrected || c.unchanged != entries.size())
    die("re-importing the export is not 'all known': " + import_summary(c));
  if (!again->read_as.empty()) die("an export is read as something else: " + again->read_as);

  auto y = fresh();
  auto copy = import_csv(*y, out);
  if (!copy) die("a fresh device refuses the export: " + copy.error());
  if (copy->counts.added != entries.size())
    die("a fresh device does not take every row: " + import_summary(copy->counts));
  return 0;
}
