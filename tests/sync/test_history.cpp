#include <doctest/doctest.h>

#include "support/network_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("the history says who changed what, and travels with the entry") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  a.set_actor("Amina");
  auto e = make_entry(Kind::need, "rice", "food", 3);
  e.contact_phone = "0712345678";
  e.contact_consent = true;
  auto added = a.add_entry(e);
  REQUIRE(added.ok());
  Entry edited = *added;
  edited.quantity = 5;
  edited.contact_phone = "0799999999";
  REQUIRE(a.update_entry(edited).ok());
  REQUIRE(a.set_status(added->id, Status::met).ok());
  auto h = a.history(added->id);
  REQUIRE(h.size() == 2);
  CHECK(h[0].actor == "Amina");
  CHECK(h[0].summary == "quantity: 3 → 5; contact details changed");
  CHECK(h[1].summary == "status: open → met");
  for (const auto& ev : h) CHECK(ev.summary.find("07") == std::string::npos);
  send(a, b);
  auto hb = b.history(added->id);
  REQUIRE(hb.size() == 2);
  CHECK(hb[1].summary == "status: open → met");
  CHECK(hb[1].device == a.device_id());
}

TEST_CASE("matches and handovers appear in both entries' history") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  auto n = a.add_entry(make_entry(Kind::need, "tent", "shelter", 2));
  auto o = a.add_entry(make_entry(Kind::offer, "tent", "shelter", 2));
  auto m = a.add_match(n->id, o->id, 2, MatchStatus::confirmed);
  REQUIRE(m.ok());
  auto h = a.add_handover(m->id, 2);
  REQUIRE(h.ok());
  REQUIRE(a.add_handover(m->id, 2, h->id).ok());
  auto hn = a.history(n->id);
  REQUIRE(hn.size() == 3);
  CHECK(hn[0].summary == "matched with offer " + o->ticket + " (2, confirmed)");
  CHECK(hn[1].summary == "handed over 2");
  CHECK(hn[2].summary == "handover of 2 undone");
  CHECK(a.history(o->id).size() == 3);
}

TEST_CASE("keep this one: the losing value wins everywhere once chosen") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.add_entry(make_entry(Kind::need, "water"));
  send(a, b);
  Entry ea = *e, eb = *e;
  ea.item = "water, 10 litres";
  eb.item = "bottled water";
  net[0]->wall += 1000;
  net[1]->wall += 2000;
  REQUIRE(a.update_entry(ea).ok());
  REQUIRE(b.update_entry(eb).ok());
  send(b, a);
  auto conflicts = a.conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(a.entry(e->id)->item == "bottled water");
  REQUIRE(a.resolve_conflict(conflicts[0].id, true).ok());
  CHECK(a.entry(e->id)->item == "water, 10 litres");
  CHECK(a.conflicts().empty());
  CHECK_FALSE(a.resolve_conflict(conflicts[0].id, true).ok());
  send(a, b);
  CHECK(b.entry(e->id)->item == "water, 10 litres");
  bool logged = false;
  for (const auto& ev : a.history(e->id))
    logged = logged || ev.summary == "conflict on item resolved: kept 'water, 10 litres'";
  CHECK(logged);
}
