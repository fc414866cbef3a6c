// Issue 11: the CSV import summary in the UI says "N corrected", with each language's plurals.
#include <doctest/doctest.h>

#include "app/ui/csv_import_text.hpp"
#include "app/ui/i18n.hpp"

using namespace mutua;

TEST_CASE("the CSV import summary counts corrections, with plural forms in every language") {
  ImportCounts c;
  c.added = 1;
  c.corrected = 2;
  c.unchanged = 5;
  set_language("en");
  CHECK(csv_import_summary_text(c) == "1 new entry, 2 entries corrected, 5 entries already known");
  c.corrected = 1;
  CHECK(csv_import_summary_text(c) == "1 new entry, 1 entry corrected, 5 entries already known");
  set_language("uk");
  c.added = 0;
  c.corrected = 3;
  c.unchanged = 21;
  CHECK(csv_import_summary_text(c) == "3 записи виправлено, 21 запис уже відомий");
  set_language("fr");
  c.corrected = 0;
  c.unchanged = 0;
  CHECK(csv_import_summary_text(c) == "0 nouvelle fiche");
  set_language("en");
}
