// Issue 10 (docs/security.md, "The handover limit depends on the receiver's data"). A handover is
// checked on import against the largest quantity its need, offer or match ever held here
// (core/handover_limits.hpp), but only once its match is here: one that comes first is taken, as
// nothing can judge it. Before, it was not judged when its match came later, and a device that
// met the match first (and set the handover aside) and one that met it last (and kept it)
// differed for good. Now the import that brings a match, or the need or offer of a match held
// here, judges the handovers already held on it, as if they came with it.
#include <doctest/doctest.h>

#include <algorithm>

#include "chain_check.hpp"
#include "core/revocation.hpp"
#include "core/set_aside_keys.hpp"
#include "core/unjudged_records.hpp"
#include "sheet_rows.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// a revokes m for good, and d until it reinstates it; neither has heard. m offers 6, b needs 1,
// d matches the two for 1, and b, which holds the offer, hands over 2 on that match (within the
// offer's 6 there; a bundle may carry such a handover, as the app's own screens hand over no
// more than the need still needs). On a device that heard of both revocations, the offer and the
// match are refused and the handover comes alone.
struct MatchLate {
  InsiderNet n;
  Store &a, &b, &c, &d, &m;
  Id did;
  Entry need;
  Id match, handover;
  MatchLate() : n("abcdm"), a(*n.a), b(*n.b), c(*n.c), d(*n.d), m(*n.m) {
    introduce({&a, &b, &c, &d, &m});
    did = d.replica().device_id();
    REQUIRE(revoke_device(a, m.replica().device_id(), true).ok());
    REQUIRE(revoke_device(a, did, true).ok());
    Entry offer_draft = sample_offer("water");
    offer_draft.quantity = 6;
    const Entry offer = add(m, offer_draft);
    Entry need_draft = sample_need("water");
    need_draft.quantity = 1;
    need = add(b, need_draft);
    import_ok(d, bundle_of(m));
    import_ok(d, bundle_of(b));
    auto made = d.matches().add(need.id, offer.id, 1);
    REQUIRE(made.ok());
    match = made->id;
    import_ok(b, bundle_of(d));
    auto h = b.matches().add_handover(match, 2);
    REQUIRE(h.ok());
    handover = h->id;
  }
};

}  // namespace

TEST_CASE(
    "a handover that came before its match is judged when the match comes, as it is where the "
    "match came first") {
  MatchLate t;
  Store &a = t.a, &b = t.b, &c = t.c, &d = t.d;

  // c heard of both revocations: the offer and the match are refused, the handover is taken.
  import_ok(c, bundle_of(a));
  import_ok(c, bundle_of(b));
  REQUIRE_FALSE(c.matches().get(t.match));
  REQUIRE(c.replica().read_row(TableId::handovers, t.handover));
  REQUIRE(unjudged_keys(c.replica()).size() == 1);

  // a reinstates d. The match comes to c, through d's own bundle; the offer stays refused. Over
  // the need's and the match's 1, the handover is set aside, and the summary says so.
  REQUIRE(reinstate_device(a, t.did).ok());
  import_ok(c, bundle_of(a));
  const auto at_c = import_ok(c, bundle_of(d));
  REQUIRE(c.matches().get(t.match));
  CHECK_FALSE(c.replica().read_row(TableId::handovers, t.handover));
  REQUIRE(at_c.set_aside.size() == 1);
  CHECK(at_c.set_aside[0].count == 1);
  CHECK(at_c.set_aside[0].reason.find("a handover of 2") != std::string::npos);
  CHECK(c.entries().get(t.need.id)->status != Status::met);
  CHECK(unjudged_keys(c.replica()).empty());
  // Noted as set aside, as on import: a bundle that brings it once it fits is read for it.
  const auto keys = set_aside_keys(c.replica());
  CHECK(std::count(keys.begin(), keys.end(), std::make_pair(TableId::handovers, t.handover)) == 1);
  // b's write stays in b's chain as a lost write.
  CHECK(lost_rows(c) == 1);
  CHECK(rebuilds_all(c));

  // a meets the match first (d's bundle) and the handover last (b's): it sets it aside on
  // import. The two end alike.
  import_ok(a, bundle_of(d));
  const auto at_a = import_ok(a, bundle_of(b));
  CHECK_FALSE(a.replica().read_row(TableId::handovers, t.handover));
  CHECK(at_a.set_aside.size() == 1);
  import_ok(a, bundle_of(c));
  import_ok(c, bundle_of(a));
  CHECK(a.replica().content_hash() == c.replica().content_hash());
  CHECK(rebuilds_all(a));
}

TEST_CASE("a handover that came before its match and fits it is kept when the match comes") {
  // The same, with the offer let in: d's reinstatement comes with m's. The limit is the offer's 6.
  MatchLate t;
  Store &a = t.a, &b = t.b, &c = t.c, &d = t.d, &m = t.m;
  import_ok(c, bundle_of(a));
  import_ok(c, bundle_of(b));
  REQUIRE(c.replica().read_row(TableId::handovers, t.handover));
  REQUIRE(reinstate_device(a, t.did).ok());
  REQUIRE(reinstate_device(a, m.replica().device_id()).ok());
  import_ok(c, bundle_of(a));
  import_ok(c, bundle_of(m));
  const auto at_c = import_ok(c, bundle_of(d));
  REQUIRE(c.matches().get(t.match));
  CHECK(c.replica().read_row(TableId::handovers, t.handover));
  CHECK(at_c.set_aside.empty());
  CHECK(c.entries().get(t.need.id)->status == Status::met);
  CHECK(lost_rows(c) == 0);
  CHECK(unjudged_keys(c.replica()).empty());  // judged, and forgotten
}

TEST_CASE("the keys of handovers taken unjudged are bounded, the oldest forgotten first") {
  TempDir dir;
  auto s = open_store(dir.file("s.db"));
  auto tx = s->replica().transaction();
  std::vector<std::pair<TableId, Id>> keys;
  for (size_t i = 0; i <= kUnjudgedKept; ++i) {
    Id id;
    id.bytes[0] = static_cast<uint8_t>(i & 0xFF);
    id.bytes[1] = static_cast<uint8_t>(i >> 8);
    keys.emplace_back(TableId::handovers, id);
  }
  note_unjudged(s->replica(), {keys.front()});
  note_unjudged(s->replica(), {keys.front()});  // once
  CHECK(unjudged_keys(s->replica()).size() == 1);
  note_unjudged(s->replica(), {keys.begin() + 1, keys.end()});
  const auto kept = unjudged_keys(s->replica());
  CHECK(kept.size() == kUnjudgedKept);
  CHECK(kept.front() == keys[1]);
  CHECK(kept.back() == keys.back());
  // Judging reads each: none of them is held here, so every key is forgotten.
  CHECK(judge_unjudged(s->replica()).empty());
  CHECK(unjudged_keys(s->replica()).empty());
}
