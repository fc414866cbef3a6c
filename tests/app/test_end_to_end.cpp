// End to end, as two people at two sites would do it, every step a tap: a resident posts a need
// at device A (a kiosk); a stick carries it to device B; a volunteer signs in at B with a PIN
// that was set at A, finds the need in the queue, matches it to an offer and records the
// handover; the stick goes back; A's "Check my ticket" says met.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "support/drives_env.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

// Frames until `done` holds, for work that runs on a worker thread (bounded).
template <typename Done>
void frames_until(Kiosk& k, Done done, const char* what) {
  for (int i = 0; i < 1000 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(done(), std::string(what) << " did not happen; drawn:" << k.drawn());
  k.frames(2);
}

// On the PIN pad: the digits, then ✓, then frames until the check on its worker is over.
void type_pin(Kiosk& k, const std::string& pin) {
  for (char c : pin) {
    k.frame();
    k.tap(std::string(1, c));
  }
  k.frame();
  k.tap("\xE2\x9C\x93");
  frames_until(
      k, [&] { return !k.ui.state.console.pad.check; }, "the PIN check");
}

// From the console menu: Sync, then the one big button for the stick.
void sync_with_stick(Kiosk& k) {
  k.tap("Sync");
  REQUIRE(k.ui.state.screen == Screen::sync);
  k.tap("Sync with USB drive KINGSTON");
  frames_until(
      k, [&] { return !k.ui.state.sync.job; }, "the sync");
  CHECK_MESSAGE(k.shows("Synced with KINGSTON at "), k.drawn());
}

}  // namespace

TEST_CASE(
    "a need posted at a kiosk is matched and handed over at another site, and the kiosk "
    "then says met") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  const auto stick = dir.path() / "KINGSTON";
  std::filesystem::create_directories(stick);
  DrivesEnv env(stick.string());
  // The coordinator set Ana's PIN at site A; it reaches B with the first stick.
  REQUIRE(add_volunteer(a, "Ana", Role::volunteer, "4821").ok());
  // Site B already has water to give.
  Entry water = mutua::test::make_entry(Kind::offer, "Bottled water", "water", 24);
  water.unit = "bottle";
  water.site = "Hill Camp";
  auto offered = b.entries().add(water);
  REQUIRE(offered.ok());

  std::string ticket;
  {  // Device A, a kiosk: a resident posts a need through the wizard.
    Kiosk k(a, 800, 480);
    k.ui.state.screen = Screen::home;
    k.frames(3);
    k.tap("I need something");
    k.tap("Water");
    k.type("Type here, or tap one below", "drinking water");
    k.tap("Next");
    k.tap("+", 0);  // 1 -> 2
    k.tap("Right now");
    k.tap("Next");
    k.tap("Next");  // no contact details
    k.tap("Post my need");
    REQUIRE(k.ui.state.wizard.step == 6);
    EntryQuery q;
    q.kind = Kind::need;
    const auto needs = a.entries().list(q, 10).entries;
    REQUIRE(needs.size() == 1);
    ticket = needs[0].ticket;
    CHECK(k.shows(ticket));
    k.tap("Done");
    // A volunteer at A carries the need out on the stick (signing in is tested at B below).
    k.ui.state.signed_in = SignedIn{Id::random(), "Bea", Role::coordinator};
    k.ui.state.screen = Screen::console;
    k.frames(3);
    sync_with_stick(k);
  }

  {  // Device B, a volunteer tablet: PIN pad, queue, detail, match, handover, sync.
    Kiosk k(b, 1280, 800);
    k.ui.state.console.volunteer_device = true;
    k.ui.state.screen = Screen::pin;
    k.frames(3);
    // B knows nothing of Ana yet: her PIN does not open the console, and the pad says why.
    type_pin(k, "4821");
    CHECK_MESSAGE(k.shows("No volunteer has a PIN on this device yet."), k.drawn());
    CHECK(k.ui.state.screen == Screen::pin);
    CHECK_FALSE(k.ui.state.signed_in);
  }
  {  // The stick reaches B's sync the way a coordinator at B would run it.
    Kiosk k(b, 1280, 800);
    k.ui.state.signed_in = SignedIn{Id::random(), "Carlos", Role::coordinator};
    k.ui.state.screen = Screen::console;
    k.frames(3);
    sync_with_stick(k);
  }
  REQUIRE(b.entries().by_ticket(ticket));

  {  // Ana, at B, with the PIN set at A.
    Kiosk k(b, 1280, 800);
    k.ui.state.console.volunteer_device = true;
    k.ui.state.screen = Screen::pin;
    k.frames(3);
    type_pin(k, "4821");
    REQUIRE(k.ui.state.screen == Screen::console);
    REQUIRE(k.ui.state.signed_in);
    CHECK(k.ui.state.signed_in->name == "Ana");

    k.tap("Queue");
    REQUIRE_MESSAGE(k.find(ticket), k.drawn());  // the only open need, so the most urgent
    k.tap(ticket);
    REQUIRE(k.ui.state.screen == Screen::entry_detail);
    k.tap("Find offers");
    REQUIRE(k.ui.state.screen == Screen::match);
    CHECK(k.shows("Same category: Water"));
    k.tap("Match 2");
    k.tap("Record a handover");
    REQUIRE(k.ui.state.screen == Screen::handover);
    k.tap("Given: 2");
    CHECK(b.entries().by_ticket(ticket)->status == Status::met);
    CHECK(k.shows("Met"));
    k.tap("\xE2\x80\xB9  Back");  // to the detail
    k.tap("\xE2\x80\xB9  Back");  // to the queue
    k.tap("\xE2\x80\xB9  Back");  // to the console
    REQUIRE(k.ui.state.screen == Screen::console);
    sync_with_stick(k);
  }

  {  // Back at A: the resident checks the ticket on the kiosk.
    Kiosk k(a, 800, 480);
    k.ui.state.signed_in = SignedIn{Id::random(), "Bea", Role::coordinator};
    k.ui.state.screen = Screen::console;
    k.frames(3);
    sync_with_stick(k);
    k.ui.state.signed_in.reset();
    k.ui.state.screen = Screen::home;
    k.frames(3);
    k.tap("Check my ticket");
    for (char c : ticket)
      if (c != '-') k.tap(std::string(1, c));
    REQUIRE(k.ui.state.ticket_check.code == ticket);
    k.tap("Check");
    CHECK_MESSAGE(k.shows("Met: it has been handed over."), k.drawn());
  }
  CHECK(a.entries().by_ticket(ticket)->status == Status::met);
  // The offer came back with it, taken 2 of 24.
  REQUIRE(a.entries().by_ticket(offered->ticket));
  CHECK(a.entries().by_ticket(offered->ticket)->status == Status::partly_taken);
}
