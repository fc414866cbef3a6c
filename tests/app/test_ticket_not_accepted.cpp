// A resident's slip from a record a revoked device made past its cut-off (issue 10): the record
// is refused on every device and never comes, so "it may not have synced: try again later" sent
// the resident away to wait for nothing. The kiosk, the phone pages and the CLI now say the
// record was not accepted and must be made again (core/ticket_giver.hpp).
#include <doctest/doctest.h>

#include <cctype>

#include "app/ui/check_ticket.hpp"
#include "app/ui/ticket_status.hpp"
#include "core/revocation.hpp"
#include "core/ticket_giver.hpp"
#include "kiosk_driver.hpp"
#include "phone_client.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

TicketAnswer look_up(const Store& s, const std::string& code) {
  return look_up_ticket(s, code, nullptr, nullptr);
}

const char* const kNotAccepted =
    "This ticket was given on a device that has been taken out of the network.";

// The kiosk's database and a tablet of the same network. The kiosk holds the tablet's first
// need, then revokes it; the tablet, not knowing, gives a second ticket.
struct RevokedTablet {
  TempDir dir;
  std::string db = dir.file("kiosk.mutua");
  std::unique_ptr<Store> kiosk = mutua::test::open_test_store(db);
  std::unique_ptr<Store> tablet = mutua::test::found_and_join(*kiosk);
  std::string before, after;  // the tablet's tickets from before and after its cut-off

  RevokedTablet() {
    auto add = [&](const char* item) {
      auto r = tablet->entries().add(mutua::test::make_entry(Kind::need, item));
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
      return r->ticket;
    };
    before = add("Blankets");
    mutua::test::send(*tablet, *kiosk);
    REQUIRE(kiosk->entries().by_ticket(before));
    REQUIRE(revoke_device(*kiosk, tablet->replica().device_id(), true).ok());
    after = add("Tent");
  }
};

}  // namespace

TEST_CASE("a ticket a revoked device gave past its cut-off is answered as not accepted") {
  RevokedTablet n;
  // The tablet's bundle is refused whole; its ticket from before the cut-off still finds its
  // entry, and the one from after says it will not come.
  CHECK(look_up(*n.kiosk, n.before) == TicketAnswer::open);
  CHECK(look_up(*n.kiosk, n.after) == TicketAnswer::not_accepted);
  const auto giver = revoked_giver(*n.kiosk, n.after);
  REQUIRE(giver);
  CHECK(giver->id == n.tablet->replica().device_id());
  // Typed in lower case and without the dash, as a person may: the same.
  std::string typed;
  for (char c : n.after)
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(look_up(*n.kiosk, typed) == TicketAnswer::not_accepted);
  // A ticket of a device standing, or of none, may still come: the answer stays "not yet".
  CHECK(look_up(*n.kiosk, n.kiosk->replica().refresh_ticket_prefix() + "-999") ==
        TicketAnswer::unknown);
  CHECK(look_up(*n.kiosk, "ZZZ-999") == TicketAnswer::unknown);
  const TicketStatus s = ticket_status(*n.kiosk, n.after);
  CHECK(s.answer == TicketAnswer::not_accepted);
  CHECK(s.item.empty());
  CHECK(ticket_detail_lines(s).empty());
  CHECK(ticket_answer_text(s.answer, "").rfind(kNotAccepted, 0) == 0);

  // Reinstated, the tablet's records are accepted again, and its ticket is "not yet" once more
  // until they come.
  REQUIRE(reinstate_device(*n.kiosk, n.tablet->replica().device_id()).ok());
  CHECK(look_up(*n.kiosk, n.after) == TicketAnswer::unknown);
  mutua::test::send(*n.tablet, *n.kiosk);
  CHECK(look_up(*n.kiosk, n.after) == TicketAnswer::open);
}

TEST_CASE("the kiosk and the phone pages say a revoked device's ticket must be recorded again") {
  RevokedTablet n;
  // As drawn on the kiosk, and at 200 % text on 800x480.
  for (float scale : {1.0f, 2.0f}) {
    CAPTURE(scale);
    Kiosk k(*n.kiosk, 800, 480, scale);
    CHECK(k.check_ticket(n.after) == TicketAnswer::not_accepted);
    CHECK_MESSAGE(k.shows("taken out of the network"), k.drawn());
    CHECK_FALSE(k.shows("try again"));
    k.tap("Check another ticket");
    CHECK(k.check_ticket("ZZZ-999") == TicketAnswer::unknown);
    CHECK(k.shows("try again"));
  }
  // Read aloud.
  Kiosk k(*n.kiosk, 800, 480);
  REQUIRE(k.check_ticket(n.after) == TicketAnswer::not_accepted);
  bool spoken = false;
  UiContext ctx{*n.kiosk, k.ui.state, UiFonts{}, 0};
  for (const auto& line : check_ticket_speech(ctx))
    spoken = spoken || line.rfind(kNotAccepted, 0) == 0;
  CHECK(spoken);

  // The phone pages: the check form and a ticket's own page, in the phone's language.
  mutua::test::PhoneClient phone(n.db);
  auto get = [&](const std::string& path, const char* lang) {
    return phone.get(path, lang).second;
  };
  for (const std::string& path : {"/check?code=" + n.after, "/ticket/" + n.after}) {
    CAPTURE(path);
    CHECK(get(path, "en").find(kNotAccepted) != std::string::npos);
    CHECK(get(path, "uk").find("вилучено з мережі") != std::string::npos);
  }
  CHECK(get("/check?code=ZZZ-999", "en").find(kNotAccepted) == std::string::npos);
}
