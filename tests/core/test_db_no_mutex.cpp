// Connections without SQLite's per-connection mutex, memory statistics off (issue 12, the
// first-sync target). docs/architecture.md ("Threads") lists every connection used from more
// than one thread and the mutex that keeps those threads apart; scripts/tsan checks them.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "core/store.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

TEST_CASE("a store's connection takes no mutex of its own, and SQLite keeps no memory statistics") {
  TempDir dir;
  auto store = Store::open(dir.file("a.db"));
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error()));
  // SQLITE_OPEN_NOMUTEX: the connection has no mutex (sqlite3_db_mutex gives none).
  CHECK(sqlite3_db_mutex(StoreTestAccess::db(**store).handle()) == nullptr);
  // Memory statistics off: SQLite counts nothing it allocates (a store is open, with its schema
  // read and statements prepared, so with statistics on this would be well above zero).
  CHECK(sqlite3_memory_used() == 0);
  // And the store works: a write and a read through it.
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = "rice";
  e.quantity = 2;
  e.site = "Riverside School";
  auto added = (*store)->entries().add(e);
  REQUIRE(added.ok());
  CHECK((*store)->entries().count(EntryQuery{}) == 1);
}
