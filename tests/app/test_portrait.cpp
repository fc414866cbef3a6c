// The desk in portrait (480x800): every button of the entry detail, the match and the handover
// lies inside the screen with its whole label, not cut at the right edge.
#include <doctest/doctest.h>

#include "app/ui/state.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

constexpr float kWidth = 480;

void check_inside(const Kiosk& k, const std::string& label) {
  const CapturedText* t = k.find(label);
  REQUIRE_MESSAGE(t, "no \"" << label << "\"; drawn:" << k.drawn());
  CHECK_MESSAGE(t->min.x >= 0, label);
  CHECK_MESSAGE(t->max.x <= kWidth, label << " ends at " << t->max.x);
}

}  // namespace

TEST_CASE(
    "in portrait the detail's actions wrap into rows and the match and handover buttons "
    "drop below their steppers") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Entry n;
  n.kind = Kind::need;
  n.category = "water";
  n.item = "drinking water";
  n.quantity = 4;
  auto need = store->entries().add(n);
  REQUIRE(need.ok());
  Entry o = n;
  o.kind = Kind::offer;
  o.item = "bottled water";
  auto offer = store->entries().add(o);
  REQUIRE(offer.ok());
  REQUIRE(store->matches().add(need->id, offer->id, 1, MatchStatus::confirmed).ok());

  Kiosk k(*store, kWidth, 800);
  k.ui.state.signed_in = SignedIn{Id::random(), "Ana", Role::volunteer};
  open_entry_detail(k.ui.state, need->id, Screen::queue);
  k.frames(3);
  for (const char* label : {"Find offers", "Handover", "Edit", "Mark met", "Cancel entry"})
    check_inside(k, label);

  k.tap("Find offers");
  REQUIRE(k.ui.state.screen == Screen::match);
  check_inside(k, "Match 3");

  k.tap("Record a handover");
  REQUIRE(k.ui.state.screen == Screen::handover);
  check_inside(k, "Given: 1");
}
