#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/codec.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("a bundle imported twice changes nothing the second time") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  for (int i = 0; i < 5; ++i) REQUIRE(a.add_entry(make_entry(Kind::need, "rice " + std::to_string(i))).ok());
  auto bundle = build_bundle(a);
  REQUIRE(bundle.ok());
  auto first = import_bundle(b, bundle->bytes);
  REQUIRE(first.ok());
  CHECK(first->added == 6);  // five entries and device A's own record
  CHECK(first->line() == "6 new, 0 updated, 0 conflicts, 0 already known");
  auto hash = b.content_hash();
  auto second = import_bundle(b, bundle->bytes);
  REQUIRE(second.ok());
  CHECK(second->added == 0);
  CHECK(second->updated == 0);
  CHECK(second->known == 6);
  CHECK(b.content_hash() == hash);
}

TEST_CASE("device B carries device A's data to device C, which never sees A") {
  auto net = make_network(3);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto& c = *net[2]->store;
  auto e = a.add_entry(make_entry(Kind::offer, "camping stove", "shelter"));
  REQUIRE(e.ok());
  send(a, b);
  auto r = send(b, c);
  CHECK(r.added >= 1);
  auto there = c.entry_by_ticket(e->ticket);
  REQUIRE(there);
  CHECK(there->item == "camping stove");
  CHECK(c.read_row(TableId::entries, e->id)->stamps == a.read_row(TableId::entries, e->id)->stamps);
  // Devices' own records differ until everyone has heard from everyone.
  send(c, b);
  send(b, a);
  CHECK(c.content_hash() == b.content_hash());
  CHECK(a.content_hash() == b.content_hash());
}

TEST_CASE("a delta for a known peer carries only what it lacks") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  std::vector<Entry> added;
  for (int i = 0; i < 200; ++i) added.push_back(*a.add_entry(make_entry(Kind::need, "item " + std::to_string(i))));
  send(a, b);
  send(b, a);  // A now knows what B holds
  for (int i = 0; i < 3; ++i) {
    Entry e = added[static_cast<size_t>(i)];
    e.quantity = 99;
    REQUIRE(a.update_entry(e).ok());
  }
  auto full = build_bundle(a);
  auto delta = build_bundle(a, a.peer(b.device_id())->vector);
  REQUIRE(full.ok());
  REQUIRE(delta.ok());
  CHECK(delta->header.counts[static_cast<size_t>(TableId::entries)] == 3);
  CHECK(delta->header.counts[static_cast<size_t>(TableId::events)] == 3);  // their history lines
  CHECK(delta->records == 6);
  CHECK(delta->bytes.size() < full->bytes.size() / 5);
  auto r = import_bundle(b, delta->bytes);
  REQUIRE(r.ok());
  CHECK(r->updated == 3);
  CHECK(b.entry(added[0].id)->quantity == 99);
  CHECK(b.content_hash() == a.content_hash());
}

TEST_CASE("two devices each hand over 2 units while apart: both report 4") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto need = a.add_entry(make_entry(Kind::need, "blankets", "shelter", 6));
  auto offer = a.add_entry(make_entry(Kind::offer, "blankets", "shelter", 10));
  auto m = a.add_match(need->id, offer->id, 6, MatchStatus::confirmed);
  REQUIRE(m.ok());
  send(a, b);
  REQUIRE(a.add_handover(m->id, 2).ok());
  REQUIRE(b.add_handover(m->id, 2).ok());
  send(a, b);
  send(b, a);
  CHECK(a.handed_over(need->id) == 4);
  CHECK(b.handed_over(need->id) == 4);
  CHECK(a.entry(need->id)->status == Status::partly_met);
  CHECK(b.entry(need->id)->status == Status::partly_met);
  CHECK(a.content_hash() == b.content_hash());
}

TEST_CASE("concurrent edits of one field resolve the same way everywhere and keep the loser visible") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.add_entry(make_entry(Kind::need, "water"));
  send(a, b);
  Entry ea = *e, eb = *e;
  ea.item = "water, 10 litres";
  eb.item = "bottled water";
  net[0]->wall += 1000;
  net[1]->wall += 2000;  // B writes later, so B's value wins
  REQUIRE(a.update_entry(ea).ok());
  REQUIRE(b.update_entry(eb).ok());
  // Each side sees the other's value arrive, so each records the conflict it resolved.
  auto rb = send(a, b);
  auto ra = send(b, a);
  CHECK(ra.conflicts == 1);
  CHECK(rb.conflicts == 1);
  CHECK(a.entry(e->id)->item == "bottled water");
  CHECK(b.entry(e->id)->item == "bottled water");
  CHECK(a.content_hash() == b.content_hash());
  auto ca = a.conflicts();
  REQUIRE(ca.size() == 1);
  CHECK(ca[0].field == "item");
  CHECK(ca[0].losing_value == "water, 10 litres");
  CHECK(ca[0].winning_value == "bottled water");
  CHECK(b.conflicts().size() == 1);
}

TEST_CASE("a sequential overwrite is not reported as a conflict") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.add_entry(make_entry(Kind::need, "soap", "hygiene"));
  send(a, b);
  Entry eb = *b.entry(e->id);
  eb.quantity = 12;
  REQUIRE(b.update_entry(eb).ok());
  auto r = send(b, a);
  CHECK(r.conflicts == 0);
  CHECK(a.entry(e->id)->quantity == 12);
  CHECK(a.conflicts().empty());
}

namespace {
bool file_contains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str().find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("a purged phone number survives nowhere: database files, conflicts or later bundles") {
  TempDir dir;
  const std::string phone = "0799123456";
  const std::string other_phone = "0788654321";
  {
    auto net = make_network(2, dir.path().string());
    auto& a = *net[0]->store;
    auto& b = *net[1]->store;
    auto e = make_entry(Kind::need, "insulin", "health", 1);
    e.contact_name = "Marta";
    e.contact_phone = phone;
    e.contact_consent = true;
    auto added = a.add_entry(e);
    REQUIRE(added.ok());
    send(a, b);
    // A concurrent phone edit on B puts a phone number into a conflict record too.
    Entry eb = *b.entry(added->id);
    eb.contact_phone = other_phone;
    net[1]->wall += 10;
    REQUIRE(b.update_entry(eb).ok());
    send(b, a);
    send(a, b);
    REQUIRE(a.set_status(added->id, Status::met).ok());
    net[0]->wall += 40LL * 86'400'000;
    auto purged = a.purge_contacts(30);
    REQUIRE(purged.ok());
    CHECK(*purged == 1);
    CHECK(a.entry(added->id)->contact_phone.empty());
    send(a, b);
    CHECK(b.entry(added->id)->contact_phone.empty());
    CHECK(b.entry(added->id)->contact_name.empty());
    for (auto* s : {&a, &b}) {
      for (const auto& c : s->conflicts()) {
        CHECK(c.losing_value.find("07") == std::string::npos);
        CHECK(c.winning_value.find("07") == std::string::npos);
      }
      auto later = build_bundle(*s);
      REQUIRE(later.ok());
      auto opened = open_bundle(*s, later->bytes);
      REQUIRE(opened.ok());
      CHECK(opened->plain.find(phone) == std::string::npos);
      CHECK(opened->plain.find(other_phone) == std::string::npos);
      CHECK(opened->plain.find("Marta") == std::string::npos);
    }
  }
  for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
    CAPTURE(f.path().string());
    CHECK_FALSE(file_contains(f.path().string(), phone));
    CHECK_FALSE(file_contains(f.path().string(), other_phone));
  }
}

TEST_CASE("the phone-number search above would find a phone that was not purged") {
  // Guards the purge test: the same search does see contact data that is still there.
  TempDir dir;
  const std::string phone = "0799123456";
  {
    auto net = make_network(1, dir.path().string());
    auto e = make_entry(Kind::need, "insulin", "health", 1);
    e.contact_phone = phone;
    e.contact_consent = true;
    REQUIRE(net[0]->store->add_entry(e).ok());
    net[0]->store->checkpoint();
    auto bundle = build_bundle(*net[0]->store);
    auto opened = open_bundle(*net[0]->store, bundle->bytes);
    REQUIRE(opened.ok());
    CHECK(opened->plain.find(phone) != std::string::npos);
  }
  bool found = false;
  for (const auto& f : std::filesystem::directory_iterator(dir.path()))
    found = found || file_contains(f.path().string(), phone);
  CHECK(found);
}

TEST_CASE("a revocation replicates, and then the revoked device's bundles are refused by name") {
  auto net = make_network(3);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto& c = *net[2]->store;
  REQUIRE(c.add_entry(make_entry(Kind::offer, "bread")).ok());
  send(c, a);
  send(a, b);
  auto dev = a.device(c.device_id());
  REQUIRE(dev);
  dev->revoked = true;
  REQUIRE(a.put_device(*dev).ok());
  send(a, b);
  REQUIRE(c.add_entry(make_entry(Kind::offer, "more bread")).ok());
  auto bundle = build_bundle(c);
  REQUIRE(bundle.ok());
  auto r = import_bundle(b, bundle->bytes);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("revoked device 'Device " + c.ticket_prefix() + "'") != std::string::npos);
}
