// History events are stored as facts (they replicate between devices of any language); the
// detail screen words them in the interface language. Nothing parses prose.
#include <doctest/doctest.h>

#include "app/ui/history_text.hpp"
#include "app/ui/i18n.hpp"
#include "language_guard.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;
using mutua::test::LanguageGuard;

namespace {

constexpr int64_t kNow = 1'750'000'000'000;

EventFacts ev(EventKind what, int64_t amount = 0) {
  EventFacts e;
  e.what = what;
  e.amount = amount;
  return e;
}

EventFacts matched(std::string ticket, int64_t quantity, MatchStatus s) {
  EventFacts e = ev(EventKind::matched, quantity);
  e.after_text = std::move(ticket);
  e.after_number = static_cast<int64_t>(s);
  return e;
}

EventFacts conflict(uint16_t field, ConflictKept kept, Value value = std::string()) {
  EventFacts e = ev(EventKind::conflict_resolved, static_cast<int64_t>(kept));
  e.field = field;
  set_event_value(e, field, value, true);
  return e;
}

std::string text(const EventFacts& e, Kind own = Kind::need) {
  return history_text(e, own, kNow);
}

}  // namespace

TEST_CASE("every kind of event is worded in English from its facts") {
  LanguageGuard guard;
  set_language("en");
  CHECK(text(field_change(entry_field::quantity, int64_t{2}, int64_t{3})) == "How many: 2 → 3");
  CHECK(text(field_change(entry_field::urgency, int64_t{2}, int64_t{0})) ==
        "Urgency: Normal → Critical");
  CHECK(text(field_change(entry_field::status, int64_t{0}, int64_t{2})) == "Status: Open → Met");
  CHECK(text(field_change(entry_field::contact_phone, std::string("0712"), std::string("0799"))) ==
        "Phone number changed");
  CHECK(text(field_change(entry_field::contact_name, std::string("Ana"), std::string("Bo"))) ==
        "Contact name changed");
  CHECK(text(matched("K7Q-042", 4, MatchStatus::confirmed)) ==
        "Matched with offer K7Q-042 (4, Confirmed)");
  CHECK(text(matched("K7Q-001", 4, MatchStatus::proposed), Kind::offer) ==
        "Matched with need K7Q-001 (4, Proposed)");
  EventFacts changed = ev(EventKind::match_changed, 3);
  changed.after_number = static_cast<int64_t>(MatchStatus::confirmed);
  CHECK(text(changed) == "Match changed: 3, Confirmed");
  CHECK(text(ev(EventKind::match_cancelled, 3)) == "Match cancelled (3)");
  CHECK(text(ev(EventKind::handed_over, 2)) == "Handed over 2");
  CHECK(text(ev(EventKind::handover_undone, 3)) == "Handover of 3 undone");
  CHECK(text(ev(EventKind::contacts_removed, 30)) == "Contact details removed after 30 days");
  CHECK(text(ev(EventKind::contacts_removed, 1)) == "Contact details removed after 1 day");
  CHECK(text(conflict(entry_field::urgency, ConflictKept::other_value, int64_t{0})) ==
        "Conflict on Urgency resolved: kept 'Critical'");
  CHECK(text(conflict(entry_field::item, ConflictKept::value_in_use)) ==
        "Conflict on What resolved: kept the value in use");
  CHECK(text(conflict(entry_field::contact_phone, ConflictKept::other_value,
                      std::string("0799"))) == "Conflict on Phone resolved: kept the other value");
  CHECK(text(conflict(entry_field::area, ConflictKept::not_said)) == "Conflict on Area resolved");
  CHECK(text(ev(EventKind::contact_details_changed)) == "Contact details changed");
}

TEST_CASE("a value holding \"; \", \": \" and \" → \" is worded as one value") {
  LanguageGuard guard;
  set_language("en");
  const std::string odd = "rice → beans; item: x → y";
  CHECK(text(field_change(entry_field::item, std::string("rice: 5 kg; beans"), odd)) ==
        "What: rice: 5 kg; beans → " + odd);
  CHECK(text(field_change(entry_field::details, std::string(), std::string("a; b"))) ==
        "Details: - → a; b");
  set_language("uk");
  CHECK(text(field_change(entry_field::item, std::string("a: b"), std::string("c; d"))) ==
        "Що: a: b → c; d");
}

TEST_CASE("history events are worded in the reader's language") {
  LanguageGuard guard;
  set_language("uk");
  CHECK(text(field_change(entry_field::quantity, int64_t{1}, int64_t{5})) == "Скільки: 1 → 5");
  CHECK(text(field_change(entry_field::status, int64_t{0}, int64_t{2})) ==
        "Стан: Відкрита → Виконана");
  CHECK(text(field_change(entry_field::contact_phone, std::string(), std::string())) ==
        "Номер телефону змінено");
  CHECK(text(field_change(entry_field::contact_name, std::string(), std::string())) ==
        "Ім’я для зв’язку змінено");
  CHECK(text(matched("K7Q-042", 4, MatchStatus::confirmed)) ==
        "Зіставлено з пропозицією K7Q-042 (4, Підтверджено)");
  CHECK(text(matched("K7Q-001", 1, MatchStatus::confirmed), Kind::offer) ==
        "Зіставлено з потребою K7Q-001 (1, Підтверджено)");
  CHECK(text(ev(EventKind::match_cancelled, 3)) == "Зіставлення скасовано (3)");
  CHECK(text(ev(EventKind::handed_over, 2)) == "Видано: 2");
  CHECK(text(ev(EventKind::handover_undone, 2)) == "Видачу 2 скасовано");
  CHECK(text(ev(EventKind::contacts_removed, 30)) == "Контактні дані видалено через 30 днів");
  CHECK(text(ev(EventKind::contacts_removed, 21)) == "Контактні дані видалено через 21 день");
  CHECK(text(ev(EventKind::contacts_removed, 3)) == "Контактні дані видалено через 3 дні");
  CHECK(text(ev(EventKind::contacts_removed, 11)) == "Контактні дані видалено через 11 днів");
  CHECK(text(conflict(entry_field::contact_phone, ConflictKept::other_value)) ==
        "Конфлікт у полі «Телефон» розв'язано: залишено інше значення");
  CHECK(text(conflict(entry_field::item, ConflictKept::value_in_use)) ==
        "Конфлікт у полі «Що» розв'язано: залишено чинне значення");
  CHECK(text(ev(EventKind::contact_details_changed)) == "Контактні дані змінено");
  CHECK(text(ev(EventKind(77))) == "Зміна, зроблена новішою версією Mutua");
  set_language("es");
  CHECK(text(field_change(entry_field::status, int64_t{0}, int64_t{2})) ==
        "Estado: Abierta → Cubierta");
  CHECK(text(ev(EventKind::match_cancelled, 3)) == "Emparejamiento cancelado (3)");
  set_language("fr");
  CHECK(text(field_change(entry_field::urgency, int64_t{3}, int64_t{0})).find("Critique") !=
        std::string::npos);
  CHECK(text(ev(EventKind::match_cancelled, 3)) == "Association annulée (3)");
  CHECK(text(ev(EventKind::contacts_removed, 1)) == "Coordonnées effacées après 1 jour");
  CHECK(text(ev(EventKind::contacts_removed, 2)) == "Coordonnées effacées après 2 jours");
}

TEST_CASE("old prose that did not convert is shown as stored; an unknown kind is a neutral line") {
  LanguageGuard guard;
  set_language("en");
  EventFacts legacy;
  legacy.summary = "something new happened: a → b";
  CHECK(text(legacy) == "something new happened: a → b");
  CHECK(text(EventFacts{}).empty());
  CHECK(text(ev(EventKind(77), 5)) == "A change made with a newer version of Mutua");
  EventFacts future_field = field_change(entry_field::quantity, int64_t{1}, int64_t{2});
  future_field.field = 40;  // a field a newer version added
  CHECK(text(future_field) == "A change made with a newer version of Mutua");
}

TEST_CASE("the events an action stores read the same on the device that receives them") {
  LanguageGuard guard;
  auto net = test::make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto n = a.entries().add(test::make_entry(Kind::need, "tent", "shelter", 2));
  auto o = a.entries().add(test::make_entry(Kind::offer, "tent", "shelter", 2));
  REQUIRE(a.matches().add(n->id, o->id, 2, MatchStatus::confirmed).ok());
  Entry edited = *n;
  edited.item = "tent; 4 people: family → big";
  REQUIRE(a.entries().update(edited).ok());
  test::send(a, b);
  for (const char* lang : {"en", "uk"}) {
    set_language(lang);
    auto ha = a.history().of(n->id), hb = b.history().of(n->id);
    REQUIRE(ha.size() == 2);
    REQUIRE(hb.size() == 2);
    for (size_t i = 0; i < ha.size(); ++i)
      CHECK(history_text(ha[i], Kind::need, kNow) == history_text(hb[i], Kind::need, kNow));
  }
  set_language("en");
  CHECK(history_text(b.history().of(n->id)[0], Kind::need, kNow) ==
        "Matched with offer " + o->ticket + " (2, Confirmed)");
  CHECK(history_text(b.history().of(n->id)[1], Kind::need, kNow) ==
        "What: tent → tent; 4 people: family → big");
}
