// Issue 10, finding 4: revocation that holds and can be undone (docs/security.md,
// "Revocation"). A revocation names a cut-off (the revoker's vector entry for the device); every
// device refuses the revoked device's versions past it, whoever relays them; learning a
// revocation takes back what arrived before it was known; a reinstatement lets them in again.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "core/revocation.hpp"
#include "support/network_fixture.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// a: a coordinator's tablet (the revoker); b: a relay that has not heard yet; x: the stolen one.
struct RevocationNet {
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

// Three devices of one network in the order of their ids: at kHlcMax only the origin breaks a
// tie, so which device orders after which decides who could win it.
std::vector<std::unique_ptr<TestDevice>> network_by_id() {
  auto devices = make_network(3);
  std::sort(devices.begin(), devices.end(), [](const auto& l, const auto& r) {
    return l->store->replica().device_id() < r->store->replica().device_id();
  });
  return devices;
}

// A bundle of the revoked device `x` is refused whole on `to`, and changes nothing there.
void check_bundle_refused(Store& x, Store& to) {
  auto bundle = build_bundle(x.replica(), {});
  REQUIRE(bundle.ok());
  const auto hash = to.replica().content_hash();
  CHECK_FALSE(import_bundle(to.replica(), bundle->bytes).ok());
  CHECK(to.replica().content_hash() == hash);
}

Entry add_revocable(Store& s, Kind k, const std::string& item) {
  auto e = s.entries().add(make_entry(k, item));
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error()));
  return *e;
}

}  // namespace

TEST_CASE(
    "a revoked device's records past the cut-off, relayed by a device that has not heard, are "
    "dropped; the relay's own get in") {
  RevocationNet n;
  add_revocable(n.x, Kind::need, "before revocation");
  send(n.x, n.a);
  send(n.x, n.b);
  const uint64_t accepted = vv_of(n.a, n.xid);
  REQUIRE(accepted > 0);
  n.tick();
  auto r = revoke_device(n.a, n.xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(accepted_until(*r) == accepted);
  CHECK(*accepted_until(*n.a.devices().get(n.xid)) == accepted);
  // The vector goes below the claim of x that the revocation dropped (a claim is the last write of
  // its transaction), so that a bundle carrying it is read once x is reinstated.
  const uint64_t revoked_at = vv_of(n.a, n.xid);
  CHECK(revoked_at < accepted);

  n.tick();
  add_revocable(n.x, Kind::need, "after revocation");
  add_revocable(n.x, Kind::offer, "also after");
  send(n.x, n.b);  // b has not heard: it accepts them
  REQUIRE(has_item(n.b, "after revocation"));
  add_revocable(n.b, Kind::need, "relay's own");
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
  // The earned vector did not rise past the cut-off, nor to the dropped claim.
  CHECK(vv_of(n.a, n.xid) == revoked_at);
  // A bundle made by x itself is still refused whole.
  auto own = build_bundle(n.x.replica(), {});
  REQUIRE(own.ok());
  CHECK_FALSE(import_bundle(n.a.replica(), own->bytes).ok());
}

TEST_CASE(
    "learning a revocation takes back the revoked device's later rows and field changes; a derived "
    "status returns") {
  RevocationNet n;
  Entry need = add_revocable(n.a, Kind::need, "rice");
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
  Entry offer = add_revocable(n.x, Kind::offer, "x's offer");
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
  RevocationNet n;
  add_revocable(n.x, Kind::need, "early");
  send(n.x, n.a);
  send(n.x, n.b);
  n.tick();
  REQUIRE(revoke_device(n.a, n.xid).ok());
  n.tick();
  add_revocable(n.x, Kind::need, "late");
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
  RevocationNet n;
  add_revocable(n.x, Kind::need, "x1");
  send(n.x, n.a);
  send(n.x, n.b);
  REQUIRE(revoke_device(n.a, n.xid).ok());
  send(n.a, n.b);
  // Both know the revocation; b reinstates while a, not knowing, revokes again after its own
  // reinstatement. b's clock runs later, so b's reinstatement is the newer version; but it lifts
  // the revocation b knew, which a's own reinstatement had lifted already, not a's second one
  // (docs/revocation-records.md: a reinstatement lifts the revocation it names). So x stays
  // revoked, by a's second revocation, on both. (Before revocation records, the newer version of
  // the two fields won: x stood again, though nobody had reinstated it after a's second word.)
  REQUIRE(reinstate_device(n.a, n.xid).ok());
  n.tick();
  auto second = revoke_device(n.a, n.xid);
  REQUIRE(second.ok());
  n.devices[1]->wall += 60'000;
  REQUIRE(reinstate_device(n.b, n.xid).ok());
  send(n.a, n.b);
  send(n.b, n.a);
  auto da = *n.a.devices().get(n.xid), db = *n.b.devices().get(n.xid);
  CHECK(da.revoked);
  CHECK(db.revoked);
  CHECK(da.revoked_cutoff == second->revoked_cutoff);
  CHECK(da.revoked_cutoff == db.revoked_cutoff);
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
  // b, now knowing a's second revocation, lifts it: x stands on both.
  n.tick();
  REQUIRE(reinstate_device(n.b, n.xid).ok());
  send(n.b, n.a);
  CHECK_FALSE(n.a.devices().get(n.xid)->revoked);
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
  RevocationNet n;
  Entry e = add_revocable(n.a, Kind::need, "from a");
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

namespace {

std::string revocation_item_of(Store& s, const Id& id) {
  return s.entries().get(id)->item;
}

// An edit of the entry's item on `s` is refused, changes nothing, and names the writer of the
// version there (`writer`, its record #seq) and what takes it back.
void check_item_edit_refused(Store& s, const Id& id, const std::string& writer, uint64_t seq) {
  const std::string before = revocation_item_of(s, id);
  Entry edit = *s.entries().get(id);
  edit.item = "beans";
  auto w = s.entries().update(edit);
  REQUIRE_FALSE(w.ok());
  CHECK(w.error().find("device '" + writer + "' (#" + std::to_string(seq) + ")") !=
        std::string::npos);
  CHECK(w.error().find("past the year 9999") != std::string::npos);
  CHECK(w.error().find("revoking that device") != std::string::npos);
  CHECK(w.error_kind() == ErrorKind::past_year_9999);
  CHECK(w.error_value().subject == writer);
  CHECK(revocation_item_of(s, id) == before);
}

}  // namespace

TEST_CASE(
    "a field the revoked device changed before and after the cut-off goes back to its value "
    "before the cut-off on a device that held it, before anyone sends it again") {
  RevocationNet n;
  Entry e = add_revocable(n.a, Kind::need, "from a");
  send(n.a, n.x);
  send(n.a, n.b);
  send(n.b, n.a);  // a knows what b holds: what a sends b later is a delta
  n.tick();
  edit_item(n.x, e.id, "x before");
  send(n.x, n.a);
  send(n.x, n.b);
  n.tick();
  edit_item(n.x, e.id, "x after");  // past the cut-off: a never accepts it
  send(n.x, n.b);
  REQUIRE(revocation_item_of(n.b, e.id) == "x after");
  REQUIRE(revoke_device(n.a, n.xid).ok());
  REQUIRE(revocation_item_of(n.a, e.id) == "x before");
  // b learns the revocation from a delta that does not carry the item (b held "x before").
  send(n.a, n.b);
  CHECK(n.b.devices().get(n.xid)->revoked);
  CHECK(revocation_item_of(n.b, e.id) == "x before");
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
}

TEST_CASE(
    "two devices revoked in a row on one field: the field goes back to the value before both, "
    "on the revoker and on a relay that heard of both later") {
  auto devices = make_network(4);
  Store& a = *devices[0]->store;  // the revoker
  Store& b = *devices[1]->store;  // a relay that has not heard
  Store& x = *devices[2]->store;
  Store& y = *devices[3]->store;
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  const Id xid = x.replica().device_id(), yid = y.replica().device_id();
  Entry e = add_revocable(a, Kind::need, "from a");
  for (Store* to : {&b, &x, &y}) send(a, *to);
  for (Store* from : {&b, &x, &y}) send(*from, a);  // a knows every device
  tick();
  edit_item(x, e.id, "from x");
  send(x, y);
  send(x, b);
  tick();
  edit_item(y, e.id, "from y");
  send(y, b);
  REQUIRE(revocation_item_of(b, e.id) == "from y");
  // Either order of the two revocations, learned in one bundle or in two.
  SUBCASE("x first") {
    REQUIRE(revoke_device(a, xid, true).ok());
    send(a, b);
    CHECK(revocation_item_of(b, e.id) == "from y");
    tick();
    REQUIRE(revoke_device(a, yid, true).ok());
    send(a, b);
  }
  SUBCASE("y first") {
    REQUIRE(revoke_device(a, yid, true).ok());
    send(a, b);
    CHECK(revocation_item_of(b, e.id) == "from x");
    tick();
    REQUIRE(revoke_device(a, xid, true).ok());
    send(a, b);
  }
  SUBCASE("both in one bundle") {
    REQUIRE(revoke_device(a, xid, true).ok());
    tick();
    REQUIRE(revoke_device(a, yid, true).ok());
    send(a, b);
  }
  CHECK(b.devices().get(xid)->revoked);
  CHECK(b.devices().get(yid)->revoked);
  CHECK(revocation_item_of(a, e.id) == "from a");
  CHECK(revocation_item_of(b, e.id) == "from a");
  CHECK(a.replica().content_hash() == b.replica().content_hash());
}

TEST_CASE("the versions kept aside for a field are bounded: four of one device, eight in all") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;
  Entry e = add_revocable(a, Kind::need, "v0");
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  for (int i = 1; i <= 6; ++i) {
    tick();
    edit_item(a, e.id, "a" + std::to_string(i));
  }
  auto kept = a.replica().runner_ups(TableId::entries, e.id, entry_field::item);
  REQUIRE(kept.size() == Replica::kRunnerUpsPerOrigin);
  // The best first: the version just superseded, then the ones before it.
  CHECK(std::get<std::string>(kept[0].value) == "a5");
  CHECK(std::get<std::string>(kept[3].value) == "a2");
  // Versions of other devices fill the rest, up to eight.
  for (int i = 1; i <= 5; ++i)
    for (size_t d = 1; d < 3; ++d) {
      Store& s = *devices[d]->store;
      send(a, s, false);
      tick();
      edit_item(s, e.id, "d" + std::to_string(d) + "." + std::to_string(i));
      send(s, a);
    }
  kept = a.replica().runner_ups(TableId::entries, e.id, entry_field::item);
  CHECK(kept.size() == Replica::kRunnerUpsPerField);
  std::map<Id, size_t> per;
  for (const auto& r : kept) ++per[r.stamp.origin];
  for (const auto& [origin, count] : per) CHECK(count <= Replica::kRunnerUpsPerOrigin);
}

TEST_CASE(
    "a field an insider stamped with the last possible clock under its own id is refused to "
    "everyone's edits, names the insider, and goes back when the insider is revoked") {
  // The insider is the device whose id orders after every other: at the last clock value only
  // the origin breaks a tie, so no other device can supersede its version.
  auto devices = network_by_id();
  Store& a = *devices[0]->store;  // a coordinator's tablet
  Store& b = *devices[1]->store;  // another member, which hears of the revocation from a
  Store& x = *devices[2]->store;
  const Id xid = x.replica().device_id();
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  Entry need = add_revocable(a, Kind::need, "rice");
  Entry honest = add_revocable(x, Kind::offer, "x before");
  for (Store* s : {&x, &b}) send(a, *s);
  for (Store* s : {&a, &b}) send(x, *s);
  tick();
  // The insider stamps the need's item at the last value of the clock, then adds an offer.
  devices[2]->wall = static_cast<int64_t>(kHlcMaxWallMs);
  x.replica().clock().restore(kHlcMax);
  edit_item(x, need.id, "frozen");
  const Stamp pin = x.replica().read_row(TableId::entries, need.id)->stamps[entry_field::item];
  REQUIRE(pin.hlc == kHlcMax);
  Entry after = add_revocable(x, Kind::offer, "x after");
  for (Store* s : {&a, &b}) send(x, *s);
  REQUIRE(revocation_item_of(b, need.id) == "frozen");

  // Nobody else can change it, and the refusal says who wrote it and which of its records.
  const std::string x_name = b.devices().get(xid)->name;
  REQUIRE_FALSE(x_name.empty());
  for (Store* s : {&a, &b}) check_item_edit_refused(*s, need.id, x_name, pin.seq);

  // Revoking it cuts at that record, not at the last one a accepted: the pinned version and
  // what came after go; what it wrote before stays.
  CHECK(a.replica().first_seq_past_clock(xid) == pin.seq);
  CHECK(b.replica().first_seq_past_clock(a.replica().device_id()) == 0);
  tick();
  auto r = revoke_device(a, xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->revoked_cutoff == pin.seq);
  CHECK(revocation_item_of(a, need.id) == "rice");
  CHECK(a.entries().get(honest.id));
  CHECK_FALSE(a.entries().get(after.id));

  // b learns the cut-off from a, and takes back the same; then anyone can edit the field.
  send(a, b);
  CHECK(b.devices().get(xid)->revoked_cutoff == pin.seq);
  CHECK(revocation_item_of(b, need.id) == "rice");
  CHECK(b.entries().get(honest.id));
  CHECK_FALSE(b.entries().get(after.id));
  tick();
  edit_item(b, need.id, "beans");
  send(b, a);
  CHECK(revocation_item_of(a, need.id) == "beans");
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  // The insider's own bundle is refused whole, and changes nothing.
  check_bundle_refused(x, b);
}

TEST_CASE(
    "an insider's version one below the last possible clock is refused to everyone's edits, so "
    "no honest version is pushed to the end of time, and its revocation frees the field for "
    "every device") {
  // Before 2026-12-05 an edit over it took the last value, kHlcMax, under the editor's id; the
  // insider's revocation did not take that back (the editor is not the insider), and every device
  // whose id orders before the editor's was refused its edits for good.
  auto devices = network_by_id();
  Store& x = *devices[0]->store;  // the insider, ordering first: no tie it could win matters
  Store& a = *devices[1]->store;  // a coordinator's tablet
  Store& b = *devices[2]->store;  // the last in id order: its kHlcMax would have pinned a
  const Id xid = x.replica().device_id();
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  Entry need = add_revocable(a, Kind::need, "rice");
  for (Store* s : {&x, &b}) send(a, *s);
  tick();
  devices[0]->wall = static_cast<int64_t>(kHlcMaxWallMs);
  x.replica().clock().restore(kHlcMax - 2);
  edit_item(x, need.id, "frozen");
  const Stamp pin = x.replica().read_row(TableId::entries, need.id)->stamps[entry_field::item];
  REQUIRE(pin.hlc == kHlcMax - 1);
  for (Store* s : {&a, &b}) send(x, *s);
  REQUIRE(revocation_item_of(b, need.id) == "frozen");

  const std::string x_name = b.devices().get(xid)->name;
  for (Store* s : {&b, &a}) check_item_edit_refused(*s, need.id, x_name, pin.seq);

  tick();
  auto r = revoke_device(a, xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->revoked_cutoff == pin.seq);
  send(a, b);
  for (Store* s : {&a, &b}) CHECK(revocation_item_of(*s, need.id) == "rice");
  // Each device, the one ordering first included, can change it again, and the versions stay
  // before the year 10000.
  tick();
  edit_item(b, need.id, "beans");
  send(b, a);
  tick();
  edit_item(a, need.id, "lentils");
  send(a, b);
  for (Store* s : {&a, &b}) {
    CHECK(revocation_item_of(*s, need.id) == "lentils");
    CHECK(s->replica().read_row(TableId::entries, need.id)->stamps[entry_field::item].hlc <
          kHlcImpossible);
  }
  CHECK(a.replica().content_hash() == b.replica().content_hash());
}

TEST_CASE(
    "an insider that stamps its own device record past the year 9999 can still be revoked, and "
    "every device learns it") {
  RevocationNet n;
  Entry before = add_revocable(n.x, Kind::need, "before");
  for (Store* s : {&n.a, &n.b}) send(n.x, *s);
  n.tick();
  // X sets its own record's revoked flag and cut-off, and clears them again, with a clock at the
  // end of time: its versions of those fields are past the year 9999, where no local write may
  // supersede another device's version. Were these two fields not the exception, revoking X
  // would be refused ("the field revoked was written by device ... revoking that device takes
  // the write back").
  n.devices[2]->wall = static_cast<int64_t>(kHlcMaxWallMs);
  n.x.replica().clock().restore(kHlcMax - 10);
  Device self = *n.x.devices().get(n.xid);
  self.revoked = true;
  self.revoked_cutoff = 1;
  REQUIRE(n.x.devices().put(self, true).ok());
  self.revoked = false;
  self.revoked_cutoff = 0;
  REQUIRE(n.x.devices().put(self, true).ok());
  Entry after = add_revocable(n.x, Kind::need, "after");
  for (Store* s : {&n.a, &n.b}) send(n.x, *s);
  REQUIRE(n.a.entries().get(after.id));

  n.tick();
  auto r = revoke_device(n.a, n.xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(n.a.devices().get(n.xid)->revoked);
  CHECK_FALSE(n.a.entries().get(after.id));
  CHECK(n.a.entries().get(before.id));
  send(n.a, n.b);
  CHECK(n.b.devices().get(n.xid)->revoked);
  CHECK(n.b.devices().get(n.xid)->revoked_cutoff == r->revoked_cutoff);
  CHECK_FALSE(n.b.entries().get(after.id));
  CHECK(n.b.entries().get(before.id));
  send(n.b, n.a);  // b's own record, which a has not had yet
  CHECK(n.a.replica().content_hash() == n.b.replica().content_hash());
  // X's own bundle is refused.
  check_bundle_refused(n.x, n.b);
  // The revocation's version is at a's own clock (X's own versions of its flag past the year
  // 9999 rank last), and another device can reinstate X, which every device learns.
  CHECK(n.a.replica().read_row(TableId::devices, n.xid)->stamps[device_field::revoked].hlc <
        kHlcImpossible);
  n.tick();
  auto back = reinstate_device(n.b, n.xid);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()));
  send(n.b, n.a);
  CHECK_FALSE(n.a.devices().get(n.xid)->revoked);
  send(n.x, n.a);  // and its records past the cut-off come back with its next bundle
  CHECK(n.a.entries().get(after.id));
  CHECK_FALSE(n.a.devices().get(n.xid)->revoked);
}

TEST_CASE(
    "an insider whose id orders after every other one and stamps its own revoked flag with the "
    "last possible clock can still be revoked, and the revocation stays before the year 10000") {
  // At kHlcMax only the origin breaks a tie, and the insider's wins it: before 2026-12-05 no
  // device ordering before it could revoke it. Its own version of its own flag past the year
  // 9999 now ranks below every other (core/revocation_rank.hpp).
  auto devices = network_by_id();
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  Store& x = *devices[2]->store;
  const Id xid = x.replica().device_id();
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  Entry before = add_revocable(x, Kind::need, "before");
  for (Store* s : {&a, &b}) send(x, *s);
  send(a, b);
  send(b, a);
  tick();
  devices[2]->wall = static_cast<int64_t>(kHlcMaxWallMs);
  x.replica().clock().restore(kHlcMax - 2);
  Device self = *x.devices().get(xid);
  self.revoked = true;
  self.revoked_cutoff = 1;
  REQUIRE(x.devices().put(self, true).ok());  // at kHlcMax - 1
  self.revoked = false;
  self.revoked_cutoff = 0;
  REQUIRE(x.devices().put(self, true).ok());  // at kHlcMax
  REQUIRE(x.replica().read_row(TableId::devices, xid)->stamps[device_field::revoked].hlc ==
          kHlcMax);
  Entry after = add_revocable(x, Kind::need, "after");
  for (Store* s : {&a, &b}) send(x, *s);
  // The flag as the insider stamped it is not taken: the one from its joining stays.
  for (Store* s : {&a, &b})
    CHECK(s->replica().read_row(TableId::devices, xid)->stamps[device_field::revoked].hlc <
          kHlcImpossible);

  tick();
  auto r = revoke_device(a, xid);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  send(a, b);
  for (Store* s : {&a, &b}) {
    CHECK(s->devices().get(xid)->revoked);
    CHECK(s->devices().get(xid)->revoked_cutoff == r->revoked_cutoff);
    CHECK(s->replica().read_row(TableId::devices, xid)->stamps[device_field::revoked].hlc <
          kHlcImpossible);
    CHECK(s->entries().get(before.id));
    CHECK_FALSE(s->entries().get(after.id));
  }
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  // Its bundle, its own flag in it, changes nothing now.
  check_bundle_refused(x, b);
  // And a reinstatement by the other device reaches a, as usual.
  tick();
  REQUIRE(reinstate_device(b, xid).ok());
  send(b, a);
  CHECK_FALSE(a.devices().get(xid)->revoked);
  send(x, a);
  CHECK(a.entries().get(after.id));
  CHECK_FALSE(a.devices().get(xid)->revoked);
}
