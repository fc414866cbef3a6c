// The kiosk's slip names the ticket's pictograms (its status now, and its category),
// with the words for both, so a person who does not read can match the slip to the screen.
#include <doctest/doctest.h>

#include "app/ui/ticket_slip.hpp"
#include "core/store.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

TEST_CASE("a ticket slip carries the status and the category's pictogram with words") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  for (const char* category : {"food", "pets"}) {
    CAPTURE(category);
    Entry e;
    e.kind = Kind::need;
    e.category = category;
    e.item = "Rice";
    e.quantity = 2;
    e.site = "Hall A";
    auto added = store->entries().add(e);
    REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error()));
    const SlipText t = ticket_slip_text(*store, *added, "");
    CHECK(t.status_pictogram == "status.open");
    CHECK(t.category_pictogram == category);
    CHECK(t.pictogram_caption.find("Open") != std::string::npos);
    const Slip slip = build_slip(t);
    CHECK(slip.bytes.find("\x1Dv0") != std::string::npos);
    // A reprint says what the ticket is now.
    REQUIRE(store->entries().set_status(added->id, Status::met).ok());
    const SlipText again = ticket_slip_text(*store, *added, "");
    CHECK(again.status_pictogram == "status.met");
    CHECK(again.pictogram_caption.find("Met") != std::string::npos);
  }
}
