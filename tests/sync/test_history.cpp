#include <doctest/doctest.h>

#include "core/utf8.hpp"
#include "core/validate.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// The facts of an event, without when, where and who.
EventFacts facts(const EntryEvent& e) {
  return static_cast<const EventFacts&>(e);
}

EventFacts change(uint16_t field, Value before, Value after) {
  return field_change(field, before, after);
}

// Every stored value of every event, as text, for "never in any event" checks.
std::string all_event_values(const Store& store) {
  std::string all;
  store.replica().for_each_row(TableId::events, [&](const Row& r) {
    for (const auto& v : r.fixed) {
      if (auto n = std::get_if<int64_t>(&v))
        all += std::to_string(*n);
      else
        all += std::get<std::string>(v);
      all += "\n";
    }
    return true;
  });
  return all;
}

}  // namespace

TEST_CASE("the history holds one typed event per changed field, and travels with the entry") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  a.replica().set_actor("Amina");
  auto e = make_entry(Kind::need, "rice", "food", 3);
  e.contact_phone = "0712345678";
  e.contact_consent = true;
  auto added = a.entries().add(e);
  REQUIRE(added.ok());
  Entry edited = *added;
  edited.quantity = 5;
  edited.urgency = Urgency::critical;
  edited.contact_phone = "0799999999";
  REQUIRE(a.entries().update(edited).ok());
  REQUIRE(a.entries().set_status(added->id, Status::met).ok());
  auto h = a.history().of(added->id);
  REQUIRE(h.size() == 4);
  CHECK(h[0].actor == "Amina");
  CHECK(facts(h[0]) == change(entry_field::quantity, int64_t{3}, int64_t{5}));
  CHECK(h[0].what == EventKind::field_changed);
  CHECK(h[0].before_number == 3);
  CHECK(h[0].after_number == 5);
  CHECK(facts(h[1]) == change(entry_field::urgency, int64_t{2}, int64_t{0}));
  CHECK(h[2].what == EventKind::field_changed);
  CHECK(h[2].field == entry_field::contact_phone);
  CHECK(h[2].before_text.empty());
  CHECK(h[2].after_text.empty());
  CHECK(h[3].what == EventKind::status_changed);
  CHECK(h[3].before_number == int64_t(Status::open));
  CHECK(h[3].after_number == int64_t(Status::met));
  for (const auto& ev : h) CHECK(ev.summary.empty());
  send(a, b);
  auto hb = b.history().of(added->id);
  REQUIRE(hb.size() == h.size());
  for (size_t i = 0; i < h.size(); ++i) {
    CAPTURE(i);
    CHECK(facts(hb[i]) == facts(h[i]));
    CHECK(hb[i].device == a.replica().device_id());
    CHECK(hb[i].actor == h[i].actor);
    CHECK(hb[i].at == h[i].at);
  }
}

TEST_CASE("an item holding \"; \", \": \" and \" → \" is one value in its event") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto added = a.entries().add(make_entry(Kind::offer, "rice: 5 kg; beans", "food", 1));
  REQUIRE(added.ok());
  Entry edited = *added;
  edited.item = "rice → beans; item: x → y";
  REQUIRE(a.entries().update(edited).ok());
  send(a, *net[1]->store);
  for (auto* s : {&a, net[1]->store.get()}) {
    auto h = s->history().of(added->id);
    REQUIRE(h.size() == 1);
    CHECK(h[0].what == EventKind::field_changed);
    CHECK(h[0].field == entry_field::item);
    CHECK(h[0].before_text == "rice: 5 kg; beans");
    CHECK(h[0].after_text == "rice → beans; item: x → y");
  }
}

TEST_CASE("a long Cyrillic value is cut in its event on a character boundary") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  std::string details = "ї";  // one 2-byte letter first, so a byte count lands mid-letter
  while (details.size() < 600) details += "Гречана крупа, ";
  auto added = a.entries().add(make_entry(Kind::need, "крупа"));
  REQUIRE(added.ok());
  Entry edited = *added;
  edited.details = details;
  REQUIRE(a.entries().update(edited).ok());
  auto h = a.history().of(added->id);
  REQUIRE(h.size() == 1);
  CHECK(h[0].after_text.size() <= kEventTextBytes);
  CHECK(h[0].after_text.size() > kEventTextBytes - 8);
  CHECK(utf8::valid(h[0].after_text));
  CHECK(h[0].after_text.substr(h[0].after_text.size() - 3) == "\xE2\x80\xA6");
  a.replica().for_each_row(TableId::events, [](const Row& r) {
    CHECK_FALSE(validate_row(r).has_value());
    return true;
  });
}

TEST_CASE("every action logs its own kind of event") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto n = a.entries().add(make_entry(Kind::need, "tent", "shelter", 2));
  auto o = a.entries().add(make_entry(Kind::offer, "tent", "shelter", 2));
  auto m = a.matches().add(n->id, o->id, 2, MatchStatus::proposed);
  REQUIRE(m.ok());
  REQUIRE(a.matches().set(m->id, 2, MatchStatus::confirmed).ok());
  auto h = a.matches().add_handover(m->id, 2);
  REQUIRE(h.ok());
  REQUIRE(a.matches().add_handover(m->id, 2, h->id).ok());
  REQUIRE(a.matches().set(m->id, 1, MatchStatus::cancelled).ok());
  auto hn = a.history().of(n->id);
  REQUIRE(hn.size() == 5);
  CHECK(hn[0].what == EventKind::matched);
  CHECK(hn[0].ref == o->id);
  CHECK(hn[0].after_text == o->ticket);
  CHECK(hn[0].amount == 2);
  CHECK(hn[0].after_number == int64_t(MatchStatus::proposed));
  CHECK(hn[1].what == EventKind::match_changed);
  CHECK(hn[1].ref == m->id);
  CHECK(hn[1].after_number == int64_t(MatchStatus::confirmed));
  CHECK(hn[2].what == EventKind::handed_over);
  CHECK(hn[2].amount == 2);
  CHECK(hn[3].what == EventKind::handover_undone);
  CHECK(hn[3].amount == 2);
  CHECK(hn[4].what == EventKind::match_cancelled);
  CHECK(hn[4].amount == 1);
  auto ho = a.history().of(o->id);
  REQUIRE(ho.size() == 5);
  CHECK(ho[0].ref == n->id);
  CHECK(ho[0].after_text == n->ticket);

  // Retention: the purge says how many days, and nothing of what it removed.
  auto e = make_entry(Kind::need, "blanket");
  e.contact_name = "Olena Shevchenko";
  e.contact_phone = "0671112233";
  auto p = a.entries().add(e);
  REQUIRE(a.entries().set_status(p->id, Status::cancelled).ok());
  net[0]->wall += 40LL * 86'400'000;
  REQUIRE(a.entries().purge_contacts(30).ok());
  auto hp = a.history().of(p->id);
  REQUIRE(hp.size() == 2);
  CHECK(hp[1].what == EventKind::contacts_removed);
  CHECK(hp[1].amount == 30);
  CHECK(all_event_values(a).find("Olena") == std::string::npos);
  CHECK(all_event_values(a).find("0671112233") == std::string::npos);
}

TEST_CASE("contact details never enter an event, even through a conflict") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = make_entry(Kind::need, "insulin", "health", 1);
  e.contact_name = "Mykola Bondar";
  e.contact_phone = "0501234567";
  e.contact_consent = true;
  auto added = a.entries().add(e);
  REQUIRE(added.ok());
  send(a, b);
  Entry ea = *added, eb = *added;
  ea.contact_phone = "0502222222";
  ea.contact_name = "Mykola B.";
  eb.contact_phone = "0503333333";
  net[0]->wall += 1000;
  net[1]->wall += 2000;
  REQUIRE(a.entries().update(ea).ok());
  REQUIRE(b.entries().update(eb).ok());
  send(b, a);
  auto conflicts = a.replica().conflicts();
  REQUIRE(conflicts.size() == 1);
  REQUIRE(a.replica().resolve_conflict(conflicts[0].id, true).ok());
  CHECK(a.entries().get(added->id)->contact_phone == "0502222222");
  send(a, b);
  for (auto* s : {&a, &b}) {
    const std::string all = all_event_values(*s);
    for (const char* secret : {"Mykola", "0501234567", "0502222222", "0503333333", "Bondar"})
      CHECK_MESSAGE(all.find(secret) == std::string::npos, secret);
  }
  auto h = a.history().of(added->id);
  REQUIRE_FALSE(h.empty());
  CHECK(h.back().what == EventKind::conflict_resolved);
  CHECK(h.back().field == entry_field::contact_phone);
  CHECK(h.back().amount == int64_t(ConflictKept::other_value));
}

TEST_CASE("keep this one: the losing value wins everywhere once chosen") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.entries().add(make_entry(Kind::need, "water"));
  send(a, b);
  Entry ea = *e, eb = *e;
  ea.item = "water, 10 litres";
  eb.item = "bottled water";
  net[0]->wall += 1000;
  net[1]->wall += 2000;
  REQUIRE(a.entries().update(ea).ok());
  REQUIRE(b.entries().update(eb).ok());
  send(b, a);
  auto conflicts = a.replica().conflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK(a.entries().get(e->id)->item == "bottled water");
  REQUIRE(a.replica().resolve_conflict(conflicts[0].id, true).ok());
  CHECK(a.entries().get(e->id)->item == "water, 10 litres");
  CHECK(a.replica().conflicts().empty());
  CHECK_FALSE(a.replica().resolve_conflict(conflicts[0].id, true).ok());
  send(a, b);
  CHECK(b.entries().get(e->id)->item == "water, 10 litres");
  auto h = b.history().of(e->id);
  REQUIRE_FALSE(h.empty());
  CHECK(h.back().what == EventKind::conflict_resolved);
  CHECK(h.back().field == entry_field::item);
  CHECK(h.back().amount == int64_t(ConflictKept::other_value));
  CHECK(h.back().after_text == "water, 10 litres");
}

TEST_CASE("an event of a kind this version does not know is accepted; nonsense is refused") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  auto added = a.entries().add(make_entry(Kind::need, "soap"));
  Entry edited = *added;
  edited.quantity = 9;
  REQUIRE(a.entries().update(edited).ok());
  std::optional<Row> row;
  a.replica().for_each_row(TableId::events, [&](const Row& r) {
    row = r;
    return false;
  });
  REQUIRE(row);
  CHECK_FALSE(validate_row(*row).has_value());
  row->fixed[event_fixed::what] = int64_t{77};   // a newer device's kind
  row->fixed[event_fixed::field] = int64_t{40};  // and a field added after this version
  CHECK_FALSE(validate_row(*row).has_value());
  row->fixed[event_fixed::what] = int64_t{-1};
  CHECK(validate_row(*row).has_value());
  row->fixed[event_fixed::what] = int64_t{1};
  row->fixed[event_fixed::field] = int64_t{1'000'000};
  CHECK(validate_row(*row).has_value());
  row->fixed[event_fixed::field] = int64_t{1};
  row->fixed[event_fixed::after_text] = std::string("\xD0");  // half a Cyrillic letter
  CHECK(validate_row(*row).has_value());
}
