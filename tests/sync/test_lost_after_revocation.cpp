// Issue 10 (seed 425 of the long property test with revocations): the same spreadsheet row
// imported on a device later revoked and on an honest one. The revoked device's creation won
// where both met, so the honest device kept only the digest of its own write (a lost write,
// core/lost_creation.hpp). The revocation takes the winner back and removes the record there.
// The honest write's digest must stay, and travel to devices that never held the record: else
// no device, the writer included, can rebuild the honest device's chain again.
#include <doctest/doctest.h>

#include "chain_check.hpp"
#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "sheet_rows.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool holds_entry(Store& s, const Id& entry) {
  return s.replica().read_row(TableId::entries, entry).has_value();
}

}  // namespace

TEST_CASE(
    "a creation that lost to a revoked device's keeps its write's digest when the winner is taken "
    "back, devices that never held the record take it, and the record itself replaces it") {
  // a: the coordinator's device; m: revoked; b: imports the row too; c: never holds the record
  // until d, which held b's creation all along, brings it.
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.d.get(), n.m.get()});
  const Id mid = n.m->replica().device_id();
  const Id sheet = Id::random();
  const int64_t t0 = 1'749'000'000'000;
  // a revokes m before m's import reaches it: the import is past m's cut-off everywhere.
  REQUIRE(revoke_device(*n.a, mid, true).ok());
  REQUIRE(n.m->entries().import({sheet_row(sheet, Kind::need, "rice", t0)}).ok());
  REQUIRE(n.b->entries().import({sheet_row(sheet, Kind::offer, "water", t0 + 5000)}).ok());
  import_ok(*n.d, bundle_of(*n.b));  // d holds b's creation
  // b meets m's creation before it hears of the revocation: m's was made first, and wins.
  import_ok(*n.b, bundle_of(*n.m));
  REQUIRE(entry_from_row(*n.b->replica().read_row(TableId::entries, sheet)).kind == Kind::need);
  REQUIRE(lost_rows(*n.b) == 1);
  CHECK(rebuilds_all(*n.b));

  // The revocation reaches b: m's creation goes, and with it the record (m wrote every field).
  import_ok(*n.b, bundle_of(*n.a));
  CHECK_FALSE(holds_entry(*n.b, sheet));
  // b's own write's digest stays: b still rebuilds its own chain.
  CHECK(lost_rows(*n.b) == 1);
  CHECK(rebuilds_all(*n.b));

  // c heard of the revocation first, and never held the record: it takes the digest from b.
  import_ok(*n.c, bundle_of(*n.a));
  const auto got = import_ok(*n.c, bundle_of(*n.b));
  CHECK(got.lost_dropped == 0);
  CHECK_FALSE(holds_entry(*n.c, sheet));
  CHECK(lost_rows(*n.c) == 1);
  CHECK(rebuilds_all(*n.c));
  CHECK(n.c->replica().content_hash() == n.b->replica().content_hash());

  // d holds the record with b's write on it, and so refuses the digest. From d, c and b get the
  // record (b its own creation back): it carries the write, and the digest goes there too.
  import_ok(*n.d, bundle_of(*n.a));
  CHECK(import_ok(*n.d, bundle_of(*n.b)).lost_dropped == 1);
  CHECK(lost_rows(*n.d) == 0);
  import_ok(*n.c, bundle_of(*n.d));
  import_ok(*n.b, bundle_of(*n.d));
  for (Store* s : {n.b.get(), n.c.get(), n.d.get()}) {
    CAPTURE(s->replica().device_id().hex());
    REQUIRE(holds_entry(*s, sheet));
    CHECK(entry_from_row(*s->replica().read_row(TableId::entries, sheet)).kind == Kind::offer);
    CHECK(lost_rows(*s) == 0);
    CHECK(rebuilds_all(*s));
    CHECK(s->replica().content_hash() == n.d->replica().content_hash());
  }
  import_ok(*n.a, bundle_of(*n.c));
  CHECK(n.a->replica().content_hash() == n.d->replica().content_hash());
  CHECK(rebuilds_all(*n.a));
}

TEST_CASE(
    "a creation met first only through its lost write, then whole, leaves no lost write it "
    "carries (seed 709 of the long property test with revocations)") {
  // One spreadsheet row imported on m (first: it wins), b and c. d meets all three; a revoked m
  // before, and meets c's creation, then d's lost write of b's, then b's creation.
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.d.get(), n.m.get()});
  const Id sheet = Id::random();
  const int64_t t0 = 1'749'000'000'000;
  REQUIRE(revoke_device(*n.a, n.m->replica().device_id(), true).ok());
  REQUIRE(n.m->entries().import({sheet_row(sheet, Kind::need, "rice", t0)}).ok());
  REQUIRE(n.b->entries().import({sheet_row(sheet, Kind::offer, "water", t0 + 1000)}).ok());
  REQUIRE(n.c->entries().import({sheet_row(sheet, Kind::offer, "tent", t0 + 2000)}).ok());
  for (Store* s : {n.m.get(), n.b.get(), n.c.get()}) import_ok(*n.d, bundle_of(*s));
  REQUIRE(lost_rows(*n.d) == 2);  // b's write and c's
  import_ok(*n.a, bundle_of(*n.c));
  import_ok(*n.a, bundle_of(*n.d));  // m's creation refused; b's lost write taken
  REQUIRE(lost_rows(*n.a) == 1);
  add(*n.b, sample_offer("soap"));   // news from b
  import_ok(*n.a, bundle_of(*n.b));  // b's creation wins over c's here
  CHECK(entry_from_row(*n.a->replica().read_row(TableId::entries, sheet)).item == "water");
  CHECK(lost_rows(*n.a) == 1);  // c's write only: the record carries b's
  CHECK(rebuilds_all(*n.a));
  // b, which held its creation all along, ends the same.
  for (Store* s : {n.a.get(), n.c.get(), n.d.get()}) import_ok(*n.b, bundle_of(*s));
  CHECK(lost_rows(*n.b) == 1);
  CHECK(n.b->replica().content_hash() == n.a->replica().content_hash());
}

TEST_CASE(
    "a lost write goes where the record, given back at an older version by a reinstatement, then "
    "takes that write") {
  // Seed 4323 of the long property test with revocations. m creates a need and b edits it; c
  // holds both, then hears a's revocation of m (which never reached a's tablet before): the need
  // goes there, and b's edit is kept as a lost write. c reinstates m, and m's own bundle gives
  // the need back at m's version. m takes the lost write from c (its need does not carry b's
  // edit yet), then b's edit itself: the lost write must go, as it would not have been taken had
  // the edit come first. Before, m kept it, and differed from b for good.
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.d.get(), n.m.get()});
  const Id mid = n.m->replica().device_id();
  const Entry need = add(*n.m, sample_need("rice"));
  import_ok(*n.b, bundle_of(*n.m));
  auto edited = n.b->entries().get(need.id);
  REQUIRE(edited);
  edited->item = "brown rice";
  REQUIRE(n.b->entries().update(*edited).ok());
  import_ok(*n.c, bundle_of(*n.b));
  REQUIRE(n.c->entries().get(need.id)->item == "brown rice");

  REQUIRE(revoke_device(*n.a, mid, true).ok());  // a never held the need: it is past the cut-off
  import_ok(*n.c, bundle_of(*n.a));
  REQUIRE_FALSE(holds_entry(*n.c, need.id));
  REQUIRE(lost_rows(*n.c) == 1);

  REQUIRE(reinstate_device(*n.c, mid).ok());
  import_ok(*n.c, bundle_of(*n.m));
  REQUIRE(n.c->entries().get(need.id)->item == "rice");
  CHECK(lost_rows(*n.c) == 1);  // the need does not carry b's edit

  import_ok(*n.m, bundle_of(*n.c));
  REQUIRE(lost_rows(*n.m) == 1);
  // c's bundle made m's vector count b's edit, which m holds only as the lost write: b's bundle,
  // with nothing newer, looks known. It is read for the need, which it would change.
  REQUIRE(known_of(*n.m, n.b->replica().device_id()) >= known_of(*n.b, n.b->replica().device_id()));
  import_ok(*n.m, bundle_of(*n.b));
  CHECK(n.m->entries().get(need.id)->item == "brown rice");
  CHECK(lost_rows(*n.m) == 0);
  import_ok(*n.c, bundle_of(*n.b));
  CHECK(lost_rows(*n.c) == 0);
  import_ok(*n.b, bundle_of(*n.c));
  for (Store* s : {n.b.get(), n.c.get(), n.m.get()}) {
    CHECK(rebuilds_all(*s));
    CHECK(s->replica().content_hash() == n.b->replica().content_hash());
  }
}

TEST_CASE(
    "a take-back that gives a record back the version a lost write names forgets that lost "
    "write") {
  // m makes a need; d changes its quantity; m changes it again, over d's (kept aside on b). a
  // revoked m below the need, then met d's change, and kept it as a lost write; it reinstates
  // m, and b takes that lost write from a, since its record carries m's change. c, which knew
  // the need but not m's change, revokes m last: m's change is taken back, and b's quantity goes
  // back to d's. The lost write stayed, and b alone then held it (seed 6433 of the long
  // property test with revocations: two devices held it and two did not, for good).
  InsiderNet n("abcdm");
  Store &a = *n.a, &b = *n.b, &c = *n.c, &d = *n.d, &m = *n.m;
  introduce({&a, &b, &c, &d, &m});
  const Id mid = m.replica().device_id();
  const Entry need = add(m, sample_need("rice"));
  import_ok(d, bundle_of(m));
  import_ok(c, bundle_of(m));  // c knows the need: its cut-off will let it stand
  Entry at_d = *d.entries().get(need.id);
  at_d.quantity = 7;
  REQUIRE(d.entries().update(at_d).ok());

  REQUIRE(revoke_device(a, mid).ok());  // a never held the need: it is past this cut-off
  import_ok(a, bundle_of(d));
  REQUIRE_FALSE(holds_entry(a, need.id));
  REQUIRE(lost_rows(a) == 1);  // d's change, on a record whose creation a refused

  import_ok(b, bundle_of(d));
  import_ok(m, bundle_of(d));
  Entry at_m = *m.entries().get(need.id);
  at_m.quantity = 9;
  REQUIRE(m.entries().update(at_m).ok());
  import_ok(b, bundle_of(m));  // m's change; d's kept aside under it
  REQUIRE(b.entries().get(need.id)->quantity == 9);

  REQUIRE(reinstate_device(a, mid).ok());
  import_ok(b, bundle_of(a));
  REQUIRE_FALSE(b.devices().get(mid)->revoked);
  REQUIRE(lost_rows(b) == 1);  // b's record does not carry d's change: it fits

  import_ok(c, bundle_of(a));  // c hears of the reinstatement, so its revocation is the later
  REQUIRE(revoke_device(c, mid).ok());
  import_ok(b, bundle_of(c));
  REQUIRE(b.devices().get(mid)->revoked);
  CHECK(b.entries().get(need.id)->quantity == 7);
  CHECK(lost_rows(b) == 0);
  CHECK(rebuilds_all(b));

  // d, which never kept the lost write, ends holding what b holds.
  import_ok(d, bundle_of(c));
  import_ok(d, bundle_of(b));
  import_ok(b, bundle_of(d));
  CHECK(lost_rows(d) == 0);
  CHECK(d.replica().content_hash() == b.replica().content_hash());
}
