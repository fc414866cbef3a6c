// Issue 10: the network key's generation in Settings and what a sync did with keys and with
// records set aside, in words, with each language's plural forms, through the UI harness.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/ui/i18n.hpp"
#include "app/ui/sync_key_text.hpp"
#include "core/revocation.hpp"
#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/drives_env.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/key_ring.hpp"
#include "sync/mailbox.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

void wait_for_sync(Kiosk& k) {
  for (int i = 0; i < 500 && k.ui.state.sync.job; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.sync.job, "the sync did not finish");
  k.frames(2);
}

std::string name_of(Store& s) {
  return s.replica().device(s.replica().device_id())->name;
}

}  // namespace

TEST_CASE(
    "what a sync did with keys, set-aside records and a revoked device's records is told with "
    "plural forms") {
  LanguageGuard guard;
  ImportSummary s;
  s.learned_key_from = "Tablet 2";
  s.rotated_key = true;
  s.set_aside.push_back({"Tablet 5", 2, "entries.item is too long"});
  set_language("en");
  auto lines = import_notes(s);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "Learned the new network key from Tablet 2");
  CHECK(lines[1] == "Changed the network key because a revoked device had it");
  CHECK(lines[2] == "2 records from Tablet 5 were set aside: entries.item is too long");
  s.set_aside[0].count = 1;
  CHECK(import_notes(s)[2] == "1 record from Tablet 5 was set aside: entries.item is too long");
  set_language("uk");
  s.set_aside[0].count = 3;
  CHECK(import_notes(s)[2] == "3 записи від Tablet 5 відкладено: entries.item is too long");
  s.set_aside[0].count = 5;
  CHECK(import_notes(s)[2] == "5 записів від Tablet 5 відкладено: entries.item is too long");
  CHECK(import_notes(s)[0] == "Отримано новий ключ мережі від Tablet 2");

  // A revoked device's records: refused on the way, and taken back here.
  s = ImportSummary{};
  s.refused_revoked.emplace_back("Tablet 2", 1);
  s.taken_back.emplace_back("Tablet 2", 3);
  set_language("en");
  lines = import_notes(s);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "1 record from revoked device Tablet 2 was not accepted");
  CHECK(lines[1] == "3 records changed by revoked device Tablet 2 were taken back");
  set_language("uk");
  lines = import_notes(s);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "1 запис від відкликаного пристрою Tablet 2 не прийнято");
  CHECK(lines[1] == "3 записи, змінені відкликаним пристроєм Tablet 2: зміни скасовано");

  KeyStatus k;
  k.in_network = true;
  k.generation = 2;
  set_language("en");
  CHECK(key_status_text(k) == "Network key: changed 2 times; this device has the current key");
  k.generation = 1;
  k.waiting_on = {"Tablet 3"};
  CHECK(key_status_text(k) ==
        "Network key: changed 1 time; this device waits for the new key that Tablet 3 uses");
  set_language("es");
  k.generation = 2;
  k.waiting_on.clear();
  CHECK(key_status_text(k) ==
        "Clave de la red: cambiada 2 veces; este dispositivo tiene la clave actual");
  set_language("fr");
  k.generation = 0;
  CHECK(key_status_text(k) == "Clé du réseau : jamais changée; cet appareil a la clé actuelle");
}

TEST_CASE("the sync screen says which device gave the new key, and Settings counts the changes") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  Store& other = *net[1]->store;
  const auto stick = dir.path() / "KINGSTON";
  std::filesystem::create_directories(stick);
  // Both hear of each other, then the other device changes the key twice.
  for (int round = 0; round < 2; ++round) {
    REQUIRE(sync_mailbox(here.replica(), stick.string()).ok());
    REQUIRE(sync_mailbox(other.replica(), stick.string()).ok());
  }
  REQUIRE(rotate_network_key(other.replica(), {}).ok());
  REQUIRE(rotate_network_key(other.replica(), {}).ok());
  REQUIRE(sync_mailbox(other.replica(), stick.string()).ok());

  DrivesEnv env(stick.string());
  {
    Kiosk k(here, 1280, 800);
    k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::volunteer};
    k.ui.state.screen = Screen::sync;
    k.frames(3);
    k.tap("Sync with USB drive KINGSTON");
    wait_for_sync(k);
    CHECK_MESSAGE(k.shows("Learned the new network key from " + name_of(other)), k.drawn());
  }
  auto bea = mutua::test::add_cheap_volunteer(here, "Bea", Role::coordinator, "2468");
  Kiosk k(here, 1280, 3000);
  k.ui.state.signed_in = SignedIn{bea.id, bea.name, bea.role};
  k.ui.state.screen = Screen::settings;
  k.frames(3);
  CHECK_MESSAGE(k.shows("Network key: changed 2 times; this device has the current key"),
                k.drawn());
}

TEST_CASE("the sync screen's past syncs keep what a revocation an import brought took back") {
  // Issue 10: the import said "1 record changed by revoked device ... was taken back", but the
  // sync log did not keep it, so the need that vanished had no word once the screen was left.
  TempDir dir;
  auto net = mutua::test::make_network(3, dir.path().string());
  Store& here = *net[0]->store;
  Store& coordinator = *net[1]->store;
  Store& lost = *net[2]->store;
  const auto stick = dir.path() / "KINGSTON";
  std::filesystem::create_directories(stick);
  for (int round = 0; round < 2; ++round)
    for (Store* s : {&here, &coordinator, &lost})
      REQUIRE(sync_mailbox(s->replica(), stick.string()).ok());
  // The lost tablet records a need that reaches this device and not the coordinator's, which
  // then revokes it.
  auto tent = lost.entries().add(mutua::test::make_entry(Kind::need, "Tent"));
  REQUIRE(tent.ok());
  REQUIRE(sync_mailbox(lost.replica(), stick.string()).ok());
  REQUIRE(sync_mailbox(here.replica(), stick.string()).ok());
  REQUIRE(here.entries().get(tent->id));
  REQUIRE(revoke_device(coordinator, lost.replica().device_id(), true).ok());
  REQUIRE(sync_mailbox(coordinator.replica(), stick.string()).ok());

  DrivesEnv env(stick.string());
  const std::string taken =
      "1 record changed by revoked device " + name_of(lost) + " was taken back";
  {
    Kiosk k(here, 1280, 3000);
    k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::volunteer};
    k.ui.state.screen = Screen::sync;
    k.frames(3);
    CHECK_FALSE(k.shows(taken));
    k.tap("Sync with USB drive KINGSTON");
    wait_for_sync(k);
    CHECK_MESSAGE(k.shows(taken), k.drawn());
  }
  CHECK_FALSE(here.entries().get(tent->id));
  const auto log = here.replica().sync_log(10);
  int64_t kept = 0;
  for (const auto& e : log) kept += e.taken_back;
  CHECK(kept == 1);
  // The screen opened again, with no sync run: the past sync says it.
  Kiosk k(here, 1280, 3000);
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::volunteer};
  k.ui.state.screen = Screen::sync;
  k.frames(3);
  CHECK_MESSAGE(k.shows(taken), k.drawn());
}
