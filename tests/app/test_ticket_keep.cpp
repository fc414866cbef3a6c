// Tickets people can keep (issue 14): the board hides ticket codes, the status answer, the
// ticket screen after posting (with "Print my ticket" when there is a printer) and "Show my last
// ticket".
#include <doctest/doctest.h>

#include <httplib.h>
#include <chrono>
#include <thread>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "app/ui/i18n.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/layout_check.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/ticket_status.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/web/phone_pages.hpp"
#include "app/widgets/palette.hpp"
#include "core/settings.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/clocked_store.hpp"
#include "support/escpos_decoder.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

Entry add_entry(Store& store, Kind kind, const char* item, const char* site = "Harbor Hall") {
  Entry e;
  e.kind = kind;
  e.category = "food";
  e.item = item;
  e.quantity = 3;
  e.unit = "bags";
  e.site = site;
  auto r = store.entries().add(e);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

}  // namespace

TEST_CASE("the kiosk board shows no ticket codes") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  const Entry need = add_entry(*store, Kind::need, "Rice");
  const Entry offer = add_entry(*store, Kind::offer, "Blankets");
  REQUIRE_FALSE(need.ticket.empty());
  for (float w : {800.0f, 1280.0f}) {
    Kiosk k(*store, w, w == 800.0f ? 480.0f : 800.0f);
    k.ui.state.screen = Screen::board;
    k.frames(3);
    CHECK(k.shows("Rice"));
    CHECK_FALSE(k.shows(need.ticket));
    k.ui.state.board.kind = Kind::offer;
    k.ui.state.board.filter_changed = true;
    k.frames(3);
    CHECK(k.shows("Blankets"));
    CHECK_FALSE(k.shows(offer.ticket));
  }
}

TEST_CASE("the phone board shows no ticket codes") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto store = open_test_store(db);
  const Entry need = add_entry(*store, Kind::need, "Rice");
  const Entry offer = add_entry(*store, Kind::offer, "Blankets");
  auto started = PhonePages::start(db, "127.0.0.1", 0, PhoneLimits{});
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  httplib::Client client("127.0.0.1", (*started)->port());
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  for (const char* path : {"/board", "/board?kind=offer", "/board?q=rice", "/board?cat=food"}) {
    CAPTURE(path);
    auto r = client.Get(path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find(need.ticket) == std::string::npos);
    CHECK(r->body.find(offer.ticket) == std::string::npos);
  }
  auto r = client.Get("/board");
  REQUIRE(r);
  CHECK(r->body.find("Rice") != std::string::npos);  // the page does list the entry
}

TEST_CASE("open, matched, ready and met differ in shape and colour, each 3:1 or more") {
  for (bool hc : {false, true}) {
    set_high_contrast(hc);
    const TicketAnswer states[] = {TicketAnswer::open, TicketAnswer::matched, TicketAnswer::ready,
                                   TicketAnswer::met};
    for (size_t i = 0; i < 4; ++i) {
      const StatusLook a = status_look(states[i]);
      CAPTURE(i);
      CAPTURE(hc);
      // The band carries the icon in on_colour and sits on the surface: both must read.
      CHECK(contrast_ratio(a.colour, palette().surface) >= 3.0f);
      CHECK(contrast_ratio(a.colour, palette().on_colour) >= 3.0f);
      for (size_t j = i + 1; j < 4; ++j) {
        const StatusLook b = status_look(states[j]);
        CHECK(a.icon != b.icon);
        CHECK(a.colour != b.colour);
      }
    }
  }
  set_high_contrast(false);
  CHECK(contrast_ratio(IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 255)) ==
        doctest::Approx(21.0f));
}

TEST_CASE("ready for pickup here shows the item, quantity, address and opening hours") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  REQUIRE(set_device_site(*store, "Harbor Hall", SiteKind::distribution).ok());
  REQUIRE(set_pickup_place(*store, "12 Harbor Road, by the blue door", "Mon-Fri 9-17").ok());
  const Entry need = add_entry(*store, Kind::need, "Rice", "Riverside");
  const Entry elsewhere = add_entry(*store, Kind::need, "Soap", "Riverside");
  const Entry offer = add_entry(*store, Kind::offer, "Rice sacks", "Harbor Hall");
  const Entry far_offer = add_entry(*store, Kind::offer, "Soap bars", "North Depot");
  REQUIRE(store->matches().add(need.id, offer.id, 3, MatchStatus::confirmed).ok());
  REQUIRE(store->matches().add(elsewhere.id, far_offer.id, 3, MatchStatus::confirmed).ok());

  const TicketStatus s = ticket_status(*store, need.ticket);
  CHECK(s.answer == TicketAnswer::ready);
  CHECK(s.site == "Harbor Hall");
  const auto lines = ticket_detail_lines(s);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].find("Rice") == 0);
  CHECK(lines[0].find("3 bags") != std::string::npos);
  CHECK(lines[1] == "Address: 12 Harbor Road, by the blue door");
  CHECK(lines[2] == "Opening hours: Mon-Fri 9-17");

  // Another site's address is not known here: the site name alone.
  const TicketStatus far = ticket_status(*store, elsewhere.ticket);
  CHECK(far.answer == TicketAnswer::ready);
  CHECK(far.site == "North Depot");
  CHECK(ticket_detail_lines(far).size() == 1);

  // On the screen, after typing the code.
  Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::ticket;
  k.frames(3);
  for (char c : need.ticket)
    if (c != '-') k.tap(std::string(1, c));
  k.tap("Check");
  CHECK(k.shows("Ready for pickup at Harbor Hall."));
  CHECK(k.shows("Address: 12 Harbor Road, by the blue door"));
  CHECK(k.shows("Opening hours: Mon-Fri 9-17"));
  CHECK(k.shows("3 bags"));
}

namespace {

// Posts a need through the wizard's last step, as the Review's "Post" does.
std::string post_need(Kiosk& k, Store& store) {
  k.ui.state.screen = Screen::need;
  k.ui.state.entered.reset();
  k.frames(2);
  WizardForm& f = k.ui.state.wizard;
  f.category = "food";
  f.item = "Rice";
  f.quantity = 2;
  f.reach = WizardForm::Reach::come_back;
  f.step = 5;
  k.frames(2);
  auto posted = post_form(store, f);
  REQUIRE_MESSAGE(posted.ok(), (posted.ok() ? "" : posted.error()));
  remember_last_ticket(k.ui.state, f, store.replica().now_ms());
  k.frames(2);
  return posted->ticket;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the ticket code is drawn in the code font at its own size, sharp") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  for (auto [w, h] :
       {std::pair{800.0f, 480.0f}, std::pair{1280.0f, 800.0f}, std::pair{480.0f, 800.0f}}) {
    Kiosk k(*store, w, h);
    const std::string ticket = post_need(k, *store);
    const CapturedText* code = k.find(ticket);
    REQUIRE_MESSAGE(code, "the ticket screen shows no code; drawn:" << k.drawn());
    CAPTURE(w);
    CHECK(code->max.y - code->min.y == doctest::Approx(kCodeFontPx));  // drawn at the baked size
    CHECK(code->min.x == std::floor(code->min.x));                     // on whole pixels
    CHECK(code->min.y == std::floor(code->min.y));
  }
}

TEST_CASE("the ticket screen shows a QR of the phone ticket page only while the pages run") {
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  {
    Kiosk k(*store, 1280, 800);
    const std::string ticket = post_need(k, *store);
    CHECK(k.shows(ticket));
    CHECK_FALSE(k.shows("qr:"));
    CHECK_FALSE(k.shows("phone"));  // nothing about phones when the pages are off
  }
  set_phone_pages_on(*store, true);
  Kiosk k(*store, 1280, 800);
  k.ui.state.phone = std::make_shared<PhoneHost>();
  k.ui.state.phone->bind = "127.0.0.1";
  k.ui.state.phone->port = 0;
  k.ui.state.phone->follow(*store, true);
  // The pages start on a task (app/ui/phone_host.hpp): poll until they run (bounded).
  for (int i = 0; i < 500 && !k.ui.state.phone->running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    k.ui.state.phone->poll();
  }
  REQUIRE(k.ui.state.phone->running());
  const std::string ticket = post_need(k, *store);
  const std::string url = k.ui.state.phone->address() + "/ticket/" + ticket;
  CHECK(k.shows("qr:" + url));
  CHECK(k.shows("Scan to see this ticket on your phone"));
  // The address the QR holds answers with that ticket's page.
  httplib::Client client("127.0.0.1", std::stoi(url.substr(url.rfind(':') + 1)));
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  auto r = client.Get(("/ticket/" + ticket).c_str());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.find(ticket) != std::string::npos);
}

TEST_CASE("Show my last ticket: 10 minutes, through the idle reset, until the next person starts") {
  TempDir dir;
  mutua::test::TestClock clock;
  auto store = mutua::test::open_store(dir.file("a.db"), clock);
  Kiosk k(*store, 800, 480);
  const std::string ticket = post_need(k, *store);
  k.tap("Done");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK(k.shows("Show my last ticket"));

  // The idle reset keeps it.
  clock.now += 5 * 60'000;
  wipe_session(k.ui.state);
  k.frames(2);
  REQUIRE(k.shows("Show my last ticket"));
  k.tap("Show my last ticket");
  CHECK(k.ui.state.screen == Screen::need);
  CHECK(k.ui.state.wizard.step == 6);
  CHECK(k.shows(ticket));
  k.tap("Done");
  CHECK(k.shows("Show my last ticket"));  // showing it again does not use it up

  // Ten minutes after posting it is gone, with no touch needed.
  clock.now += 5 * 60'000 - 1;
  k.frames(2);
  CHECK(k.shows("Show my last ticket"));
  clock.now += 1;
  k.frames(2);
  CHECK_FALSE(k.shows("Show my last ticket"));
  CHECK_FALSE(k.ui.state.last_ticket);

  // The next person starting a wizard clears it at once.
  post_need(k, *store);
  k.tap("Done");
  REQUIRE(k.shows("Show my last ticket"));
  k.tap("I can offer something");
  CHECK(k.ui.state.screen == Screen::offer);
  CHECK_FALSE(k.ui.state.last_ticket);
  k.ui.state.screen = Screen::home;
  k.frames(2);
  CHECK_FALSE(k.shows("Show my last ticket"));
}

TEST_CASE("the home-last-ticket preset's ticket says what it is for, as after posting") {
  // Its "Show my last ticket" opened a ticket with no item: the line under the code was empty.
  LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  REQUIRE(apply_screen_preset("home-last-ticket", k.ui.state, *store));
  k.frames(3);
  REQUIRE(k.shows("Show my last ticket"));
  k.tap("Show my last ticket");
  REQUIRE(k.ui.state.wizard.step == 6);
  CHECK(k.shows("K7Q-042"));
  CHECK_MESSAGE(k.shows("Rice  \xC2\xB7  3 bags"), k.drawn());
  set_language("fr");
  k.frames(2);
  CHECK_MESSAGE(k.shows("Rice  \xC2\xB7  3 sacs"), k.drawn());
}

TEST_CASE("Print my ticket is on the ticket screen at every size, and prints the ticket's slip") {
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  int n = 0;
  for (auto [w, h] : {std::pair{800.0f, 480.0f}, std::pair{480.0f, 800.0f},
                      std::pair{1024.0f, 600.0f}, std::pair{1280.0f, 800.0f}}) {
    CAPTURE(w);
    const std::string slip_path = dir.file("slip" + std::to_string(n++) + ".bin");
    REQUIRE(set_ticket_printer(*store, slip_path).ok());
    Kiosk k(*store, w, h);
    const std::string ticket = post_need(k, *store);
    // "Print my ticket", or "Print" where those words do not fit beside Done.
    const CapturedText* print = k.find("Print", 0, true);
    const CapturedText* done = k.find("Done");
    REQUIRE_MESSAGE(print, k.drawn());
    REQUIRE(done);
    CHECK(print->min.x >= 0);
    CHECK(print->max.x <= w);
    CHECK(print->max.y <= h);
    // Beside Done or above it, never below the fold.
    CHECK(test::UiHarness::centre(*print).y <= test::UiHarness::centre(*done).y + 1);
    k.tap(test::UiHarness::centre(*print));
    for (int i = 0; i < 500 && !k.shows("Printed. Take your slip."); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      k.frame();
    }
    CHECK_MESSAGE(k.shows("Printed. Take your slip."), k.drawn());
    const auto slip = test::decode_escpos(read_file(slip_path));
    CHECK(slip.errors.empty());
    CHECK(slip.has_line(ticket));
    CHECK(slip.has_line("Rice"));
  }
}

TEST_CASE("with no printer the ticket screen has Done alone") {
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  Kiosk k(*store, 800, 480);
  post_need(k, *store);
  CHECK(k.find("Done"));
  CHECK(!k.find("Print my ticket"));
}

TEST_CASE("the ticket screen with a printer fits in every language, size and text size") {
  LanguageGuard guard;
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  REQUIRE(set_ticket_printer(*store, dir.file("slip.bin")).ok());
  LayoutChecker checker(*store);
  for (const auto& l : ui_languages())
    for (auto [w, h] : {std::pair{800, 480}, std::pair{480, 800}, std::pair{1024, 600},
                        std::pair{1280, 720}, std::pair{1280, 800}})
      for (int scale : {100, 150, 200})
        for (const char* screen : {"need-6", "offer-6"}) {
          const auto problems = checker.check(LayoutCase{screen, l.code, w, h, scale});
          for (const auto& p : problems) CHECK_MESSAGE(false, describe(p));
        }
}
