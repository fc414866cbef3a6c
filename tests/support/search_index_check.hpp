#pragma once
// Test-only: the search index (core/search.hpp) is in step with the entries once it has caught
// up: one index row per entry, each for the entry's current change number and kind, and no
// index row left behind by a replaced or deleted entry (it would keep a name in the file).
#include <doctest/doctest.h>

#include "core/search.hpp"
#include "support/store_access.hpp"

namespace mutua::test {

inline void check_in_step(const Store& store) {
  const Db& db = StoreTestAccess::db(store);
  refresh_entry_search(db);
  auto st = db.prepare(
      "SELECT (SELECT count(*) FROM entry_search), (SELECT count(*) FROM entries),"
      " (SELECT count(*) FROM entry_search_rows r WHERE NOT EXISTS"
      "   (SELECT 1 FROM entries e WHERE e.id = r.entry AND e.chg = r.indexed_chg"
      "    AND e.kind = r.entry_kind)),"
      " (SELECT count(*) FROM entry_search WHERE rowid NOT IN (SELECT fts FROM "
      "entry_search_rows))");
  REQUIRE(st.step());
  CHECK(st.int64(0) == st.int64(1));
  CHECK(st.int64(2) == 0);
  CHECK(st.int64(3) == 0);
}

}  // namespace mutua::test
