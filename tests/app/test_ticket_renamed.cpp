// A resident's slip whose ticket an entry no longer goes by: the same spreadsheet row imported at
// two sites got a ticket at each, and after they synced the entry kept one of them (issue 10,
// fixed fields). The other ticket still finds the entry (EntryService::by_ticket); the screens a
// resident checks a ticket on now also say which ticket the entry goes by.
#include <doctest/doctest.h>

#include "app/ui/check_ticket.hpp"
#include "app/ui/ticket_status.hpp"
#include "kiosk_driver.hpp"
#include "phone_client.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

// The kiosk's database and another site's, in one network, each having imported the same row
// with no ticket column; synced until both keep one creation and its ticket.
struct SheetAtTwoSites {
  TempDir dir;
  std::string db = dir.file("kiosk.mutua");
  std::unique_ptr<Store> kiosk = mutua::test::open_test_store(db);
  std::unique_ptr<Store> other = mutua::test::found_and_join(*kiosk);
  Id row = Id::random();
  std::string kept, lost;

  SheetAtTwoSites() {
    Entry e = mutua::test::make_entry(Kind::need, "Nappies, size 4");
    e.id = row;
    e.status = initial_status(Kind::need);
    e.created_at = e.updated_at = 1'764'000'000'000;  // the sheet's own time, at both sites
    for (Store* s : {kiosk.get(), other.get()}) {
      auto r = s->entries().import({e});
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    }
    const std::string at_kiosk = kiosk->entries().get(row)->ticket;
    const std::string at_other = other->entries().get(row)->ticket;
    REQUIRE(at_kiosk != at_other);
    for (int round = 0; round < 3; ++round) {
      mutua::test::send(*kiosk, *other);
      mutua::test::send(*other, *kiosk);
    }
    kept = kiosk->entries().get(row)->ticket;
    REQUIRE(other->entries().get(row)->ticket == kept);
    lost = kept == at_kiosk ? at_other : at_kiosk;
    // Either site's slip finds the entry on the kiosk, whichever site's creation was kept.
    REQUIRE(kiosk->entries().by_ticket(lost));
  }
};

}  // namespace

TEST_CASE("a slip's ticket that the entry no longer goes by is answered with the ticket it has") {
  SheetAtTwoSites n;
  const std::string now = "Your ticket number is now " + n.kept + ". The old one still works.";
  const TicketStatus old_code = ticket_status(*n.kiosk, n.lost);
  CHECK(old_code.answer == TicketAnswer::open);
  CHECK(old_code.now_ticket == n.kept);
  CHECK(ticket_detail_lines(old_code).front() == now);
  // Typed in lower case, as a person may on a phone: the same.
  std::string lower = n.lost;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(ticket_status(*n.kiosk, lower).now_ticket == n.kept);
  // The ticket kept says nothing of the kind.
  const TicketStatus own = ticket_status(*n.kiosk, n.kept);
  CHECK(own.now_ticket.empty());
  for (const auto& line : ticket_detail_lines(own)) CHECK(line.find("now") == std::string::npos);

  // As drawn on the kiosk, and at 200 % text on 800x480: the sentence is on the card.
  for (float scale : {1.0f, 2.0f}) {
    CAPTURE(scale);
    Kiosk k(*n.kiosk, 800, 480, scale);
    REQUIRE(k.check_ticket(n.lost) == TicketAnswer::open);
    CHECK_MESSAGE(k.shows(n.kept), k.drawn());
    CHECK_MESSAGE(k.shows("The old one still works."), k.drawn());
    k.tap("Check another ticket");
    REQUIRE(k.check_ticket(n.kept) == TicketAnswer::open);
    CHECK_FALSE(k.shows("The old one still works."));
  }
  // And read aloud.
  Kiosk k(*n.kiosk, 800, 480);
  REQUIRE(k.check_ticket(n.lost) == TicketAnswer::open);
  bool spoken = false;
  UiContext ctx{*n.kiosk, k.ui.state, UiFonts{}, 0};
  for (const auto& line : check_ticket_speech(ctx)) spoken = spoken || line == now;
  CHECK(spoken);
}

TEST_CASE(
    "the phone's ticket pages say which ticket the entry goes by now, in the phone's language") {
  SheetAtTwoSites n;
  mutua::test::PhoneClient phone(n.db);
  auto get = [&](const std::string& path, const char* lang) {
    auto [status, body] = phone.get(path, lang);
    CHECK(status == 200);
    return body;
  };
  for (const std::string& path : {"/check?code=" + n.lost, "/ticket/" + n.lost}) {
    CAPTURE(path);
    const std::string en = get(path, "en");
    CHECK(en.find("Your ticket number is now " + n.kept + ".") != std::string::npos);
    const std::string uk = get(path, "uk");
    CHECK(uk.find("Тепер номер вашого талона — " + n.kept + ".") != std::string::npos);
  }
  for (const std::string& path : {"/check?code=" + n.kept, "/ticket/" + n.kept})
    CHECK(get(path, "en").find("Your ticket number is now") == std::string::npos);
}
