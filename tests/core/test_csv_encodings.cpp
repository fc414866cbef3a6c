// Issue 11: spreadsheets as people save them. The files in tests/data/csv/ were written by
// LibreOffice (and iconv for the Excel-style ones); tests/data/csv/README.md says how.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/csv.hpp"
#include "core/csv_encoding.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

std::unique_ptr<Store> open_encodings_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

std::string data(const char* name) {
  return std::string(MUTUA_TEST_DATA) + "/csv/" + name;
}

std::vector<Entry> all_encoded_entries(const Store& store) {
  std::vector<Entry> out;
  std::optional<PageCursor> cursor;
  do {
    auto page = store.entries().list(EntryQuery{}, 500, cursor);
    out.insert(out.end(), page.entries.begin(), page.entries.end());
    cursor = page.next;
  } while (cursor);
  return out;
}

bool has_item(const Store& store, std::string_view item, std::string_view site,
              std::string_view details) {
  for (const auto& e : all_encoded_entries(store))
    if (e.item == item && e.site == site && e.details == details) return true;
  return false;
}

// Imports a file into a fresh store and returns the report.
CsvImportReport import_fresh(const TempDir& dir, const char* name, std::unique_ptr<Store>& store) {
  store = open_encodings_store(dir.file(std::string(name) + ".db"));
  auto r = import_csv(*store, data(name));
  REQUIRE_MESSAGE(r.ok(), name << ": " << (r.ok() ? "" : r.error()));
  return *r;
}

}  // namespace

TEST_CASE(
    "French files with ';' in Windows-1252 and UTF-8 import, and the summary says how they were "
    "read") {
  TempDir dir;
  for (auto [name, read_as] :
       {std::pair{"fr-semicolon-cp1252.csv",
                  "read as Windows-1252 (Western European), separated by ';'"},
        {"fr-excel-cp1252.csv", "read as Windows-1252 (Western European), separated by ';'"},
        {"fr-semicolon-utf8.csv", "read as UTF-8, separated by ';'"}}) {
    CAPTURE(name);
    std::unique_ptr<Store> store;
    auto r = import_fresh(dir, name, store);
    CHECK(r.read_as == read_as);
    CHECK(r.counts.added == 3);
    CHECK(r.warnings.empty());
    CHECK(has_item(*store, "café au lait", "École Jules-Ferry", "crème, pâtes; beurre"));
    CHECK(has_item(*store, "eau minérale", "Mairie", "Noël"));
    CHECK(has_item(*store, "couvertures épaisses", "Gymnase", "très propres"));
  }
}

TEST_CASE("Ukrainian files in Windows-1251 with ';' and UTF-16 with tabs import") {
  TempDir dir;
  for (auto [name, read_as] :
       {std::pair{"uk-semicolon-cp1251.csv", "read as Windows-1251 (Cyrillic), separated by ';'"},
        {"uk-excel-cp1251.csv", "read as Windows-1251 (Cyrillic), separated by ';'"},
        {"uk-tab-utf16.csv", "read as UTF-16, separated by tabs"}}) {
    CAPTURE(name);
    std::unique_ptr<Store> store;
    auto r = import_fresh(dir, name, store);
    CHECK(r.read_as == read_as);
    CHECK(r.counts.added == 3);
    CHECK(has_item(*store, "Гречка", "Школа №5", "Привіт, їжа; дякую"));
    CHECK(has_item(*store, "Ковдра тепла", "Склад", "Єдність і ґанок"));
    CHECK(has_item(*store, "Вода питна", "Лікарня", "терміново"));
  }
}

TEST_CASE("the choice between Windows-1252 and Windows-1251 follows the script of the words") {
  CHECK(guess_legacy_encoding("item\ncaf\xE9 au lait,cr\xE8me,\xE9"
                              "cole") == CsvEncoding::cp1252);
  CHECK(guess_legacy_encoding("Stra\xDF"
                              "e,M\xFCnchen,\xC4pfel") == CsvEncoding::cp1252);
  // "Гречка;Привіт" in CP1251.
  CHECK(guess_legacy_encoding("\xC3\xF0\xE5\xF7\xEA\xE0;\xCF\xF0\xE8\xE2\xB3\xF2") ==
        CsvEncoding::cp1251);
  CHECK(guess_legacy_encoding("need;food;\xC3\xF0\xE5\xF7\xEA\xE0;2;\xEA\xE3") ==
        CsvEncoding::cp1251);
}

TEST_CASE("the delimiter is found in the header line, quotes respected") {
  CHECK(detect_delimiter("kind;category;item") == ';');
  CHECK(detect_delimiter("kind\tcategory\titem") == '\t');
  CHECK(detect_delimiter("kind,category,item") == ',');
  CHECK(detect_delimiter("\"a;b;c\",kind,item") == ',');
  CHECK(detect_delimiter("\"a,b,c\";kind;item") == ';');
  CHECK(detect_layout("sep=;\r\nkind;item").delimiter == ';');
  CHECK(detect_layout("sep=;\r\nkind;item").skip == 7);
}

TEST_CASE(
    "an export round-tripped through LibreOffice as UTF-8 (xlsx and back) re-imports as all "
    "known") {
  TempDir dir;
  auto store = open_encodings_store(dir.file("rt.db"));
  auto first = import_csv(*store, data("export-utf8.csv"));
  REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error()));
  CHECK(first->counts.added == 4);
  CHECK(first->read_as.empty());
  auto before = all_encoded_entries(*store);
  auto again = import_csv(*store, data("roundtrip-libreoffice.csv"));
  REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error()));
  CHECK(again->counts.added == 0);
  CHECK(again->counts.updated == 0);
  CHECK(again->counts.corrected == 0);
  CHECK(again->counts.unchanged == 4);
  CHECK(has_item(*store, "Гречка", "Школа №5", "Привіт, їжа"));
  CHECK(has_item(*store, "مياه الشرب", "مسجد النور", "شكرا، جزيلا"));
  CHECK(has_item(*store, "=SUM(A1)", "", "-5 degrees"));
  CHECK(has_item(*store, "couvertures épaisses", "Gymnase", "ligne 1\nligne 2"));
  auto after = all_encoded_entries(*store);
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) CHECK(after[i].updated_at == before[i].updated_at);
}

TEST_CASE("an export opened as Latin-1 by mistake and saved again is refused with what happened") {
  TempDir dir;
  auto store = open_encodings_store(dir.file("m.db"));
  auto r = import_csv(*store, data("latin1-mistake.csv"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("opened as Latin-1 (Western) by mistake") != std::string::npos);
  CHECK(r.error().find("Unicode (UTF-8)") != std::string::npos);
  CHECK(store->entries().count(EntryQuery{}) == 0);
  // Mangled accents without the mark are recognised too.
  CHECK(misdecoded_utf8("item\ncaf\xC3\x83\xC2\xA9,cr\xC3\x83\xC2\xA8me\n").has_value());
  CHECK_FALSE(misdecoded_utf8("item\ncaf\xC3\xA9,cr\xC3\xA8me\n").has_value());
}

TEST_CASE(
    "an export written before issue 11 (no sector, old HXL tags) imports, and again as all known") {
  TempDir dir;
  const std::string old_export =
      "\xEF\xBB\xBFid,ticket,kind,category,item,details,quantity,unit,urgency,people,site,area,"
      "language,status,created_at,expires_at,updated_at\r\n"
      "#meta+id,#meta+ticket,#meta+kind,#item+type,#item,#description,#value,#value+unit,"
      "#severity,#affected,#loc,#loc+area,#meta+lang,#status,#date,#date+expires,#date+updated\r\n"
      "0a1b2c3d4e5f60718293a4b5c6d7e8f9,OLD-001,need,food,rice,,5,kg,high,4,Hall,North,en,open,"
      "2025-01-21T10:49:44.134Z,,2025-01-22T10:00:00.000Z\r\n";
  {
    std::ofstream f(dir.file("old.csv"), std::ios::binary);
    f << old_export;
  }
  auto store = open_encodings_store(dir.file("o.db"));
  auto r = import_csv(*store, dir.file("old.csv"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->counts.added == 1);
  CHECK(r->warnings.empty());
  CHECK(has_item(*store, "rice", "Hall", ""));
  auto again = import_csv(*store, dir.file("old.csv"));
  REQUIRE(again.ok());
  CHECK(again->counts.unchanged == 1);
  CHECK(again->counts.corrected == 0);
}
