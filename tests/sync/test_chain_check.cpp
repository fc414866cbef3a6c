// Issue 10, signed versions step 3 (docs/security.md, "Signed versions", "Built: step 3"): the
// chain check on import. A relayed device's versions are taken only as far as its signed chain
// (the SEQ-2 claim) confirms them, rebuilt from what the receiver holds after the merge; the rest
// of the bundle is taken. An insider (a member with its own real keys) changing a need "as A" is
// set aside, naming the sender; A's genuine changes pass, whichever way they travel.
#include <doctest/doctest.h>

#include "core/revocation.hpp"
#include "core/superseded.hpp"
#include "core/version_sig.hpp"
#include "sync/relayed_chains.hpp"

#include "chain_check.hpp"
#include "insider.hpp"
#include "reread.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct Net : InsiderNet {
  // c, d: honest relays and receivers; m: a member turned insider. `older`: the devices whose
  // database an older Mutua made (A's, for a chain base above 0).
  explicit Net(std::string_view older = "") : InsiderNet("abcdm", older) {
    introduce({a.get(), b.get(), c.get(), d.get(), m.get()});
    need = add(*a, sample_need("insulin"));
    for (auto* s : {b.get(), c.get(), d.get(), m.get()}) import_ok(*s, bundle_of(*a));
  }
  Id a_id() const { return a->replica().device_id(); }
  Entry need;
};

std::string item_of(Store& s, const Id& id) {
  auto e = s.entries().get(id);
  REQUIRE(e);
  return e->item;
}

// A bundle from the insider carrying only `row`, its header covering A one past A's real number
// (else it would be skipped as already known).
std::string lie_of(Store& m, const Row& row, const Id& a, uint64_t a_real) {
  return insider_bundle(m, {row}, [&](BundleHeader& h) { h.covers[a] = a_real + 1; });
}

size_t unconfirmed(const ImportSummary& s, const std::string& from) {
  size_t n = 0;
  for (const auto& a : s.set_aside)
    if (a.reason == kChainNotConfirmed) {
      CHECK(a.from == from);
      n += a.count;
    }
  return n;
}

// How `receiver` names `sender` (its name, or its short id).
std::string name_on(const Store& receiver, const Store& sender) {
  const Id id = sender.replica().device_id();
  auto d = receiver.replica().device(id);
  return d && !d->name.empty() ? d->name : id.hex().substr(0, 8);
}

// The number of the write that created `need` on A: below every claim of A the others hold.
uint64_t creation_seq(Store& s, const Id& need) {
  auto row = s.replica().read_row(TableId::entries, need);
  REQUIRE(row);
  return row->stamps[entry_field::item].seq;
}

}  // namespace

TEST_CASE("a need changed as another device with a new number is set aside, naming the sender") {
  Net n;
  const uint64_t a_real = known_of(*n.a, n.a_id());
  const auto lie =
      lie_of(*n.m, item_changed_as(*n.m, n.a_id(), n.need.id, a_real + 1), n.a_id(), a_real);
  // Directly.
  auto got = import_ok(*n.b, lie);
  CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 1);
  CHECK(got.line().find("set aside: " + std::string(kChainNotConfirmed)) != std::string::npos);
  CHECK(item_of(*n.b, n.need.id) == "insulin");
  CHECK(known_of(*n.b, n.a_id()) == a_real);
  // Through an honest relay: it sets it aside too, so passes nothing on.
  CHECK(unconfirmed(import_ok(*n.c, lie), name_on(*n.c, *n.m)) == 1);
  import_ok(*n.d, bundle_of(*n.c));
  CHECK(item_of(*n.d, n.need.id) == "insulin");
  // Through a relay that takes it unchecked (the check switched off, as on an older Mutua): the
  // receiver sets it aside, naming the relay.
  n.m->replica().local_set(kChainCheckKey, "off");
  import_ok(*n.m, lie);
  REQUIRE(item_of(*n.m, n.need.id) == "bleach");
  add(*n.m, sample_offer("soap"));  // news of its own: not skipped as already known
  // (This version holds back versions past the claim it holds; an older one sends them.)
  got = import_ok(*n.d, as_older_relay(*n.m, bundle_of(*n.m), {{TableId::entries, n.need.id}}));
  CHECK(unconfirmed(got, name_on(*n.d, *n.m)) >= 1);
  CHECK(item_of(*n.d, n.need.id) == "insulin");
  CHECK(known_of(*n.d, n.a_id()) == a_real);
  // A's own later change still arrives: nothing of A was made to look known.
  REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
  import_ok(*n.c, bundle_of(*n.a));
  got = import_ok(*n.d, bundle_of(*n.c));
  CHECK(unconfirmed(got, name_on(*n.d, *n.c)) == 0);
  CHECK(n.d->entries().get(n.need.id)->status == Status::met);
  CHECK(known_of(*n.d, n.a_id()) == known_of(*n.a, n.a_id()));
}

TEST_CASE("a need changed as another device with an old number is set aside, naming the sender") {
  Net n;
  const uint64_t a_real = known_of(*n.a, n.a_id());
  const uint64_t old = creation_seq(*n.a, n.need.id);
  REQUIRE(old < a_real);
  const auto lie = lie_of(*n.m, item_changed_as(*n.m, n.a_id(), n.need.id, old), n.a_id(), a_real);
  auto got = import_ok(*n.b, lie);
  CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 1);
  CHECK(item_of(*n.b, n.need.id) == "insulin");
  CHECK(known_of(*n.b, n.a_id()) == a_real);
  // Through a relay that takes it unchecked.
  n.c->replica().local_set(kChainCheckKey, "off");
  import_ok(*n.c, lie);
  REQUIRE(item_of(*n.c, n.need.id) == "bleach");
  add(*n.c, sample_offer("soap"));  // news of its own: not skipped as already known
  got = import_ok(*n.d, bundle_of(*n.c));
  CHECK(unconfirmed(got, name_on(*n.d, *n.c)) >= 1);
  CHECK(item_of(*n.d, n.need.id) == "insulin");
  // B goes on checking A from where it stands: A's next change, relayed, is taken.
  REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
  import_ok(*n.d, bundle_of(*n.a));
  CHECK(unconfirmed(import_ok(*n.b, bundle_of(*n.d)), name_on(*n.b, *n.d)) == 0);
  CHECK(n.b->entries().get(n.need.id)->status == Status::met);
  CHECK(known_of(*n.b, n.a_id()) == known_of(*n.a, n.a_id()));
}

TEST_CASE(
    "a need changed as another device with a number at or below its chain's base is set aside "
    "where that device is known") {
  Net n("a");  // A updated from an older Mutua: its chain starts above 0
  const uint64_t a_real = known_of(*n.a, n.a_id());
  // Writes up to the base are unsigned: no chain covers them.
  const uint64_t base = claim2_of(*n.b, n.a_id()).claim.base;
  REQUIRE(base >= 1);
  REQUIRE(base < creation_seq(*n.a, n.need.id));
  const auto lie = lie_of(*n.m, item_changed_as(*n.m, n.a_id(), n.need.id, base), n.a_id(), a_real);
  auto got = import_ok(*n.b, lie);
  CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 1);
  CHECK(item_of(*n.b, n.need.id) == "insulin");
  CHECK(known_of(*n.b, n.a_id()) == a_real);
  // Relayed by a device with the check off: set aside, naming the relay; its own news is taken.
  n.c->replica().local_set(kChainCheckKey, "off");
  import_ok(*n.c, lie);
  REQUIRE(item_of(*n.c, n.need.id) == "bleach");
  const auto soap = add(*n.c, sample_offer("soap"));
  got = import_ok(*n.d, bundle_of(*n.c));
  CHECK(unconfirmed(got, name_on(*n.d, *n.c)) >= 1);
  CHECK(item_of(*n.d, n.need.id) == "insulin");
  CHECK(n.d->entries().get(soap.id));
}

TEST_CASE("with the check switched off, a change as another device is taken, as before") {
  Net n;
  const uint64_t a_real = known_of(*n.a, n.a_id());
  n.b->replica().local_set(kChainCheckKey, "off");
  auto got = import_ok(
      *n.b, lie_of(*n.m, item_changed_as(*n.m, n.a_id(), n.need.id, a_real + 1), n.a_id(), a_real));
  CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 0);
  CHECK(item_of(*n.b, n.need.id) == "bleach");
}

TEST_CASE(
    "a device's genuine changes pass the check in full, in a delta, through an older relay "
    "and through two relays") {
  Net n;
  // A changes its need twice; B then supersedes A's last change (so it travels as a digest).
  REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
  auto other = add(*n.a, sample_need("rice"));
  import_ok(*n.b, bundle_of(*n.a));
  REQUIRE(n.b->entries().set_status(n.need.id, Status::open).ok());
  const uint64_t a_now = known_of(*n.a, n.a_id());

  SUBCASE("in full, through one relay") {
    auto got = import_ok(*n.d, bundle_of(*n.b));
    CHECK(unconfirmed(got, name_on(*n.d, *n.b)) == 0);
    CHECK(known_of(*n.d, n.a_id()) == a_now);
    CHECK(n.d->replica().chain_head(n.a_id())->head.seq == a_now);
  }
  SUBCASE("in a delta for the receiver") {
    auto delta = build_bundle(n.b->replica(), n.d->replica().version_vector());
    REQUIRE(delta.ok());
    auto got = import_ok(*n.d, delta->bytes);
    CHECK(unconfirmed(got, name_on(*n.d, *n.b)) == 0);
    CHECK(known_of(*n.d, n.a_id()) == a_now);
  }
  SUBCASE("re-encoded by an older relay (layout 3.0, rows as decoded)") {
    auto got = import_ok(*n.d, reencoded(*n.b, bundle_of(*n.b), [](Row&) { return true; }));
    CHECK(unconfirmed(got, name_on(*n.d, *n.b)) == 0);
    CHECK(known_of(*n.d, n.a_id()) == a_now);
  }
  SUBCASE("through two relays") {
    import_ok(*n.c, bundle_of(*n.b));
    auto got = import_ok(*n.d, bundle_of(*n.c));
    CHECK(unconfirmed(got, name_on(*n.d, *n.c)) == 0);
    CHECK(known_of(*n.d, n.a_id()) == a_now);
  }
  CHECK(n.d->entries().get(other.id));
  CHECK(n.d->entries().get(n.need.id)->status == Status::open);
  CHECK(n.d->replica().content_hash() == n.b->replica().content_hash());
}

TEST_CASE("leaving out a write of another device no longer raises the vector for it") {
  Net n;
  const uint64_t before = known_of(*n.d, n.a_id());
  // A writes two needs, in two commits; the insider holds both.
  auto first = add(*n.a, sample_need("rice"));
  auto second = add(*n.a, sample_need("flour"));
  import_ok(*n.m, bundle_of(*n.a));
  // It relays A's claim and the second need, and leaves out the first.
  auto o = open_own(*n.m);
  std::vector<Row> rows;
  for (const auto& r : rows_of(*n.m, bundle_of(*n.m)))
    if (!(r.table == TableId::entries && r.id == first.id)) rows.push_back(r);
  auto got = import_ok(
      *n.d, insider_bundle(*n.m, rows, [&](BundleHeader& h) { h.covers = o.header.covers; }));
  CHECK(unconfirmed(got, name_on(*n.d, *n.m)) >= 1);
  // Neither need is taken, and the vector for A stays where it was checked.
  CHECK_FALSE(n.d->entries().get(second.id));
  CHECK(known_of(*n.d, n.a_id()) == before);
  // So a genuine bundle from a relay brings both.
  import_ok(*n.c, bundle_of(*n.a));
  got = import_ok(*n.d, bundle_of(*n.c));
  CHECK(unconfirmed(got, name_on(*n.d, *n.c)) == 0);
  CHECK(n.d->entries().get(first.id));
  CHECK(n.d->entries().get(second.id));
  CHECK(known_of(*n.d, n.a_id()) == known_of(*n.a, n.a_id()));
}

TEST_CASE(
    "a history line of another device not held yet, stamped with a number at or below its "
    "chain's base, is set aside where that device is known, and the genuine line still comes") {
  for (int other_facts = 0; other_facts < 2; ++other_facts) {
    CAPTURE(other_facts);
    Net n("a");  // A updated from an older Mutua: its chain starts above 0
    REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
    const Row genuine = newest_line(*n.a, n.need.id);
    const uint64_t base = claim2_of(*n.b, n.a_id()).claim.base;
    REQUIRE(base >= 1);
    REQUIRE(genuine.stamps.at(0).seq > base);
    // The insider saw the line before B did, and sends B a copy as A's with an old number:
    // the same facts (the id fits them), or other ones.
    import_ok(*n.m, bundle_of(*n.a));
    Row copy = genuine;
    if (other_facts) copy.fixed[event_fixed::after_number] = int64_t(Status::cancelled);
    copy.stamps.at(0).seq = base;
    auto got = import_ok(*n.b, lie_of(*n.m, copy, n.a_id(), known_of(*n.a, n.a_id())));
    CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 1);
    CHECK_FALSE(n.b->replica().read_row(TableId::events, genuine.id));
    // A's genuine line, relayed by C, is taken whole, and B knows A in full.
    import_ok(*n.c, bundle_of(*n.a));
    got = import_ok(*n.b, bundle_of(*n.c));
    CHECK(unconfirmed(got, name_on(*n.b, *n.c)) == 0);
    auto held = n.b->replica().read_row(TableId::events, genuine.id);
    REQUIRE(held);
    CHECK(held->fixed == genuine.fixed);
    CHECK(held->stamps == genuine.stamps);
    CHECK(known_of(*n.b, n.a_id()) == known_of(*n.a, n.a_id()));
  }
}

TEST_CASE(
    "a copy of another device's history line under the insider's own version loses to the "
    "line's own version, and neither device's relayed news is set aside") {
  for (int order = 0; order < 2; ++order) {
    CAPTURE(order);
    Net n;
    REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
    const Row genuine = newest_line(*n.a, n.need.id);
    // The insider, shown the line, writes the same facts under the same id as its own write
    // (in its chain, signed: as a Mutua changed to do so would).
    const Id m_id = n.m->replica().device_id();
    {
      auto tx = n.m->replica().transaction();
      REQUIRE(n.m->replica().write(TableId::events, genuine.id, &genuine.fixed, {}).ok());
      tx.commit();
    }
    const std::string hostile = bundle_of(*n.m);
    import_ok(*n.c, bundle_of(*n.a));
    const std::string relayed = bundle_of(*n.c);
    // B hears the copy first (order 0) or A's line first (order 1).
    auto got = import_ok(*n.b, order ? relayed : hostile);
    CHECK(unconfirmed(got, name_on(*n.b, order ? *n.c : *n.m)) == 0);
    got = import_ok(*n.b, order ? hostile : relayed);
    CHECK(unconfirmed(got, name_on(*n.b, order ? *n.m : *n.c)) == 0);
    auto held = n.b->replica().read_row(TableId::events, genuine.id);
    REQUIRE(held);
    CHECK(held->stamps == genuine.stamps);
    CHECK(known_of(*n.b, n.a_id()) == known_of(*n.a, n.a_id()));
    // A's next change, and the insider's own news, relayed by D, pass the check on B: the
    // insider's chain covers the copy, kept as a lost write.
    REQUIRE(n.a->entries().set_status(n.need.id, Status::open).ok());
    import_ok(*n.d, bundle_of(*n.a));
    add(*n.m, sample_offer("soap"));
    import_ok(*n.d, bundle_of(*n.m));
    got = import_ok(*n.b, bundle_of(*n.d));
    CHECK(unconfirmed(got, name_on(*n.b, *n.d)) == 0);
    CHECK(known_of(*n.b, n.a_id()) == known_of(*n.a, n.a_id()));
    CHECK(known_of(*n.b, m_id) == known_of(*n.m, m_id));
    CHECK(n.b->entries().get(n.need.id)->status == Status::open);
    CHECK(n.b->replica().content_hash() == n.d->replica().content_hash());
  }
}

TEST_CASE(
    "a need as another device, not held yet and numbered at or below its chain's base, is set "
    "aside by a device that never took anything back") {
  Net n("a");  // A updated from an older Mutua: its chain starts above 0
  const uint64_t base = claim2_of(*n.b, n.a_id()).claim.base;
  const uint64_t a_real = known_of(*n.a, n.a_id());
  REQUIRE(base >= 1);
  REQUIRE_FALSE(n.b->replica().took_back());
  // A need B does not hold, "written by A" with an old number.
  auto fake = add(*n.m, sample_need("bleach"));
  auto row = n.m->replica().read_row(TableId::entries, fake.id);
  REQUIRE(row);
  Row as_a = *row;
  for (Stamp& s : as_a.stamps)
    if (s.hlc != 0) s = Stamp{s.hlc, n.a_id(), base, 0};
  auto got = import_ok(*n.b, lie_of(*n.m, as_a, n.a_id(), a_real));
  CHECK(unconfirmed(got, name_on(*n.b, *n.m)) == 1);
  CHECK_FALSE(n.b->entries().get(fake.id));
  CHECK(known_of(*n.b, n.a_id()) == a_real);
}

TEST_CASE(
    "digests of a device's writes on a record the receiver does not hold, a device's record, "
    "stand in for them: its chain is confirmed") {
  // Seed 4381 of the long property test with revocations: a relay sent another device's
  // superseded revocation of a revoked device as digests, and the receiver cut that revoked
  // device's own record whole (no claim of it held). With no record to read back, the digests
  // stood for nothing, and the revoker's honest chain was "not confirmed".
  Net n;
  const Id b_id = n.b->replica().device_id();
  const Id c_id = n.c->replica().device_id();
  // B revokes C (a write on C's record), then writes again.
  REQUIRE(revoke_device(*n.b, c_id).ok());
  const auto soap = add(*n.b, sample_offer("soap"));
  import_ok(*n.m, bundle_of(*n.b));
  // What the relay sends a device that joins now: everything it holds but C's record, and the
  // digests of B's revocation of it.
  const auto on_m = n.m->replica().read_row(TableId::devices, c_id);
  REQUIRE(on_m);
  const size_t flag = device_field::revoked;
  const Stamp revocation = on_m->stamps[flag];
  REQUIRE(revocation.origin == b_id);
  std::vector<Row> extra;
  for (const auto& [field, digest] : held_digests(*on_m, b_id, revocation.seq))
    extra.push_back(gone_row({TableId::devices, c_id, field, revocation, digest}));
  REQUIRE(extra.size() == 2);  // the flag and the cut-off
  const auto relayed = reencoded(
      *n.m, bundle_of(*n.m), [&](Row& r) { return !(r.table == TableId::devices && r.id == c_id); },
      extra);
  auto e = open_store(n.dir.file("e.db"));
  join(*e, n.net);
  auto got = import_ok(*e, relayed);
  CHECK(unconfirmed(got, name_on(*e, *n.m)) == 0);
  CHECK(got.set_aside.empty());
  // B's writes after the revocation are B's: taken.
  CHECK(e->entries().get(soap.id));
  // Known only up to before the write the digests stood in for (not held here).
  CHECK(known_of(*e, b_id) == revocation.seq - 1);
}
