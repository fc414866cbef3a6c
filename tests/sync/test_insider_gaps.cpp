// Issue 10: a record set aside that had replaced a version its device never held (docs/security.md,
// "Delta bundles and set-aside records"). The set-aside version counts in the device's vector, so
// before gaps no delta for it (`mutua sync export --for`, either half of a LAN exchange) carried
// the valid version it had replaced: only a full bundle did. Now the device writes a `gaps` row
// (table 8, core/gaps.hpp), and a device building a delta for it sends that version again until
// it writes the gap "filled".
#include <doctest/doctest.h>

#include "core/gaps.hpp"
#include "insider.hpp"
#include "support/loopback_lan.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_server.hpp"
#include "sync/set_aside.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct GapsNet {
  TempDir dir;
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));  // holds the valid version
  std::unique_ptr<Store> c = open_store(dir.file("c.db"));  // sets the later version aside
  std::unique_ptr<Store> m = open_store(dir.file("m.db"));  // wrote both
  Network net = found(*a);
  Id aid = a->replica().device_id(), cid = c->replica().device_id(), mid = m->replica().device_id();
  Entry need;
  std::string bad;  // M's bundle with the version C sets aside
  GapsNet() {
    join(*c, net);
    join(*m, net);
    // Everyone hears from everyone first (keys pinned, peers recorded).
    import_ok(*a, bundle_of(*m));
    import_ok(*c, bundle_of(*m));
    import_ok(*c, bundle_of(*a));
    import_ok(*a, bundle_of(*c));
    import_ok(*m, bundle_of(*a));
    // M writes a valid need that only A gets, then a version of its phone that breaks a rule,
    // which only C gets: C sets the whole record aside, and its vector counts M's newer version.
    need = add(*m, sample_need("insulin"));
    import_ok(*a, bundle_of(*m));
    auto row = m->replica().read_row(TableId::entries, need.id);
    REQUIRE(row);
    Stamp& s = row->stamps[entry_field::contact_phone];
    s.prev = s.hlc;
    s.hlc += 1000;
    s.seq = m->replica().version_vector()[mid] + 1;
    row->fields[entry_field::contact_phone] = std::string("call Olena after six");
    const uint64_t top = s.seq;
    bad = insider_bundle(*m, {*row}, [&](BundleHeader& h) { h.covers[mid] = top; });
    auto got = import_ok(*c, bad);
    REQUIRE(got.set_aside.size() == 1);
    REQUIRE_FALSE(c->entries().get(need.id));
    REQUIRE(c->replica().version_vector()[mid] >= a->replica().version_vector()[mid]);
  }
  // A delta from `from` for `to`, as `mutua sync export --for` builds it.
  ExportResult delta(Store& from, Store& to) {
    auto p = from.replica().peer(to.replica().device_id());
    REQUIRE(p);
    auto b = build_bundle(from.replica(), p->vector, to.replica().device_id());
    REQUIRE_MESSAGE(b.ok(), (b.ok() ? "" : b.error()));
    return *b;
  }
};

std::string phone_of(Store& s, const Id& id) {
  auto e = s.entries().get(id);
  return e ? e->contact_phone : "(none)";
}

}  // namespace

TEST_CASE(
    "a value a set-aside record had replaced reaches through a delta the device that never "
    "held it, and its deltas are small again") {
  GapsNet n;
  // C wrote one gap about itself: M's version, which replaced one C never held.
  auto open = open_gaps(n.c->replica(), n.cid);
  REQUIRE(open.size() == 1);
  CHECK(open[0].origin == n.mid);
  CHECK(open[0].table == TableId::entries);
  CHECK(open[0].row == n.need.id);
  CHECK(open[0].field == table_def(TableId::entries).fields[entry_field::contact_phone].id);

  // A hears of it from C, then exports for C: the delta carries the valid version again.
  import_ok(*n.a, n.delta(*n.c, *n.a).bytes);
  CHECK(open_gaps(n.a->replica(), n.cid).size() == 1);
  auto for_c = n.delta(*n.a, *n.c);
  CHECK(for_c.records >= 1);
  import_ok(*n.c, for_c.bytes);
  CHECK(phone_of(*n.c, n.need.id) == n.need.contact_phone);
  // C filled the gap; once A hears, nothing is sent again.
  CHECK(open_gaps(n.c->replica(), n.cid).empty());
  import_ok(*n.a, n.delta(*n.c, *n.a).bytes);
  CHECK(open_gaps(n.a->replica(), n.cid).empty());
  CHECK(n.a->replica().content_hash() == n.c->replica().content_hash());
  CHECK(n.delta(*n.a, *n.c).records == 0);
  // The same record set aside again writes no second gap.
  import_ok(*n.c, n.bad);
  CHECK(open_gaps(n.c->replica(), n.cid).empty());
}

TEST_CASE("gaps pass through a relay, and reach the device that never held the value") {
  GapsNet n;
  auto r = open_store(n.dir.file("r.db"));
  join(*r, n.net);
  import_ok(*r, bundle_of(*n.c));  // holds C's gap, and M's version C set aside: set aside too
  import_ok(*n.a, bundle_of(*r));
  import_ok(*r, bundle_of(*n.a));
  CHECK(open_gaps(n.a->replica(), n.cid).size() == 1);  // through R
  // The rows are a table this Mutua keeps as it keeps a newer Mutua's: body layout 3.0, an
  // insert-only table 8 of fixed id and integer columns (docs/bundle-format.md).
  auto opened = open_bundle(n.c->replica(), bundle_of(*n.c));
  REQUIRE(opened.ok());
  CHECK(opened->header.format == kBundleFormat);
  auto dec = BodyDecoder::parse(opened->plain);
  REQUIRE(dec.ok());
  Row row;
  size_t gaps = 0;
  for (;;) {
    auto more = (*dec)->next(row);
    REQUIRE(more.ok());
    if (!*more) break;
    if (row.table != kGapsTable) continue;
    ++gaps;
    CHECK(row.insert_only);
    CHECK(row.extras.size() == 8);
    CHECK(gap_of(row));
  }
  CHECK(gaps == 1);

  // A delta against the vector C states (as in a LAN exchange) carries the valid version.
  auto for_c = build_bundle(n.a->replica(), n.c->replica().version_vector(), n.cid);
  REQUIRE(for_c.ok());
  import_ok(*n.c, for_c->bytes);
  CHECK(phone_of(*n.c, n.need.id) == n.need.contact_phone);
}

TEST_CASE(
    "a value a set-aside record had replaced reaches over the LAN the device that never "
    "held it") {
  GapsNet n;
  SUBCASE("the device that set it aside asks: its first exchange tells, the second brings") {
    auto server = LanServer::start(n.dir.file("a.db"), loopback());
    REQUIRE(server.ok());
    for (int i = 0; i < 2; ++i) {
      SyncFailure why;
      auto r = lan_sync(n.c->replica(), LanAddress{"127.0.0.1", (*server)->port()}, &why);
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    }
    (*server)->stop();
    CHECK(phone_of(*n.c, n.need.id) == n.need.contact_phone);
  }
  SUBCASE("the device that holds the value asks") {
    auto server = LanServer::start(n.dir.file("c.db"), loopback());
    REQUIRE(server.ok());
    SyncFailure why;
    auto r = lan_sync(n.a->replica(), LanAddress{"127.0.0.1", (*server)->port()}, &why);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    (*server)->stop();
    n.c = open_store(n.dir.file("c.db"));
    CHECK(phone_of(*n.c, n.need.id) == n.need.contact_phone);
  }
  CHECK(open_gaps(n.c->replica(), n.cid).empty());
  // Once the filled row is back at A, C's vector leaves nothing to send.
  import_ok(*n.a, bundle_of(*n.c));
  auto small = build_bundle(n.a->replica(), n.c->replica().version_vector(), n.cid);
  REQUIRE(small.ok());
  CHECK(small->records == 0);
  CHECK(n.a->replica().content_hash() == n.c->replica().content_hash());
}

TEST_CASE("gaps rows count only from their own device, and at most a few per peer") {
  GapsNet n;
  import_ok(*n.a, bundle_of(*n.c));
  const Gap real = open_gaps(n.a->replica(), n.cid).at(0);
  auto tx = n.a->replica().transaction();
  // M writes a gap "of C" (its own stamp): it counts for nothing.
  Gap forged = real;
  forged.seq += 7;
  Row by_m = gap_row(forged, Stamp{n.a->replica().clock().now(), n.mid, 1000, 0});
  CHECK_FALSE(gap_of(by_m));
  n.a->replica().merge(by_m);
  // Rows stamped as C itself (an insider can stamp any origin): at most kGapsPerPeer count.
  for (uint64_t i = 0; i < 2 * kGapsPerPeer; ++i) {
    Gap g = real;
    g.seq = 5000 + i;
    n.a->replica().merge(gap_row(g, Stamp{n.a->replica().clock().now(), n.cid, 5000 + i, 0}));
  }
  CHECK(open_gaps(n.a->replica(), n.cid).size() == kGapsPerPeer);
  // A row "from C" whose id does not fit its content counts for nothing.
  Gap done = real;
  done.filled = true;
  Row wrong = gap_row(done, Stamp{n.a->replica().clock().now(), n.cid, 9000, 0});
  wrong.id.bytes[0] ^= 1;
  CHECK_FALSE(gap_of(wrong));
  tx.commit();
}
