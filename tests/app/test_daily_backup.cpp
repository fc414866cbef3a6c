// The kiosk's daily backup (issue 16): with the network's sync stick plugged in, the app copies
// its database to MUTUA-backups/<network id>/ on it once a day, in the background; a resident's
// own stick and another network's are never written to.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/ui/idle.hpp"
#include "kiosk_driver.hpp"
#include "support/drives_env.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/backup.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Frames until the copy running in the background is done (bounded).
void wait_for_backup(Kiosk& k) {
  k.frames(2);
  for (int i = 0; i < 500 && k.ui.state.console.backup.job; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    k.frame();
  }
  REQUIRE_FALSE(k.ui.state.console.backup.job);
}

}  // namespace

TEST_CASE("the kiosk copies its database to the sync stick once a day, and to no other stick") {
  TempDir dir;
  auto net = test::make_network(1, dir.path().string());
  auto& dev = *net[0];
  dev.wall = 20'789LL * 86'400'000 + 10 * 3'600'000;  // 2 Dec 2026, 10:00 UTC
  REQUIRE(dev.store->entries().add(test::make_entry(Kind::need, "Rice")).ok());
  const auto id = load_network(dev.store->replica())->id.hex();
  const fs::path sync_stick = dir.path() / "SYNCSTICK", own_stick = dir.path() / "ANAS",
                 other_net = dir.path() / "HILLCAMP";
  fs::create_directories(sync_stick / "MUTUA" / id);
  fs::create_directories(own_stick);
  fs::create_directories(other_net / "MUTUA" / "0123456789abcdef0123456789abcdef");
  DrivesEnv drives(own_stick.string() + ":" + other_net.string() + ":" + sync_stick.string());

  Kiosk k(*dev.store, 800, 480);
  wait_for_backup(k);
  const fs::path today = sync_stick / "MUTUA-backups" / id / "mutua-2026-12-02.db";
  CHECK(k.ui.state.console.backup.last_error == "");
  REQUIRE(fs::exists(today));
  CHECK(k.ui.state.console.backup.last_file == today.string());
  auto facts = inspect_backup(today.string());
  REQUIRE(facts.ok());
  CHECK(facts->entries == 1);
  CHECK(fs::is_empty(own_stick));
  CHECK_FALSE(fs::exists(other_net / "MUTUA-backups"));

  // The idle reset (the next person) does not make it copy again today; the next day does.
  wipe_session(k.ui.state);
  k.ui.state.console.next_housekeeping_ms = 0;
  k.frames(3);
  CHECK_FALSE(k.ui.state.console.backup.job);
  dev.wall += 86'400'000;
  k.ui.state.console.next_housekeeping_ms = 0;
  wait_for_backup(k);
  CHECK(fs::exists(sync_stick / "MUTUA-backups" / id / "mutua-2026-12-03.db"));
  CHECK(daily_backups((sync_stick / "MUTUA-backups" / id).string()).size() == 2);
}
