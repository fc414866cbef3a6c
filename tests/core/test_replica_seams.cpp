// The seams of the EntryStore split (docs/architecture.md): the replication engine keeps the
// domain's derived state only through the RowObserver hook that the composition root registers,
// and nothing public hands out the database.
#include <doctest/doctest.h>

#include <algorithm>
#include <type_traits>

#include "core/db.hpp"
#include "core/migrations.hpp"
#include "core/reports.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

// Writes go through Replica::write: neither the engine, the composition root nor a service
// gives a caller the Db, and the engine's transaction cannot be made from one.
template <typename T>
concept HandsOutDb = requires(T& t) {
  t.db();
};
template <typename T>
concept ShowsDbMember = requires(T& t) {
  t.db_;
};
static_assert(!HandsOutDb<Store> && !ShowsDbMember<Store>);
static_assert(!HandsOutDb<Replica> && !ShowsDbMember<Replica>);
static_assert(!HandsOutDb<EntryService> && !ShowsDbMember<EntryService>);
static_assert(!HandsOutDb<MatchService> && !ShowsDbMember<MatchService>);
static_assert(!HandsOutDb<ReportService> && !ShowsDbMember<ReportService>);
static_assert(!std::is_constructible_v<ReplicaTransaction, const Db&>);
static_assert(!std::is_constructible_v<ReplicaTransaction, Db&>);

namespace {

Entry draft(Kind kind, std::string item, int64_t quantity) {
  Entry e;
  e.kind = kind;
  e.item = std::move(item);
  e.category = "shelter";
  e.quantity = quantity;
  return e;
}

std::unique_ptr<Store> open_seams_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

// One device that matched a need of 2 blankets with an offer of 2 and handed both over.
struct HandedOver {
  TempDir dir;
  std::unique_ptr<Store> a = open_seams_store(dir.file("a.db"));
  Entry need, offer;
  HandedOver() {
    need = *a->entries().add(draft(Kind::need, "blankets", 2));
    offer = *a->entries().add(draft(Kind::offer, "blankets", 2));
    auto m = a->matches().add(need.id, offer.id, 2, MatchStatus::confirmed);
    REQUIRE(m.ok());
    REQUIRE(a->matches().add_handover(m->id, 2).ok());
    REQUIRE(a->entries().get(need.id)->status == Status::met);
  }
};

// What a transport does, without a bundle: every row of one table of `from`, merged into `to`.
void merge_table(const Replica& from, Replica& to, TableId table) {
  auto tx = to.transaction();
  from.for_each_row(table, [&](const Row& r) {
    to.merge(r);
    return true;
  });
  tx.commit();
}

struct Recorder : RowObserver {
  int64_t derived_state(const Row& row) const override {
    ++derived;
    CHECK(row.table == TableId::entries);
    return 42;  // no real status: shows that the engine stores what the hook says
  }
  void row_changed(const Row& row) override { changed.push_back(row.table); }
  void conflict_resolved(TableId, const Id&, uint16_t field, const Value*) override {
    resolved.push_back(field);
  }
  mutable int derived = 0;
  std::vector<TableId> changed;
  std::vector<uint16_t> resolved;
};

}  // namespace

TEST_CASE("a handover merged from another device marks its need met through the hook") {
  HandedOver f;
  auto b = open_seams_store(f.dir.file("b.db"));
  // The entries arrive first: nothing handed over yet on this device.
  merge_table(f.a->replica(), b->replica(), TableId::entries);
  CHECK(b->entries().get(f.need.id)->status == Status::open);
  CHECK(b->entries().get(f.offer.id)->status == Status::available);
  merge_table(f.a->replica(), b->replica(), TableId::matches);
  CHECK(b->entries().get(f.need.id)->status == Status::open);
  // The handover record is what changes the entries' derived status.
  merge_table(f.a->replica(), b->replica(), TableId::handovers);
  CHECK(b->entries().get(f.need.id)->status == Status::met);
  CHECK(b->entries().get(f.offer.id)->status == Status::taken);
  EntryQuery met;
  met.status = Status::met;
  CHECK(b->entries().count(met) == 1);
}

TEST_CASE("the engine alone knows rows, and asks its observer for derived state") {
  HandedOver f;
  const std::string path = f.dir.file("engine.db");
  Db db(path);
  db.migrate(store_migrations());
  Recorder rec;
  Replica r(db, {}, &rec);
  rec.changed.clear();  // the device's own record, written when its identity was made
  for (TableId t : {TableId::entries, TableId::matches, TableId::handovers})
    merge_table(f.a->replica(), r, t);
  CHECK(rec.derived == 2);  // each entries row, as it was stored
  CHECK(std::count(rec.changed.begin(), rec.changed.end(), TableId::entries) == 2);
  CHECK(std::count(rec.changed.begin(), rec.changed.end(), TableId::matches) == 1);
  CHECK(std::count(rec.changed.begin(), rec.changed.end(), TableId::handovers) == 1);
  auto st = db.prepare("SELECT state FROM entries WHERE id = ?1");
  st.bind_blob(1, f.need.id.bytes.data(), 16);
  REQUIRE(st.step());
  CHECK(st.int64(0) == 42);

  // A local write of an entries field goes through the same hook.
  auto tx = r.transaction();
  REQUIRE(
      r.write(TableId::entries, f.need.id, nullptr, {{entry_field::item, std::string("quilts")}})
          .ok());
  tx.commit();
  CHECK(rec.derived == 3);
  CHECK(rec.changed.back() == TableId::entries);
}

TEST_CASE("resolving a conflict tells the domain, which records it in the entry's history") {
  TempDir dir;
  auto a = open_seams_store(dir.file("a.db"));
  auto b = open_seams_store(dir.file("b.db"));
  Entry need = *a->entries().add(draft(Kind::need, "tarpaulin", 1));
  merge_table(a->replica(), b->replica(), TableId::entries);
  Entry on_a = need, on_b = need;
  on_a.item = "tarpaulins";
  on_b.item = "tarps";
  REQUIRE(a->entries().update(on_a).ok());
  REQUIRE(b->entries().update(on_b).ok());
  merge_table(a->replica(), b->replica(), TableId::entries);
  auto conflicts = b->replica().conflicts();
  REQUIRE(conflicts.size() == 1);
  REQUIRE(b->replica().resolve_conflict(conflicts[0].id, true).ok());
  auto h = b->history().of(need.id);
  REQUIRE_FALSE(h.empty());
  CHECK(h.back().what == EventKind::conflict_resolved);
  CHECK(h.back().field == entry_field::item);
  CHECK(b->replica().conflicts().empty());
}

TEST_CASE("a transport takes the rows a peer lacks and merges them in one transaction") {
  TempDir dir;
  auto a = open_seams_store(dir.file("a.db"));
  auto b = open_seams_store(dir.file("b.db"));
  Entry rice = *a->entries().add(draft(Kind::need, "rice", 3));
  Entry soap = *a->entries().add(draft(Kind::need, "soap", 1));
  auto rows_since = [&](const VersionVector& base, TableId table) {
    std::vector<Row> rows;
    std::vector<uint64_t> masks;
    a->replica().for_each_row_since(table, base, [&](const Row& r, uint64_t mask) {
      rows.push_back(r);
      masks.push_back(mask);
      return true;
    });
    return std::make_pair(rows, masks);
  };
  // A peer that holds nothing lacks every row.
  auto [all, all_masks] = rows_since({}, TableId::entries);
  CHECK(all.size() == 2);
  auto first = b->replica().merge_all(all);
  CHECK(first.added == 2);
  CHECK(first.updated == 0);
  CHECK(b->entries().get(soap.id)->item == "soap");

  // After one edit, a peer holding everything before it lacks that one field only.
  const VersionVector before = a->replica().version_vector();
  Entry edited = rice;
  edited.quantity = 5;
  REQUIRE(a->entries().update(edited).ok());
  auto [changed, masks] = rows_since(before, TableId::entries);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].id == rice.id);
  CHECK(masks[0] == (uint64_t{1} << entry_field::quantity));
  auto [events, event_masks] = rows_since(before, TableId::events);
  CHECK(events.size() == 1);  // the edit's history event (insert-only: bit 0)
  CHECK(event_masks == std::vector<uint64_t>{1});
  CHECK(rows_since(a->replica().version_vector(), TableId::entries).first.empty());

  auto second = b->replica().merge_all(changed);
  CHECK(second.updated == 1);
  CHECK(b->entries().get(rice.id)->quantity == 5);
  CHECK(b->replica().merge_all(changed).known == 1);  // merging it again changes nothing
}
