// "Check my ticket": the keypad and the status it shows, in plain words and nothing else.
#include <doctest/doctest.h>

#include "app/ui/check_ticket.hpp"
#include "app/widgets/keypad.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

Entry add(Store& store, Kind kind, const char* item, const char* site) {
  Entry e;
  e.kind = kind;
  e.category = "water";
  e.item = item;
  e.quantity = 1;
  e.site = site;
  auto r = store.entries().add(e);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

// Types a code on the keypad, taps Check, returns what the screen said.
TicketAnswer check(Kiosk& k, const std::string& code) {
  k.ui.state.screen = Screen::ticket;
  k.ui.state.entered.reset();  // a fresh visit
  k.frames(3);
  for (char c : code)
    if (c != '-') k.tap(std::string(1, c));
  REQUIRE(k.ui.state.ticket_check.code == code);
  k.tap("Check");
  return k.ui.state.ticket_check.answer;
}

}  // namespace

TEST_CASE("the ticket keypad takes prefix characters, adds the dash, then only digits") {
  std::string code;
  ticket_pad_press(code, 'O');  // not in the prefix alphabet (looks like 0)
  ticket_pad_press(code, '1');
  CHECK(code.empty());
  ticket_pad_press(code, 'k');
  ticket_pad_press(code, '7');
  CHECK(ticket_pad_phase(code) == TicketPadPhase::prefix);
  ticket_pad_press(code, 'Q');
  CHECK(code == "K7Q-");
  CHECK(ticket_pad_phase(code) == TicketPadPhase::number);
  ticket_pad_press(code, 'A');  // letters are over
  ticket_pad_press(code, '0');
  ticket_pad_press(code, '4');
  CHECK_FALSE(ticket_code_complete(code));
  ticket_pad_press(code, '2');
  CHECK(code == "K7Q-042");
  CHECK(ticket_code_complete(code));
  for (int i = 0; i < 5; ++i) ticket_pad_press(code, '9');
  CHECK(code == "K7Q-042999");  // at most six digits
  for (int i = 0; i < 7; ++i) ticket_pad_backspace(code);
  CHECK(code == "K7");  // the dash went with the Q
  ticket_pad_backspace(code);
  ticket_pad_backspace(code);
  ticket_pad_backspace(code);
  CHECK(code.empty());
}

TEST_CASE("check my ticket says open, matched, ready, met or unknown, with the item only") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  const Entry open = add(*store, Kind::need, "Drinking water", "Hall A");
  const Entry matched = add(*store, Kind::need, "Water containers", "Hall A");
  const Entry ready = add(*store, Kind::need, "Purification tablets", "Hall A");
  const Entry met = add(*store, Kind::need, "Bottled water", "Hall A");
  const Entry offer = add(*store, Kind::offer, "Water for everyone", "Riverside School");
  REQUIRE(store->matches().add(matched.id, offer.id, 1, MatchStatus::proposed).ok());
  REQUIRE(store->matches().add(ready.id, offer.id, 1, MatchStatus::confirmed).ok());
  auto given = store->matches().add(met.id, offer.id, 1, MatchStatus::confirmed);
  REQUIRE(given.ok());
  REQUIRE(store->matches().add_handover(given->id, 1).ok());
  REQUIRE(store->entries().get(met.id)->status == Status::met);

  Kiosk k(*store, 800, 480);
  CHECK(check(k, open.ticket) == TicketAnswer::open);
  CHECK(k.shows("Open: waiting for a match."));
  CHECK(k.shows("Drinking water"));  // the item and quantity, as the board shows them
  CHECK_FALSE(k.shows("Hall A"));    // nothing else: not even the entry's own site

  CHECK(check(k, matched.ticket) == TicketAnswer::matched);
  CHECK(k.shows("Matched"));
  CHECK(k.shows("Water containers"));

  CHECK(check(k, ready.ticket) == TicketAnswer::ready);
  CHECK(k.shows("Ready for pickup at Riverside School."));
  CHECK(k.shows("Purification tablets"));

  CHECK(check(k, met.ticket) == TicketAnswer::met);
  CHECK(k.shows("Met: it has been handed over."));

  // A code that looks right but is not on this device (yet).
  const std::string unknown = store->replica().ticket_prefix() + "-999";
  CHECK(check(k, unknown) == TicketAnswer::unknown);
  CHECK(k.shows("No ticket with this code on this device yet"));

  // "Check another ticket" clears the code and the answer.
  k.tap("Check another ticket");
  CHECK(k.ui.state.ticket_check.code.empty());
  CHECK(k.ui.state.ticket_check.answer == TicketAnswer::none);
}

TEST_CASE("Check stays off until the code is complete") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 480, 800);  // portrait
  k.ui.state.screen = Screen::ticket;
  k.frames(3);
  for (const char* key : {"K", "7", "Q", "0", "4"}) k.tap(key);
  CHECK(k.ui.state.ticket_check.code == "K7Q-04");
  k.tap("Check");
  CHECK(k.ui.state.ticket_check.answer == TicketAnswer::none);
  k.tap("Delete");
  CHECK(k.ui.state.ticket_check.code == "K7Q-0");
}
