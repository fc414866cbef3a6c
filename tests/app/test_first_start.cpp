// Set-up from the touchscreen (app/ui/first_start.hpp), by taps: a fresh device creates a network
// and writes a join file for the next one, or joins one by the short code that opens a join file
// on a stick (drives from MUTUA_DRIVES); a mistyped code is told in words; the long code works.
// Then the site, its pickup address and hours, and the first coordinator with a PIN typed twice.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "app/ui/first_start.hpp"
#include "app/ui/task.hpp"
#include "app/ui/ticket_slip.hpp"
#include "core/demo.hpp"
#include "core/settings.hpp"
#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"
#include "sync/join_stick.hpp"
#include "sync/network.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

const char* kCodeHint = "Join code, like 7K3M-QX2P-9RTA";

// MUTUA_DRIVES for the life of the test: the "USB sticks" list_drives() finds.
struct Drives {
  explicit Drives(const std::string& paths) { setenv("MUTUA_DRIVES", paths.c_str(), 1); }
  ~Drives() { unsetenv("MUTUA_DRIVES"); }
};

// Frames until the join file is opened or written on its worker thread (bounded: 30 s).
void wait_for_tasks(Kiosk& k) {
  for (int i = 0; i < 6000 && (k.ui.state.first_start.opening || k.ui.state.first_start.sealing);
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.first_start.opening, "the join file was not opened in 30 s");
  REQUIRE_MESSAGE(!k.ui.state.first_start.sealing, "the join file was not written in 30 s");
  k.frames(2);
}

void start(Kiosk& k, Store& store) {
  REQUIRE(wants_first_start(store));
  k.ui.state.screen = Screen::first_start;
  k.frames(2);
  REQUIRE_MESSAGE(k.shows("Welcome to Mutua"), k.drawn());
  k.tap("Next");
  REQUIRE_MESSAGE(k.shows("Set up this device"), k.drawn());
}

// "Start a new network", its name typed, Create: the site's page next.
void create_by_taps(Kiosk& k, const std::string& name) {
  k.tap("Start a new network");
  k.type("Network name", name);
  k.tap("Create");
  REQUIRE_MESSAGE(k.shows("Name this site"), k.drawn());
}

constexpr const char* kFirstStartOk = "\xE2\x9C\x93";  // ✓

// The site's page, typed and answered with Next; the address and hours skipped.
void name_site_skip_place(Kiosk& k, const std::string& site) {
  REQUIRE_MESSAGE(k.shows("Name this site"), k.drawn());
  k.type("Site name", site);
  k.tap("Next");
  REQUIRE_MESSAGE(k.shows("Pickup address"), k.drawn());
  k.tap("Skip");
  REQUIRE_MESSAGE(k.shows("Opening hours"), k.drawn());
  k.tap("Skip");
  REQUIRE_MESSAGE(k.shows("Make the first coordinator"), k.drawn());
}

// Taps the digits on the PIN pad, then ✓.
void tap_pin(Kiosk& k, const std::string& pin) {
  for (char c : pin) {
    k.frame();
    k.tap(std::string(1, c));
  }
  k.frame();
  k.tap(kFirstStartOk);
  k.frames(2);
}

// Frames until the coordinator's PIN is hashed and written (bounded: 30 s).
void wait_for_save(Kiosk& k) {
  for (int i = 0; i < 6000 && k.ui.state.first_start.saving; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.first_start.saving, "the PIN was not saved in 30 s");
  k.frames(2);
}

void type_code(Kiosk& k, const std::string& code) {
  k.ui.state.first_start.code.clear();  // the field shows its hint again
  k.frames(2);
  k.type(kCodeHint, code);
  k.tap("Join");
  wait_for_tasks(k);
}

// A founder's network, a fresh device, and a join file on a stick the fresh device sees.
struct StickJoin {
  TempDir dir;
  std::unique_ptr<Store> founder = open_test_store(dir.file("a.db"));
  std::unique_ptr<Store> fresh = open_test_store(dir.file("b.db"));
  Network network;
  std::string code;  // the short code of the join file
  std::optional<Drives> drives;
  explicit StickJoin(const std::string& name) {
    auto n = create_network(founder->replica(), name);
    REQUIRE(n.ok());
    network = *n;
    const std::string stick = dir.file("KINGSTON");
    std::filesystem::create_directories(stick);
    auto c = write_join_file(network, stick, fast_seal_cost());
    REQUIRE(c.ok());
    code = *c;
    drives.emplace(stick);
  }
};

}  // namespace

TEST_CASE("first start: a fresh device joins by the short code typed on the touchscreen") {
  StickJoin j("Riverside Relief");
  Store* fresh = j.fresh.get();

  Kiosk k(*fresh, 800, 480);
  start(k, *fresh);
  k.tap("Join a network");
  REQUIRE_MESSAGE(k.shows(kCodeHint), k.drawn());

  // One symbol wrong: said in words, nothing joined, still on the join step.
  std::string typo = j.code;
  typo[6] = typo[6] == 'X' ? 'Y' : 'X';
  type_code(k, typo);
  CHECK_MESSAGE((k.shows("typo") || k.shows("does not open the join file")), k.drawn());
  CHECK(!load_network(fresh->replica()));
  // A symbol missing.
  type_code(k, j.code.substr(0, 12));
  CHECK_MESSAGE(k.shows("a short join code has 12 letters and digits"), k.drawn());
  CHECK(!load_network(fresh->replica()));

  // Read aloud and typed in lower case with spaces: joins.
  std::string spoken;
  for (char c : j.code)
    spoken += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  type_code(k, spoken);
  name_site_skip_place(k, "Harbor Hall");
  k.tap("Skip");  // a joined network's coordinators come with the first sync
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
  CHECK(k.shows("Network: Riverside Relief"));
  auto joined = load_network(fresh->replica());
  REQUIRE(joined);
  CHECK(joined->id == j.network.id);
  CHECK(joined->key == j.network.key);

  k.tap("Start");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK(!wants_first_start(*fresh));
}

TEST_CASE("first start: the short code needs its stick, and the old long code joins as before") {
  TempDir dir;
  auto founder = open_test_store(dir.file("a.db"));
  auto fresh = open_test_store(dir.file("b.db"));
  auto n = create_network(founder->replica(), "Hill Camp");
  REQUIRE(n.ok());
  Drives drives(dir.file("no-stick-here"));

  Kiosk k(*fresh, 480, 800);
  start(k, *fresh);
  k.tap("Join a network");
  type_code(k, new_short_code());
  CHECK_MESSAGE(k.shows("Plug in the USB stick that holds the join file"), k.drawn());
  CHECK(!load_network(fresh->replica()));

  type_code(k, encode_join_code(*n));
  REQUIRE_MESSAGE(k.shows("Name this site"), k.drawn());
  REQUIRE(load_network(fresh->replica()));
  CHECK(load_network(fresh->replica())->id == n->id);
}

TEST_CASE("first start: a new network, then a join file on the stick whose code joins another") {
  TempDir dir;
  auto first = open_test_store(dir.file("a.db"));
  auto second = open_test_store(dir.file("b.db"));
  const std::string stick = dir.file("KINGSTON");
  std::filesystem::create_directories(stick);
  Drives drives(stick);

  Kiosk k(*first, 800, 480);
  start(k, *first);
  k.tap("Start a new network");
  k.tap("Create");  // no name yet
  CHECK_MESSAGE(k.shows("give the network a name"), k.drawn());
  CHECK(!load_network(first->replica()));
  k.tap("Back");
  create_by_taps(k, "Riverside Relief");
  name_site_skip_place(k, "Harbor Hall");
  k.type("Name, like Amina", "Amina");
  k.tap("Next");
  tap_pin(k, "482193");
  tap_pin(k, "482193");
  wait_for_save(k);
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
  auto made = load_network(first->replica());
  REQUIRE(made);
  CHECK(made->name == "Riverside Relief");

  k.tap("Make a join file");
  wait_for_tasks(k);
  const std::string code = k.ui.state.first_start.short_code;
  REQUIRE_MESSAGE(code.size() == 14, k.drawn());
  CHECK(k.shows(code));
  CHECK(k.shows("Join file written to KINGSTON"));
  auto path = find_join_file({stick});
  REQUIRE(path);
  auto j = join_with_short_code(second->replica(), code, *path);
  REQUIRE_MESSAGE(j.ok(), (j.ok() ? "" : j.error()));
  CHECK(load_network(second->replica())->id == made->id);
}

TEST_CASE("first start shows only on a fresh device, and Not now leaves it for good") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  CHECK(wants_first_start(*store));
  Kiosk k(*store, 800, 480);
  start(k, *store);
  k.tap("Not now");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK(!wants_first_start(*store));

  auto in_network = open_test_store(dir.file("b.db"));
  REQUIRE(create_network(in_network->replica(), "Z").ok());
  CHECK(!wants_first_start(*in_network));
  auto with_volunteer = open_test_store(dir.file("c.db"));
  REQUIRE(add_volunteer(*with_volunteer, "Amina", Role::coordinator, "482193").ok());
  CHECK(!wants_first_start(*with_volunteer));
  // A device already holding entries (scripts/run's demo database, a training tablet) is in use.
  auto with_entries = open_test_store(dir.file("d.db"));
  REQUIRE(generate_demo(*with_entries, DemoOptions{3, 1}).ok());
  CHECK(!wants_first_start(*with_entries));
}

TEST_CASE("first start by taps: the site, its address and hours, and a coordinator who signs in") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  start(k, *store);
  create_by_taps(k, "Riverside Relief");

  // The site's name is needed: Next without it says so.
  k.tap("Next");
  CHECK_MESSAGE(k.shows("Type the site's name first."), k.drawn());
  CHECK(device_site(*store).name.empty());
  k.type("Site name", "Harbor Hall");
  k.tap("Next");
  CHECK(device_site(*store).name == "Harbor Hall");
  REQUIRE_MESSAGE(k.shows("Pickup address"), k.drawn());
  k.type("e.g. 12 Harbor Road, by the blue door", "12 Harbor Road, by the blue door");
  k.tap("Next");
  REQUIRE_MESSAGE(k.shows("Opening hours"), k.drawn());
  k.type("e.g. Mon-Fri 9-17, Sat 10-13", "Mon-Fri 9-17");
  k.tap("Next");
  CHECK(pickup_place(*store).address == "12 Harbor Road, by the blue door");
  CHECK(pickup_place(*store).hours == "Mon-Fri 9-17");

  // A new network has nobody to sign in yet: no Skip.
  REQUIRE_MESSAGE(k.shows("Make the first coordinator"), k.drawn());
  CHECK_MESSAGE(!k.shows("Skip"), k.drawn());
  k.tap("Next");
  CHECK_MESSAGE(k.shows("Type the coordinator's name first."), k.drawn());
  k.type("Name, like Amina", "Amina");
  k.tap("Next");

  // Said before typing; a 4-digit PIN refused in words.
  REQUIRE_MESSAGE(k.shows("Choose a PIN"), k.drawn());
  CHECK(
      k.shows("A coordinator's PIN has 6 to 12 digits. Type it on the keys, then tap \xE2\x9C\x93. "
              "Keep it to yourself."));
  tap_pin(k, "4821");
  CHECK_MESSAGE(k.shows("Too short: a coordinator's PIN has at least 6 digits. Type a longer one."),
                k.drawn());
  CHECK(k.shows("Choose a PIN"));
  CHECK(k.ui.state.first_start.pin.empty());
  // Typed twice, differently: said in words, and both typed again.
  tap_pin(k, "482193");
  REQUIRE_MESSAGE(k.shows("Type the PIN again"), k.drawn());
  tap_pin(k, "482194");
  CHECK_MESSAGE(k.shows("The two PINs were not the same. Choose a PIN and type it twice."),
                k.drawn());
  CHECK(k.shows("Choose a PIN"));
  CHECK(list_volunteers(*store).empty());
  tap_pin(k, "482193");
  tap_pin(k, "482193");
  wait_for_save(k);
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
  CHECK(k.shows("Amina can now sign in with the PIN: hold the top-left corner of the screen."));
  const auto volunteers = list_volunteers(*store);
  REQUIRE(volunteers.size() == 1);
  CHECK(volunteers[0].name == "Amina");
  CHECK(volunteers[0].role == Role::coordinator);
  CHECK(volunteers[0].site == "Harbor Hall");
  CHECK(volunteers[0].has_pin);
  CHECK(k.ui.state.first_start.pin.empty());
  CHECK(k.ui.state.first_start.pin_again.empty());

  k.tap("Start");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK(!wants_first_start(*store));
  // The PIN signs the coordinator in, as one made with `mutua volunteer add` does.
  const SignInResult in = sign_in(*store, "482193");
  REQUIRE(in.volunteer);
  CHECK(in.volunteer->name == "Amina");
  CHECK(in.volunteer->role == Role::coordinator);
  CHECK(!sign_in(*store, "482194").volunteer);
}

TEST_CASE("first start on a joined network: address, hours and the coordinator may be skipped") {
  TempDir dir;
  auto founder = open_test_store(dir.file("a.db"));
  auto fresh = open_test_store(dir.file("b.db"));
  auto n = create_network(founder->replica(), "Hill Camp");
  REQUIRE(n.ok());
  Kiosk k(*fresh, 480, 800);
  start(k, *fresh);
  k.tap("Join a network");
  type_code(k, encode_join_code(*n));
  name_site_skip_place(k, "Hill School");
  CHECK(device_site(*fresh).name == "Hill School");
  CHECK(pickup_place(*fresh).address.empty());
  CHECK(pickup_place(*fresh).hours.empty());
  k.tap("Skip");
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
  CHECK(list_volunteers(*fresh).empty());
  k.tap("Start");
  CHECK(k.ui.state.screen == Screen::home);
  CHECK(!wants_first_start(*fresh));
}

TEST_CASE("after first start a need posted at the kiosk carries the site, its slip the address") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  start(k, *store);
  create_by_taps(k, "Riverside Relief");
  k.type("Site name", "Harbor Hall");
  k.tap("Next");
  k.type("e.g. 12 Harbor Road, by the blue door", "12 Harbor Road");
  k.tap("Next");
  k.type("e.g. Mon-Fri 9-17, Sat 10-13", "Mon-Fri 9-17");
  k.tap("Next");
  k.type("Name, like Amina", "Amina");
  k.tap("Next");
  tap_pin(k, "482193");
  tap_pin(k, "482193");
  wait_for_save(k);
  k.tap("Start");
  REQUIRE(k.ui.state.screen == Screen::home);

  // A resident posts a need by taps.
  k.tap("I need something");
  k.frames(2);
  k.tap("Baby & child");
  k.type("Type here, or tap one below", "Nappies size 4");
  k.tap("Next");
  k.tap("Next");
  k.tap("I will come back to this kiosk");
  k.tap("Next");
  k.tap("Post my need");
  REQUIRE_MESSAGE(k.ui.state.wizard.step == 6, k.drawn());
  const auto needs = mutua::test::all_entries(*store, Kind::need);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].site == "Harbor Hall");
  const SlipText slip = ticket_slip_text(*store, needs[0], "");
  std::string lines;
  for (const auto& l : slip.lines) lines += l + "\n";
  CHECK_MESSAGE(lines.find("Harbor Hall") != std::string::npos, lines);
  CHECK_MESSAGE(lines.find("12 Harbor Road") != std::string::npos, lines);
  CHECK_MESSAGE(lines.find("Mon-Fri 9-17") != std::string::npos, lines);
}

namespace {

// A restart: the app stops (power cut, crash) and starts again on the same database, with none
// of the screens' state, and opens first start when the database says set-up is not finished
// (as app/ui_main.cpp does).
std::unique_ptr<Kiosk> restart(Store& store, float w = 800, float h = 480) {
  auto k = std::make_unique<Kiosk>(store, w, h);
  if (wants_first_start(store)) k->ui.state.screen = Screen::first_start;
  k->frames(2);
  return k;
}

}  // namespace

TEST_CASE("first start resumes after a restart: the site, then the coordinator, then home") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  {
    Kiosk k(*store, 800, 480);
    start(k, *store);
    create_by_taps(k, "Riverside Relief");
  }  // the power goes: the network is made, the site has no name
  REQUIRE(load_network(store->replica()));
  CHECK(wants_first_start(*store));
  {
    auto k = restart(*store);
    REQUIRE_MESSAGE(k->ui.state.screen == Screen::first_start, k->drawn());
    REQUIRE_MESSAGE(k->shows("Name this site"), k->drawn());
    CHECK_MESSAGE(k->shows("Set-up did not finish last time"), k->drawn());
    k->type("Site name", "Harbor Hall");
    k->tap("Next");
    k->type("e.g. 12 Harbor Road, by the blue door", "12 Harbor Road");
    k->tap("Next");
    REQUIRE_MESSAGE(k->shows("Opening hours"), k->drawn());
  }  // and again, before the coordinator is made
  CHECK(wants_first_start(*store));
  auto k = restart(*store);
  REQUIRE_MESSAGE(k->shows("Make the first coordinator"), k->drawn());
  CHECK_MESSAGE(k->shows("Set-up did not finish last time"), k->drawn());
  CHECK_MESSAGE(!k->shows("Skip"), k->drawn());  // a new network: nobody can sign in yet
  // What was saved is kept, and shown filled in on the way back.
  CHECK(device_site(*store).name == "Harbor Hall");
  k->tap("Back");
  REQUIRE_MESSAGE(k->shows("Opening hours"), k->drawn());
  k->tap("Back");
  REQUIRE_MESSAGE(k->shows("Pickup address"), k->drawn());
  CHECK_MESSAGE(k->find("12 Harbor Road"), k->drawn());
  k->tap("Back");
  REQUIRE_MESSAGE(k->shows("Name this site"), k->drawn());
  CHECK_MESSAGE(k->find("Harbor Hall"), k->drawn());
  k->tap("Next");
  k->tap("Next");
  k->tap("Skip");
  REQUIRE_MESSAGE(k->shows("Make the first coordinator"), k->drawn());
  k->type("Name, like Amina", "Amina");
  k->tap("Next");
  tap_pin(*k, "482193");
  tap_pin(*k, "482193");
  wait_for_save(*k);
  REQUIRE_MESSAGE(k->shows("This device is ready"), k->drawn());
  CHECK(k->shows("Network: Riverside Relief"));
  REQUIRE(has_coordinator(*store));
  CHECK(pickup_place(*store).address == "12 Harbor Road");

  // Stopped again before Start is tapped: nothing is missing, so the kiosk opens on home.
  k.reset();
  CHECK(!wants_first_start(*store));
  auto again = restart(*store);
  CHECK(again->ui.state.screen == Screen::home);
  CHECK_MESSAGE(!again->shows("Make the first coordinator"), again->drawn());
}

TEST_CASE("first start resumes after a restart in the middle of joining") {
  StickJoin j("Hill Camp");
  Store* fresh = j.fresh.get();
  {
    Kiosk k(*fresh, 480, 800);
    start(k, *fresh);
    k.tap("Join a network");
    k.type(kCodeHint, j.code);
    k.tap("Join");
    CHECK(k.ui.state.first_start.opening);
  }  // stopped while the join file was being opened: nothing joined, first start from the top
  CHECK(!load_network(fresh->replica()));
  CHECK(wants_first_start(*fresh));
  {
    auto k = restart(*fresh, 480, 800);
    REQUIRE_MESSAGE(k->shows("Welcome to Mutua"), k->drawn());
    k->tap("Next");
    k->tap("Join a network");
    type_code(*k, j.code);
    REQUIRE_MESSAGE(k->shows("Name this site"), k->drawn());
  }  // stopped once joined, before the site is named
  REQUIRE(load_network(fresh->replica()));
  CHECK(load_network(fresh->replica())->id == j.network.id);
  CHECK(wants_first_start(*fresh));
  auto k = restart(*fresh, 480, 800);
  REQUIRE_MESSAGE(k->shows("Name this site"), k->drawn());
  name_site_skip_place(*k, "Hill School");
  // Still a joined network after the restart: its coordinators come with the first sync.
  k->tap("Skip");
  REQUIRE_MESSAGE(k->shows("This device is ready"), k->drawn());
  CHECK(k->shows("Network: Hill Camp"));
  k->tap("Start");
  CHECK(k->ui.state.screen == Screen::home);
  CHECK(!wants_first_start(*fresh));
}

TEST_CASE("a network made with the command line is not taken for an unfinished first start") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  REQUIRE(create_network(store->replica(), "Kiosk test").ok());  // `mutua network create`
  CHECK(!wants_first_start(*store));
  auto k = restart(*store);
  CHECK(k->ui.state.screen == Screen::home);
}
