// Issue 10, revocation (docs/security.md, "Revocations in a cycle"): two coordinators' tablets
// revoke each other, neither having heard of the other's revocation, so each revocation is past
// the cut-off the other gives its writer. If both stood, each would take back the one that would
// undo it. Before, a device kept whichever it heard first and refused the other for good: the
// network split in two for ever (seeds 1087 and 1381 of the long property test with
// revocations). Now the earlier revocation, by its version's stamp, stands on every device,
// whatever order they heard, even where it reaches a device only in a bundle its revoked writer
// made.
#include <doctest/doctest.h>

#include <string>

#include "core/revocation.hpp"
#include "core/revocation_records.hpp"
#include "insider.hpp"
#include "reread.hpp"
#include "support/network_fixture.hpp"
#include "sync/revocation_filter.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// `from`'s full bundle imported on `to`, refused or not.
SyncFailure deliver(Store& from, Store& to) {
  auto b = build_bundle(from.replica(), {});
  REQUIRE(b.ok());
  SyncFailure why;
  auto r = import_bundle(to.replica(), b->bytes, "test", &why);
  if (!r.ok()) CHECK_MESSAGE(why.problem == SyncProblem::revoked_device, r.error());
  return why;
}

bool revoked_on(Store& s, const Id& device) {
  auto d = s.devices().get(device);
  return d && d->revoked;
}

// `n` devices in one network; the first `adding` each add a need ("from i") and every device
// hears every other twice over; then a minute passes on every clock.
struct Net {
  std::vector<std::unique_ptr<TestDevice>> devices;
  std::vector<Id> needs;
  Net(size_t n, size_t adding) : devices(make_network(n)) {
    for (size_t i = 0; i < adding; ++i)
      needs.push_back(add((*this)(i), sample_need("from " + std::to_string(i))).id);
    for (int round = 0; round < 2; ++round)
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
          if (i != j) deliver((*this)(i), (*this)(j));
    for (auto& dev : devices) dev->wall += 60'000;
  }
  Store& operator()(size_t i) { return *devices[i]->store; }
  Id id(size_t i) { return (*this)(i).replica().device_id(); }
};

// Six devices. p and q revoke each other; `p_first`: p's revocation is the earlier one. Then
// c hears p's first, d hears q's first (from q alone, so p's, when it comes, comes in a bundle
// p made, p being revoked there), and e hears q's first, then p's through c. Last, f, which
// heard of neither, hears from the loser, which by then has heard.
void run(bool p_first) {
  Net store(6, 5);
  auto& net = store.devices;
  constexpr size_t p = 0, q = 1, c = 2, d = 3, e = 4, f = 5;
  const Id pid = store.id(p), qid = store.id(q);
  // Each revokes the other, a second apart, and writes once more afterwards.
  (p_first ? net[q] : net[p])->wall += 1'000;
  REQUIRE(revoke_device(store(p), qid, true).ok());
  REQUIRE(revoke_device(store(q), pid, true).ok());
  add(store(p), sample_need("p after"));
  add(store(q), sample_need("q after"));
  const size_t winner = p_first ? p : q, loser = p_first ? q : p;
  const Id loser_id = p_first ? qid : pid, winner_id = p_first ? pid : qid;

  deliver(store(p), store(c));
  deliver(store(q), store(c));
  deliver(store(q), store(d));
  CHECK(deliver(store(p), store(d)).problem ==
        (p_first ? SyncProblem::none : SyncProblem::revoked_device));
  deliver(store(q), store(e));
  deliver(store(c), store(e));
  for (size_t i : {c, d, e}) {
    CAPTURE(i);
    CHECK(revoked_on(store(i), loser_id));
    CHECK(!revoked_on(store(i), winner_id));
  }
  // The loser's later revocation, in a bundle it made, is refused where the earlier one stands.
  CHECK(deliver(store(loser), store(c)).problem == SyncProblem::revoked_device);

  // Then every device hears every other: the standing ones hold the same, the winner's record
  // written after its revocation included, the loser's not.
  for (int round = 0; round < 3; ++round)
    for (size_t i = 0; i < 5; ++i)
      for (size_t j = 0; j < 5; ++j)
        if (i != j) deliver(store(i), store(j));
  for (size_t i : {winner, c, d, e}) {
    CAPTURE(i);
    CHECK(revoked_on(store(i), loser_id));
    CHECK(!revoked_on(store(i), winner_id));
    CHECK(store(i).replica().content_hash() == store(winner).replica().content_hash());
    CHECK(holds_item(store(i), winner == p ? "p after" : "q after"));
    CHECK(!holds_item(store(i), winner == p ? "q after" : "p after"));
  }
  // The loser learns it is revoked. It keeps its own records, its revocation of the winner among
  // them, but that one, numbered past its own cut-off, is void there too: the winner stands.
  CHECK(revoked_on(store(loser), loser_id));
  CHECK(!revoked_cuts(store(loser).replica()).count(winner_id));
  // A device that first hears from the loser takes the later revocation, until any other
  // device's bundle brings the earlier one.
  deliver(store(loser), store(f));
  CHECK(revoked_on(store(f), loser_id));
  CHECK(!revoked_on(store(f), winner_id));
}

}  // namespace

TEST_CASE("two devices that revoked each other: the earlier revocation stands on every device") {
  SUBCASE("the first device's revocation is the earlier") {
    run(true);
  }
  SUBCASE("the second device's revocation is the earlier") {
    run(false);
  }
}

TEST_CASE(
    "a revoked device cannot win a cycle with a revocation stamped before its own earlier "
    "writes") {
  // q, revoked by p, answers with a revocation of p made by hand (its real keys), stamped just
  // before its own entry that p took: so "earlier" than p's revocation. A device's clock never
  // runs back, so no honest revocation of q's looks like that: it is refused, in q's own bundle
  // too, and p stands.
  Net store(3, 3);
  constexpr size_t p = 0, q = 1, d = 2;
  const Id pid = store.id(p), qid = store.id(q);
  const Id q_entry = store.needs[q];
  REQUIRE(revoke_device(store(p), qid, true).ok());
  deliver(store(p), store(d));
  REQUIRE(revoked_on(store(d), qid));

  REQUIRE(revoke_device(store(q), pid, true).ok());
  const HlcValue before_own =
      store(d).replica().read_row(TableId::entries, q_entry)->stamps[entry_field::item].hlc - 1;
  auto rows = rows_of(store(q), bundle_of(store(q)));
  bool found = false, record = false;
  const Id network = *store(q).replica().signing_network();
  for (Row& r : rows) {
    if (r.table == TableId::devices && r.id == pid) {
      r.stamps[device_field::revoked].hlc = before_own;
      r.stamps[device_field::revoked_cutoff].hlc = before_own;
      found = true;
    }
    // Its revocation record (table 12) too, signed again over the stamp made by hand.
    if (auto f = revocation_record_fields(r); f && f->record.made.origin == qid) {
      RevocationRecord made = f->record;
      made.made.hlc = before_own;
      std::array<uint8_t, 64> sig{};
      REQUIRE(
          store(q).replica().sign_as_device(revocation_record_message(network, made), sig.data()));
      r = revocation_record_row(made, sig);
      record = true;
    }
  }
  REQUIRE(found);
  REQUIRE(record);
  SyncFailure why;
  auto r = import_bundle(store(d).replica(), insider_bundle(store(q), rows), "test", &why);
  CHECK(!r.ok());
  CHECK(why.problem == SyncProblem::revoked_device);
  CHECK(revoked_on(store(d), qid));
  CHECK(!revoked_on(store(d), pid));
}

TEST_CASE("a cycle's earlier revocation stands beside a third device's later revocation") {
  // p and q revoke each other, q first. c hears p's (q revoked there) and then revokes p itself.
  // q's earlier revocation of p, when it reaches c, voids p's revocation of q (past the cut-off
  // q's gives p), and c's own revocation of p stands beside it: q stands again on c, and q's
  // later records get in. (Before revocation records, c's later write of p's flag hid q's
  // revocation there, and q stayed revoked on c alone: seed 677 of the long property test with
  // revocations, then decided so that every device ended alike.)
  Net store(3, 3);
  auto& net = store.devices;
  constexpr size_t p = 0, q = 1, c = 2;
  const Id pid = store.id(p), qid = store.id(q);
  net[p]->wall += 1'000;
  REQUIRE(revoke_device(store(q), pid, true).ok());
  REQUIRE(revoke_device(store(p), qid, true).ok());
  add(store(q), sample_need("q after"));
  deliver(store(p), store(c));
  REQUIRE(revoked_on(store(c), qid));
  net[c]->wall += 5'000;
  REQUIRE(revoke_device(store(c), pid, true).ok());
  CHECK(deliver(store(q), store(c)).problem == SyncProblem::none);
  CHECK(!revoked_on(store(c), qid));
  CHECK(revoked_on(store(c), pid));
  CHECK(holds_item(store(c), "q after"));
}

TEST_CASE("a revocation that undoes one of two revocations of its writer wins no cycle") {
  // a and b both revoke x, with one cut-off, a first. x, not having heard, revokes b, after a's
  // revocation but before b's. Undoing b's would still leave a's, which refuses x's revocation
  // as it refuses x's other records: d, holding both, takes nothing of x's (seed 208 of the long
  // property test with revocations).
  Net store(4, 4);
  auto& net = store.devices;
  constexpr size_t a = 0, b = 1, x = 2, d = 3;
  const Id bid = store.id(b), xid = store.id(x);
  net[x]->wall += 2'000;
  net[b]->wall += 3'000;
  REQUIRE(revoke_device(store(a), xid, true).ok());
  REQUIRE(revoke_device(store(x), bid, true).ok());
  REQUIRE(revoke_device(store(b), xid, true).ok());
  add(store(x), sample_need("x after"));
  deliver(store(a), store(d));
  deliver(store(b), store(d));
  REQUIRE(revoked_on(store(d), xid));
  CHECK(deliver(store(x), store(d)).problem == SyncProblem::revoked_device);
  CHECK(revoked_on(store(d), xid));
  CHECK(!revoked_on(store(d), bid));
  CHECK(!holds_item(store(d), "x after"));
}
