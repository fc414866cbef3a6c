// Issue 10, costs (docs/security.md, "Revocation", "A bundle that looks known, after a
// revocation"): while a device is revoked with a cut-off, a device no longer reads every bundle
// that looks "already known" in full. It reads such a bundle only far enough to find what could
// answer a record whose field the revocation sent back (a version it counts and never held), and
// applies it only then. Before, every such bundle cost a full import for as long as the
// revocation stood: the honest response to a stolen tablet made every later sync by stick cost
// as much as the first.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/revocation.hpp"
#include "core/taken_back.hpp"
#include "insider.hpp"
#include "reread.hpp"
#include "sync/revocation_filter.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// `from`'s bundle, every row as it holds it but those of `keep` only (all when empty), with the
// item of entry `broken` (if any) made invalid under the same version.
std::string rows_bundle(Store& from, const std::vector<TableId>& keep, const Id* broken = nullptr) {
  std::vector<Row> rows = rows_of(from, bundle_of(from));
  if (!keep.empty())
    std::erase_if(rows, [&](const Row& r) {
      return std::find(keep.begin(), keep.end(), r.table) == keep.end();
    });
  for (Row& r : rows)
    if (broken && r.table == TableId::entries && r.id == *broken)
      r.fields[entry_field::item] = std::string("water \xFF");
  return insider_bundle(from, rows);
}

bool looks_known(Store& to, Store& from) {
  const auto mine = to.replica().version_vector();
  for (const auto& [origin, seq] : from.replica().version_vector()) {
    auto it = mine.find(origin);
    if (it == mine.end() || it->second < seq) return false;
  }
  return true;
}

}  // namespace

TEST_CASE(
    "with a device revoked, a bundle that looks known is applied only when it may answer a record "
    "the revocation sent back") {
  InsiderNet n("abm");  // a: the coordinator's tablet; b: has not heard; m: the stolen one
  Store& a = *n.a;
  Store& b = *n.b;
  Store& x = *n.m;
  const Id xid = x.replica().device_id();
  auto tea = add(a, sample_need("tea"));
  auto water = add(a, sample_offer("bottled water"));
  import_ok(x, bundle_of(a));
  import_ok(b, bundle_of(a));
  import_ok(a, bundle_of(b));
  edit_item(x, tea.id, "x before");  // a takes it; b never holds it
  import_ok(a, bundle_of(x));
  edit_item(x, tea.id, "x after");
  import_ok(b, bundle_of(x));
  REQUIRE(b.entries().get(tea.id)->item == "x after");
  REQUIRE(revoke_device(a, xid).ok());
  REQUIRE(a.entries().get(tea.id)->item == "x before");

  // b hears of the revocation in a bundle of a's devices records alone: the item goes back to
  // what b held before x's, and the record is kept as one the revocation sent back.
  import_ok(b, rows_bundle(a, {TableId::devices}));
  REQUIRE(b.devices().get(xid)->revoked);
  CHECK(b.entries().get(tea.id)->item == "tea");
  auto kept = taken_back_keys(b.replica());
  REQUIRE(kept);
  CHECK(std::count(kept->begin(), kept->end(), RowKey{TableId::entries, tea.id}) == 1);

  // a's full bundle looks known to b, and answers that record (and carries the digest of the
  // version "x before" superseded, which b does not hold either): it is applied.
  REQUIRE(looks_known(b, a));
  import_ok(b, bundle_of(a));
  CHECK(b.entries().get(tea.id)->item == "x before");
  CHECK(b.replica().content_hash() == a.replica().content_hash());

  // From then on nothing in a's bundles answers: one with water broken (a record b holds) is taken
  // as known, not read; read in full (as before), water would be set aside.
  REQUIRE(looks_known(b, a));
  auto got = import_ok(b, rows_bundle(a, {}, &water.id));
  CHECK(aside_records(got) == 0);
  CHECK(got.added == 0);
  CHECK(got.known > 0);
  CHECK(b.entries().get(water.id)->item == "bottled water");

  // A device that took versions back before it kept their keys reads it in full, as before.
  b.replica().local_set("taken_back", "1");
  CHECK_FALSE(taken_back_keys(b.replica()));
  got = import_ok(b, rows_bundle(a, {}, &water.id));
  CHECK(aside_records(got) == 1);
  CHECK(b.entries().get(water.id)->item == "bottled water");
}

TEST_CASE("the records a revocation sent back are kept up to a bound, then every bundle is read") {
  TempDir dir;
  auto s = open_store(dir.file("s.db"));
  Replica& r = s->replica();
  CHECK_FALSE(taken_back_keys(r));  // nothing noted yet
  note_taken_back(r, {}, false);    // a take-back that sent nothing back
  REQUIRE(taken_back_keys(r));
  CHECK(taken_back_keys(r)->empty());
  std::vector<RowKey> keys;
  for (size_t i = 0; i < kTakenBackKept; ++i) keys.emplace_back(TableId::entries, Id::random());
  note_taken_back(r, keys, true);
  REQUIRE(taken_back_keys(r));
  CHECK(*taken_back_keys(r) == keys);
  note_taken_back(r, {keys.front()}, true);  // known already: no more kept
  CHECK(taken_back_keys(r)->size() == kTakenBackKept);
  note_taken_back(r, {{TableId::matches, Id::random()}}, true);  // one too many
  CHECK_FALSE(taken_back_keys(r));
  note_taken_back(r, {{TableId::matches, Id::random()}}, false);
  CHECK_FALSE(taken_back_keys(r));  // for good
  // A device that took versions back before any key was noted cannot know which records.
  auto t = open_store(dir.file("t.db"));
  note_taken_back(t->replica(), {{TableId::entries, Id::random()}}, true);
  CHECK_FALSE(taken_back_keys(t->replica()));
}
