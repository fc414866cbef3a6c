// LAN sync in the background (app/ui/lan_sync_loop.hpp), with fake seams in place of the
// transport and discovery: when it syncs (on start, once after a burst of changes, after a
// pause when a peer fails), that it stops in bounded time, and that nothing runs while it is off.
// No network: the fakes only record what they were asked.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "app/ui/lan_sync_loop.hpp"
#include "core/store.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

// What the fake transport and discovery saw, shared with the worker threads.
struct Fake {
  std::mutex mutex;
  std::vector<std::string> synced;  // addresses, in order
  std::vector<DiscoveredPeer> found;
  std::vector<std::string> failing;  // addresses whose sync fails
  std::atomic<int> serve_starts{0}, serve_stops{0}, discovery_starts{0}, discovery_stops{0},
      discovery_reads{0}, key_refreshes{0};
  std::atomic<bool> block{false};  // sync waits (at most 10 s) until this is false
  std::atomic<int> entered{0};     // syncs that began
  std::atomic<int> ended{0};       // syncs that returned
  std::function<void()> after_import;
  uint64_t marker = 0;  // the "local changes" counter the test moves

  size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return synced.size();
  }
  size_t count(const std::string& address) {
    std::lock_guard<std::mutex> lock(mutex);
    return static_cast<size_t>(std::count(synced.begin(), synced.end(), address));
  }
};

LanSeams fake_seams(const std::shared_ptr<Fake>& f) {
  LanSeams s;
  s.sync = [f](Store&, const LanAddress& a, SyncFailure* why) -> Result<LanExchange> {
    ++f->entered;
    for (int i = 0; i < 1000 && f->block.load(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    bool fails = false;
    {
      std::lock_guard<std::mutex> lock(f->mutex);
      f->synced.push_back(a.text());
      fails = std::find(f->failing.begin(), f->failing.end(), a.text()) != f->failing.end();
    }
    ++f->ended;
    if (fails) {
      if (why) *why = SyncFailure{};
      return fail("cannot connect to " + a.text());
    }
    LanExchange x;
    x.peer = Id::random();
    x.peer_name = "Tablet " + a.host;
    x.address = a;
    x.finished_at = 1;
    return x;
  };
  s.start_serving = [f](const std::string&, const LanSettings&,
                        std::function<void()> after) -> Result<uint16_t> {
    ++f->serve_starts;
    f->after_import = std::move(after);
    return uint16_t(47147);
  };
  s.stop_serving = [f] { ++f->serve_stops; };
  s.start_discovery = [f](const Store&, const LanSettings&, uint16_t) { ++f->discovery_starts; };
  s.stop_discovery = [f] { ++f->discovery_stops; };
  s.refresh_discovery = [f](const Store&) { ++f->key_refreshes; };
  s.discovered_peers = [f] {
    ++f->discovery_reads;
    std::lock_guard<std::mutex> lock(f->mutex);
    return f->found;
  };
  return s;
}

std::unique_ptr<Store> open_file_store(const TempDir& dir) {
  auto s = Store::open(dir.file("lan.db"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

void enable(Store& store, std::vector<std::string> typed) {
  LanSettings s = load_lan_settings(store.replica());
  s.enabled = true;
  s.manual_peers = std::move(typed);
  save_lan_settings(store.replica(), s);
}

LanLoopTiming fast_checks() {
  LanLoopTiming t;
  t.check_ms = 1;
  return t;
}

// Ticks at `now` until the exchange in flight is taken (bounded: 5 s of real time).
void settle(LanSyncLoop& loop, Store& store, int64_t now) {
  for (int i = 0; i < 500; ++i) {
    loop.tick(store, now);
    if (!loop.busy()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("the exchange did not finish in 5 s");
}

// Ticks at `now` and settles until nothing more is started (each due peer once).
void run_due(LanSyncLoop& loop, Store& store, int64_t now) {
  for (int i = 0; i < 20; ++i) {
    const size_t before = loop.exchanges_started();
    settle(loop, store, now);
    loop.tick(store, now);
    if (!loop.busy() && loop.exchanges_started() == before) return;
  }
}

}  // namespace

TEST_CASE("LAN loop: nothing runs while the setting is off (the default)") {
  TempDir dir;
  auto store = open_file_store(dir);
  auto f = std::make_shared<Fake>();
  f->found.push_back(
      {Id::random(), LanAddress{"127.0.0.2", 47147}, DiscoveredPeer::Source::broadcast, 1});
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 1'000);
  for (int64_t t = 1'000; t < 20 * 60'000; t += 10'000) {
    ++f->marker;
    CHECK_FALSE(loop.tick(*store, t));
  }
  CHECK_FALSE(loop.enabled());
  CHECK(loop.exchanges_started() == 0);
  CHECK(f->serve_starts == 0);
  CHECK(f->discovery_starts == 0);
  CHECK(f->discovery_reads == 0);
  CHECK(loop.next_wake_ms(1'000) == 0);  // asks for no frames either
}

TEST_CASE("LAN loop: on start it serves, looks for peers, and syncs with typed and found ones") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5", "10.0.0.6:8080"});
  auto f = std::make_shared<Fake>();
  f->found.push_back(
      {Id::random(), LanAddress{"127.0.0.2", 47147}, DiscoveredPeer::Source::broadcast, 1});
  // Our own announce is not a peer.
  f->found.push_back({store->replica().device_id(), LanAddress{"127.0.0.9", 47147},
                      DiscoveredPeer::Source::broadcast, 1});
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 1'000);
  CHECK(loop.enabled());
  CHECK(f->serve_starts == 1);
  CHECK(f->discovery_starts == 1);
  CHECK(loop.serving_port() == 47147);
  run_due(loop, *store, 1'000);
  CHECK(f->count("10.0.0.5:47147") == 1);
  CHECK(f->count("10.0.0.6:8080") == 1);
  CHECK(f->count("127.0.0.2:47147") == 1);
  CHECK(f->count("127.0.0.9:47147") == 0);
  CHECK(loop.targets().size() == 3);
  for (const auto& t : loop.targets()) {
    CHECK(t.last_exchange.has_value());
    CHECK(t.failures == 0);
  }
  // Nothing changed since: no more exchanges until the periodic round.
  run_due(loop, *store, 60'000);
  CHECK(f->count() == 3);
  CHECK(loop.next_wake_ms(60'000) == 1'000 + LanLoopTiming{}.periodic_ms - 60'000);
  run_due(loop, *store, 1'000 + LanLoopTiming{}.periodic_ms);
  CHECK(f->count() == 6);
}

TEST_CASE("LAN loop: a burst of local changes gives one exchange, once the changes settle") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5"});
  auto f = std::make_shared<Fake>();
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 1'000);
  run_due(loop, *store, 1'000);
  REQUIRE(f->count() == 1);
  // Ten writes, 300 ms apart: each pushes the round back.
  int64_t t = 2'000;
  for (int i = 0; i < 10; ++i, t += 300) {
    ++f->marker;
    run_due(loop, *store, t);
  }
  CHECK(f->count() == 1);
  const int64_t last = t - 300;
  CHECK(loop.next_wake_ms(t) == last + 2'000 - t);  // the UI is woken for it
  run_due(loop, *store, last + 1'999);
  CHECK(f->count() == 1);
  run_due(loop, *store, last + 2'000);
  CHECK(f->count() == 2);
  run_due(loop, *store, last + 10'000);
  CHECK(f->count() == 2);
}

TEST_CASE("LAN loop: an unreachable peer is tried again after a growing pause, not hammered") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5", "10.0.0.7"});
  auto f = std::make_shared<Fake>();
  f->failing.push_back("10.0.0.7:47147");
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 0 + 1);
  run_due(loop, *store, 1);
  CHECK(f->count("10.0.0.7:47147") == 1);
  // 5 s, then 10, 20, 40 ... up to 5 minutes between tries.
  int64_t at = 1;
  for (int64_t pause : {5'000, 10'000, 20'000, 40'000, 80'000, 160'000, 300'000, 300'000}) {
    const size_t before = f->count("10.0.0.7:47147");
    run_due(loop, *store, at + pause - 1);
    CHECK(f->count("10.0.0.7:47147") == before);
    ++f->marker;  // a local change meanwhile does not cut the pause short
    run_due(loop, *store, at + pause - 1);
    at += pause;
    run_due(loop, *store, at);
    CHECK(f->count("10.0.0.7:47147") == before + 1);
  }
  const LanTarget* bad = nullptr;
  for (const auto& t : loop.targets())
    if (t.address.host == "10.0.0.7") bad = &t;
  REQUIRE(bad);
  CHECK(bad->failures == 9);
  CHECK(bad->last_error == "cannot connect to 10.0.0.7:47147");
  // The reachable peer was synced on start and after the changes, never held up.
  CHECK(f->count("10.0.0.5:47147") >= 2);
  // "Sync now" tries at once, pause or not.
  const size_t before = f->count("10.0.0.7:47147");
  loop.sync_now(at + 10);
  run_due(loop, *store, at + 10);
  CHECK(f->count("10.0.0.7:47147") == before + 1);
}

TEST_CASE("LAN loop: stopping while an exchange hangs is bounded; turning it off stops all") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5"});
  auto f = std::make_shared<Fake>();
  f->block = true;
  LanLoopTiming timing = fast_checks();
  timing.stop_bound = std::chrono::milliseconds(300);
  LanSyncLoop loop(fake_seams(f), timing, [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 1'000);
  loop.tick(*store, 1'000);
  REQUIRE(loop.busy());
  for (int i = 0; i < 500 && f->entered == 0; ++i)  // the exchange is under way (bounded wait)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(f->entered == 1);
  // A frame never waits for the exchange.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) loop.tick(*store, 1'000 + i);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(200));
  CHECK(loop.busy());
  // Turning LAN sync off in Settings.
  LanSettings s = load_lan_settings(store->replica());
  s.enabled = false;
  save_lan_settings(store->replica(), s);
  t0 = std::chrono::steady_clock::now();
  loop.apply_settings(*store, 2'000);
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < std::chrono::milliseconds(1'500));
  CHECK_FALSE(loop.busy());
  CHECK(f->serve_stops == 1);
  CHECK(f->discovery_stops == 1);
  CHECK(loop.targets().empty());
  // The hung exchange ends on its own once released (bounded), touching nothing of the loop.
  f->block = false;
  for (int i = 0; i < 500 && f->ended == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(f->ended == 1);
  CHECK_FALSE(loop.tick(*store, 3'000));
  CHECK(loop.exchanges_started() == 1);
}

TEST_CASE("LAN loop: an import by the server makes the UI re-read, and wakes it") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {});
  auto f = std::make_shared<Fake>();
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  std::atomic<int> wakes{0};
  loop.wake = [&wakes] { ++wakes; };
  loop.apply_settings(*store, 1'000);
  CHECK_FALSE(loop.tick(*store, 1'000));
  REQUIRE(f->after_import);
  const uint64_t generation = loop.generation();
  std::thread server([cb = f->after_import] { cb(); });  // a server thread
  server.join();
  CHECK(wakes == 1);
  CHECK(loop.tick(*store, 1'001));
  CHECK(loop.generation() > generation);
  CHECK_FALSE(loop.tick(*store, 1'002));  // once
}

TEST_CASE("LAN loop: the default change marker sees the UI store's own writes") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5"});
  auto f = std::make_shared<Fake>();
  LanSyncLoop loop(fake_seams(f), fast_checks());
  loop.apply_settings(*store, 1'000);
  run_due(loop, *store, 1'000);
  REQUIRE(f->count() == 1);
  run_due(loop, *store, 2'000);
  REQUIRE(store->entries().add(mutua::test::make_entry(Kind::need, "rice")).ok());
  run_due(loop, *store, 2'100);
  run_due(loop, *store, 4'099);
  CHECK(f->count() == 1);
  run_due(loop, *store, 4'100);
  CHECK(f->count() == 2);
}

TEST_CASE(
    "LAN loop: discovery reads the network keys again after an exchange, an import, a change") {
  TempDir dir;
  auto store = open_file_store(dir);
  enable(*store, {"10.0.0.5"});
  auto f = std::make_shared<Fake>();
  LanSyncLoop loop(fake_seams(f), fast_checks(), [f](const Store&) { return f->marker; });
  loop.apply_settings(*store, 1'000);
  REQUIRE(f->discovery_starts == 1);
  CHECK(f->key_refreshes == 0);  // discovery read them as it started
  // An exchange (a rotated key may have come with it, even with no records counted).
  run_due(loop, *store, 1'000);
  REQUIRE(f->count() == 1);
  CHECK(f->key_refreshes == 1);
  run_due(loop, *store, 1'100);
  CHECK(f->key_refreshes == 1);  // nothing since: not read again
  // The server imported something (a peer that learned the rotation first, say).
  REQUIRE(f->after_import);
  f->after_import();
  loop.tick(*store, 1'200);
  CHECK(f->key_refreshes == 2);
  // A local change (a revocation here rotates the key).
  f->marker = 7;
  loop.tick(*store, 1'300);
  CHECK(f->key_refreshes == 3);
  loop.tick(*store, 1'400);
  CHECK(f->key_refreshes == 3);
}
