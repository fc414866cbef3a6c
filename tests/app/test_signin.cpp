// The PIN pad in front of the volunteer console: sign-in, lockout, roles, sign-out and idle,
// the kiosk's way in, and a PIN that reaches another device by sync.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/pin_check.hpp"
#include "app/ui/roles.hpp"
#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/clocked_store.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

using Clock = test::TestClock;

using test::open_store;

VolunteerInfo add(Store& store, const char* name, Role role, const char* pin) {
  auto v = add_volunteer(store, name, role, pin);
  REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error()));
  return *v;
}

const std::string kSigninOk = "\xE2\x9C\x93";  // ✓

// Frames until the PIN being checked on the worker thread has its answer (bounded).
void wait_for_check(Kiosk& k) {
  for (int i = 0; i < 3000 && k.ui.state.console.pad.check; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.console.pad.check, "the PIN check did not finish");
  k.frames(2);
}

// The same for the kiosk's exit pad.
void wait_for_exit_pad(Kiosk& k) {
  for (int i = 0; i < 3000 && k.ui.state.kiosk_exit.check; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.kiosk_exit.check, "the PIN check did not finish");
  k.frames(2);
}

// Taps the digits, then ✓, and waits for the answer.
void signin_type_pin(Kiosk& k, const std::string& pin) {
  for (char c : pin) {
    k.frame();
    k.tap(std::string(1, c));
  }
  k.frame();
  k.tap(kSigninOk);
  wait_for_check(k);
}

void start_volunteer_device(Kiosk& k) {
  k.ui.state.console.volunteer_device = true;
  k.ui.state.screen = Screen::pin;
  k.frames(2);
}

}  // namespace

TEST_CASE("a volunteer device starts at the PIN pad and a volunteer's PIN opens the console") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo ana = add(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  start_volunteer_device(k);
  CHECK(k.shows("Volunteer sign-in"));
  CHECK_FALSE(k.shows("Queue"));
  signin_type_pin(k, "4821");
  CHECK(k.ui.state.screen == Screen::console);
  REQUIRE(k.ui.state.signed_in);
  CHECK(k.ui.state.signed_in->id == ana.id);
  CHECK(k.ui.state.signed_in->name == "Ana");
  CHECK(k.shows("Ana"));
  CHECK(k.find("Queue"));
  CHECK(k.find("Offers & stock"));
  CHECK(k.find("Sync"));
  CHECK(k.find("Reports"));
  CHECK(can(k.ui.state, Permission::see_contacts));
  CHECK(can(k.ui.state, Permission::match));
  CHECK_FALSE(can(k.ui.state, Permission::purge_contacts));
}

TEST_CASE("a wrong PIN stays on the pad; five wrong PINs lock it until the wait is over") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  start_volunteer_device(k);
  signin_type_pin(k, "1111");
  CHECK(k.ui.state.screen == Screen::pin);
  CHECK_FALSE(k.ui.state.signed_in);
  CHECK(k.shows("Wrong PIN. Try again."));
  for (int i = 0; i < 4; ++i) signin_type_pin(k, "1111");
  CHECK(k.shows("Too many tries. Wait 30 seconds."));
  signin_type_pin(k, "4821");  // the right PIN, too soon
  CHECK(k.ui.state.screen == Screen::pin);
  CHECK_FALSE(k.ui.state.signed_in);
  clock.now += 20'000;
  k.frames(2);
  CHECK(k.shows("Too many tries. Wait 10 seconds."));
  clock.now += 10'001;
  k.frames(2);
  CHECK_FALSE(k.shows("Too many tries"));
  signin_type_pin(k, "4821");
  CHECK(k.ui.state.screen == Screen::console);
  CHECK(k.ui.state.signed_in);
}

TEST_CASE("the pad keeps drawing and ignores keys while a PIN is being checked") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const VolunteerInfo ana = test::add_cheap_volunteer(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  start_volunteer_device(k);
  {
    WorkersHeldForTest hold;
    for (char c : std::string("4821")) k.tap(std::string(1, c));
    k.tap(kSigninOk);
    k.frames(10);
    // The answer is not worked out on the UI thread: frames go on, the pad says so, and the
    // event loop is asked for more frames to pick the answer up.
    CHECK(k.ui.state.console.pad.check);
    CHECK(k.shows("Checking\xE2\x80\xA6"));
    CHECK(k.ui.state.wants_frame);
    CHECK(k.ui.state.screen == Screen::pin);
    CHECK_FALSE(k.ui.state.signed_in);
    CHECK(k.ui.state.console.pad.pin.empty());  // the PIN left the pad with the try
    CHECK(pin_lockout(*store).failures == 1);   // counted until it proves right
    // One try at a time: digits and ✓ do nothing meanwhile.
    k.tap("1");
    k.tap(kSigninOk);
    k.frames(2);
    CHECK(k.ui.state.console.pad.pin.empty());
    CHECK(pin_lockout(*store).failures == 1);
  }
  wait_for_check(k);
  CHECK(k.ui.state.screen == Screen::console);
  REQUIRE(k.ui.state.signed_in);
  CHECK(k.ui.state.signed_in->id == ana.id);
  CHECK(pin_lockout(*store).failures == 0);
}

TEST_CASE("with ten volunteers, a PIN whose volunteer signed in here before costs one check") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  const std::vector<VolunteerInfo> ten = test::add_ten_volunteers(*store);
  // Whoever the table lists last would cost ten verifications in the table's order.
  Kiosk k(*store, 800, 480);
  start_volunteer_device(k);
  signin_type_pin(k, "999999");
  const PinAttempt order = begin_sign_in(*store, "999998");
  REQUIRE(order.candidates.size() == 10);
  const Id last = order.candidates.back().info.id;
  std::string pin;
  for (size_t i = 0; i < ten.size(); ++i)
    if (ten[i].id == last) pin = std::to_string(100001 + i);
  REQUIRE(!pin.empty());

  signin_type_pin(k, pin);
  REQUIRE(k.ui.state.signed_in);
  CHECK(k.ui.state.signed_in->id == last);
  k.tap("Sign out");
  REQUIRE(k.ui.state.screen == Screen::pin);

  // The pad's own check, started the way the pad starts it.
  const auto check = PinCheck::start(*store, pin);
  for (int i = 0; i < 3000 && !check->finished(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(check->finished());
  CHECK(check->verifications() == 1);
  const SignInResult r = check->finish(*store);
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->id == last);
  // And through the pad again, all the way.
  signin_type_pin(k, pin);
  CHECK(k.ui.state.screen == Screen::console);
}

TEST_CASE("a volunteer cannot open Settings; a coordinator can") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add(*store, "Ana", Role::volunteer, "4821");
  add(*store, "Bea", Role::coordinator, "246801");
  Kiosk k(*store, 1280, 800);
  start_volunteer_device(k);
  signin_type_pin(k, "4821");
  REQUIRE(k.ui.state.screen == Screen::console);
  CHECK(k.find("Queue"));
  CHECK_FALSE(k.find("Settings"));  // no way in is drawn
  CHECK_FALSE(can(k.ui.state, Permission::open_settings));
  // Even sent there directly, the screen shows nothing of Settings.
  k.ui.state.screen = Screen::settings;
  k.frames(3);
  CHECK(k.shows("Only a coordinator can open Settings."));
  CHECK_FALSE(k.shows("Volunteers and PINs"));
  CHECK_FALSE(k.shows("Purge now"));

  k.ui.state.screen = Screen::console;
  k.frames(2);
  k.tap("Sign out");
  CHECK(k.ui.state.screen == Screen::pin);
  CHECK_FALSE(k.ui.state.signed_in);
  signin_type_pin(k, "246801");
  REQUIRE(k.ui.state.screen == Screen::console);
  k.tap("Settings");
  CHECK(k.ui.state.screen == Screen::settings);
  CHECK(k.shows("Volunteers and PINs"));
  CHECK_FALSE(k.shows("Only a coordinator can open Settings."));
}

TEST_CASE("signing out returns a kiosk device to the kiosk home") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::pin;  // e.g. --screen pin on a kiosk
  k.frames(2);
  CHECK(k.find("Back to the kiosk"));
  signin_type_pin(k, "4821");
  REQUIRE(k.ui.state.screen == Screen::console);
  k.tap("Sign out");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK_FALSE(k.ui.state.signed_in);
}

TEST_CASE("the idle timeout signs the volunteer out and returns to the PIN pad") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  start_volunteer_device(k);
  signin_type_pin(k, "4821");
  REQUIRE(k.ui.state.signed_in);
  clock.now += 61'000;  // past the default 60 s: the warning shows
  k.frames(2);
  CHECK(k.ui.state.signed_in);
  clock.now += 11'000;  // the warning runs out
  k.frames(2);
  CHECK_FALSE(k.ui.state.signed_in);
  CHECK(k.ui.state.screen == Screen::pin);
  CHECK(k.ui.state.console.volunteer_device);
}

TEST_CASE("from the kiosk, the long-press pad opens the volunteer console for any volunteer") {
  TempDir dir;
  Clock clock;
  auto store = open_store(dir.file("a.db"), clock);
  add(*store, "Ana", Role::volunteer, "4821");
  Kiosk k(*store, 800, 480);
  k.ui.state.kiosk_exit.enabled = true;
  k.frames(2);
  // Hold the top-left corner for more than 2 s.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(8, 8);
  k.frame();
  io.MouseDown[0] = true;
  for (int t = 0; t <= 2250; t += 250) {
    k.frame();
    clock.now += 250;
  }
  io.MouseDown[0] = false;
  k.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  k.frames(2);
  REQUIRE(k.ui.state.kiosk_exit.pad_open);
  for (char c : std::string("4821")) k.tap(std::string(1, c));
  k.tap(kSigninOk);  // ✓ checks the PIN and signs the volunteer in; it never closes the kiosk
  wait_for_exit_pad(k);
  CHECK_FALSE(k.ui.state.kiosk_exit.exit_requested);
  CHECK(k.ui.state.screen == Screen::console);
  REQUIRE(k.ui.state.signed_in);
  CHECK(k.ui.state.signed_in->name == "Ana");
  CHECK_FALSE(k.ui.state.kiosk_exit.pad_open);
  CHECK_FALSE(k.ui.state.kiosk_exit.exit_requested);
  k.tap("Sign out");
  CHECK(k.ui.state.screen == Screen::home);  // a kiosk device
  CHECK(k.ui.state.kiosk_exit.enabled);
}

TEST_CASE("a PIN set on one device signs in on another after sync, and a reset follows") {
  auto net = test::make_network(2);
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  const VolunteerInfo ana = add(a, "Ana", Role::coordinator, "482100");
  CHECK(sign_in(b, "482100").error == SignInError::no_volunteers);  // not there yet
  test::send(a, b);
  {
    Kiosk k(b, 800, 480);
    start_volunteer_device(k);
    signin_type_pin(k, "482100");
    CHECK(k.ui.state.screen == Screen::console);
    REQUIRE(k.ui.state.signed_in);
    CHECK(k.ui.state.signed_in->id == ana.id);
    CHECK(k.ui.state.signed_in->role == Role::coordinator);
  }
  REQUIRE(reset_pin(a, ana.id, "975310").ok());  // a coordinator's PIN: 6 digits or more
  test::send(a, b);
  CHECK_FALSE(sign_in(b, "482100").volunteer);
  auto r = sign_in(b, "975310");
  REQUIRE(r.volunteer);
  CHECK(r.volunteer->id == ana.id);
}
