// Issue 10 (seed 5926 of the long property test with revocations). A handover is checked
// against the largest quantity its need, offer or match ever held here (core/handover_limits.hpp).
// b hands over 2 on a need of 1, allowed only by an offer of 6 that a device later revoked made
// past its cut-off. c, which heard of the revocation first, never takes that offer, and sets the
// handover aside. When the revocation reaches b, the take-back removes the offer; before, b kept
// the handover, and b and c differed for good. Now the take-back judges the handovers on what it
// touched again: b sets the handover aside too, says so, and keeps its write's digest so that
// every device can still rebuild b's chain.
#include <doctest/doctest.h>

#include <algorithm>

#include "chain_check.hpp"
#include "core/revocation.hpp"
#include "core/set_aside_keys.hpp"
#include "sheet_rows.hpp"
#include "support/clocked_store.hpp"
#include "sync/revocation_filter.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// a revokes m before m makes an offer of 6: the offer is past m's cut-off everywhere. b, which
// has not heard, takes the offer, matches it with its own need of 1, and hands over 2: the limit
// there is the offer's 6 (a bundle may carry such a handover; the app's own screens hand over no
// more than the need still needs). `names`: the devices, a, b and m among them.
struct OverOffer {
  InsiderNet n;
  Store &a, &b, &m;
  Id mid;
  Entry offer, need;
  Id handover;
  explicit OverOffer(std::string_view names) : n(names), a(*n.a), b(*n.b), m(*n.m) {
    std::vector<Store*> all;
    for (Store* s : {n.a.get(), n.b.get(), n.c.get(), n.d.get(), n.m.get()})
      if (s) all.push_back(s);
    introduce(all);
    mid = m.replica().device_id();
    REQUIRE(revoke_device(a, mid, true).ok());
    Entry offer_draft = sample_offer("water");
    offer_draft.quantity = 6;
    offer = add(m, offer_draft);
    Entry need_draft = sample_need("water");
    need_draft.quantity = 1;
    need = add(b, need_draft);
    import_ok(b, bundle_of(m));
    auto match = b.matches().add(need.id, offer.id, 1);
    REQUIRE(match.ok());
    auto h = b.matches().add_handover(match->id, 2);
    REQUIRE(h.ok());
    handover = h->id;
    REQUIRE(b.entries().get(need.id)->status == Status::met);
  }
};

}  // namespace

TEST_CASE(
    "a handover that only a revoked device's offer allowed is set aside where the take-back "
    "removes that offer, as it is where the offer never came") {
  OverOffer o("abcm");
  Store &a = o.a, &b = o.b, &c = *o.n.c;
  const Entry &offer = o.offer, &need = o.need;
  const Id& handover = o.handover;

  // c heard first: m's offer is refused, and the handover is over its limit there (1).
  import_ok(c, bundle_of(a));
  const auto at_c = import_ok(c, bundle_of(b));
  CHECK_FALSE(at_c.refused_revoked.empty());
  REQUIRE(at_c.set_aside.size() == 1);
  CHECK_FALSE(c.replica().read_row(TableId::handovers, handover));

  // The revocation reaches b. The offer goes, and with it what allowed the handover.
  const auto at_b = import_ok(b, bundle_of(a));
  CHECK_FALSE(b.entries().get(offer.id));
  CHECK_FALSE(b.replica().read_row(TableId::handovers, handover));
  REQUIRE(at_b.set_aside.size() == 1);
  CHECK(at_b.set_aside[0].count == 1);
  CHECK(at_b.set_aside[0].reason.find("a handover of 2") != std::string::npos);
  // The need shows what was really handed over: nothing.
  CHECK(b.entries().get(need.id)->status == Status::open);
  // Noted as set aside: a bundle that looks known is read for it, should it fit again.
  const auto keys = set_aside_keys(b.replica());
  CHECK(std::count(keys.begin(), keys.end(), std::make_pair(TableId::handovers, handover)) == 1);
  // b's write stays in its chain as a lost write, which c takes.
  CHECK(lost_rows(b) == 1);
  CHECK(rebuilds_all(b));
  import_ok(c, bundle_of(b));
  CHECK(lost_rows(c) == 1);
  CHECK(rebuilds_all(c));
  CHECK(c.replica().content_hash() == b.replica().content_hash());
  for (Store* s : {&b, &c}) import_ok(a, bundle_of(*s));
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  CHECK(rebuilds_all(a));
}

TEST_CASE(
    "a handover a take-back set aside comes back from a device that still holds it once a "
    "reinstatement gives its offer back") {
  // d took b's handover before anyone heard of the revocation, and keeps it. a reinstates m.
  OverOffer o("abdm");
  Store &a = o.a, &b = o.b, &d = *o.n.d, &m = o.m;
  const Id mid = o.mid;
  const Entry &offer = o.offer, &need = o.need;
  const Id& handover = o.handover;
  import_ok(d, bundle_of(b));
  REQUIRE(d.replica().read_row(TableId::handovers, handover));

  import_ok(b, bundle_of(a));
  REQUIRE_FALSE(b.replica().read_row(TableId::handovers, handover));

  // The reinstatement, then m's own bundle: the offer is back on b.
  REQUIRE(reinstate_device(a, mid).ok());
  import_ok(b, bundle_of(a));
  import_ok(b, bundle_of(m));
  REQUIRE(b.entries().get(offer.id));
  // d's bundle holds nothing b's vector does not count, and is read for the handover, which
  // fits again.
  import_ok(b, bundle_of(d));
  CHECK(b.replica().read_row(TableId::handovers, handover));
  CHECK(lost_rows(b) == 0);
  CHECK(b.entries().get(need.id)->status == Status::met);
  CHECK(rebuilds_all(b));
  import_ok(d, bundle_of(a));
  import_ok(d, bundle_of(b));
  CHECK(d.replica().content_hash() == b.replica().content_hash());
}

TEST_CASE(
    "a revocation made here that takes back a clock past the year 9999 says which handovers it "
    "set aside, as an import does") {
  // m's clock ran past the year 9999 when it offered 6. b holds that offer, matches it with its
  // own need of 1, and hands over 2 (within the offer's 6). Revoking m here takes m's versions
  // back from the first such stamp: the offer goes, and with it what allowed the handover.
  InsiderNet n("ab");
  TestClock m_clock;
  auto m_store = open_store(n.dir.file("m.db"), m_clock);
  join(*m_store, n.net);
  Store &b = *n.b, &m = *m_store;
  introduce({n.a.get(), &b, &m});
  m_clock.now = static_cast<int64_t>(kImpossibleWallMs) + 60'000;
  Entry offer_draft = sample_offer("water");
  offer_draft.quantity = 6;
  const Entry offer = add(m, offer_draft);
  Entry need_draft = sample_need("water");
  need_draft.quantity = 1;
  const Entry need = add(b, need_draft);
  import_ok(b, bundle_of(m));
  auto match = b.matches().add(need.id, offer.id, 1);
  REQUIRE(match.ok());
  auto h = b.matches().add_handover(match->id, 2);
  REQUIRE(h.ok());

  const Id mid = m.replica().device_id();
  Replica::RetractResult taken;
  REQUIRE(revoke_device(b, mid, true, {}, &taken).ok());
  CHECK_FALSE(b.entries().get(offer.id));
  CHECK_FALSE(b.replica().read_row(TableId::handovers, h->id));
  REQUIRE(taken.refused.size() == 1);
  CHECK(taken.refused[0].writer == b.replica().device_id());
  // The words the revoking command and screen show.
  const auto here = revocation_here(b.replica(), mid, taken);
  REQUIRE(here.taken_back.size() == 1);
  CHECK(here.taken_back[0].second >= 1);
  REQUIRE(here.set_aside.size() == 1);
  CHECK(here.set_aside[0].count == 1);
  CHECK(here.set_aside[0].reason.find("a handover of 2") != std::string::npos);
  CHECK(here.set_aside_lines().find("1 record from") != std::string::npos);
}
