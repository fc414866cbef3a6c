// Tasks seen from the screens: Cancel on the Sync screen stops the sync with nothing
// half-written, and leaving the UI while a sync runs returns within a bound.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "app/ui/sync_screen.hpp"
#include "app/ui/worker_hold.hpp"
#include "kiosk_driver.hpp"
#include "support/drives_env.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/mailbox.hpp"

using namespace mutua;
using namespace std::chrono_literals;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

std::string make_task_drive(const TempDir& dir, const std::string& label) {
  const auto p = dir.path() / label;
  std::filesystem::create_directories(p);
  return p.string();
}

void sign_in(Kiosk& k) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::volunteer};
  k.ui.state.screen = Screen::sync;
  k.frames(3);
}

int64_t count_all_rows(const Store& store) {
  return store.entries().count(EntryQuery{});
}

}  // namespace

TEST_CASE("Cancel on the Sync screen stops the sync, and nothing is half-written") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  Store& here = *net[0]->store;
  const std::string stick = make_task_drive(dir, "KINGSTON");
  for (int i = 0; i < 3; ++i)
    REQUIRE(net[1]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  REQUIRE(sync_mailbox(net[1]->store->replica(), stick).ok());
  const int64_t before = count_all_rows(here);
  const auto mailbox = *std::filesystem::directory_iterator(std::filesystem::path(stick) / "MUTUA");
  const auto own_file = mailbox.path() / (here.replica().device_id().hex() + ".mutua");

  DrivesEnv env(stick);
  Kiosk k(here, 1280, 800);
  sign_in(k);
  {
    WorkersHeldForTest hold;  // the sync waits before its first file
    k.tap("Sync with USB drive KINGSTON");
    REQUIRE(k.ui.state.sync.job);
    CHECK(k.shows("Syncing with KINGSTON"));
    CHECK(k.shows("Cancel"));
    k.tap("Cancel");
    // The held task sees the cancel at once: it ends as cancelled without touching anything.
  }
  for (int i = 0; i < 500 && k.ui.state.sync.job; ++i) {
    std::this_thread::sleep_for(10ms);
    k.frame();
  }
  REQUIRE(!k.ui.state.sync.job);
  k.frames(2);
  REQUIRE(k.ui.state.sync.last);
  CHECK(k.ui.state.sync.last->problem == SyncOutcome::Problem::cancelled);
  CHECK_MESSAGE(k.shows("Sync with KINGSTON stopped"), k.drawn());
  // Nothing was read and this device's file was not written.
  CHECK(count_all_rows(here) == before);
  CHECK_FALSE(std::filesystem::exists(own_file));

  // And a sync afterwards does the whole job.
  k.tap("Sync with USB drive KINGSTON");
  for (int i = 0; i < 500 && k.ui.state.sync.job; ++i) {
    std::this_thread::sleep_for(10ms);
    k.frame();
  }
  REQUIRE(!k.ui.state.sync.job);
  CHECK(count_all_rows(here) == before + 3);
  CHECK(std::filesystem::exists(own_file));
}

TEST_CASE("leaving the UI while a sync runs returns within a bound") {
  TempDir dir;
  auto net = mutua::test::make_network(2, dir.path().string());
  const std::string stick = make_task_drive(dir, "KINGSTON");
  REQUIRE(net[1]->store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  REQUIRE(sync_mailbox(net[1]->store->replica(), stick).ok());
  DrivesEnv env(stick);
  std::optional<WorkersHeldForTest> hold(std::in_place);  // the sync cannot finish by itself
  // Should the exit wait for the sync anyway, the hold is lifted after 3 s so the test ends
  // (and fails on the time) instead of hanging.
  std::thread safety([&hold] {
    std::this_thread::sleep_for(3s);
    hold.reset();
  });
  std::chrono::steady_clock::duration took{};
  {
    auto k = std::make_unique<Kiosk>(*net[0]->store, 1280, 800);
    sign_in(*k);
    k->tap("Sync with USB drive KINGSTON");
    CHECK(k->ui.state.sync.job);  // not REQUIRE: the safety thread must be joined below
    if (k->ui.state.sync.job) CHECK_FALSE(k->ui.state.sync.job->finished());
    const auto t0 = std::chrono::steady_clock::now();
    k.reset();  // the app's exit: the UI state, and the task in it, go
    took = std::chrono::steady_clock::now() - t0;
  }
  safety.join();
  CHECK(took < 1500ms);
}
