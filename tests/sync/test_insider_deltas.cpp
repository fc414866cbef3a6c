// Issue 10: a value taken back by a revocation reaches, through a delta (`mutua sync export
// --for`, the LAN exchange), a device that never held it (docs/security.md, "Delta bundles and
// taken-back values"). A peer that claims a revoked device's versions past the cut-off gets a
// whole bundle until it knows the revocation.
#include <doctest/doctest.h>

#include "core/revocation.hpp"
#include "support/loopback_lan.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_server.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

Entry add_delta_entry(Store& s, Kind k, const std::string& item) {
  auto e = s.entries().add(make_entry(k, item));
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error()));
  return *e;
}

std::string delta_item_of(Store& s, const Id& id) {
  return s.entries().get(id)->item;
}

void tick(std::vector<std::unique_ptr<TestDevice>>& devices) {
  for (auto& d : devices) d->wall += 1000;
}

}  // namespace

TEST_CASE(
    "a value taken back to reaches by delta a device that never held it, when the revoker heard "
    "its claim after the revocation") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;  // the revoker
  Store& b = *devices[1]->store;  // has not heard; never holds "x before"
  Store& x = *devices[2]->store;  // the stolen tablet
  const Id xid = x.replica().device_id();
  Entry e = add_delta_entry(a, Kind::need, "from a");
  send(a, x);
  send(a, b);
  send(b, a);
  tick(devices);
  edit_item(x, e.id, "x before");  // a accepts it; b never holds it
  send(x, a);
  tick(devices);
  edit_item(x, e.id, "x after");
  send(x, b);
  REQUIRE(delta_item_of(b, e.id) == "x after");
  REQUIRE(revoke_device(a, xid).ok());
  REQUIRE(delta_item_of(a, e.id) == "x before");
  // b, not having heard, sends a its delta: "x after" is refused, and b's claim covers x past
  // the cut-off, and "x before" with it.
  auto to_a = send(b, a);
  CHECK_FALSE(to_a.refused_revoked.empty());
  CHECK(delta_item_of(a, e.id) == "x before");
  // a's delta for b (what `mutua sync export --for` writes) brings the revocation and the value.
  send(a, b);
  CHECK(b.devices().get(xid)->revoked);
  CHECK(delta_item_of(b, e.id) == "x before");
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  // b now claims x only up to the cut-off: deltas for it are small again.
  tick(devices);
  add_delta_entry(b, Kind::offer, "later");
  send(b, a);
  auto p = a.replica().peer(b.replica().device_id());
  REQUIRE(p);
  CHECK_FALSE(p->vector.empty());
  CHECK_FALSE(a.replica().claims_past_cutoff(p->vector));
  tick(devices);
  add_delta_entry(a, Kind::offer, "one more");
  auto small = build_bundle(a.replica(), p->vector);
  REQUIRE(small.ok());
  CHECK(small->records <= 2);
}

TEST_CASE(
    "a value taken back to reaches by delta a device that never held it, when its claim was "
    "recorded before the revocation was known") {
  auto devices = make_network(4);
  Store& a = *devices[0]->store;  // hears of the revocation from c
  Store& b = *devices[1]->store;  // has not heard; never holds "x before"
  Store& c = *devices[2]->store;  // the revoker
  Store& x = *devices[3]->store;
  const Id xid = x.replica().device_id();
  Entry e = add_delta_entry(a, Kind::need, "from a");
  for (Store* to : {&b, &c, &x}) send(a, *to);
  for (Store* from : {&b, &c, &x}) send(*from, a);
  send(a, c);
  tick(devices);
  edit_item(x, e.id, "x before");
  send(x, a);
  send(x, c);
  tick(devices);
  edit_item(x, e.id, "x after");  // c never accepts it; a and b do, before they hear
  send(x, a);
  send(x, b);
  send(b, a);  // a records that b holds x past the coming cut-off
  REQUIRE(delta_item_of(b, e.id) == "x after");
  REQUIRE(revoke_device(c, xid).ok());
  send(c, a);
  REQUIRE(a.devices().get(xid)->revoked);
  REQUIRE(delta_item_of(a, e.id) == "x before");
  // a's delta for b: b held x past the cut-off, so it is sent everything.
  send(a, b);
  CHECK(b.devices().get(xid)->revoked);
  CHECK(delta_item_of(b, e.id) == "x before");
  CHECK(a.replica().content_hash() == b.replica().content_hash());
}

namespace {

std::unique_ptr<Store> reopen(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE(s.ok());
  return std::move(*s);
}

}  // namespace

TEST_CASE("a value taken back to reaches over the LAN a device that never held it") {
  TempDir dir;
  auto devices = make_network(3, dir.path().string());
  Store& a = *devices[0]->store;  // the revoker
  Store& b = *devices[1]->store;  // has not heard; never holds "x before"
  Store& x = *devices[2]->store;
  const Id xid = x.replica().device_id();
  Entry e = add_delta_entry(a, Kind::need, "from a");
  send(a, x);
  send(a, b);
  send(b, a);
  tick(devices);
  edit_item(x, e.id, "x before");
  send(x, a);
  tick(devices);
  edit_item(x, e.id, "x after");
  send(x, b);
  REQUIRE(delta_item_of(b, e.id) == "x after");
  REQUIRE(revoke_device(a, xid).ok());
  REQUIRE(delta_item_of(a, e.id) == "x before");

  SUBCASE("the device that has not heard asks the revoker") {
    auto server = LanServer::start(dir.file("device0.db"), loopback());
    REQUIRE(server.ok());
    SyncFailure why;
    auto r = lan_sync(b.replica(), LanAddress{"127.0.0.1", (*server)->port()}, &why);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    (*server)->stop();
    CHECK(b.devices().get(xid)->revoked);
    CHECK(delta_item_of(b, e.id) == "x before");
    CHECK(reopen(dir.file("device0.db"))->replica().content_hash() == b.replica().content_hash());
  }
  SUBCASE("the revoker asks the device that has not heard") {
    auto server = LanServer::start(dir.file("device1.db"), loopback());
    REQUIRE(server.ok());
    SyncFailure why;
    auto r = lan_sync(a.replica(), LanAddress{"127.0.0.1", (*server)->port()}, &why);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    (*server)->stop();
    auto b_now = reopen(dir.file("device1.db"));
    CHECK(b_now->devices().get(xid)->revoked);
    CHECK(delta_item_of(*b_now, e.id) == "x before");
    CHECK(b_now->replica().content_hash() == a.replica().content_hash());
  }
}
