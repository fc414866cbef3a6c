// Issue 10 (seed 1363 of the long property test with revocations): a device later revoked
// creates a record past its cut-off, and an honest device changes that record before it hears
// of the revocation. The take-back removed only the revoked device's versions, so the honest
// device kept a record with every other field empty: no category, no item, shown blank and
// refused on every later edit ("unknown category ''"), and passed on as such. Now a record whose
// creation is taken back goes whole, on every path, and the honest device's writes on it are
// kept as lost writes (core/lost_creation.hpp), so its chain still rebuilds.
#include <doctest/doctest.h>

#include "chain_check.hpp"
#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "sheet_rows.hpp"
#include "sync/sync_words.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool holds_entry(Store& s, const Id& entry) {
  return s.replica().read_row(TableId::entries, entry).has_value();
}

// Every entry `s` lists can be edited again, as a volunteer would: none is half a record.
void every_entry_editable(Store& s) {
  for (auto e : s.entries().list(EntryQuery{}, 1000).entries) {
    CAPTURE(e.id.hex());
    e.quantity += 1;
    auto r = s.entries().update(e);
    CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  }
}

// a: the coordinator's device, which revokes m; m: creates the record past its cut-off; b: changes
// it before it hears. `first_field`: b changes the category (the record's first field, which
// carries its creation) instead of the quantity.
void run(bool first_field) {
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.d.get(), n.m.get()});
  const Id mid = n.m->replica().device_id();
  REQUIRE(revoke_device(*n.a, mid, true).ok());
  const Entry made = add(*n.m, sample_need("blankets"));
  // b and d take m's record before they hear of the revocation; b changes it.
  import_ok(*n.b, bundle_of(*n.m));
  import_ok(*n.d, bundle_of(*n.m));
  Entry e = *n.b->entries().get(made.id);
  if (first_field)
    e.category = "shelter";
  else
    e.quantity = 9;
  REQUIRE(n.b->entries().update(e).ok());
  const std::string before_b_heard = bundle_of(*n.b);
  REQUIRE(lost_rows(*n.b) == 0);

  // The revocation reaches b: the record goes whole, and b's change stays as its lost write.
  // The summary says why it went.
  const auto heard = import_ok(*n.b, bundle_of(*n.a));
  CHECK(heard.line().find("; changes of revoked device '" +
                          sync_words::device_word(n.b->replica(), mid) +
                          "' to 1 record were taken back") != std::string::npos);
  CHECK_FALSE(holds_entry(*n.b, made.id));
  CHECK(lost_rows(*n.b) == 1);
  CHECK(rebuilds_all(*n.b));
  every_entry_editable(*n.b);

  // c heard first, then gets b's bundle from before b heard: m's creation is refused there, and
  // the record is not taken half; b's change is kept as the same lost write.
  import_ok(*n.c, bundle_of(*n.a));
  import_ok(*n.c, before_b_heard);
  CHECK_FALSE(holds_entry(*n.c, made.id));
  CHECK(lost_rows(*n.c) == 1);
  CHECK(rebuilds_all(*n.c));
  every_entry_editable(*n.c);
  import_ok(*n.c, bundle_of(*n.b));
  CHECK(n.c->replica().content_hash() == n.b->replica().content_hash());

  // d held m's record and takes b's change, then hears: the same end.
  import_ok(*n.d, before_b_heard);
  REQUIRE(holds_entry(*n.d, made.id));
  import_ok(*n.d, bundle_of(*n.a));
  CHECK_FALSE(holds_entry(*n.d, made.id));
  CHECK(lost_rows(*n.d) == 1);
  import_ok(*n.d, bundle_of(*n.b));
  CHECK(n.d->replica().content_hash() == n.b->replica().content_hash());
  CHECK(rebuilds_all(*n.d));
  import_ok(*n.a, bundle_of(*n.d));
  CHECK(n.a->replica().content_hash() == n.b->replica().content_hash());
  CHECK(rebuilds_all(*n.a));

  // m is reinstated: its record comes back as m made it. b's change does not: it was made on a
  // record refused at the time, and only its digest was kept (docs/security.md says so).
  REQUIRE(reinstate_device(*n.a, mid).ok());
  import_ok(*n.b, bundle_of(*n.a));
  import_ok(*n.b, bundle_of(*n.m));
  REQUIRE(holds_entry(*n.b, made.id));
  const Entry back = *n.b->entries().get(made.id);
  CHECK(back.category == "food");
  CHECK(back.quantity == made.quantity);
  CHECK(rebuilds_all(*n.b));
  every_entry_editable(*n.b);
  // Those still revoking m when a bundle starts take its records on the next (as for any
  // reinstatement: docs/security.md, "Reinstatement").
  for (int round = 0; round < 2; ++round)
    for (Store* s : {n.a.get(), n.c.get(), n.d.get(), n.m.get()}) import_ok(*s, bundle_of(*n.b));
  for (Store* s : {n.a.get(), n.c.get(), n.d.get()}) {
    REQUIRE(holds_entry(*s, made.id));
    CHECK(s->replica().content_hash() == n.b->replica().content_hash());
    CHECK(rebuilds_all(*s));
  }
}

}  // namespace

TEST_CASE(
    "a record a revoked device created past its cut-off goes whole where another device had "
    "changed it, and that change stays as a lost write") {
  run(false);
}

TEST_CASE("the same when the change was to the record's first field, which carries its creation") {
  run(true);
}

TEST_CASE(
    "a record a revoked device created before its cut-off keeps another device's change when a "
    "later change of the revoked device's is taken back") {
  InsiderNet n("abm");
  introduce({n.a.get(), n.b.get(), n.m.get()});
  const Id mid = n.m->replica().device_id();
  const Entry made = add(*n.m, sample_need("blankets"));
  import_ok(*n.a, bundle_of(*n.m));
  import_ok(*n.b, bundle_of(*n.m));
  REQUIRE(revoke_device(*n.a, mid, true).ok());  // accepted m's creation
  edit_item(*n.m, made.id, "stolen");            // past the cut-off
  import_ok(*n.b, bundle_of(*n.m));
  Entry e = *n.b->entries().get(made.id);
  e.quantity = 9;
  REQUIRE(n.b->entries().update(e).ok());
  const auto heard = import_ok(*n.b, bundle_of(*n.a));
  // The entry, and the line of its history that told of m's change.
  CHECK(heard.line().find("; changes of revoked device '" +
                          sync_words::device_word(n.b->replica(), mid) +
                          "' to 2 records were taken back") != std::string::npos);
  REQUIRE(holds_entry(*n.b, made.id));
  const Entry kept = *n.b->entries().get(made.id);
  CHECK(kept.item == "blankets");
  CHECK(kept.quantity == 9);
  CHECK(kept.category == "food");
  CHECK(lost_rows(*n.b) == 0);
  every_entry_editable(*n.b);
}
