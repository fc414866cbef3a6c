// Signed versions, step 1 of the chain (core/write_chain.hpp; docs/security.md, "Built: step 1 of
// the chain"): at each commit that issued stamps, a device folds its writes into a chain of
// digests and signs its head as field 9 of its devices record (the SEQ-2 claim). The claim must
// equal what a receiver rebuilds from the rows and the digests of fields gone (rebuild_chain),
// whatever the write; a rolled-back write and an import leave the chain alone; a changed value
// makes the rebuild differ. No device checks the claim yet: these tests are what step 3 relies on.
#include <doctest/doctest.h>
#include <sodium.h>

#include <array>

#include "chain_check.hpp"
#include "core/seq_claim.hpp"
#include "core/write_chain.hpp"
#include "reread.hpp"
#include "support/network_fixture.hpp"
#include "sync/key_ring.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

Entry need(const std::string& item) {
  return make_entry(Kind::need, item);
}

}  // namespace

TEST_CASE(
    "the claimed chain of a device's writes equals the one rebuilt from its rows, whatever it "
    "wrote") {
  auto devices = make_network(2);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  const Id aid = a.replica().device_id();

  // A new entry (one number, then the claim's).
  const uint64_t before = a.replica().version_vector()[aid];
  auto e = a.entries().add(need("rice"));
  REQUIRE(e.ok());
  const Claim2 first = check_claim(a);
  CHECK(first.stamp.seq == before + 2);
  // The chain starts at 0: this version made the database, so the writes before the device
  // first signed (its own record as made) are folded in too (a database an older Mutua made:
  // test_chain_from_start.cpp).
  CHECK(first.claim.base == 0);

  // A status change supersedes one field of the creation: its digest is kept as gone.
  REQUIRE(a.entries().set_status(e->id, Status::cancelled).ok());
  auto c = check_claim(a);
  CHECK(c.claim.base == first.claim.base);
  CHECK(!a.replica().gone_digests(aid, c.claim.base, c.stamp.seq).empty());

  // An entry and its history event in one transaction (its status changed at once).
  {
    auto tx = a.replica().transaction();
    auto fresh = a.entries().add(need("flour"));
    REQUIRE(fresh.ok());
    REQUIRE(a.entries().set_status(fresh->id, Status::cancelled).ok());
    tx.commit();
  }
  check_claim(a);

  // A CSV import: one number for many rows.
  std::vector<Entry> sheet;
  for (int i = 0; i < 5; ++i) {
    Entry row = make_entry(i % 2 ? Kind::offer : Kind::need, "sheet " + std::to_string(i));
    row.id = Id::random();
    row.created_at = row.updated_at = devices[0]->wall - 5000 + i;
    row.status = initial_status(row.kind);
    sheet.push_back(row);
  }
  const uint64_t pre_import = a.replica().version_vector()[aid];
  REQUIRE(a.entries().import(sheet).ok());
  c = check_claim(a);
  CHECK(c.stamp.seq <= pre_import + 3);  // one number for the rows (and the claim's own)

  // A merge of another device's bundle: A's own chain does not move, and still rebuilds.
  REQUIRE(b.entries().add(need("insulin")).ok());
  const auto head_before = a.replica().chain_head(aid);
  send(b, a);
  CHECK(a.replica().chain_head(aid)->head == head_before->head);
  check_claim(a);
  // B's writes superseding one of A's fields: A's chain still rebuilds.
  send(a, b);
  devices[1]->wall += 1000;
  auto seen = b.entries().get(e->id);
  REQUIRE(seen);
  seen->item = "brown rice";
  REQUIRE(b.entries().update(*seen).ok());
  send(b, a);
  check_claim(a);
  check_claim(b);

  // A rotation of the network key: the network id is the same, the chain goes on.
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  REQUIRE(a.entries().add(need("soap")).ok());
  c = check_claim(a);
  CHECK(c.claim.base == first.claim.base);

  // Another network: a new chain, from the number the device had reached.
  const uint64_t reached = a.replica().version_vector()[aid];
  a.replica().local_set(kSeqClaimNetworkKey, Id::random().hex());
  REQUIRE(a.entries().add(need("tea")).ok());
  c = check_claim(a);
  CHECK(c.claim.base == reached);
}

TEST_CASE("a rolled-back transaction leaves no trace in the chain") {
  auto devices = make_network(1);
  Store& a = *devices[0]->store;
  const Id aid = a.replica().device_id();
  REQUIRE(a.entries().add(need("rice")).ok());
  const Claim2 c = check_claim(a);
  {
    auto tx = a.replica().transaction();
    REQUIRE(a.entries().add(need("flour")).ok());
    {
      auto inner = a.replica().transaction();  // a nested scope rolled back inside it
      REQUIRE(a.entries().add(need("salt")).ok());
    }
  }  // rolled back
  CHECK(a.replica().chain_head(aid)->head == ChainHead{c.claim.base, c.stamp.seq, c.claim.chain});
  // A committed transaction with a nested scope rolled back: only what stayed is folded.
  {
    auto tx = a.replica().transaction();
    REQUIRE(a.entries().add(need("oil")).ok());
    {
      auto inner = a.replica().transaction();
      REQUIRE(a.entries().add(need("sugar")).ok());
    }
    REQUIRE(a.entries().add(need("beans")).ok());
    tx.commit();
  }
  const Claim2 next = check_claim(a);
  CHECK(next.claim.base == c.claim.base);
}

TEST_CASE("a spreadsheet row given twice in one import counts once in the chain, as last written") {
  auto devices = make_network(1);
  Store& a = *devices[0]->store;
  std::vector<Entry> sheet;
  for (int i = 0; i < 4; ++i) {
    Entry row = need("sheet " + std::to_string(i));
    row.id = Id::random();
    row.created_at = row.updated_at = devices[0]->wall - 9000 + i;
    row.status = initial_status(row.kind);
    sheet.push_back(row);
  }
  // The first row again, newer, with another item and quantity; and again, with another item.
  Entry again = sheet[0];
  again.item = "sheet 0, corrected";
  again.quantity = 9;
  again.updated_at += 1000;
  sheet.push_back(again);
  again.item = "sheet 0, corrected twice";
  again.updated_at += 1000;
  sheet.push_back(again);
  REQUIRE(a.entries().import(sheet).ok());
  REQUIRE(a.entries().get(sheet[0].id)->item == "sheet 0, corrected twice");
  check_claim(a);
}

TEST_CASE(
    "a value changed, a write left out or a gone digest changed makes the rebuilt chain differ") {
  auto devices = make_network(1);
  Store& a = *devices[0]->store;
  const Id aid = a.replica().device_id();
  const Id network = *a.replica().signing_network();
  auto e = a.entries().add(need("rice"));
  REQUIRE(e.ok());
  REQUIRE(a.entries().set_status(e->id, Status::cancelled).ok());
  REQUIRE(a.entries().add(need("flour")).ok());
  const Claim2 c = check_claim(a);
  const auto rows = all_rows(a);
  const auto gone = a.replica().gone_digests(aid, c.claim.base, c.stamp.seq);
  REQUIRE(!gone.empty());
  const ChainHead from{c.claim.base, c.claim.base, chain_start(network, aid, c.claim.base)};
  REQUIRE(rebuild_chain(network, aid, from, c.stamp.seq, rows, gone).value == c.claim.chain);

  // One value changed in the stored row (the item of the first entry).
  auto changed = rows;
  bool found = false;
  for (Row& r : changed)
    if (r.table == TableId::entries && r.id == e->id) {
      r.fields[entry_field::item] = std::string("gold");
      found = true;
    }
  REQUIRE(found);
  CHECK(rebuild_chain(network, aid, from, c.stamp.seq, changed, gone).value != c.claim.chain);

  // A row of A's left out (as a relay might): the other entry.
  auto fewer = rows;
  std::erase_if(fewer, [&](const Row& r) {
    return r.table == TableId::entries && r.id != e->id && r.stamps[0].origin == aid;
  });
  REQUIRE(fewer.size() < rows.size());
  CHECK(rebuild_chain(network, aid, from, c.stamp.seq, fewer, gone).value != c.claim.chain);

  // A gone digest altered: the superseded status passed off as another value.
  auto other = gone;
  other[0].digests[0].second[0] ^= 1;
  CHECK(rebuild_chain(network, aid, from, c.stamp.seq, rows, other).value != c.claim.chain);

  // A claim under another version or base does not verify.
  Stamp later = c.stamp;
  later.hlc += 1;
  CHECK_FALSE(seq2_claim_valid(network, aid, public_key_of(a), later, c.claim));
  Seq2Claim moved = c.claim;
  moved.base += 1;
  CHECK_FALSE(seq2_claim_valid(network, aid, public_key_of(a), c.stamp, moved));
}

TEST_CASE("the SEQ-2 claim is an ordinary column to an older reader, carried through unread") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;
  Store& c = *devices[1]->store;  // a relay on an older Mutua
  Store& d = *devices[2]->store;
  const Id aid = a.replica().device_id();
  REQUIRE(a.entries().add(need("rice")).ok());
  const Claim2 mine = claim2_of(a, aid);
  const auto bundle = build_bundle(a.replica(), {});
  REQUIRE(bundle.ok());
  // What any reader since layout 3.0 decodes: column 9 of A's devices record, text, with the
  // version of column 8 (the SEQ-1 claim, unchanged, for older devices).
  std::optional<Claim2> carried;
  Stamp seq1;
  for (const auto& r : rows_of(c, bundle->bytes))
    if (r.table == TableId::devices && r.id == aid) {
      carried = claim2_in(r.extras);
      for (const auto& x : r.extras)
        if (x.column == kDeviceSeqClaimColumn) seq1 = x.stamp;
    }
  REQUIRE(carried);
  CHECK(carried->stamp == mine.stamp);
  CHECK(seq1 == mine.stamp);
  CHECK(encode_seq2_claim(carried->claim) == encode_seq2_claim(mine.claim));
  // C passes it on as an older relay writes its bundles (layout 3.0, the rows as it holds
  // them): D holds A's claim as A wrote it, and it still verifies and rebuilds there.
  REQUIRE(import_bundle(c.replica(), bundle->bytes).ok());
  auto relayed = rewritten(c, build_bundle(c.replica(), {})->bytes, [](Row&) {});
  REQUIRE(import_bundle(d.replica(), relayed).ok());
  const Claim2 there = claim2_of(d, aid);
  CHECK(there.stamp == mine.stamp);
  CHECK(encode_seq2_claim(there.claim) == encode_seq2_claim(mine.claim));
  const Id network = *d.replica().signing_network();
  CHECK(seq2_claim_valid(network, aid, public_key_of(a), there.stamp, there.claim));
  CHECK(rebuilt(d, aid, network, there.claim.base, there.stamp.seq, all_rows(d)).value ==
        mine.claim.chain);
}
