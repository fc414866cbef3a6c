// Migration 17 (issue 12): the entries table is built again so that its generated `active` column
// is two ranges instead of `state IN (0, 1, 5, 6)`. A database of schema 16 (the released
// fixture) must come out with every row as it was, rowids included, every other table untouched,
// and the same answers to the queries the lists ask, from the same indexes.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/db.hpp"
#include "core/migrations.hpp"
#include "core/store.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Every column of every entry, `active` included, one quoted line per row in rowid order.
const char* kEveryEntry =
    "SELECT quote(rowid) || '|' || quote(id) || '|' || quote(ticket) || '|' || quote(kind) || '|'"
    " || quote(created_at) || '|' || quote(created_by) || '|' || quote(category) || '|'"
    " || quote(item) || '|' || quote(details) || '|' || quote(quantity) || '|' || quote(unit)"
    " || '|' || quote(urgency) || '|' || quote(people) || '|' || quote(site) || '|' || quote(area)"
    " || '|' || quote(contact_name) || '|' || quote(contact_phone) || '|'"
    " || quote(contact_consent) || '|' || quote(language) || '|' || quote(status) || '|'"
    " || quote(expires_at) || '|' || quote(clocks) || '|' || quote(updated_at) || '|'"
    " || quote(state) || '|' || quote(active) || '|' || quote(site_key) || '|' || quote(chg)"
    " FROM entries ORDER BY rowid";

// What the lists and counts ask of the table (core/entries.cpp), and the other tables' contents.
const std::vector<std::string> kQueries = {
    kEveryEntry,
    "SELECT ticket FROM entries WHERE active = 1 ORDER BY kind, urgency, created_at, id",
    "SELECT ticket FROM entries WHERE active = 1 AND kind = 0 ORDER BY urgency, created_at, id",
    "SELECT ticket FROM entries WHERE active = 1 AND kind = 0 AND category = 'food'"
    " ORDER BY urgency, created_at, id",
    "SELECT count(*) FROM entries WHERE active = 0",
    "SELECT ticket FROM entries WHERE ticket LIKE '%-003'",
    "SELECT count(*) || ' ' || total(length(clocks)) FROM matches",
    "SELECT count(*) || ' ' || total(length(clocks)) FROM handovers",
    "SELECT count(*) || ' ' || total(length(clocks)) FROM events",
    "SELECT count(*) || ' ' || total(length(clocks)) FROM devices",
    "SELECT count(*) FROM volunteers",
    "SELECT group_concat(origin || ':' || seq) FROM vv",
    "SELECT group_concat(origin || ':' || chg || ':' || seq) FROM change_marks",
};

std::vector<std::string> answers(const Db& db) {
  std::vector<std::string> out;
  for (const auto& sql : kQueries) {
    auto st = db.prepare(sql);
    std::string all;
    while (st.step()) all += st.text(0) + "\n";
    out.push_back(all);
  }
  return out;
}

std::string one(const Db& db, const std::string& sql) {
  auto st = db.prepare(sql);
  return st.step() ? st.text(0) : std::string();
}

std::string copy_fixture(const TempDir& dir, const std::string& name) {
  const std::string path = dir.file(name);
  fs::copy_file(std::string(MUTUA_TEST_DATA) + "/" + name, path,
                fs::copy_options::overwrite_existing);
  return path;
}

}  // namespace

TEST_CASE("migration 17 keeps every entry of a schema-16 database and the same answers") {
  REQUIRE(store_migrations().size() >= 17);
  TempDir dir;
  const std::string path = copy_fixture(dir, "schema-16.db");
  std::vector<std::string> before;
  {
    Db db(path);
    REQUIRE(db.user_version() == 16);
    before = answers(db);
  }
  CHECK(before[0].find("'9L7-001'") != std::string::npos);  // the fixture's rows are read

  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error()));
  const Db& db = StoreTestAccess::db(**store);
  CHECK(db.user_version() == static_cast<int64_t>(store_migrations().size()));
  const auto after = answers(db);
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    CAPTURE(kQueries[i]);
    CHECK(after[i] == before[i]);
  }
  CHECK(one(db, "PRAGMA integrity_check") == "ok");
  // The new expression, and no IN list left in the table's definition.
  const std::string table_sql = one(db, "SELECT sql FROM sqlite_master WHERE name = 'entries'");
  CHECK(table_sql.find("BETWEEN") != std::string::npos);
  CHECK(table_sql.find(" IN (") == std::string::npos);
  CHECK(one(db,
            "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type ="
            " 'index' AND tbl_name = 'entries' AND sql IS NOT NULL ORDER BY name)") ==
        "entries_active entries_active_cat entries_chg entries_ticket");
  // The lists still page from the index.
  {
    auto plan = db.prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM entries WHERE active = 1 AND kind = 0"
        " ORDER BY urgency, created_at, id");
    std::string details;
    while (plan.step()) details += plan.text(3) + "; ";
    CAPTURE(details);
    CHECK(details.find("INDEX entries_active ") != std::string::npos);
    CHECK(details.find("TEMP B-TREE") == std::string::npos);
  }
  // The service's own count agrees with the raw one.
  EntryQuery q;
  q.active_only = true;
  CHECK((*store)->entries().count(q) ==
        std::stoll(one(db, "SELECT count(*) FROM entries WHERE active = 1")));
}

TEST_CASE("after migration 17, active is what `state IN (0, 1, 5, 6)` was, for every state") {
  TempDir dir;
  const std::string path = copy_fixture(dir, "schema-16.db");
  auto store = Store::open(path);
  REQUIRE(store.ok());
  const Db& db = StoreTestAccess::db(**store);
  {
    Transaction tx(db);  // rolled back: only the comparison matters
    auto set = db.prepare("UPDATE entries SET state = ?1");
    for (int64_t state = -3; state <= 70; ++state) {
      CAPTURE(state);
      set.bind(1, state).run();
      CHECK(one(db, "SELECT count(*) FROM entries WHERE active IS NOT (state IN (0, 1, 5, 6))") ==
            "0");
      CHECK(one(db, "SELECT typeof(active) FROM entries LIMIT 1") == "integer");
    }
  }
  CHECK(one(db, "SELECT count(*) FROM entries WHERE active IS NOT (state IN (0, 1, 5, 6))") == "0");
}

TEST_CASE("migration 17 run again (user_version rewound) keeps every entry") {
  TempDir dir;
  const std::string path = copy_fixture(dir, "schema-16.db");
  std::vector<std::string> first;
  {
    auto store = Store::open(path);
    REQUIRE(store.ok());
    first = answers(StoreTestAccess::db(**store));
  }
  {
    Db db(path);
    db.exec("PRAGMA user_version = 16");
  }
  auto again = Store::open(path);
  REQUIRE(again.ok());
  CHECK(answers(StoreTestAccess::db(**again)) == first);
  CHECK(one(StoreTestAccess::db(**again), "PRAGMA integrity_check") == "ok");
}
