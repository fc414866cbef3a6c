// Clock sanity (PRODUCT.md 4.10): a device whose clock is far off neither drags other devices'
// clocks forward nor makes a causally later edit lose, and the sync result names it.
#include <doctest/doctest.h>

#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/network.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kYear = 365 * kDay + kDay / 4;

// The latest millisecond a remote stamp may move the clock of `s` to.
uint64_t bound_of(const Store& s) {
  return static_cast<uint64_t>(s.replica().now_ms() + s.replica().max_clock_lead_ms());
}
uint64_t clock_ms(Store& s) {
  return hlc_wall_ms(s.replica().clock().last());
}
uint64_t saved_clock_ms(const Store& s) {
  return hlc_wall_ms(std::stoull(s.replica().local_get("hlc").value_or("0")));
}

// A device that joins hub's network with its clock `offset_ms` off from the start.
std::unique_ptr<TestDevice> join_with_clock(Store& hub, int64_t offset_ms) {
  auto d = std::make_unique<TestDevice>();
  d->wall = hub.replica().now_ms() + offset_ms;
  TestDevice* raw = d.get();
  auto s = Store::open(":memory:", {[raw] { return raw->wall; }});
  REQUIRE(s.ok());
  d->store = std::move(*s);
  auto n = load_network(hub.replica());
  REQUIRE(n);
  REQUIRE(join_network(d->store->replica(), encode_join_code(*n)).ok());
  return d;
}

void rename(Store& s, const std::string& name) {
  auto self = s.devices().get(s.replica().device_id());
  REQUIRE(self);
  self->name = name;
  REQUIRE(s.devices().put(*self).ok());
}

// Stores `row` as if it had arrived from elsewhere (a bundle can carry any stamp).
void merge_one(Store& s, const Row& row) {
  auto tx = s.replica().transaction();
  s.replica().merge(row);
  tx.commit();
}

// Every device sends to every other, twice round, so all hold everything.
void exchange_all(const std::vector<Store*>& stores) {
  for (int round = 0; round < 2; ++round)
    for (auto* from : stores)
      for (auto* to : stores)
        if (from != to) send(*from, *to);
}

std::string item_of(const Store& s, const Id& id) {
  auto e = s.entries().get(id);
  REQUIRE(e);
  return e->item;
}

}  // namespace

TEST_CASE("a stamp from a device years ahead moves no other device's clock past the bound") {
  auto net = make_network(3);
  auto& ahead = *net[0]->store;
  auto& hub = *net[1]->store;
  auto& relay = *net[2]->store;
  net[0]->wall += 14 * kYear;
  REQUIRE(ahead.entries().add(make_entry(Kind::need, "rice")).ok());
  send(ahead, hub);
  CHECK(clock_ms(hub) <= bound_of(hub));
  CHECK(saved_clock_ms(hub) <= bound_of(hub));
  // Nor through a relay.
  send(hub, relay);
  CHECK(clock_ms(relay) <= bound_of(relay));
  CHECK(saved_clock_ms(relay) <= bound_of(relay));
  // What the hub writes next is stamped in its own time.
  auto e = hub.entries().add(make_entry(Kind::offer, "beans"));
  REQUIRE(e.ok());
  auto row = hub.replica().read_row(TableId::entries, e->id);
  REQUIRE(row);
  CHECK(hlc_wall_ms(row->stamps[0].hlc) <= static_cast<uint64_t>(hub.replica().now_ms() + kDay));
}

TEST_CASE("a stamp within the bound still moves the clock, as a hybrid clock should") {
  auto net = make_network(2);
  net[0]->wall += 3'600'000;  // an hour ahead: normal drift
  auto e = net[0]->store->entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  send(*net[0]->store, *net[1]->store);
  auto row = net[0]->store->replica().read_row(TableId::entries, e->id);
  CHECK(net[1]->store->replica().clock().last() >= row->stamps[0].hlc);
}

TEST_CASE("the clock bound is a local setting that survives a restart and yields to Options") {
  TempDir dir;
  int64_t wall = 1'750'000'000'000;
  {
    auto s = Store::open(dir.file("a.db"), {[&] { return wall; }});
    REQUIRE(s.ok());
    CHECK((*s)->replica().max_clock_lead_ms() == kDefaultMaxClockLeadMs);
    (*s)->replica().set_max_clock_lead_ms(3'600'000);
    const auto at = [&](int64_t ahead_ms) {
      return hlc_make(static_cast<uint64_t>(wall + ahead_ms), 0);
    };
    CHECK((*s)->replica().clock().observe(at(1'800'000)));
    CHECK_FALSE((*s)->replica().clock().observe(at(2 * 3'600'000)));
    CHECK((*s)->replica().clock().last() == at(1'800'000));
  }
  auto again = Store::open(dir.file("a.db"), {[&] { return wall; }});
  REQUIRE(again.ok());
  CHECK((*again)->replica().max_clock_lead_ms() == 3'600'000);
  Store::Options o{[&] { return wall; }};
  o.max_clock_lead_ms = 5;
  auto forced = Store::open(dir.file("a.db"), o);
  REQUIRE(forced.ok());
  CHECK((*forced)->replica().max_clock_lead_ms() == 5);
}

TEST_CASE("a causally later edit wins over a version from a device whose clock runs years ahead") {
  auto net = make_network(3);
  auto& ahead = *net[0]->store;
  auto& hub = *net[1]->store;
  auto& other = *net[2]->store;
  net[0]->wall += 14 * kYear;
  auto e = ahead.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  send(ahead, hub);
  Entry edit = *hub.entries().get(e->id);
  edit.item = "beans";
  REQUIRE(hub.entries().update(edit).ok());
  // The hub's clock stayed put: only that field's version went past the old one.
  CHECK(clock_ms(hub) <= bound_of(hub));
  send(hub, ahead);
  send(hub, other);
  send(ahead, other);
  CHECK(item_of(ahead, e->id) == "beans");
  CHECK(item_of(other, e->id) == "beans");
  CHECK(hub.replica().conflicts().empty());  // an overwrite, not a concurrent edit
  exchange_all({&ahead, &hub, &other});
  CHECK(item_of(ahead, e->id) == "beans");
  CHECK(ahead.replica().content_hash() == hub.replica().content_hash());
  CHECK(other.replica().content_hash() == hub.replica().content_hash());
}

TEST_CASE(
    "a stamp at the maximum value wraps nothing, and everything made afterwards is exported") {
  auto net = make_network(3);
  auto& broken = *net[0]->store;
  auto& hub = *net[1]->store;
  auto& other = *net[2]->store;
  // A clock at the end of the 48-bit range, counter full: every stamp it makes is kHlcMax.
  net[0]->wall = static_cast<int64_t>(kHlcMaxWallMs);
  broken.replica().clock().restore(kHlcMax);
  auto poisoned = broken.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(poisoned.ok());
  CHECK(broken.replica().read_row(TableId::entries, poisoned->id)->stamps[0].hlc == kHlcMax);
  send(broken, hub);
  send(hub, other);
  CHECK(hub.replica().clock().last() != 0);
  CHECK(clock_ms(hub) <= bound_of(hub));
  auto later = hub.entries().add(make_entry(Kind::offer, "beans"));
  REQUIRE(later.ok());
  auto row = hub.replica().read_row(TableId::entries, later->id);
  CHECK(row->stamps[0].hlc != 0);
  auto delta = send(hub, other);  // only what `other` lacks
  CHECK(delta.new_entries == 1);
  CHECK(other.entries().get(later->id));
  CHECK(other.entries().get(poisoned->id));
}

TEST_CASE(
    "a field another device stamped at or just below the year 10000 is refused to local edits, "
    "changing nothing, whichever way the ids order; just before that an edit still wins") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  send(a, b);
  auto stamped = [&](HlcValue hlc, const Id& origin) {
    Row r = *a.replica().read_row(TableId::entries, e->id);
    r.fields[entry_field::item] = std::string("frozen");
    r.stamps[entry_field::item] = Stamp{hlc, origin, 1, r.stamps[entry_field::item].hlc};
    merge_one(a, r);
    merge_one(b, r);
  };
  auto refused = [&](Store& s) {
    auto vector = s.replica().version_vector();
    Entry edit = *s.entries().get(e->id);
    edit.item = "beans";
    auto w = s.entries().update(edit);
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().find("past the year 9999") != std::string::npos);
    CHECK(w.error().find("cannot be changed") != std::string::npos);
    CHECK(item_of(s, e->id) == "frozen");
    CHECK(s.replica().version_vector() == vector);  // no sequence number spent
  };
  Id last, first;
  last.bytes.fill(0xFF);
  first.bytes[15] = 1;
  SUBCASE("the last possible clock, origin ordering after every device") {
    stamped(kHlcMax, last);
    refused(a);
    refused(b);
  }
  SUBCASE("the last possible clock, origin ordering before every device") {
    // Before 2026-12-05 the edit took kHlcMax under this device's id, and kept it after the
    // writer's revocation: then no device ordering before this one could change the field.
    stamped(kHlcMax, first);
    refused(a);
    refused(b);
  }
  SUBCASE("one below the last possible clock") {
    stamped(kHlcMax - 1, first);
    refused(a);
  }
  SUBCASE("one below the year 10000: the next value would be in it") {
    stamped(kHlcImpossible - 1, first);
    refused(a);
  }
  SUBCASE("two below the year 10000: the edit wins everywhere, its version still before it") {
    stamped(kHlcImpossible - 2, first);
    Entry edit = *a.entries().get(e->id);
    edit.item = "beans";
    REQUIRE(a.entries().update(edit).ok());
    CHECK(a.replica().read_row(TableId::entries, e->id)->stamps[entry_field::item].hlc ==
          kHlcImpossible - 1);
    send(a, b);
    CHECK(item_of(b, e->id) == "beans");
    exchange_all({&a, &b});
    CHECK(a.replica().content_hash() == b.replica().content_hash());
  }
}

TEST_CASE(
    "an entry last edited by a device 14 years ahead still gets its contacts purged after "
    "the retention period here") {
  auto net = make_network(2);
  auto& ahead = *net[0]->store;
  auto& hub = *net[1]->store;
  net[0]->wall += 14 * kYear;
  Entry draft = make_entry(Kind::need, "rice");
  draft.contact_name = "Olena";
  draft.contact_phone = "0712345678";
  draft.contact_consent = true;
  auto e = ahead.entries().add(draft);
  REQUIRE(e.ok());
  REQUIRE(ahead.entries().set_status(e->id, Status::met).ok());
  send(ahead, hub);
  CHECK(hub.entries().get(e->id)->updated_at <= hub.replica().now_ms());
  REQUIRE(hub.entries().purge_contacts(30).ok());
  CHECK(hub.entries().get(e->id)->contact_phone == "0712345678");  // it only just arrived
  net[1]->wall += 31 * kDay;
  auto purged = hub.entries().purge_contacts(30);
  REQUIRE(purged.ok());
  CHECK(*purged == 1);
  CHECK(hub.entries().get(e->id)->contact_phone.empty());
  // The blanking supersedes the far-future versions on the device that wrote them, too.
  send(hub, ahead);
  CHECK(ahead.entries().get(e->id)->contact_phone.empty());
  exchange_all({&ahead, &hub});
  CHECK(ahead.replica().content_hash() == hub.replica().content_hash());
}

TEST_CASE(
    "the sync result names a device whose clock is years ahead, once, wherever it is relayed") {
  auto net = make_network(4);
  auto& ahead = *net[0]->store;
  auto& hub = *net[1]->store;
  auto& relay = *net[2]->store;
  auto& far = *net[3]->store;
  net[0]->wall += 14 * kYear;
  rename(ahead, "Tablet 7");
  REQUIRE(ahead.entries().add(make_entry(Kind::need, "rice")).ok());
  auto bundle = build_bundle(ahead.replica());
  REQUIRE(bundle.ok());
  auto first = import_bundle(hub.replica(), bundle->bytes);
  REQUIRE(first.ok());
  REQUIRE(first->clock_skews.size() == 1);
  CHECK(first->clock_skews[0].device == ahead.replica().device_id());
  CHECK(first->clock_skews[0].offset_ms >= 14 * kYear - kDay);
  CHECK(clock_skew_line(hub.replica(), first->clock_skews[0]) ==
        "Tablet 7's clock is 14 years ahead; set its date.");
  auto again = import_bundle(hub.replica(), bundle->bytes);
  REQUIRE(again.ok());
  CHECK(again->clock_skews.empty());
  // Another device's full bundle carries those stamps again, beside news of its own: the hub
  // named that device when its stamps first came, so it is not named again.
  REQUIRE(import_bundle(relay.replica(), bundle->bytes).ok());
  REQUIRE(relay.entries().add(make_entry(Kind::offer, "tea")).ok());
  auto full = send(relay, hub, /*delta=*/false);
  CHECK(full.new_entries == 1);
  CHECK(full.clock_skews.empty());
  // Relayed further, the stamps name the device that made them, not the one carrying them.
  auto relayed = send(hub, far);
  REQUIRE(relayed.clock_skews.size() == 1);
  CHECK(relayed.clock_skews[0].device == ahead.replica().device_id());
  // And the sync log keeps it as a fact.
  auto log = far.replica().sync_log(1);
  REQUIRE(log.size() == 1);
  CHECK(log[0].clock_skews == relayed.clock_skews);
}

TEST_CASE("editing a far-future field does not make the editing device look ahead") {
  auto net = make_network(3);
  auto& ahead = *net[0]->store;
  auto& hub = *net[1]->store;
  auto& other = *net[2]->store;
  net[0]->wall += 14 * kYear;
  auto e = ahead.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  send(ahead, hub);
  Entry edit = *hub.entries().get(e->id);
  edit.item = "beans";
  REQUIRE(hub.entries().update(edit).ok());
  auto s = send(hub, other);
  for (const auto& k : s.clock_skews) CHECK(k.device != hub.replica().device_id());
}

TEST_CASE("the sync result names a device whose clock is a year behind") {
  auto net = make_network(1);
  auto& hub = *net[0]->store;
  auto dev = join_with_clock(hub, -kYear);
  auto& behind = *dev->store;
  rename(behind, "Tablet 3");
  REQUIRE(hub.entries().add(make_entry(Kind::need, "rice")).ok());
  send(hub, behind, /*delta=*/false);
  CHECK(clock_ms(behind) <= bound_of(behind));
  REQUIRE(behind.entries().add(make_entry(Kind::offer, "beans")).ok());
  net[0]->wall += 3'600'000;  // the stick takes an hour to come back
  auto back = send(behind, hub, /*delta=*/false);
  REQUIRE(back.clock_skews.size() == 1);
  CHECK(back.clock_skews[0].device == behind.replica().device_id());
  CHECK(back.clock_skews[0].offset_ms < -300 * kDay);
  CHECK(clock_skew_line(hub.replica(), back.clock_skews[0]) ==
        "Tablet 3's clock is 1 year behind; set its date.");
}

TEST_CASE("devices whose clocks differ by hours are named nowhere") {
  auto net = make_network(2);
  net[0]->wall += 5 * 3'600'000;
  net[1]->wall -= 5 * 3'600'000;
  REQUIRE(net[0]->store->entries().add(make_entry(Kind::need, "rice")).ok());
  CHECK(send(*net[0]->store, *net[1]->store, false).clock_skews.empty());
  REQUIRE(net[1]->store->entries().add(make_entry(Kind::need, "tea")).ok());
  CHECK(send(*net[1]->store, *net[0]->store, false).clock_skews.empty());
  CHECK(send(*net[0]->store, *net[1]->store, false).clock_skews.empty());
}

TEST_CASE("offsets are worded in years, days or hours as fits") {
  CHECK(skew_span(14 * kYear).unit == SkewSpan::Unit::years);
  CHECK(skew_span(14 * kYear).count == 14);
  CHECK(skew_span(-(kYear - kDay)).count == 1);
  CHECK(skew_span(3 * kDay + 1000).unit == SkewSpan::Unit::days);
  CHECK(skew_span(3 * kDay + 1000).count == 3);
  CHECK(skew_span(30 * 3'600'000).unit == SkewSpan::Unit::hours);
  CHECK(skew_span(30 * 3'600'000).count == 30);
}

TEST_CASE(
    "the contact purge skips a contact field at the maximum version it cannot supersede, and "
    "purges the rest") {
  auto net = make_network(1);
  auto& s = *net[0]->store;
  Entry draft = make_entry(Kind::need, "rice");
  draft.contact_phone = "0712345678";
  draft.contact_consent = true;
  auto frozen = s.entries().add(draft);
  auto plain = s.entries().add(draft);
  REQUIRE(frozen.ok());
  REQUIRE(plain.ok());
  REQUIRE(s.entries().set_status(frozen->id, Status::met).ok());
  REQUIRE(s.entries().set_status(plain->id, Status::met).ok());
  Row r = *s.replica().read_row(TableId::entries, frozen->id);
  Id last;
  last.bytes.fill(0xFF);
  r.stamps[entry_field::contact_phone] =
      Stamp{kHlcMax, last, 1, r.stamps[entry_field::contact_phone].hlc};
  merge_one(s, r);
  net[0]->wall += 31 * kDay;
  auto purged = s.entries().purge_contacts(30);
  REQUIRE(purged.ok());
  CHECK(*purged == 1);
  CHECK(s.entries().get(plain->id)->contact_phone.empty());
  CHECK(s.entries().get(frozen->id)->contact_phone == "0712345678");
}
