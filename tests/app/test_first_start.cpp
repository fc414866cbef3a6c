// Set-up from the touchscreen (app/ui/first_start.hpp), by taps: a fresh device creates a network
// and writes a join file for the next one, or joins one by the short code that opens a join file
// on a stick (drives from MUTUA_DRIVES); a mistyped code is told in words; the long code works.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/ui/first_start.hpp"
#include "app/ui/task.hpp"
#include "core/demo.hpp"
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

void type_code(Kiosk& k, const std::string& code) {
  k.ui.state.first_start.code.clear();  // the field shows its hint again
  k.frames(2);
  k.type(kCodeHint, code);
  k.tap("Join");
  wait_for_tasks(k);
}

}  // namespace

TEST_CASE("first start: a fresh device joins by the short code typed on the touchscreen") {
  TempDir dir;
  auto founder = open_test_store(dir.file("a.db"));
  auto fresh = open_test_store(dir.file("b.db"));
  auto n = create_network(founder->replica(), "Riverside Relief");
  REQUIRE(n.ok());
  const std::string stick = dir.file("KINGSTON");
  std::filesystem::create_directories(stick);
  auto code = write_join_file(*n, stick, fast_seal_cost());
  REQUIRE(code.ok());
  Drives drives(stick);

  Kiosk k(*fresh, 800, 480);
  start(k, *fresh);
  k.tap("Join a network");
  REQUIRE_MESSAGE(k.shows(kCodeHint), k.drawn());

  // One symbol wrong: said in words, nothing joined, still on the join step.
  std::string typo = *code;
  typo[6] = typo[6] == 'X' ? 'Y' : 'X';
  type_code(k, typo);
  CHECK_MESSAGE((k.shows("typo") || k.shows("does not open the join file")), k.drawn());
  CHECK(!load_network(fresh->replica()));
  // A symbol missing.
  type_code(k, code->substr(0, 12));
  CHECK_MESSAGE(k.shows("a short join code has 12 letters and digits"), k.drawn());
  CHECK(!load_network(fresh->replica()));

  // Read aloud and typed in lower case with spaces: joins.
  std::string spoken;
  for (char c : *code)
    spoken += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  type_code(k, spoken);
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
  CHECK(k.shows("Network: Riverside Relief"));
  auto joined = load_network(fresh->replica());
  REQUIRE(joined);
  CHECK(joined->id == n->id);
  CHECK(joined->key == n->key);

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
  REQUIRE_MESSAGE(k.shows("This device is ready"), k.drawn());
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
  k.type("Network name", "Riverside Relief");
  k.tap("Create");
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
