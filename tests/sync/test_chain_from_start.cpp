// Issue 10, signed versions (docs/security.md, "Signed versions", "A chain from the first
// write"): a device whose database this version made starts its chain at 0. At its first signed
// commit it folds in what it wrote before (its own record as made, and whatever it wrote in no
// network), out of the rows it holds, as a receiver rebuilds them. So none of its writes is
// unsigned, and a version "as" it with one of its first numbers is checked like any other, even
// where nothing of it is known yet. A database an older Mutua made keeps starting its chain where
// it first signed.
#include <doctest/doctest.h>

#include <algorithm>

#include "chain_check.hpp"
#include "insider.hpp"
#include "reread.hpp"
#include "sync/relayed_chains.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE(
    "a device's chain starts at 0 in a database this version made, where it first signed in "
    "one an older Mutua made, and relays pass it on either way") {
  for (int older = 0; older < 2; ++older) {
    CAPTURE(older);
    InsiderNet n("abc", older ? "a" : "");
    const Id aid = n.a->replica().device_id();
    auto rice = add(*n.a, sample_need("rice"));
    const Claim2 c = check_claim(*n.a);  // equal to the chain rebuilt from A's rows
    if (older)
      CHECK(c.claim.base > 0);
    else
      CHECK(c.claim.base == 0);
    // B renames A: A's record as made (its first write) is superseded there, and travels on as
    // the digest of its old name.
    import_ok(*n.b, bundle_of(*n.a));
    {
      auto tx = n.b->replica().transaction();
      REQUIRE(n.b->replica()
                  .write(TableId::devices, aid, nullptr, {{device_field::name, "Van tablet"}})
                  .ok());
      tx.commit();
    }
    // C hears of A only through B: nothing is set aside, and C knows A in full.
    auto got = import_ok(*n.c, bundle_of(*n.b));
    CHECK(aside_records(got) == 0);
    CHECK(n.c->entries().get(rice.id));
    CHECK(n.c->replica().device(aid)->name == "Van tablet");
    CHECK(known_of(*n.c, aid) == known_of(*n.a, aid));
    auto point = n.c->replica().chain_head(aid);
    REQUIRE(point);
    CHECK(point->head.base == c.claim.base);
    CHECK(point->head.seq == c.stamp.seq);
  }
}

TEST_CASE(
    "a need as another device, numbered among its first writes, is set aside where nothing of "
    "that device is known yet, unless an older Mutua made its database") {
  for (int older = 0; older < 2; ++older) {
    CAPTURE(older);
    InsiderNet n("adm", older ? "a" : "");
    const Id aid = n.a->replica().device_id();
    auto rice = add(*n.a, sample_need("rice"));
    import_ok(*n.m, bundle_of(*n.a));
    // The insider's need, restamped as A's first write.
    auto fake = add(*n.m, sample_need("bleach"));
    auto held = n.m->replica().read_row(TableId::entries, fake.id);
    REQUIRE(held);
    Row as_a = *held;
    for (Stamp& s : as_a.stamps)
      if (s.hlc != 0) s = Stamp{s.hlc, aid, 1, 0};
    // D has heard nothing of A: the insider brings it everything it holds, A's records and
    // claim among them, with the need as A's in place of its own.
    const auto own = open_own(*n.m);
    std::vector<Row> rows = rows_of(*n.m, bundle_of(*n.m));
    rows.erase(std::remove_if(
                   rows.begin(), rows.end(),
                   [&](const Row& r) { return r.table == TableId::entries && r.id == fake.id; }),
               rows.end());
    rows.push_back(as_a);
    REQUIRE(known_of(*n.d, aid) == 0);
    auto got = import_ok(
        *n.d, insider_bundle(*n.m, rows, [&](BundleHeader& h) { h.covers = own.header.covers; }));
    if (older) {
      // What stays open (docs/security.md): an older Mutua's writes before its chain are
      // unsigned, and a device that knows nothing of it yet takes such a version.
      CHECK(n.d->entries().get(fake.id));
      continue;
    }
    CHECK(aside_records(got, kChainNotConfirmed) >= 1);
    CHECK_FALSE(n.d->entries().get(fake.id));
    CHECK_FALSE(n.d->entries().get(rice.id));  // A's relayed news waits for a claim it matches
    CHECK(known_of(*n.d, aid) == 0);
    // A's own bundle brings A in full, and nothing of the insider's version.
    got = import_ok(*n.d, bundle_of(*n.a));
    CHECK(aside_records(got) == 0);
    CHECK(n.d->entries().get(rice.id));
    CHECK_FALSE(n.d->entries().get(fake.id));
    CHECK(known_of(*n.d, aid) == known_of(*n.a, aid));
  }
}

TEST_CASE(
    "what a device wrote before it joined a network, a change among it, is in its chain, and "
    "relays pass it on") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto c = open_store(dir.file("c.db"));
  const Network net = found(*a);
  // B, in no network yet, records a need and changes it: the first version of its status is
  // superseded unseen, and no digest of it is kept.
  auto early = add(*b, sample_need("blankets"));
  REQUIRE(b->entries().set_status(early.id, Status::cancelled).ok());
  join(*b, net);
  join(*c, net);
  const Claim2 claim = check_claim(*b);
  CHECK(claim.claim.base == 0);
  auto row = b->replica().read_row(TableId::entries, early.id);
  REQUIRE(row);
  CHECK(row->stamps[entry_field::item].seq > claim.claim.base);  // in the chain
  // A hears B, C hears B only through A: nothing set aside, the need as B left it.
  import_ok(*a, bundle_of(*b));
  auto got = import_ok(*c, bundle_of(*a));
  CHECK(aside_records(got) == 0);
  auto seen = c->entries().get(early.id);
  REQUIRE(seen);
  CHECK(seen->status == Status::cancelled);
  CHECK(known_of(*c, b->replica().device_id()) == known_of(*b, b->replica().device_id()));
  introduce({a.get(), b.get(), c.get()});
  CHECK(b->replica().content_hash() == a->replica().content_hash());
  CHECK(c->replica().content_hash() == a->replica().content_hash());
}
