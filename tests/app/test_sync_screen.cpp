// The Sync screen, driven headless: drives come from MUTUA_DRIVES, a tap syncs on a worker
// thread, and the result, skipped files and another network's stick are told in words.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/ui/sync_screen.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/drives_env.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/mailbox.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

std::string make_sync_drive(const TempDir& dir, const std::string& label) {
  const auto p = dir.path() / label;
  std::filesystem::create_directories(p);
  return p.string();
}

void sync_sign_in(Kiosk& k, Screen screen) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::volunteer};
  k.ui.state.screen = screen;
  k.frames(3);
}

// Frames until the sync running on its worker thread is done (bounded).
void wait_sync_screen(Kiosk& k) {
  for (int i = 0; i < 500 && k.ui.state.sync.job; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.sync.job, "the sync did not finish");
  k.frames(2);
}

int64_t count_all(const Store& store) {
  return store.entries().count(EntryQuery{});
}

// Restores English after a test that switches language.
}  // namespace

TEST_CASE("syncing with a mailbox folder from MUTUA_DRIVES shows what came in, and from whom") {
  TempDir dir;
  auto net = mutua::test::make_network(3, dir.path().string());
  Store& here = *net[0]->store;
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  // Two other devices leave their files on the stick: 3 entries and 2 entries.
  for (int i = 0; i < 3; ++i)
    REQUIRE(net[1]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  for (int i = 0; i < 2; ++i)
    REQUIRE(net[2]
                ->store->entries()
                .add(mutua::test::make_entry(Kind::offer, "tents", "shelter"))
                .ok());
  REQUIRE(sync_mailbox(net[1]->store->replica(), stick).ok());
  REQUIRE(sync_mailbox(net[2]->store->replica(), stick).ok());
  // And something that is not a bundle at all, named like a device's file.
  const auto folder = std::filesystem::path(stick) / "MUTUA";
  const auto mailbox = *std::filesystem::directory_iterator(folder);
  std::ofstream(mailbox.path() / "00112233445566778899aabbccddeeff.mutua") << "not a bundle";
  const int64_t before = count_all(here);

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sync_sign_in(k, Screen::sync);
  CHECK(k.shows("Has a Mutua mailbox."));
  k.tap("Sync with USB drive KINGSTON");
  wait_sync_screen(k);

  // 5 entries; each sending device's own record came too, and is not counted as new.
  CHECK_MESSAGE(k.shows("5 new, 0 updated, 0 conflicts, from 2 devices"), k.drawn());
  CHECK(k.shows("New and updated needs and offers."));
  CHECK(k.shows("Synced with KINGSTON at "));
  CHECK(k.shows("Skipped the file from device 001122: It is not a Mutua file."));
  CHECK(count_all(here) == before + 5);
  // The UI's own connection sees the new data and can still write after the worker's.
  REQUIRE(here.entries().add(mutua::test::make_entry(Kind::need, "water", "water")).ok());
  CHECK(count_all(here) == before + 6);
  // The devices heard from, and the history, were read again.
  CHECK(k.shows("Devices heard from"));
  CHECK(k.ui.state.sync.heard.size() == 2);
  CHECK_FALSE(k.ui.state.sync.history.empty());
  // This device's own file is on the stick now, for the next one.
  CHECK(std::filesystem::exists(mailbox.path() / (here.replica().device_id().hex() + ".mutua")));
}

TEST_CASE("a stick from another network says which network, and nothing is synced") {
  TempDir dir;
  auto ours = mutua::test::make_network(1, (dir.path()).string(), "Riverside Relief");
  TempDir other_dir;
  auto theirs = mutua::test::make_network(1, other_dir.path().string(), "Hill Camp");
  const std::string stick = make_sync_drive(dir, "SANDISK");
  REQUIRE(theirs[0]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  REQUIRE(sync_mailbox(theirs[0]->store->replica(), stick).ok());
  const int64_t before = count_all(*ours[0]->store);

  DrivesEnv env(stick);
  Kiosk k(*ours[0]->store, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap("Sync with USB drive SANDISK");
  wait_sync_screen(k);

  CHECK_MESSAGE(k.shows("This stick holds data from network 'Hill Camp'. Nothing was synced."),
                k.drawn());
  CHECK(k.shows("This device is in network 'Riverside Relief'"));
  CHECK(count_all(*ours[0]->store) == before);
  // Our mailbox was not started on their stick.
  size_t folders = 0;
  for (const auto& f :
       std::filesystem::directory_iterator(std::filesystem::path(stick) / "MUTUA")) {
    (void)f;
    ++folders;
  }
  CHECK(folders == 1);
}

TEST_CASE("a drive plugged in while the Sync screen is open appears without a tap") {
  TempDir dir;
  auto net = mutua::test::make_network(1, dir.path().string());
  const std::string stick = (dir.path() / "LEXAR").string();  // not there yet
  DrivesEnv env(stick);
  Kiosk k(*net[0]->store, 1280, 800);
  sync_sign_in(k, Screen::sync);
  CHECK(k.shows("No USB drive found."));
  CHECK(k.ui.state.redraw_in_ms > 0);  // the event loop will wake to look again
  std::filesystem::create_directories(stick);
  k.frames(2);
  CHECK_FALSE(k.shows("Sync with USB drive LEXAR"));  // not scanned every frame
  std::this_thread::sleep_for(std::chrono::milliseconds(kDrivePollMs + 100));
  k.frames(2);
  CHECK(k.shows("Sync with USB drive LEXAR"));
  CHECK(k.shows("No Mutua mailbox yet: syncing starts one."));
}

TEST_CASE("the sync summary line counts devices in words") {
  MailboxResult r;
  r.new_entries = 142;
  r.updated_entries = 17;
  r.added = 500;  // records of every kind: not what a person counts
  r.updated = 60;
  r.conflicts = 2;
  r.devices = 4;
  CHECK(sync_summary_line(r) == "142 new, 17 updated, 2 conflicts, from 4 devices");
  r.devices = 1;
  CHECK(sync_summary_line(r) == "142 new, 17 updated, 2 conflicts, from 1 device");
}

TEST_CASE("a sync that finishes under another screen still makes the UI read the new data") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  REQUIRE(net[1]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  REQUIRE(sync_mailbox(net[1]->store->replica(), stick).ok());
  DrivesEnv env(stick);
  Kiosk k(*net[0]->store, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap("Sync with USB drive KINGSTON");
  k.ui.state.screen = Screen::reports;  // the volunteer walks away mid-sync
  wait_sync_screen(k);
  REQUIRE(k.ui.state.sync.last);
  CHECK(k.ui.state.sync.last->result.new_entries == 1);
  CHECK(k.ui.state.board.filter_changed);  // pages and counts are fetched again
  CHECK(k.shows("Open needs"));
}

TEST_CASE("two entries arriving with their device and history records read as 2 new") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  Store& there = *net[1]->store;
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  auto rice = there.entries().add(mutua::test::make_entry(Kind::need, "rice"));
  REQUIRE(rice.ok());
  REQUIRE(there.entries().add(mutua::test::make_entry(Kind::offer, "tents", "shelter")).ok());
  // A status change writes a history event: one more record that is not an entry.
  REQUIRE(there.entries().set_status(rice->id, Status::cancelled).ok());
  REQUIRE_FALSE(there.history().of(rice->id).empty());
  REQUIRE(sync_mailbox(there.replica(), stick).ok());

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap("Sync with USB drive KINGSTON");
  wait_sync_screen(k);

  REQUIRE(k.ui.state.sync.last);
  const MailboxResult& r = k.ui.state.sync.last->result;
  CHECK(r.added >= 4);  // two entries, the history event and the device's own record
  CHECK_MESSAGE(k.shows("2 new, 0 updated, 0 conflicts, from 1 device"), k.drawn());
  // The history counts the same way, from the facts the sync log kept.
  REQUIRE_FALSE(k.ui.state.sync.history.empty());
  CHECK(k.ui.state.sync.history.front().new_entries == 2);
  const std::string drawn = k.ui.all_text();
  CHECK(drawn.find(std::to_string(r.added) + " new") == std::string::npos);
  // The other records are not hidden: they are told apart, under the line.
  const size_t others = r.added + r.updated - r.new_entries - r.updated_entries;
  CHECK(others >= 2);
  CHECK_MESSAGE(k.shows("Also " + std::to_string(others) +
                        " other records (matches, handovers, history, devices)."),
                k.drawn());
}

TEST_CASE("a sync that brings only a handover does not read as if nothing came") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  Store& there = *net[1]->store;
  auto need = there.entries().add(mutua::test::make_entry(Kind::need, "rice", "food", 2));
  auto offer = there.entries().add(mutua::test::make_entry(Kind::offer, "rice", "food", 2));
  REQUIRE((need.ok() && offer.ok()));
  mutua::test::send(there, here);  // both entries are known here already
  auto match = there.matches().add(need->id, offer->id, 2, MatchStatus::confirmed);
  REQUIRE(match.ok());
  REQUIRE(there.matches().add_handover(match->id, 2).ok());
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  REQUIRE(sync_mailbox(there.replica(), stick).ok());

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap("Sync with USB drive KINGSTON");
  wait_sync_screen(k);
  CHECK_MESSAGE(k.shows("0 new, "), k.drawn());
  CHECK(k.shows(" other records (matches, handovers, history, devices)."));
  CHECK(here.entries().get(need->id)->status == Status::met);
}

TEST_CASE("in Spanish, another network's stick and a stray file from it are told in Spanish") {
  LanguageGuard guard;
  TempDir dir;
  auto ours = mutua::test::make_network(1, dir.path().string(), "Riverside Relief");
  TempDir other_dir;
  auto theirs = mutua::test::make_network(1, other_dir.path().string(), "Hill Camp");
  REQUIRE(theirs[0]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  const std::string stick = make_sync_drive(dir, "SANDISK");
  REQUIRE(sync_mailbox(theirs[0]->store->replica(), stick).ok());
  set_language("es");

  DrivesEnv env(stick);
  Kiosk k(*ours[0]->store, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap_prefix("Sincronizar con la memoria USB SANDISK");
  wait_sync_screen(k);
  CHECK_MESSAGE(k.shows("Esta memoria tiene datos de la red 'Hill Camp'. No se sincronizó nada."),
                k.drawn());
  CHECK_FALSE(k.shows("This stick"));

  // The same network's file, copied into this network's own mailbox folder by mistake.
  const std::string clean = make_sync_drive(dir, "KINGSTON");
  REQUIRE(sync_mailbox(ours[0]->store->replica(), clean).ok());
  const auto mine =
      std::filesystem::path(clean) / "MUTUA" / load_network(ours[0]->store->replica())->id.hex();
  const auto theirs_file = *std::filesystem::directory_iterator(
      std::filesystem::path(stick) / "MUTUA" / load_network(theirs[0]->store->replica())->id.hex());
  std::filesystem::copy_file(theirs_file.path(), mine / theirs_file.path().filename());
  DrivesEnv env2(clean);
  refresh_drives(k.ui.state.sync.drives, true);
  k.frames(2);
  k.tap_prefix("Sincronizar con la memoria USB KINGSTON");
  wait_sync_screen(k);
  CHECK_MESSAGE(k.shows("Tiene datos de la red 'Hill Camp'."), k.drawn());
  CHECK_FALSE(k.shows("bundle belongs to network"));
  // The history words it from the facts it kept, in the language of the moment.
  REQUIRE_FALSE(k.ui.state.sync.history.empty());
  CHECK(k.ui.state.sync.history.front().detail == "Hill Camp");
  set_language("en");
  k.frames(2);
  CHECK_MESSAGE(k.shows("It holds data from network 'Hill Camp'."), k.drawn());
}

TEST_CASE(
    "a device whose clock is years ahead is named on the result card, in the reader's language") {
  LanguageGuard guard;
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  Store& tablet = *net[1]->store;
  // The sync worker opens its own connection on the system clock: 14 years (of 365.25 days)
  // past that.
  net[1]->wall = system_now_ms() + int64_t{14} * 36'525 * 864'000;
  auto self = tablet.devices().get(tablet.replica().device_id());
  REQUIRE(self);
  self->name = "Tablet 7";
  REQUIRE(tablet.devices().put(*self).ok());
  REQUIRE(tablet.entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  REQUIRE(sync_mailbox(tablet.replica(), stick).ok());
  set_language("uk");

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sync_sign_in(k, Screen::sync);
  k.tap_prefix("Синхронізувати");
  wait_sync_screen(k);
  // Once on the result card, once under past syncs (kept there as a fact).
  const auto times = [&](const std::string& text) {
    const std::string all = k.drawn();
    size_t n = 0;
    for (size_t at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
    return n;
  };
  CHECK_MESSAGE(
      times("Годинник пристрою Tablet 7 поспішає на 14 років; виставте на ньому дату.") == 2,
      k.drawn());
  set_language("en");
  k.frames(2);
  CHECK_MESSAGE(times("Tablet 7's clock is 14 years ahead; set its date.") == 2, k.drawn());
}

TEST_CASE("a read-only stick is read, and the result card says this device's file was not left") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  const std::string stick = make_sync_drive(dir, "KINGSTON");
  for (int i = 0; i < 2; ++i)
    REQUIRE(net[1]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  REQUIRE(sync_mailbox(net[1]->store->replica(), stick).ok());
  const int64_t before = count_all(here);

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sync_sign_in(k, Screen::sync);
  // A real write-protected stick is marked by list_drives (its mount options, or statvfs); a
  // test cannot mount one, so the listed drive is marked here, as it would be.
  auto& listed = k.ui.state.sync.drives;
  REQUIRE(listed.drives.size() == 1);
  listed.drives[0].read_only = true;
  listed.checked = std::chrono::steady_clock::now();
  k.frames(2);
  CHECK_MESSAGE(k.shows("Read-only: other devices' files on it can be read, but this device's "
                        "file cannot be left there."),
                k.drawn());
  CHECK_FALSE(k.shows("Sync with USB drive KINGSTON"));
  k.tap("Read USB drive KINGSTON");
  wait_sync_screen(k);

  CHECK_MESSAGE(k.shows("Read the files on KINGSTON at "), k.drawn());
  CHECK_FALSE(k.shows("Synced with KINGSTON"));
  CHECK(k.shows("2 new, 0 updated, 0 conflicts, from 1 device"));
  CHECK(
      k.shows("This device's file was not left there: the drive is read-only. Other devices "
              "will not get this device's news from it. Use another stick."));
  CHECK(count_all(here) == before + 2);
  const auto mailbox = *std::filesystem::directory_iterator(std::filesystem::path(stick) / "MUTUA");
  CHECK(std::filesystem::exists(mailbox.path() /
                                (net[1]->store->replica().device_id().hex() + ".mutua")));
  CHECK_FALSE(
      std::filesystem::exists(mailbox.path() / (here.replica().device_id().hex() + ".mutua")));
}
