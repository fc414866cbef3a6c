// Tickets people can keep (issue 14): the board hides ticket codes, the status answer, the
// ticket screen after posting and "Show my last ticket".
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "app/web/phone_pages.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
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
