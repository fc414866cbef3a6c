// A first import into an empty table drops that table's secondary indexes and builds them again
// before the commit (core/replica_fast.cpp). Whatever happens, the database must end with exactly
// the indexes it started with, and an import that fails must leave them as they were.
#include <set>
#include <utility>

#include "support/store_access.hpp"
#include "sync/sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// Every index of the database, with the statement that made it (normalised by SQLite).
std::set<std::pair<std::string, std::string>> indexes_of(const Store& s) {
  std::set<std::pair<std::string, std::string>> out;
  auto st = StoreTestAccess::db(s).prepare(
      "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'");
  while (st.step()) out.emplace(st.text(0), st.text(1));
  return out;
}

// Whether a query on `sql` reads through the index `name` (the plan names it).
bool plan_uses(const Store& s, const std::string& sql, const std::string& name) {
  auto st = StoreTestAccess::db(s).prepare("EXPLAIN QUERY PLAN " + sql);
  while (st.step())
    if (st.text(3).find(name) != std::string::npos) return true;
  return false;
}

struct BulkPair {
  TempDir dir;
  std::unique_ptr<Store> a, b;
  Network net;
  BulkPair() {
    a = open_store(dir.file("a.db"));
    net = found(*a);
    b = open_store(dir.file("b.db"));
    join(*b, net);
  }
};

// A need and an offer on `s`, matched, and one unit handed over.
struct HandedOver {
  Entry need, offer;
  Match match;
  Handover handover;
};
HandedOver hand_over_one(Store& s) {
  HandedOver out;
  out.need = add(s, sample_need("rice"));
  out.offer = add(s, sample_offer("rice"));
  auto m = s.matches().add(out.need.id, out.offer.id, 1);
  REQUIRE(m.ok());
  out.match = *m;
  auto h = s.matches().add_handover(m->id, 1);
  REQUIRE(h.ok());
  out.handover = *h;
  return out;
}

Row row_of(const Store& s, TableId table, const Id& id) {
  auto r = s.replica().read_row(table, id);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("a first import into an empty database ends with every index it had") {
  BulkPair t;
  const auto before = indexes_of(*t.b);
  REQUIRE(before.count({"entries_ticket", "CREATE INDEX entries_ticket ON entries(ticket)"}) == 1);
  REQUIRE(before.count({"events_entry", "CREATE INDEX events_entry ON events(entry, at)"}) == 1);
  std::vector<Entry> added;
  for (int i = 0; i < 40; ++i)
    added.push_back(add(*t.a, i % 2 ? sample_offer("blankets " + std::to_string(i))
                                    : sample_need("rice " + std::to_string(i))));
  auto m = t.a->matches().add(added[0].id, added[1].id, 1);
  REQUIRE(m.ok());
  REQUIRE(t.a->matches().add_handover(m->id, 1).ok());

  auto r = import_ok(*t.b, bundle_of(*t.a));
  CHECK(r.new_entries == 40);
  CHECK(indexes_of(*t.b) == before);
  import_ok(*t.a, bundle_of(*t.b));  // b's own device record, so that both hold the same
  CHECK(t.b->replica().content_hash() == t.a->replica().content_hash());
  // The rebuilt indexes hold every row: lookups through them find what the import wrote.
  CHECK(plan_uses(*t.b, "SELECT id FROM entries WHERE ticket = 'x'", "entries_ticket"));
  for (const auto& e : added) {
    auto got = t.b->entries().by_ticket(e.ticket);
    REQUIRE(got);
    CHECK(got->id == e.id);
  }
  EntryQuery open_needs;
  open_needs.kind = Kind::need;
  open_needs.active_only = true;
  CHECK(t.b->entries().count(open_needs) == t.a->entries().count(open_needs));
  CHECK(t.b->entries().list(open_needs, 100).entries.size() ==
        t.a->entries().list(open_needs, 100).entries.size());
  CHECK(t.b->history().of(added[0].id).size() == t.a->history().of(added[0].id).size());
  auto integrity = StoreTestAccess::db(*t.b).prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");

  // A later import into the now full table goes the ordinary way and keeps them too.
  add(*t.a, sample_need("lentils"));
  import_ok(*t.b, bundle_of(*t.a, t.b->replica().version_vector()));
  CHECK(indexes_of(*t.b) == before);
  CHECK(t.b->replica().content_hash() == t.a->replica().content_hash());
}

TEST_CASE("merging into an empty table and then rolling back leaves the indexes as they were") {
  BulkPair t;
  const auto before = indexes_of(*t.b);
  auto e = add(*t.a, sample_need("rice"));
  auto row = t.a->replica().read_row(TableId::entries, e.id);
  REQUIRE(row);
  {
    auto tx = t.b->replica().transaction();
    CHECK(t.b->replica().merge(*row).outcome == MergeOutcome::added);
    // Not committed: the rollback restores the table and its indexes together.
  }
  CHECK(indexes_of(*t.b) == before);
  CHECK(!t.b->entries().get(e.id));
  {
    // Inside a transaction of the caller's own, committed by it.
    auto outer = t.b->replica().transaction();
    {
      auto tx = t.b->replica().transaction();
      CHECK(t.b->replica().merge(*row).outcome == MergeOutcome::added);
      tx.commit();
    }
    CHECK(indexes_of(*t.b) == before);
    outer.commit();
  }
  CHECK(indexes_of(*t.b) == before);
  CHECK(t.b->entries().get(e.id));
  // Merging the same row again changes nothing and still leaves every index.
  {
    auto tx = t.b->replica().transaction();
    CHECK(t.b->replica().merge(*row).outcome == MergeOutcome::known);
    tx.commit();
  }
  CHECK(indexes_of(*t.b) == before);
}

TEST_CASE("entries merged into an empty table after their handovers get the status those give") {
  // A handover already here (its entries not yet) when the entries come: the import must not take
  // the handed-over units to be 0 just because the entries table was empty.
  BulkPair t;
  const auto [need, offer, m, h] = hand_over_one(*t.a);
  REQUIRE(t.a->entries().get(need.id)->status == Status::partly_met);
  auto row = [&](TableId table, const Id& id) { return row_of(*t.a, table, id); };
  {
    auto tx = t.b->replica().transaction();
    t.b->replica().merge(row(TableId::matches, m.id));
    t.b->replica().merge(row(TableId::handovers, h.id));
    tx.commit();
  }
  {
    auto tx = t.b->replica().transaction();
    t.b->replica().merge(row(TableId::entries, need.id));
    t.b->replica().merge(row(TableId::entries, offer.id));
    tx.commit();
  }
  CHECK(t.b->entries().get(need.id)->status == Status::partly_met);
  CHECK(t.b->entries().get(offer.id)->status == Status::partly_taken);
  CHECK(indexes_of(*t.b) == indexes_of(*t.a));
}

TEST_CASE("an entry merged after a handover in the same transaction gets the status it gives") {
  // While no handover is here, an entry's handed-over units are not looked up (0); a handover
  // merged in the same transaction must end that, for the entries merged after it.
  BulkPair t;
  const auto [need, offer, m, h] = hand_over_one(*t.a);
  auto row = [&](TableId table, const Id& id) { return row_of(*t.a, table, id); };
  {
    auto tx = t.b->replica().transaction();
    CHECK(t.b->replica().known_empty(TableId::handovers));
    t.b->replica().merge(row(TableId::entries, need.id));
    t.b->replica().merge(row(TableId::matches, m.id));
    t.b->replica().merge(row(TableId::handovers, h.id));
    CHECK(!t.b->replica().known_empty(TableId::handovers));
    t.b->replica().merge(row(TableId::entries, offer.id));
    tx.commit();
  }
  CHECK(t.b->entries().get(need.id)->status == Status::partly_met);
  CHECK(t.b->entries().get(offer.id)->status == Status::partly_taken);
  // Outside a transaction nothing is known; in the next one the handover is found.
  CHECK(!t.b->replica().known_empty(TableId::handovers));
  {
    auto tx = t.b->replica().transaction();
    CHECK(!t.b->replica().known_empty(TableId::handovers));
    CHECK(!t.b->replica().known_empty(TableId::entries));
  }
}

TEST_CASE("a bulk import enlarges the page cache only while its transaction lasts") {
  BulkPair t;
  auto cache_kib = [&] {
    auto st = StoreTestAccess::db(*t.b).prepare("PRAGMA cache_size");
    REQUIRE(st.step());
    return -st.int64(0);  // negative: KiB
  };
  const int64_t usual = cache_kib();
  CHECK(usual == 16000);  // core/db.cpp
  auto e = add(*t.a, sample_need("rice"));
  auto row = t.a->replica().read_row(TableId::entries, e.id);
  REQUIRE(row);
  {
    auto tx = t.b->replica().transaction();
    CHECK(t.b->replica().merge(*row).outcome == MergeOutcome::added);
    CHECK(cache_kib() > usual);  // the empty table's rows and indexes stay in memory
    // Rolled back: the cache goes back all the same.
  }
  CHECK(cache_kib() == usual);
  {
    auto outer = t.b->replica().transaction();
    {
      auto tx = t.b->replica().transaction();
      CHECK(t.b->replica().merge(*row).outcome == MergeOutcome::added);
      tx.commit();
    }
    CHECK(cache_kib() > usual);  // until the outermost transaction ends
    outer.commit();
  }
  CHECK(cache_kib() == usual);
  // An import into a table that is no longer empty leaves the cache alone.
  auto more = t.a->replica().read_row(TableId::entries, add(*t.a, sample_need("beans")).id);
  REQUIRE(more);
  {
    auto tx = t.b->replica().transaction();
    CHECK(t.b->replica().merge(*more).outcome == MergeOutcome::added);
    CHECK(cache_kib() == usual);
    tx.commit();
  }
  CHECK(cache_kib() == usual);
}
