// The chain check on import where a relayed write is there only as a digest (docs/security.md,
// "Built: step 3", "Digests that stand in, and two digests of one field"):
//   - a digest this device does not keep (its field here at no newer version: a revoked device's
//     newer version was taken out on the way in) stands in for its field. Honest devices no
//     longer set each other's news aside when they first meet through a relay, and the writer
//     counts as known only up to the write the digest stands for, so the write still comes;
//   - a forged digest kept beside the genuine one no longer delays a device's relayed news: the
//     check tries the other, and forgets the one the claim refutes;
//   - so does a forged lost write's digest M (table 10) kept beside the genuine one.
#include <doctest/doctest.h>
#include <sodium.h>

#include <set>

#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "core/superseded.hpp"
#include "sync/relayed_chains.hpp"

#include "insider.hpp"
#include "reread.hpp"
#include "sheet_rows.hpp"
#include "support/network_fixture.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

size_t chain_set_aside(const ImportSummary& s) {
  size_t n = 0;
  for (const auto& a : s.set_aside) n += a.reason == kChainNotConfirmed ? a.count : 0;
  return n;
}

bool has_item_named(Store& s, const std::string& item) {
  EntryQuery q;
  for (const auto& e : s.entries().list(q, 1000).entries)
    if (e.item == item) return true;
  return false;
}

std::string item_held_on(Store& s, const Id& id) {
  auto e = s.entries().get(id);
  REQUIRE(e);
  return e->item;
}

// The status digests `s` keeps of `need`, of versions of `origin`.
std::vector<GoneDigest> status_digests(Store& s, const Id& need, const Id& origin) {
  std::vector<GoneDigest> out;
  for (const auto& g : gone_digests(s.replica(), TableId::entries, need))
    if (g.version.origin == origin && g.field == 18) out.push_back(g);  // 18: entries.status
  return out;
}

std::vector<LostWrite> lost_held(Store& s) {
  std::vector<LostWrite> out;
  s.replica().for_each_unknown_row([&](const Row& r) {
    if (auto w = lost_of(r)) out.push_back(*w);
    return true;
  });
  return out;
}

}  // namespace

TEST_CASE(
    "a relayed write held only as a digest, its field's newer version revoked on the way in, "
    "stands in: nothing set aside, and its writer is known only up to before it") {
  auto devices = make_network(4);
  Store& a = *devices[0]->store;  // writes
  Store& x = *devices[1]->store;  // stolen: revoked by C
  Store& r = *devices[2]->store;  // a relay that has not heard of the revocation
  Store& c = *devices[3]->store;  // the revoker, and the receiver
  const auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  const Id aid = a.replica().device_id(), xid = x.replica().device_id();
  for (Store* from : {&a, &x, &r, &c})
    for (Store* to : {&a, &x, &r, &c})
      if (from != to) send(*from, *to, false);
  Entry need = *a.entries().add(make_entry(Kind::need, "milk"));
  for (Store* to : {&x, &r, &c}) send(a, *to, false);
  tick();
  REQUIRE(revoke_device(c, xid, true).ok());
  tick();
  // A changes the item; X, revoked on C but not yet on R, changes it again; R holds X's version
  // and A's as a digest.
  need.item = "rice";
  REQUIRE(a.entries().update(need).ok());
  const uint64_t rice = known_of(a, aid);
  send(a, r, false);
  send(a, x, false);
  tick();
  auto on_x = x.entries().get(need.id);
  REQUIRE(on_x);
  on_x->item = "flour";
  REQUIRE(x.entries().update(*on_x).ok());
  send(x, r, false);
  REQUIRE(item_held_on(r, need.id) == "flour");
  REQUIRE(!gone_digests(r.replica(), TableId::entries, need.id).empty());
  // A's next news, relayed by R.
  tick();
  add(a, sample_offer("soap"));
  send(a, r, false);

  // C takes X's version out (past its cut-off): A's rice write is there only as R's digest.
  auto got = send(r, c, false);
  CHECK(chain_set_aside(got) == 0);
  CHECK(has_item_named(c, "soap"));
  CHECK(item_held_on(c, need.id) == "milk");
  // A's writes are A's (the chain says so), but C does not hold the rice write: A is known up to
  // the number before it, so whoever holds it sends it again.
  CHECK(known_of(c, aid) < rice);

  // A sends it: C takes rice (X's flour stays out), and A is known in full.
  got = send(a, c, true);
  CHECK(chain_set_aside(got) == 0);
  CHECK(item_held_on(c, need.id) == "rice");
  CHECK(known_of(c, aid) == known_of(a, aid));
}

TEST_CASE(
    "a forged digest kept beside the genuine one: the check tries the other, takes the relayed "
    "news, and forgets the forged one") {
  InsiderNet n("abdm");
  introduce({n.a.get(), n.b.get(), n.d.get(), n.m.get()});
  const Id aid = n.a->replica().device_id();
  auto need = add(*n.a, sample_need("insulin"));
  for (Store* s : {n.b.get(), n.d.get(), n.m.get()}) import_ok(*s, bundle_of(*n.a));
  // A marks it met; B opens it again: B keeps A's met write as a digest.
  REQUIRE(n.a->entries().set_status(need.id, Status::met).ok());
  import_ok(*n.b, bundle_of(*n.a));
  REQUIRE(n.b->entries().set_status(need.id, Status::open).ok());
  // (A's creation's status is kept as a digest too: its met write superseded it.)
  auto genuine = status_digests(*n.b, need.id, aid);
  REQUIRE(genuine.size() == 2);
  if (genuine[0].version.seq < genuine[1].version.seq) std::swap(genuine[0], genuine[1]);
  add(*n.a, sample_offer("soap"));  // A's news past the met write
  import_ok(*n.b, bundle_of(*n.a));
  import_ok(*n.m, bundle_of(*n.b));
  // M relays all of it with a forged digest of A's met write beside the genuine one, made to
  // come first (the lower digest is the first choice).
  GoneDigest forged = genuine[0];
  forged.digest.fill(0);
  REQUIRE(forged.digest < genuine[0].digest);
  auto got = import_ok(
      *n.d, reencoded(*n.m, bundle_of(*n.m), [](Row&) { return true; }, {gone_row(forged)}));
  CHECK(chain_set_aside(got) == 0);
  CHECK(has_item_named(*n.d, "soap"));
  CHECK(known_of(*n.d, aid) == known_of(*n.a, aid));
  // The claim refuted the forged digest: D keeps the genuine one only, and passes on no other.
  size_t of_met = 0;
  for (const auto& g : status_digests(*n.d, need.id, aid))
    if (g.version.seq == forged.version.seq) {
      ++of_met;
      CHECK(g.digest == genuine[0].digest);
    }
  CHECK(of_met == 1);
}

TEST_CASE(
    "the choices of a write's fields: a held field is never replaced, each kept digest is tried "
    "once, lowest first, and no more than kWriteChoices choices") {
  const auto digest = [](uint8_t b) {
    Digest d{};
    d.fill(b);
    return d;
  };
  WriteChoices w({{4, digest(0x44)}});
  CHECK(!w.empty());
  CHECK(!w.offer(4, {digest(0x01)}));  // held with the version: its own digest stands
  CHECK(!w.offer(9, {}));
  CHECK(w.offer(18, {digest(0x30), digest(0x10), digest(0x30)}));  // a repeat, and unsorted
  CHECK(!w.offer(18, {digest(0x05)}));                             // offered before
  CHECK(w.offer(2, {digest(0x22)}));
  CHECK(w.offer(7, {digest(0x70), digest(0x71), digest(0x72)}));
  REQUIRE(w.count(100) == 6);  // 2 digests of field 18 times 3 of field 7
  CHECK(w.count(4) == 4);
  // Ascending by field id; choice 0 the lowest of each; field 18 (offered first) varies fastest.
  const FieldDigests first{
      {2, digest(0x22)}, {4, digest(0x44)}, {7, digest(0x70)}, {18, digest(0x10)}};
  CHECK(w.choice(0) == first);
  CHECK(w.choice(1) ==
        FieldDigests{{2, digest(0x22)}, {4, digest(0x44)}, {7, digest(0x70)}, {18, digest(0x30)}});
  CHECK(w.choice(2) ==
        FieldDigests{{2, digest(0x22)}, {4, digest(0x44)}, {7, digest(0x71)}, {18, digest(0x10)}});
  std::set<FieldDigests> all;
  for (size_t k = 0; k < w.count(100); ++k) all.insert(w.choice(k));
  CHECK(all.size() == 6);
  // Ten fields with two digests each: 1,024 choices, bounded.
  WriteChoices many({});
  CHECK(many.empty());
  for (uint16_t f = 1; f <= 10; ++f) many.offer(f, {digest(0x01), digest(0x02)});
  CHECK(many.count(kWriteChoices) == kWriteChoices);
  CHECK(many.count(SIZE_MAX / 2) == 1024);
}

TEST_CASE("a rebuild finds the claim through the second digest of a field, within its folds") {
  // Two digests for one field of A's write 3: the first fold takes the lower (forged), the
  // second the other. One fold is not enough; two are.
  const Id network = Id::random(), origin = Id::random(), row = Id::random();
  const ChainHead from{2, 2, chain_start(network, origin, 2)};
  Digest genuine{}, forged{};
  genuine.fill(0x7f);
  forged.fill(0x01);
  const Digest fixed = fixed_digest({});
  const FieldDigests fields{{18, genuine}};
  const Digest leaf3 =
      write_leaf({{TableId::entries, row,
                   message_digest(version_message(network, origin, 3, TableId::entries, row, fixed,
                                                  fields))}});
  ChainHead want = from;
  want.value = chain_next(want.value, 3, leaf3);
  want.value = chain_next(want.value, 4, write_leaf({}));
  const std::vector<GoneDigests> gone{{TableId::entries, row, 3, {{18, genuine}, {18, forged}}}};
  Row held;
  held.table = TableId::entries;
  held.id = row;
  const auto run = [&](size_t folds) {
    ChainRebuild rebuild(network, origin, from, 4, gone);
    rebuild.add(held);
    return rebuild.find({}, want.value, folds);
  };
  CHECK(!run(1));
  auto found = run(2);
  REQUIRE(found);
  CHECK(found->head.seq == 4);
  REQUIRE(found->refuted.size() == 1);
  CHECK(found->refuted[0].digest == forged);
  CHECK(found->stood_in == 0);
  // And rebuild_chain, the first choice only, gives the forged one's chain.
  CHECK(rebuild_chain(network, origin, from, 4, {held}, gone).value != want.value);
}

TEST_CASE(
    "a forged lost write kept beside the genuine one: the check tries the other, takes the "
    "relayed news, and forgets the forged one") {
  InsiderNet n("abdm");
  introduce({n.a.get(), n.b.get(), n.d.get(), n.m.get()});
  const Id aid = n.a->replica().device_id();
  const Id sheet = Id::random();
  const int64_t t0 = 1'749'000'000'000;
  // One spreadsheet row imported on B (first: it wins) and on A, with another row in A's write.
  REQUIRE(n.b->entries().import({sheet_row(sheet, Kind::need, "rice", t0)}).ok());
  REQUIRE(n.a->entries()
              .import({sheet_row(sheet, Kind::offer, "water", t0 + 5000),
                       sheet_row(Id::random(), Kind::offer, "soap", t0 + 5001)})
              .ok());
  // A's creation loses: A keeps its import's M for the row. Then A's news, relayed by M.
  import_ok(*n.a, bundle_of(*n.b));
  const auto genuine = lost_held(*n.a);
  REQUIRE(genuine.size() == 1);
  REQUIRE(genuine[0].version.origin == aid);
  add(*n.a, sample_offer("blankets"));
  import_ok(*n.m, bundle_of(*n.a));
  // M plants a second M for the same place, made to be read first (its id sorts first).
  LostWrite forged = genuine[0];
  do randombytes_buf(forged.message.data(), forged.message.size());
  while (!(lost_id(forged) < lost_id(genuine[0])));
  auto got = import_ok(
      *n.d, reencoded(*n.m, bundle_of(*n.m), [](Row&) { return true; }, {lost_row(forged)}));
  CHECK(got.lost_dropped == 0);  // both taken: D holds the row, and no field carries A's write
  CHECK(chain_set_aside(got) == 0);
  CHECK(has_item_named(*n.d, "blankets"));
  CHECK(known_of(*n.d, aid) == known_of(*n.a, aid));
  // The claim refuted the forged M: D keeps the genuine one only, and passes on no other.
  const auto kept = lost_held(*n.d);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].message == genuine[0].message);
}

TEST_CASE("every choice a rebuild tries folds the chain that write_leaf makes of that choice") {
  // The folds sort each leaf once and hash again only from the first row a choice changed: each
  // of the 16 choices here (three fields with two digests, at numbers 3 and 5, and a lost row's
  // place with two M at 5, among 40 rows a number) must give the chain made from scratch.
  const Id network = Id::random(), origin = Id::random();
  const ChainHead from{2, 2, chain_start(network, origin, 2)};
  const Digest fixed = fixed_digest({});
  const auto random_digest = [] {
    Digest d{};
    randombytes_buf(d.data(), d.size());
    return d;
  };
  std::map<uint64_t, std::vector<LeafRow>> plain;
  for (uint64_t seq : {3, 5, 6})
    for (int i = 0; i < 40; ++i)
      plain[seq].push_back({TableId::entries, Id::random(), random_digest()});
  struct Doubled {
    uint64_t seq = 0;
    Id row;
    std::array<Digest, 2> digests{};
  };
  std::vector<Doubled> doubled;
  std::vector<GoneDigests> gone;
  // The choice that varies slower sorts first in its leaf (ids 0x40.. before 0xc0..): a fold that
  // changes only the other hashes again from a state the slower one's change must have updated.
  for (uint64_t seq : {3, 3, 5}) {
    Id row = Id::random();
    row.bytes[0] = doubled.size() == 1 ? 0x40 : 0xc0;
    doubled.push_back({seq, row, {random_digest(), random_digest()}});
    const Doubled& x = doubled.back();
    gone.push_back({TableId::entries, x.row, seq, {{18, x.digests[0]}, {18, x.digests[1]}}});
  }
  Id lost_row_id = Id::random();
  lost_row_id.bytes[0] = 0x40;
  const LostLeaf lost0{TableId::entries, lost_row_id, 5, random_digest()};
  const LostLeaf lost1{lost0.table, lost0.row, lost0.seq, random_digest()};
  const auto message_of = [&](const Doubled& x, unsigned k) {
    return message_digest(version_message(network, origin, x.seq, TableId::entries, x.row, fixed,
                                          {{18, x.digests[k]}}));
  };
  for (unsigned bits = 0; bits < 16; ++bits) {
    CAPTURE(bits);
    auto leaves = plain;
    for (unsigned i = 0; i < 3; ++i)
      leaves[doubled[i].seq].push_back(
          {TableId::entries, doubled[i].row, message_of(doubled[i], bits >> i & 1)});
    const LostLeaf& taken = bits & 8 ? lost1 : lost0;
    leaves[5].push_back({taken.table, taken.row, taken.message});
    ChainHead want = from;
    for (uint64_t s = 3; s <= 7; ++s) {  // 4 and 7: empty leaves
      want.value = chain_next(want.value, s, write_leaf(leaves[s]));
      want.seq = s;
    }
    ChainRebuild rebuild(network, origin, from, 7, gone);
    for (const Doubled& x : doubled) {
      Row held;
      held.table = TableId::entries;
      held.id = x.row;
      rebuild.add(held);
    }
    for (const auto& [seq, rows] : plain)
      for (const LeafRow& r : rows) rebuild.add_leaf(seq, r);
    auto found = rebuild.find({lost0, lost1}, want.value, 64);
    REQUIRE(found);
    CHECK(found->head == want);
    REQUIRE(found->refuted.size() == 3);
    for (const auto& r : found->refuted)
      for (unsigned i = 0; i < 3; ++i)
        if (doubled[i].row == r.row) CHECK(r.digest == doubled[i].digests[(bits >> i & 1) ^ 1]);
    REQUIRE(found->refuted_lost.size() == 1);
    CHECK(found->refuted_lost[0].message == (bits & 8 ? lost0 : lost1).message);
  }
}
