// Issue 11: a spreadsheet re-imported with corrected cells (same id and updated_at) applies the
// corrections as an edit with history; fixed fields are refused per row, not for the file.
#include <doctest/doctest.h>

#include <algorithm>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/csv.hpp"
#include "core/store.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::read_file;
using mutua::test::TempDir;
using mutua::test::write_file;

namespace {

std::unique_ptr<Store> open_corrections_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

void replace_once(std::string& s, std::string_view from, std::string_view to) {
  auto at = s.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  s.replace(at, from.size(), to);
}

// A store with two entries, exported; returns the export's text.
std::string two_entries_exported(Store& store, const TempDir& dir, Id& rice, Id& blankets) {
  Entry need;
  need.kind = Kind::need;
  need.category = "food";
  need.item = "rcie";
  need.quantity = 5;
  need.unit = "kg";
  auto a = store.entries().add(need);
  REQUIRE(a.ok());
  rice = a->id;
  Entry offer;
  offer.kind = Kind::offer;
  offer.category = "shelter";
  offer.item = "blankets";
  offer.quantity = 3;
  auto b = store.entries().add(offer);
  REQUIRE(b.ok());
  blankets = b->id;
  REQUIRE(export_csv_file(store, dir.file("out.csv"), {}).ok());
  return read_file(dir.file("out.csv"));
}

}  // namespace

TEST_CASE("a re-imported spreadsheet with a corrected cell applies it as an edit with history") {
  TempDir dir;
  auto store = open_corrections_store(dir.file("c.db"));
  Id rice, blankets;
  std::string text = two_entries_exported(*store, dir, rice, blankets);
  const size_t events_before = store->history().of(rice).size();

  replace_once(text, ",rcie,", ",rice,");
  replace_once(text, ",5,kg,", ",6,kg,");
  write_file(dir.file("fixed.csv"), text);
  auto r = import_csv_file(*store, dir.file("fixed.csv"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->corrected == 1);
  CHECK(r->unchanged == 1);
  CHECK(r->added == 0);
  CHECK(r->notes.empty());
  auto e = store->entries().get(rice);
  REQUIRE(e);
  CHECK(e->item == "rice");
  CHECK(e->quantity == 6);
  auto events = store->history().of(rice);
  REQUIRE(events.size() == events_before + 2);  // one per changed field
  CHECK(events.back().what == EventKind::field_changed);

  // The same corrected file again: nothing left to correct.
  auto again = import_csv_file(*store, dir.file("fixed.csv"));
  REQUIRE(again.ok());
  CHECK(again->corrected == 0);
  CHECK(again->unchanged == 2);
  CHECK(store->history().of(rice).size() == events_before + 2);
}

TEST_CASE("a corrected kind is refused for that row only, with a note") {
  TempDir dir;
  auto store = open_corrections_store(dir.file("c.db"));
  Id rice, blankets;
  std::string text = two_entries_exported(*store, dir, rice, blankets);
  replace_once(text, ",offer,shelter,", ",need,shelter,");  // kind is fixed
  replace_once(text, ",available,", ",open,");
  replace_once(text, ",rcie,", ",rice,");
  write_file(dir.file("fixed.csv"), text);
  auto r = import_csv_file(*store, dir.file("fixed.csv"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->corrected == 1);
  CHECK(r->unchanged == 1);
  REQUIRE(r->notes.size() == 1);
  CHECK(r->notes[0].text.find("kind cannot be corrected") == 0);
  // The offer's row: the export lists by urgency, age, then id, and both were made in the same
  // millisecond in a fast build, so it is the first or the second row.
  const size_t offer_at = text.find(",blankets,");
  REQUIRE(offer_at != std::string::npos);
  const auto offer_row =
      static_cast<size_t>(std::count(text.begin(), text.begin() + offer_at, '\n'));  // 1 or 2
  CHECK(r->notes[0].entry == offer_row);
  CHECK(store->entries().get(blankets)->kind == Kind::offer);
  CHECK(store->entries().get(rice)->item == "rice");
  // The CLI's words for the same: the note with its line, the summary with the corrections.
  std::vector<std::string> warnings;
  write_file(dir.file("fixed2.csv"), text);
  auto again = import_csv_file(*store, dir.file("fixed2.csv"), &warnings);
  REQUIRE(again.ok());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].rfind("line " + std::to_string(offer_row + 1) + ": kind cannot be corrected",
                          0) == 0);
  CHECK(import_summary(*r) == "0 new, 0 updated, 1 corrected, 1 already known");
  CHECK(import_summary(*again) == "0 new, 0 updated, 2 already known");
}

TEST_CASE("an old export does not undo a later edit made on the device") {
  TempDir dir;
  auto store = open_corrections_store(dir.file("c.db"));
  Id rice, blankets;
  std::string text = two_entries_exported(*store, dir, rice, blankets);
  // Later, on the device, the item is fixed differently; the exported file still says rcie.
  Entry e = *store->entries().get(rice);
  e.item = "rice (white)";
  // Make sure the edit lands on a later millisecond than the export's updated_at.
  const int64_t exported = e.updated_at;
  while (store->replica().now_ms() <= exported) {
  }
  REQUIRE(store->entries().update(e).ok());
  write_file(dir.file("old.csv"), text);
  auto r = import_csv_file(*store, dir.file("old.csv"));
  REQUIRE(r.ok());
  CHECK(r->corrected == 0);
  CHECK(r->unchanged == 2);
  CHECK(store->entries().get(rice)->item == "rice (white)");
}

// The rule is per field (core/entries_import.cpp): a field edited on the device after the export
// keeps the device's value, while the file's other corrected cells still apply. (A rule for the
// whole row, or none at all, fails here.)
TEST_CASE("a field edited on the device after the export keeps the device's value") {
  TempDir dir;
  auto store = open_corrections_store(dir.file("c.db"));
  Id rice, blankets;
  std::string text = two_entries_exported(*store, dir, rice, blankets);
  const int64_t exported = store->entries().get(rice)->updated_at;
  while (store->replica().now_ms() <= exported) {
  }
  // On the device, after the export: the item is fixed one way.
  Entry e = *store->entries().get(rice);
  e.item = "rice (white)";
  REQUIRE(store->entries().update(e).ok());
  const size_t events_before = store->history().of(rice).size();
  // In the spreadsheet, from the export: the item fixed another way, and the quantity corrected.
  replace_once(text, ",rcie,", ",rice,");
  replace_once(text, ",5,kg,", ",6,kg,");
  write_file(dir.file("fixed.csv"), text);
  auto r = import_csv_file(*store, dir.file("fixed.csv"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  const Entry after = *store->entries().get(rice);
  CHECK(after.item == "rice (white)");  // the device's later value stands
  CHECK(after.quantity == 6);           // the cell nobody touched here is corrected
  CHECK(r->corrected == 1);
  CHECK(r->unchanged == 1);
  CHECK(store->history().of(rice).size() == events_before + 1);  // the quantity only
}

// Issue 11, "Big files in little memory": the import is streamed in batches, so progress comes
// while the file is still being read, and a cancellation rolls everything back.
TEST_CASE("a large import reports progress as it reads, and cancelling it keeps nothing") {
  TempDir dir;
  std::string text = "id,kind,category,item,quantity,details\n";
  const std::string pad(150, 'x');
  for (int i = 1; i <= 30000; ++i) {
    char id[33];
    std::snprintf(id, sizeof id, "%08x%024x", 0x5eed0000u + static_cast<unsigned>(i), 1u);
    text += std::string(id) + ",need,food,rice " + std::to_string(i) + ",2," + pad + "\n";
  }
  write_file(dir.file("big.csv"), text);  // about 6 MB: several chunks and batches

  auto store = open_corrections_store(dir.file("p.db"));
  std::vector<double> seen;
  auto r = import_csv(*store, dir.file("big.csv"), [&](double f, const std::string& status) {
    CHECK(status.find("rows read") != std::string::npos);
    seen.push_back(f);
    return true;
  });
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->counts.added == 30000);
  REQUIRE(seen.size() >= 3);
  CHECK(seen.front() < 0.5);  // reported while most of the file was still unread
  CHECK(seen.back() == doctest::Approx(1.0));
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);

  auto other = open_corrections_store(dir.file("q.db"));
  int calls = 0;
  auto cancelled = import_csv(*other, dir.file("big.csv"), [&](double, const std::string&) {
    return ++calls < 2;  // cancel at the second report, after a batch was written
  });
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error() == "cancelled; nothing was imported");
  CHECK(other->entries().count(EntryQuery{}) == 0);

  // An id used twice is still found when the two rows are in different batches.
  text += std::string("5eed0001000000000000000000000001") + ",need,food,again,2,\n";
  write_file(dir.file("dup.csv"), text);
  auto third = open_corrections_store(dir.file("r.db"));
  auto dup = import_csv(*third, dir.file("dup.csv"));
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error() == "line 30002: id 5eed0001000000000000000000000001 is already used on line 2");
  CHECK(third->entries().count(EntryQuery{}) == 0);
}
