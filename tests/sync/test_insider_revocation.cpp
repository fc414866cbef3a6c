// Issue 10, finding 4: revocation that holds and can be undone (docs/security.md,
// "Revocation"). A revocation names a cut-off (the revoker's vector entry for the device); every
// device refuses the revoked device's versions past it, whoever relays them; learning a
// revocation takes back what arrived before it was known; a reinstatement lets them in again.
#include <doctest/doctest.h>

#include "core/revocation.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// a: a coordinator's tablet (the revoker); b: a relay that has not heard yet; x: the stolen one.
struct Net {
  std::vector<std::unique_ptr<TestDevice>> devices = make_network(3);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  Store& x = *devices[2]->store;
  Id xid = x.replica().device_id();
  void tick(int64_t ms = 1000) {
    for (auto& d : devices) d->wall += ms;
  }
};

bool has_item(Store& s, const std::string& item) {
  EntryQuery q;
  for (const auto& e : s.entries().list(q, 1000).entries)
    if (e.item == item) return true;
  return false;
}

uint64_t vv_of(Store& s, const Id& origin) {
  auto v = s.replica().version_vector();
  auto it = v.find(origin);
  return it == v.end() ? 0 : it->second;
}

Entry add(Store& s, Kind k, const std::string& item) {
  auto e = s.entries().add(make_entry(k, item));
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error()));
  return *e;
}

}  // namespace

TEST_CASE(
    "a revoked device's records past the cut-off, relayed by a device that has not heard, are "
    "dropped; the relay's own get in") {
  Net n;
  add(n.x, Kind::need, "before revocation");
  send(n.x, n.a);
  send(n.x, n.b);
  const uint64_t accepted = vv_of(n.a, n.xid);
  REQUIRE(accepted > 0);
  n.tick();
  auto r = revoke_device(n.a, n.xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(accepted_until(*r) == accepted);
  CHECK(*accepted_until(*n.a.devices().get(n.xid)) == accepted);

  n.tick();
  add(n.x, Kind::need, "after revocation");
  add(n.x, Kind::offer, "also after");
  send(n.x, n.b);  // b has not heard: it accepts them
  REQUIRE(has_item(n.b, "after revocation"));
  add(n.b, Kind::need, "relay's own");
  auto s = send(n.b, n.a, false);
  CHECK(has_item(n.a, "relay's own"));
  CHECK(has_item(n.a, "before revocation"));
  CHECK_FALSE(has_item(n.a, "after revocation"));
  CHECK_FALSE(has_item(n.a, "also after"));
  // Counted and worded for a volunteer.
  REQUIRE(s.refused_revoked.size() == 1);
  CHECK(s.refused_revoked[0].second >= 2);
  const std::string name = n.a.devices().get(n.xid)->name;
  CHECK(s.line().find("records from revoked device '" + name + "' were not accepted") !=
        std::string::npos);
  auto log = n.a.replica().sync_log(1);
  REQUIRE(log.size() == 1);
  CHECK(log[0].refused_revoked == static_cast<int64_t>(s.refused_revoked[0].second));
  CHECK(log[0].refused_from == name);
  // The earned vector did not rise past the cut-off.
  CHECK(vv_of(n.a, n.xid) == accepted);
  // A bundle made by x itself is still refused whole.
  auto own = build_bundle(n.x.replica(), {});
  REQUIRE(own.ok());
  CHECK_FALSE(import_bundle(n.a.replica(), own->bytes).ok());
}

TEST_CASE(
    "learning a revocation takes back the revoked device's later rows and field changes; a derived "
    "status returns") {
  Net n;
  Entry need = add(n.a, Kind::need, "rice");
  send(n.a, n.x);
  send(n.a, n.b);
  send(n.x, n.a);  // a has all of x so far
  n.tick();
  REQUIRE(revoke_device(n.a, n.xid).ok());

  // x, not knowing, changes a's need, adds its own offer, matches and hands it all over.
  n.tick();
  Entry hijacked = *n.x.entries().get(need.id);
  hijacked.item = "hijacked";
  REQUIRE(n.x.entries().update(hijacked).ok());
  Entry offer = add(n.x, Kind::offer, "x's offer");
  auto m = n.x.matches().add(need.id, offer.id, need.quantity, MatchStatus::confirmed);
  REQUIRE(m.ok());
  REQUIRE(n.x.matches().add_handover(m->id, need.quantity).ok());
  send(n.x, n.b);
  REQUIRE(n.b.entries().get(need.id)->item == "hijacked");
  REQUIRE(n.b.entries().get(need.id)->status == Status::met);
  REQUIRE(has_item(n.b, "x's offer"));

  // b learns the revocation.
  send(n.a, n.b, false);
  CHECK(n.b.devices().get(n.xid)->revoked);
  CHECK(n.b.entries().get(need.id)->item == "rice");  // back to a's value
  CHECK(n.b.entries().get(need.id)->status == Status::open);
  CHECK_FALSE(has_item(n.b, "x's offer"));
  CHECK(n.b.matches().for_entry(need.id).empty());
  for (const auto& e : n.b.history().of(need.id)) CHECK_FALSE(e.device == n.xid);
  // b's vector no longer claims what it gave back.
  CHECK(vv_of(n.b, n.xid) <= *accepted_until(*n.b.devices().get(n.xid)));
  // a and b hold the same after exchanging.
  send(n.b, n.a, false);
  send(n.a, n.b, false);
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
}

TEST_CASE("reinstating lets the device's later records in again, even where they were taken back") {
  Net n;
  add(n.x, Kind::need, "early");
  send(n.x, n.a);
  send(n.x, n.b);
  n.tick();
  REQUIRE(revoke_device(n.a, n.xid).ok());
  n.tick();
  add(n.x, Kind::need, "late");
  send(n.x, n.b);         // b takes it before hearing
  send(n.a, n.b, false);  // and gives it back on hearing
  REQUIRE_FALSE(has_item(n.b, "late"));
  send(n.b, n.x);  // x learns it too (x keeps its own data)
  n.tick();
  REQUIRE(reinstate_device(n.a, n.xid).ok());
  CHECK_FALSE(n.a.devices().get(n.xid)->revoked);
  send(n.a, n.b);
  send(n.a, n.x);
  // x's ordinary bundles, chosen from what x recorded of each peer, now bring "late".
  send(n.x, n.a);
  send(n.x, n.b);
  CHECK(has_item(n.a, "late"));
  CHECK(has_item(n.b, "late"));
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
}

TEST_CASE("a revocation and a reinstatement that cross resolve the same way everywhere") {
  Net n;
  add(n.x, Kind::need, "x1");
  send(n.x, n.a);
  send(n.x, n.b);
  REQUIRE(revoke_device(n.a, n.xid).ok());
  send(n.a, n.b);
  // Both know the revocation; b reinstates while a, not knowing, revokes again after its own
  // reinstatement. b's clock runs later, so b's reinstatement is the newer version.
  REQUIRE(reinstate_device(n.a, n.xid).ok());
  n.tick();
  REQUIRE(revoke_device(n.a, n.xid).ok());
  n.devices[1]->wall += 60'000;
  REQUIRE(reinstate_device(n.b, n.xid).ok());
  send(n.a, n.b);
  send(n.b, n.a);
  auto da = *n.a.devices().get(n.xid), db = *n.b.devices().get(n.xid);
  CHECK_FALSE(da.revoked);
  CHECK_FALSE(db.revoked);
  CHECK(da.revoked_cutoff == db.revoked_cutoff);
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
  // The other way round: the revocation is the newer one and wins on both.
  n.tick();
  REQUIRE(revoke_device(n.b, n.xid).ok());
  n.tick(120'000);
  REQUIRE(reinstate_device(n.b, n.xid).ok());
  n.devices[0]->wall += 600'000;
  REQUIRE(revoke_device(n.a, n.xid).ok());
  send(n.a, n.b);
  send(n.b, n.a);
  CHECK(n.a.devices().get(n.xid)->revoked);
  CHECK(n.b.devices().get(n.xid)->revoked);
  CHECK(n.a.devices().get(n.xid)->revoked_cutoff == n.b.devices().get(n.xid)->revoked_cutoff);
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
}

TEST_CASE(
    "the engine keeps a field's runner-up from another origin and restores it on retraction") {
  Net n;
  Entry e = add(n.a, Kind::need, "from a");
  send(n.a, n.x);
  Entry edited = *n.x.entries().get(e.id);
  edited.item = "from x";
  n.tick();
  REQUIRE(n.x.entries().update(edited).ok());
  send(n.x, n.a);
  REQUIRE(n.a.entries().get(e.id)->item == "from x");
  auto ru = n.a.replica().runner_up(TableId::entries, e.id, entry_field::item);
  REQUIRE(ru);
  CHECK(std::get<std::string>(ru->value) == "from a");
  CHECK(ru->stamp.origin == n.a.replica().device_id());
  auto tx = n.a.replica().transaction();
  auto r = n.a.replica().retract_origin_after(n.xid, 0);
  tx.commit();
  CHECK(r.fields_restored >= 1);
  CHECK(n.a.entries().get(e.id)->item == "from a");
}
