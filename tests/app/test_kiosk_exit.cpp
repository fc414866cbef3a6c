// Leaving kiosk mode: a hidden 2 s press in the top-left corner, then a coordinator's PIN.
#include <doctest/doctest.h>

#include <sodium.h>

#include "app/ui/kiosk_exit.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"
#include "ui_harness.hpp"

using namespace mutua;
using mutua::test::TempDir;
using mutua::test::UiHarness;

namespace {

// These tests start from an earlier day than the others.
struct FakeClock : test::TestClock {
  FakeClock() : TestClock(1'700'000'000'000) {}
};

using test::open_store;

void add_volunteer(EntryStore& store, const char* name, Role role, const std::string& pin,
                   bool removed = false) {
  REQUIRE(sodium_init() >= 0);
  char hash[crypto_pwhash_STRBYTES];
  // The cheapest Argon2id parameters keep the test fast; verification reads them from the hash.
  REQUIRE(crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  const std::vector<Value> fixed;
  using namespace volunteer_field;
  auto r = store.write(TableId::volunteers, Id::random(), &fixed,
                       {{volunteer_field::name, std::string(name)},
                        {volunteer_field::role, int64_t(role)},
                        {pin_hash, std::string(hash)},
                        {site, std::string("Riverside School")},
                        {volunteer_field::removed, int64_t(removed ? 1 : 0)}});
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
}

// Exact-label lookup of what the last frame drew (the harness's find() matches prefixes, and
// "1" would also match "100%").
struct Drawn {
  std::vector<CapturedText> all;
  Drawn() { set_text_capture(&all); }
  ~Drawn() { set_text_capture(nullptr); }
  std::optional<ImVec2> at(const std::string& label) const {
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->text == label) return UiHarness::centre(*it);
    return std::nullopt;
  }
};

void hold(UiHarness& ui, FakeClock& clock, ImVec2 p, int64_t ms) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = p;
  ui.frame();
  io.MouseDown[0] = true;
  for (int64_t t = 0; t <= ms; t += 250) {
    ui.frame();
    clock.now += 250;
  }
  ui.frame();
  io.MouseDown[0] = false;
  ui.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ui.frames(2);
}

void type_pin(UiHarness& ui, Drawn& drawn, const std::string& pin) {
  for (char c : pin) {
    drawn.all.clear();
    ui.frame();
    auto p = drawn.at(std::string(1, c));
    REQUIRE_MESSAGE(p, "no key " << c);
    ui.tap(*p);
  }
  drawn.all.clear();
  ui.frame();
  auto ok = drawn.at("\xE2\x9C\x93");  // ✓
  REQUIRE(ok);
  ui.tap(*ok);
}

}  // namespace

TEST_CASE("a long press in the corner opens the PIN pad; a short one or elsewhere does not") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(10, 10), 1500);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
  hold(ui, clock, ImVec2(400, 240), 3000);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
  hold(ui, clock, ImVec2(10, 10), 2250);
  CHECK(ui.state.kiosk_exit.pad_open);
  CHECK(ui.shows("Coordinator PIN"));
  CHECK(ui.state.screen == Screen::home);  // the press did not tap anything under it

  // Not in kiosk mode: the corner is just a corner.
  UiState fresh;
  ui.state = fresh;
  ui.frames(2);
  hold(ui, clock, ImVec2(10, 10), 3000);
  CHECK_FALSE(ui.state.kiosk_exit.pad_open);
}

TEST_CASE("a wrong PIN does not leave kiosk mode; a coordinator's PIN does") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_volunteer(*store, "Ana", Role::volunteer, "1111");         // not a coordinator
  add_volunteer(*store, "Old coordinator", Role::coordinator, "9999", true);  // removed
  add_volunteer(*store, "Bea", Role::coordinator, "2468");
  CHECK(verify_coordinator_pin(*store, "2468"));
  CHECK_FALSE(verify_coordinator_pin(*store, "1111"));
  CHECK_FALSE(verify_coordinator_pin(*store, "9999"));
  CHECK_FALSE(verify_coordinator_pin(*store, ""));

  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);

  type_pin(ui, drawn, "1111");
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK(ui.state.kiosk_exit.pad_open);
  CHECK(drawn.at("Wrong PIN. Try again."));
  CHECK(ui.state.kiosk_exit.pin.empty());

  type_pin(ui, drawn, "2468");
  CHECK(ui.state.kiosk_exit.exit_requested);
}

TEST_CASE("with no coordinator on the device the pad explains how to set one and stays") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  REQUIRE(ui.state.kiosk_exit.pad_open);
  type_pin(ui, drawn, "0000");
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK(drawn.at("No coordinator PIN is set on this device. Set one with: mutua volunteer add "
                 "NAME --role coordinator --pin-stdin"));
}

TEST_CASE("after five wrong PINs the pad makes people wait") {
  TempDir dir;
  FakeClock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add_volunteer(*store, "Bea", Role::coordinator, "2468");
  UiHarness ui(*store, 800, 480);
  Drawn drawn;
  ui.state.kiosk_exit.enabled = true;
  ui.frames(2);
  hold(ui, clock, ImVec2(8, 8), 2250);
  for (int i = 0; i < 5; ++i) type_pin(ui, drawn, "1");
  type_pin(ui, drawn, "2468");  // right PIN, but too soon
  CHECK_FALSE(ui.state.kiosk_exit.exit_requested);
  CHECK(ui.state.kiosk_exit.notice == KioskExitState::Notice::wait);
  clock.now += 31'000;
  type_pin(ui, drawn, "2468");
  CHECK(ui.state.kiosk_exit.exit_requested);
}
