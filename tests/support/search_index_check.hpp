#pragma once
// Test-only: the search index (core/search.hpp) is in step with the entries once it has caught
// up: one index row per entry, each for the entry's current change number, its map holding the
// entry's current kind, state, expiry, urgency, age, category and site, and no index row left
// behind by a replaced or deleted entry (it would keep a name in the file).
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
      "    AND e.kind = r.entry_kind AND e.state = r.entry_state"
      "    AND e.expires_at = r.entry_expires AND e.urgency = r.entry_urgency"
      "    AND e.created_at = r.entry_created AND e.category = r.entry_category"
      "    AND e.site_key = r.entry_site)),"
      " (SELECT count(*) FROM entry_search WHERE rowid NOT IN (SELECT fts FROM "
      "entry_search_rows))");
  REQUIRE(st.step());
  CHECK(st.int64(0) == st.int64(1));
  CHECK(st.int64(2) == 0);
  CHECK(st.int64(3) == 0);
}

}  // namespace mutua::test
