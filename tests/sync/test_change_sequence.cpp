// The change sequence (migration 15, core/replica_changes.cpp): the rows a peer lacks are found
// by reading only the rows changed since its vector could lack anything. It must find exactly
// what reading every row finds, on any history: several devices, relays passing on others'
// changes, full and delta bundles, revocations that take versions back and reinstatements that
// bring them again.
#include <doctest/doctest.h>

#include <random>

#include <filesystem>

#include "core/db.hpp"
#include "core/migrations.hpp"
#include "core/revocation.hpp"
#include "support/network_fixture.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr size_t kNoLimit = 1'000'000;

// Every table, the change sequence's answer against the full scan's, for one vector.
void check_same_rows(Store& s, const VersionVector& v, const std::string& what) {
  for (const auto* t : all_tables()) {
    auto fast = s.replica().rows_since(t->id, v, kNoLimit);
    auto full = s.replica().rows_since_full_scan(t->id, v, kNoLimit);
    INFO(what << ", table " << t->name);
    REQUIRE(fast.has_value() == full.has_value());
    if (fast) CHECK(*fast == *full);
  }
}

// The vectors a device could be asked for: none, each device's own, what it recorded of each
// peer, and each of those lowered at random (a peer further behind, or a revoked device's
// versions taken back).
std::vector<VersionVector> probes(std::vector<std::unique_ptr<TestDevice>>& devices, Store& s,
                                  std::mt19937& rng) {
  std::vector<VersionVector> out{{}};
  for (auto& d : devices) out.push_back(d->store->replica().version_vector());
  for (const auto& p : s.replica().peers()) out.push_back(p.vector);
  const size_t n = out.size();
  for (size_t i = 1; i < n; ++i) {
    VersionVector lower = out[i];
    for (auto& [origin, seq] : lower) seq = seq == 0 ? 0 : rng() % (seq + 1);
    out.push_back(std::move(lower));
  }
  return out;
}

// A bundle from one device to another, whatever becomes of it (a revoked sender's is refused).
void pass_on(Store& from, Store& to, bool delta) {
  VersionVector base;
  if (delta)
    if (auto p = from.replica().peer(to.replica().device_id())) base = p->vector;
  auto bundle = build_bundle(from.replica(), base);
  REQUIRE_MESSAGE(bundle.ok(), (bundle.ok() ? "" : bundle.error()));
  (void)import_bundle(to.replica(), bundle->bytes);
}

Entry some_entry(std::mt19937& rng, int n) {
  return make_entry(rng() % 2 ? Kind::need : Kind::offer, "item " + std::to_string(n),
                    rng() % 2 ? "food" : "water", 1 + static_cast<int64_t>(rng() % 9));
}

}  // namespace

TEST_CASE("the change sequence finds what the full scan finds, on random histories") {
  for (unsigned seed : {1u, 2u, 3u}) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    auto devices = make_network(4);
    std::vector<std::vector<Id>> made(devices.size());  // entries each device added
    int counter = 0;
    bool revoked = false;
    for (int step = 0; step < 60; ++step) {
      for (auto& d : devices) d->wall += 1 + static_cast<int64_t>(rng() % 5000);
      const size_t a = rng() % devices.size(), b = (a + 1 + rng() % 3) % devices.size();
      Store& sa = *devices[a]->store;
      const unsigned what = rng() % 10;
      if (what < 3) {
        auto e = sa.entries().add(some_entry(rng, ++counter));
        if (e.ok()) made[a].push_back(e->id);
      } else if (what < 5) {
        // An edit to an entry this device holds (its own or one it received).
        auto page = sa.entries().list(EntryQuery{}, 50);
        if (!page.entries.empty()) {
          auto en = page.entries[rng() % page.entries.size()];
          en.details = "round " + std::to_string(step);
          en.quantity = 1 + static_cast<int64_t>(rng() % 20);
          (void)sa.entries().update(en);
        }
      } else if (what < 9) {
        pass_on(sa, *devices[b]->store, rng() % 3 != 0);
      } else if (!revoked) {
        // Device 0 revokes device 3 (whose later versions every device then takes back)...
        revoked = revoke_device(*devices[0]->store, devices[3]->store->replica().device_id(),
                                /*force=*/true)
                      .ok();
      } else {
        // ... and later reinstates it.
        revoked =
            !reinstate_device(*devices[0]->store, devices[3]->store->replica().device_id()).ok();
      }
      for (auto& d : devices)
        for (const auto& v : probes(devices, *d->store, rng))
          check_same_rows(*d->store, v, "step " + std::to_string(step));
    }
  }
}

TEST_CASE("a peer in step costs no row read; one edit later, the floor finds it") {
  auto devices = make_network(2);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  for (int i = 0; i < 5; ++i) add(a, make_entry(Kind::need, "rice " + std::to_string(i)));
  send(a, b, false);
  send(b, a, false);
  const VersionVector held = a.replica().version_vector();
  CHECK_FALSE(a.replica().change_floor(held).has_value());
  auto first = a.entries().list(EntryQuery{}, 1).entries.at(0);
  first.details = "checked again";
  REQUIRE(a.entries().update(first).ok());
  CHECK(a.replica().change_floor(held).has_value());
  auto rows = a.replica().rows_since(TableId::entries, held, kNoLimit);
  REQUIRE(rows.has_value());
  CHECK(rows->size() == 1);
  check_same_rows(a, held, "after one edit");
  check_same_rows(a, {}, "everything");
}

TEST_CASE("migration 15 gives a database of schema 14 its change sequence") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  VersionVector b_held;
  {
    auto devices = make_network(2, dir.path().string());
    Store& a = *devices[0]->store;
    Store& b = *devices[1]->store;
    for (int i = 0; i < 4; ++i) add(a, make_entry(Kind::need, "rice " + std::to_string(i)));
    send(a, b, false);
    add(b, make_entry(Kind::offer, "water"));
    b_held = b.replica().version_vector();
    send(b, a);
    add(a, make_entry(Kind::offer, "beans"));  // b lacks this one
  }
  std::filesystem::rename(dir.file("device0.db"), path);
  {
    // What schema 14 looked like: no chg columns, no change marks.
    Db db(path);
    for (const char* t : {"entries", "matches", "handovers", "sites", "devices", "volunteers",
                          "settings", "events"}) {
      db.exec(std::string("DROP INDEX ") + t + "_chg");
      db.exec(std::string("ALTER TABLE ") + t + " DROP COLUMN chg");
    }
    db.exec("DROP TABLE change_marks");
    db.exec("PRAGMA user_version = 14");
  }
  auto s = open_store(path);
  CHECK(static_cast<size_t>(StoreTestAccess::db(*s).user_version()) == store_migrations().size());
  {
    auto st = StoreTestAccess::db(*s).prepare("SELECT count(*) FROM change_marks WHERE chg = 0");
    REQUIRE(st.step());
    CHECK(st.int64(0) >= 2);  // both devices' versions
  }
  // What b lacks is the one offer a wrote last; every vector finds what the full scan finds.
  auto lacking = s->replica().rows_since(TableId::entries, b_held, kNoLimit);
  REQUIRE(lacking.has_value());
  CHECK(lacking->size() == 1);
  check_same_rows(*s, b_held, "b's vector");
  check_same_rows(*s, {}, "everything");
  CHECK_FALSE(s->replica().change_floor(s->replica().version_vector()).has_value());
  // And rows written after the migration are found beside the old ones.
  const VersionVector before = s->replica().version_vector();
  add(*s, make_entry(Kind::need, "flour"));
  auto since = s->replica().rows_since(TableId::entries, before, kNoLimit);
  REQUIRE(since.has_value());
  CHECK(since->size() == 1);
  check_same_rows(*s, b_held, "b's vector, after a new entry");
}

TEST_CASE("an origin's oldest change marks are folded into one, and still cover every row") {
  auto devices = make_network(2);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  add(b, make_entry(Kind::offer, "water"));
  send(b, a, false);
  std::vector<VersionVector> seen;
  for (int i = 0; i < 130; ++i) {  // more marks than are kept (96)
    seen.push_back(a.replica().version_vector());
    add(a, make_entry(Kind::need, "rice " + std::to_string(i)));
  }
  {
    auto st = StoreTestAccess::db(a).prepare(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM change_marks GROUP BY origin)");
    REQUIRE(st.step());
    CHECK(st.int64(0) <= 96);
  }
  for (size_t i = 0; i < seen.size(); i += 7)
    check_same_rows(a, seen[i], "vector " + std::to_string(i));
  auto recent = a.replica().rows_since(TableId::entries, seen.back(), kNoLimit);
  REQUIRE(recent.has_value());
  CHECK(recent->size() == 1);
}
