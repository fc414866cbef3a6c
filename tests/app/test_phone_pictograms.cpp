// The phone pages show the kiosk's pictograms (core/pictogram.hpp) as inline SVG: each home
// choice, category, urgency, status and main action, aria-hidden, with its words beside it.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/ui/check_ticket.hpp"
#include "app/ui/format.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/ticket_status.hpp"
#include "app/web/phone_pages.hpp"
#include "app/widgets/icons.hpp"
#include "core/pictogram.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

struct Phone {
  TempDir dir;
  std::string db = dir.file("kiosk.mutua");
  std::unique_ptr<Store> kiosk = open_test_store(db);
  std::unique_ptr<PhonePages> pages;
  std::unique_ptr<httplib::Client> client;
  Phone() {
    auto started = PhonePages::start(db, "127.0.0.1", 0, PhoneLimits{});
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
    pages = std::move(*started);
    client = std::make_unique<httplib::Client>("127.0.0.1", pages->port());
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
  }
  std::string get(const std::string& path) {
    auto r = client->Get(path.c_str(), httplib::Headers{{"Accept-Language", "en"}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return r->body;
  }
};

std::string svg(std::string_view id) {
  return pictogram_svg(*find_pictogram(id), 28);
}

// The pictogram is on the page with `words` right after it.
bool beside(const std::string& page, std::string_view id, const std::string& words) {
  return page.find(svg(id) + words) != std::string::npos;
}

void every_svg_hidden(const std::string& page) {
  size_t at = 0, n = 0;
  while ((at = page.find("<svg", at)) != std::string::npos && n < 1000) {
    const std::string tag = page.substr(at, page.find('>', at) - at);
    CHECK_MESSAGE(tag.find("aria-hidden=\"true\"") != std::string::npos, tag);
    ++at, ++n;
  }
}

}  // namespace

TEST_CASE("phone pages draw each choice, category, urgency, status and action's pictogram") {
  Phone phone;
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = "Rice";
  e.quantity = 2;
  auto added = phone.kiosk->entries().add(e);
  REQUIRE(added.ok());
  const std::string ticket = added->ticket;

  const std::string home = phone.get("/");
  CHECK(beside(home, "tile.need", "I need something"));
  CHECK(beside(home, "tile.offer", "I can offer something"));
  CHECK(beside(home, "tile.board", "What&#39;s available"));
  CHECK(beside(home, "tile.ticket", "Check my ticket"));
  every_svg_hidden(home);

  const std::string categories = phone.get("/need");
  for (const char* id : {"food", "water", "clothing", "pets", "other"})
    CHECK_MESSAGE(beside(categories, id, category_label(id)), id);
  every_svg_hidden(categories);

  const std::string form = phone.get("/need?category=water");
  for (Urgency u : kUrgencies)
    CHECK_MESSAGE(beside(form, urgency_pictogram_id(u), urgency_words(u)), urgency_words(u));
  CHECK(beside(form, "water", "Category"));
  CHECK(beside(form, "action.next", "Next"));

  const std::string check = phone.get("/check?code=" + ticket);
  CHECK(beside(check, "status.open", ticket_answer_text(TicketAnswer::open, "")));
  CHECK(beside(check, "action.search", "Check"));
  const std::string unknown = phone.get("/check?code=ZZZ-999");
  CHECK(beside(unknown, "status.unknown", ticket_answer_text(TicketAnswer::unknown, "")));
  const std::string page = phone.get("/ticket/" + ticket);
  CHECK(beside(page, "status.open", ticket_answer_text(TicketAnswer::open, "")));
  CHECK(beside(page, "action.confirm", "Done"));

  // The board defines each category's pictogram once and uses it on each row.
  const std::string board = phone.get("/board");
  CHECK(board.find("<symbol id=\"pc-0\" viewBox=\"-1 -1 2 2\">" +
                   pictogram_svg_shapes(*find_pictogram("food")) + "</symbol>") !=
        std::string::npos);
  CHECK(board.find("<use href=\"#pc-0\"/></svg><strong>Rice</strong>") != std::string::npos);
  CHECK(beside(board, "action.search", "Search"));
  every_svg_hidden(board);
}

TEST_CASE("a status's pictogram is the kiosk's for every answer, and each differs") {
  std::vector<std::string> seen;
  for (TicketAnswer a :
       {TicketAnswer::open, TicketAnswer::partly_met, TicketAnswer::matched, TicketAnswer::ready,
        TicketAnswer::met, TicketAnswer::closed, TicketAnswer::unknown}) {
    const std::string id = answer_pictogram_id(a);
    CHECK(find_pictogram(id));
    CHECK(status_pictogram_id(status_look(a).icon) == id);  // the kiosk's status card
    CHECK(std::find(seen.begin(), seen.end(), id) == seen.end());
    seen.push_back(id);
  }
  CHECK(std::string(answer_pictogram_id(TicketAnswer::available)) == "status.open");
}
