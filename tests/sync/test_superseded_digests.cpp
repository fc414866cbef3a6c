// Issue 10, signed versions step 2 (docs/security.md, "Signed versions"): the digests of
// superseded writes travel. Whenever a version of any origin loses or is superseded on a field,
// every device keeps (table, row, field, D) under that version's stamp, as a row of table 9
// (core/superseded.hpp), and bundles carry it by the version-vector rule: full and delta, through
// relays of this version and of older ones, which keep table 9 as any table a newer Mutua added.
// A digest on a field the receiver holds at an older version is not taken.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/superseded.hpp"
#include "core/version_sig.hpp"
#include "reread.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr uint16_t kSupersededStatusId = 18;  // entries.status (core/schema.cpp)

// The digest the device that wrote `before` can compute of its status field.
GoneDigest status_digest(const Row& before, const Id& row) {
  const Stamp& s = before.stamps[entry_field::status];
  return {TableId::entries, row, kSupersededStatusId, s,
          field_digest(kSupersededStatusId, s, before.fields[entry_field::status])};
}

bool holds(Store& s, const GoneDigest& g) {
  for (const auto& have : gone_digests(s.replica(), g.table, g.row))
    if (have.version == g.version && have.field == g.field && have.digest == g.digest) return true;
  return false;
}

// The digests a bundle carries for one row (devices' own rows change too as they join).
std::vector<GoneDigest> carried_digests(Store& reader, const std::string& bundle, const Id& row) {
  std::vector<GoneDigest> out;
  for (const auto& r : rows_of(reader, bundle))
    if (auto g = gone_of(r); g && g->row == row) out.push_back(*g);
  return out;
}

}  // namespace

TEST_CASE(
    "an edited entry's bundle carries the superseded write's digest, and a receiver keeps it") {
  InsiderNet n("ab");
  introduce({n.a.get(), n.b.get()});
  auto need = add(*n.a, sample_need("insulin"));
  auto before = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(before);
  REQUIRE(n.a->entries().set_status(need.id, Status::met).ok());
  const GoneDigest g = status_digest(*before, need.id);
  // A keeps it, under the superseded version's own stamp.
  CHECK(holds(*n.a, g));
  // Its full bundle carries it once (34 bytes of field id and digest, and the row it names).
  const auto bundle = bundle_of(*n.a);
  auto carried = carried_digests(*n.b, bundle, need.id);
  REQUIRE(carried.size() == 1);
  CHECK(carried[0].version == g.version);
  CHECK(carried[0].digest == g.digest);
  CHECK(carried[0].row == need.id);
  // B, which never held the superseded version, keeps it, and counts nothing dropped.
  auto got = import_ok(*n.b, bundle);
  CHECK(got.digests_dropped == 0);
  CHECK(got.updated_entries + got.new_entries == 1);
  CHECK(holds(*n.b, g));
  // A second copy is not kept twice, and a later bundle of B carries it on.
  import_ok(*n.b, bundle);
  CHECK(gone_digests(n.b->replica(), TableId::entries, need.id).size() == 1);
  CHECK(carried_digests(*n.a, bundle_of(*n.b), need.id).size() == 1);
}

TEST_CASE("a superseded write's digest passes through a relay of this version and an older one") {
  InsiderNet n("abcd");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.d.get()});
  auto need = add(*n.a, sample_need("insulin"));
  auto before = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(before);
  REQUIRE(n.a->entries().set_status(need.id, Status::met).ok());
  const GoneDigest g = status_digest(*before, need.id);
  import_ok(*n.b, bundle_of(*n.a));
  // Through B, a relay of this version, to C.
  import_ok(*n.c, bundle_of(*n.b));
  CHECK(holds(*n.c, g));
  // Through an older reader: table 9 is to it a table a newer Mutua added, an insert-only table
  // of fixed columns (two of them ids, the digest's halves) that it keeps and writes again as
  // it came. D gets the bundle an older relay writes (layout 3.0, rows as decoded).
  bool seen = false;
  for (const auto& r : rows_of(*n.b, bundle_of(*n.b)))
    if (r.table == kSupersededTable && gone_of(r) && gone_of(r)->row == need.id &&
        gone_of(r)->field == kSupersededStatusId) {
      seen = true;
      CHECK(r.insert_only);
      CHECK(r.extras.size() == 5);
      CHECK(r.stamps.at(0) == g.version);
    }
  CHECK(seen);
  const auto older = rewritten(*n.b, bundle_of(*n.b), [](Row&) {});
  CHECK(import_ok(*n.d, older).digests_dropped == 0);
  CHECK(holds(*n.d, g));
  // In a delta, by the version-vector rule: a base that holds A's superseded write leaves the
  // digest out, one just below it carries it.
  auto fresh = build_bundle(n.b->replica(), {{n.a->replica().device_id(), g.version.seq}});
  REQUIRE(fresh.ok());
  CHECK(carried_digests(*n.c, fresh->bytes, need.id).size() == 0);  // the write is within that base
  auto lower = build_bundle(n.b->replica(), {{n.a->replica().device_id(), g.version.seq - 1}});
  REQUIRE(lower.ok());
  CHECK(carried_digests(*n.c, lower->bytes, need.id).size() == 1);
}

TEST_CASE("a digest on a field the receiver holds at an older version is dropped and counted") {
  InsiderNet n("abm");
  introduce({n.a.get(), n.b.get(), n.m.get()});
  auto need = add(*n.a, sample_need("insulin"));
  import_ok(*n.b, bundle_of(*n.a));
  import_ok(*n.m, bundle_of(*n.a));
  // M passes A's status, which everyone holds at A's version, off as superseded.
  auto row = n.m->replica().read_row(TableId::entries, need.id);
  REQUIRE(row);
  GoneDigest forged = status_digest(*row, need.id);
  forged.digest[0] ^= 1;
  // And one naming a version newer than the one held, and one whose id does not fit its values.
  GoneDigest newer = forged;
  newer.version.hlc += 1000;
  Row misfit = gone_row(forged);
  misfit.id.bytes[0] ^= 1;
  add(*n.m, sample_offer("blankets"));  // news, so that B reads the bundle
  auto got = import_ok(*n.b, reencoded(*n.m, bundle_of(*n.m), [](Row&) { return true; },
                                       {gone_row(forged), gone_row(newer), misfit}));
  CHECK(got.digests_dropped == 3);
  CHECK(got.line().find("3 digests of superseded versions not taken") != std::string::npos);
  CHECK(gone_digests(n.b->replica(), TableId::entries, need.id).empty());
  // Not kept, so not passed on.
  CHECK(carried_digests(*n.a, bundle_of(*n.b), need.id).empty());
  // The genuine one, once A changes the status, is taken from the same member.
  auto before = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(n.a->entries().set_status(need.id, Status::met).ok());
  import_ok(*n.m, bundle_of(*n.a));
  CHECK(import_ok(*n.b, bundle_of(*n.m)).digests_dropped == 0);
  CHECK(holds(*n.b, status_digest(*before, need.id)));
}

TEST_CASE("a delta carries a row whose only news for the peer is a superseded write") {
  InsiderNet n("abc");
  introduce({n.a.get(), n.b.get(), n.c.get()});
  const Id aid = n.a->replica().device_id(), cid = n.c->replica().device_id();
  auto need = add(*n.a, sample_need("insulin"));
  import_ok(*n.b, bundle_of(*n.a));
  import_ok(*n.c, bundle_of(*n.a));
  // A and B change the status at once; B's is the later, and C hears only B's.
  auto before = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(n.a->entries().set_status(need.id, Status::cancelled).ok());
  auto lost = n.a->replica().read_row(TableId::entries, need.id);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));  // orders the two versions
  REQUIRE(n.b->entries().set_status(need.id, Status::met).ok());
  auto won = n.b->replica().read_row(TableId::entries, need.id);
  REQUIRE(won->stamps[entry_field::status].newer_than(lost->stamps[entry_field::status]));
  import_ok(*n.c, bundle_of(*n.b));
  import_ok(*n.b, bundle_of(*n.c));  // B records C's vector
  // Then B hears A's change, which loses there: B keeps its digest.
  import_ok(*n.b, bundle_of(*n.a));
  const GoneDigest g = status_digest(*lost, need.id);
  REQUIRE(holds(*n.b, g));
  // Every field of the row is at a version C knows; A's losing write is above C's vector for A.
  auto p = n.b->replica().peer(cid);
  REQUIRE(p);
  REQUIRE(p->vector[aid] < g.version.seq);
  auto delta = build_bundle(n.b->replica(), p->vector, cid);  // as `export --for` and the LAN
  REQUIRE(delta.ok());
  auto carried = carried_digests(*n.c, delta->bytes, need.id);
  REQUIRE(carried.size() == 1);
  CHECK(carried[0].version == g.version);
  auto got = import_ok(*n.c, delta->bytes);
  CHECK(got.digests_dropped == 0);
  CHECK(holds(*n.c, g));
  // The creation's superseded status (A's first write) travelled with B's first bundle already.
  CHECK(holds(*n.c, status_digest(*before, need.id)));
}

// A write from before its device signed in the network (its own record as it was made) is in no
// chain. The writer kept no digest of it; a device that had held it kept one when it was
// superseded there; a device that never held it was never sent one (its vector counts the
// write), and a full bundle from the second looked known to it: the two never held the same
// (the convergence property test found it, seed 2 with random bytes of salt 32). Now the writer
// keeps it too, and every bundle that brings the new version to a device that lacks the old one
// carries it.
TEST_CASE("a write from before its device's chain, superseded, leaves its digest on every device") {
  InsiderNet n("abc", "a");  // A updated from an older Mutua: its record as made is in no chain
  const Id aid = n.a->replica().device_id();
  // C hears B first: later, everything B covers is known to C.
  import_ok(*n.c, bundle_of(*n.b));
  // B holds A's record as A made it, before its chain starts.
  import_ok(*n.b, bundle_of(*n.a));
  auto original = n.b->replica().read_row(TableId::devices, aid);
  REQUIRE(original);
  auto head = n.b->replica().chain_head(aid);
  REQUIRE(head);
  REQUIRE(original->stamps[device_field::name].seq <= head->head.base);
  // A renames itself: the name's first version is superseded, on A and then on B.
  {
    auto tx = n.a->replica().transaction();
    REQUIRE(n.a->replica()
                .write(TableId::devices, aid, nullptr, {{device_field::name, "Van tablet"}})
                .ok());
    tx.commit();
  }
  import_ok(*n.b, bundle_of(*n.a));
  REQUIRE(n.b->replica().device(aid)->name == "Van tablet");
  // C hears the new name from A itself: it never held the old one.
  import_ok(*n.c, bundle_of(*n.a));
  constexpr uint16_t kNameId = 1;  // devices.name (core/schema.cpp)
  const Stamp old = original->stamps[device_field::name];
  const GoneDigest g{TableId::devices, aid, kNameId, old,
                     field_digest(kNameId, old, original->fields[device_field::name])};
  CHECK(holds(*n.a, g));
  CHECK(holds(*n.b, g));
  CHECK(holds(*n.c, g));
  // A full bundle from B, which looks known to C, would not have brought it.
  CHECK(import_ok(*n.c, bundle_of(*n.b)).added == 0);
  // All three hold the same, after full bundles both ways.
  introduce({n.a.get(), n.b.get(), n.c.get()});
  CHECK(n.b->replica().content_hash() == n.a->replica().content_hash());
  CHECK(n.c->replica().content_hash() == n.a->replica().content_hash());
}
