#include <doctest/doctest.h>

#include "app/ui/state.hpp"
#include "support/temp_dir.hpp"
#include "ui_harness.hpp"

using namespace mutua;

TEST_CASE("changes made while a volunteer is signed in carry their name in the history") {
  test::TempDir dir;
  auto store = Store::open(dir.file("a.db"));
  REQUIRE(store.ok());
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = "rice";
  auto added = (*store)->entries().add(e);
  REQUIRE(added.ok());
  test::UiHarness ui(**store, 800, 480);
  ui.state.signed_in = SignedIn{Id{}, "Amina", Role::volunteer};
  ui.frame();
  REQUIRE((*store)->entries().set_status(added->id, Status::met).ok());
  ui.state.signed_in.reset();
  ui.frame();
  REQUIRE((*store)->entries().set_status(added->id, Status::open).ok());
  auto h = (*store)->history().of(added->id);
  REQUIRE(h.size() == 2);
  CHECK(h[0].actor == "Amina");
  CHECK(h[1].actor.empty());
}
