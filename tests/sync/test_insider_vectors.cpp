// Issue 10, finding 2: an inflated "covers" vector used to hide a device's data. A signed bundle
// claiming {every other device: 10^9} raised the receiver's vector; after that the real bundles
// of the other devices imported as "already known", their new needs never appeared, and the
// claim spread through relays. Vectors are now earned (sync/earned_vector.hpp).
#include <doctest/doctest.h>

#include "insider.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct VectorsNet : InsiderNet {
  VectorsNet() : InsiderNet("acdm") {}
};

}  // namespace

TEST_CASE("a bundle claiming to cover every device hides no one's needs") {
  VectorsNet n;
  add(*n.a, sample_need("rice"));
  import_ok(*n.m, bundle_of(*n.a));
  add(*n.m, sample_offer("soap"));
  const uint64_t a_before = known_of(*n.a, n.a->replica().device_id());

  VersionVector claim = n.m->replica().version_vector();
  for (auto* s : {n.a.get(), n.c.get(), n.d.get()}) claim[s->replica().device_id()] = 1'000'000'000;
  auto lie = with_covers(*n.m, claim);
  auto r = import_ok(*n.c, lie);
  CHECK(r.new_entries == 2);  // the member's own offer and A's need it relays: members may add
  // C holds A's versions up to what the bundle carried, no further.
  CHECK(known_of(*n.c, n.a->replica().device_id()) == a_before);
  CHECK(known_of(*n.c, n.d->replica().device_id()) == 0);

  // A's and D's real news still arrives, directly...
  add(*n.a, sample_need("insulin"));
  add(*n.d, sample_need("blankets"));
  CHECK(import_ok(*n.c, bundle_of(*n.a)).new_entries == 1);
  CHECK(import_ok(*n.c, bundle_of(*n.d)).new_entries == 1);
  CHECK(entry_count(*n.c) == 4);
  // ...and the claim does not spread: a device that hears only from C still gets A's news.
  import_ok(*n.d, bundle_of(*n.c));
  CHECK(known_of(*n.d, n.a->replica().device_id()) == known_of(*n.a, n.a->replica().device_id()));
  add(*n.a, sample_need("nappies"));
  CHECK(import_ok(*n.d, bundle_of(*n.a)).new_entries == 1);
  // Nor does a relay export made for C leave anything out.
  auto for_c = build_bundle(n.a->replica(), n.c->replica().version_vector());
  REQUIRE(for_c.ok());
  CHECK(import_ok(*n.c, for_c->bytes).new_entries == 1);
}

TEST_CASE("an honest relay still raises the vector to what it carried, so resyncs are skipped") {
  VectorsNet n;
  add(*n.a, sample_need("rice"));
  add(*n.a, sample_need("beans"));
  import_ok(*n.c, bundle_of(*n.a));
  import_ok(*n.d, bundle_of(*n.c));  // D hears of A only through C
  CHECK(known_of(*n.d, n.a->replica().device_id()) == known_of(*n.a, n.a->replica().device_id()));
  // So A's next bundle with nothing new is known to D without decoding anything.
  auto again = import_ok(*n.d, bundle_of(*n.a));
  CHECK(again.added == 0);
  CHECK(again.updated == 0);
  CHECK(again.known > 0);
}

TEST_CASE("a sender may claim its own changes, and only it can hide them") {
  VectorsNet n;
  add(*n.m, sample_offer("soap"));
  VersionVector claim = n.m->replica().version_vector();
  claim[n.m->replica().device_id()] += 5;  // changes it never sends
  import_ok(*n.c, with_covers(*n.m, claim));
  CHECK(known_of(*n.c, n.m->replica().device_id()) == claim[n.m->replica().device_id()]);
}

TEST_CASE("a bundle posing as a device not known here cannot make this device leave out its data") {
  VectorsNet n;
  add(*n.c, sample_need("rice"));
  VersionVector claim;
  for (auto* s : {n.a.get(), n.c.get(), n.d.get(), n.m.get()})
    claim[s->replica().device_id()] = 1'000'000'000;
  // Signed with the member's own key, "from D", whose key C does not know yet.
  auto as_d = insider_bundle(*n.m, {}, [&](BundleHeader& h) {
    h.sender = n.d->replica().device_id();
    h.covers = claim;
  });
  import_ok(*n.c, as_d);
  auto v = n.c->replica().version_vector();
  CHECK(v.find(n.d->replica().device_id()) == v.end());
  auto p = n.c->replica().peer(n.d->replica().device_id());
  REQUIRE(p);
  CHECK(p->vector.empty());
  // So what C exports for D still holds C's need.
  auto for_d =
      export_bundle_file(n.c->replica(), n.dir.file("for-d.mutua"), n.d->replica().device_id());
  REQUIRE(for_d.ok());
  CHECK(import_bundle_file(n.d->replica(), n.dir.file("for-d.mutua"))->new_entries == 1);
  // D's own bundle, signed with its pinned key, is not taken for known, and is believed.
  add(*n.d, sample_need("soap"));
  CHECK(import_ok(*n.c, bundle_of(*n.d)).new_entries == 1);
  auto believed = n.c->replica().peer(n.d->replica().device_id())->vector;
  CHECK(believed[n.d->replica().device_id()] ==
        n.d->replica().version_vector()[n.d->replica().device_id()]);
  CHECK(believed[n.d->replica().device_id()] > 0);
}
