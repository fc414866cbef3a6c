// A CSV file copied while a drive was pulled out ends inside a row, or in zero bytes. Either is
// refused with the line it happens on, and nothing of the file is kept.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/csv.hpp"
#include "core/demo.hpp"
#include "core/store.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;

namespace {

std::unique_ptr<Store> cut_short_store(const mutua::test::TempDir& dir) {
  auto s = Store::open(dir.file("cut.db"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

Result<ImportCounts> import_cut_text(Store& store, const mutua::test::TempDir& dir,
                                     const std::string& text) {
  const std::string path = dir.file("cut.csv");
  mutua::test::write_file(path, text);
  return import_csv_file(store, path);
}

Result<std::vector<Entry>> parse_cut_text(std::string_view text) {
  std::vector<std::string> categories;
  for (const auto& c : default_categories()) categories.push_back(c.id);
  return parse_entries_csv(text, categories, 1'800'000'000'000);  // 2027: after the sample's dates
}

std::string sample_text() {
  return mutua::test::read_file(std::string(MUTUA_SHARED_DATA) + "/sample-10k.csv");
}

// The line text[at] is on.
size_t line_at(const std::string& text, size_t at) {
  return 1 +
         static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

bool message_starts(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("a file that ends partway through a row is refused at that row, and nothing is kept") {
  mutua::test::TempDir dir;
  auto store = cut_short_store(dir);
  const std::string sample = sample_text();
  // 200,000 bytes ends in the details of a row (13 of its 15 fields). Read in one piece of the
  // streamed import, and (600,000 bytes) in a later one.
  for (size_t cut : {size_t{200'000}, size_t{600'000}}) {
    CAPTURE(cut);
    const std::string text = sample.substr(0, cut);
    REQUIRE(text.back() != '\n');
    const std::string want = "line " + std::to_string(line_at(text, cut - 1)) +
                             ": the file ends partway through this row (";
    auto r = import_cut_text(*store, dir, text);
    REQUIRE_FALSE(r.ok());
    CHECK_MESSAGE(message_starts(r.error(), want), r.error());
    CHECK(r.error().find(" of 15 fields, no line break)") != std::string::npos);
    CHECK(store->entries().count(EntryQuery{}) == 0);

    auto parsed = parse_cut_text(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK_MESSAGE(message_starts(parsed.error(), want), parsed.error());
  }
  // Cut just after a comma: the row ends in an empty field.
  const size_t comma = sample.find(',', 200'000) + 1;
  auto r = import_cut_text(*store, dir, sample.substr(0, comma));
  REQUIRE_FALSE(r.ok());
  CHECK_MESSAGE(r.error().find("the file ends partway through this row") != std::string::npos,
                r.error());
  CHECK(store->entries().count(EntryQuery{}) == 0);
}

TEST_CASE("a last row without a line break imports when it is whole, or when every row is short") {
  mutua::test::TempDir dir;
  auto store = cut_short_store(dir);
  SUBCASE("whole") {
    auto r = import_cut_text(
        *store, dir, "kind,category,item,quantity\nneed,food,rice,2\nneed,water,jerrycan,3");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    CHECK(r->added == 2);
  }
  SUBCASE("a sheet that leaves its empty last columns out") {
    auto r = import_cut_text(
        *store, dir, "kind,category,item,quantity,details\nneed,food,rice\nneed,water,jerrycan");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    CHECK(r->added == 2);
  }
  SUBCASE("the only row") {
    auto r = import_cut_text(*store, dir, "kind,category,item,quantity,details\nneed,food,rice");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    CHECK(r->added == 1);
  }
  SUBCASE("a short last row with a line break after it") {
    auto r = import_cut_text(*store, dir,
                             "kind,category,item,quantity,details\nneed,food,rice,2,bags\n"
                             "need,water,jerrycan\n");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    CHECK(r->added == 2);
  }
}

TEST_CASE(
    "zero bytes where a drive was pulled out are refused at their line, and nothing is kept") {
  mutua::test::TempDir dir;
  auto store = cut_short_store(dir);
  const std::string sample = sample_text();
  // Zeros after a whole row, inside a row, in a later piece of the streamed import, and a file
  // that is nothing but zeros (its data never reached the drive).
  for (size_t cut : {size_t{0}, sample.find('\n', 150'000) + 1, size_t{200'000}, size_t{600'000}}) {
    CAPTURE(cut);
    const std::string text = sample.substr(0, cut) + std::string(4096, '\0');
    const std::string want = "line " + std::to_string(line_at(text, cut)) +
                             ": the file is cut short or damaged here (zero bytes";
    auto r = import_cut_text(*store, dir, text);
    REQUIRE_FALSE(r.ok());
    CHECK_MESSAGE(message_starts(r.error(), want), r.error());
    CHECK(store->entries().count(EntryQuery{}) == 0);

    auto parsed = parse_cut_text(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK_MESSAGE(message_starts(parsed.error(), want), parsed.error());
  }
  // One zero byte in a value, far from the end.
  std::string one = sample.substr(0, 300'000);
  one[1'000] = '\0';
  auto r = import_cut_text(*store, dir, one);
  REQUIRE_FALSE(r.ok());
  CHECK_MESSAGE(message_starts(r.error(), "line " + std::to_string(line_at(one, 1'000)) + ": "),
                r.error());
  CHECK(store->entries().count(EntryQuery{}) == 0);
}
