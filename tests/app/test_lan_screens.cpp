// Local Wi-Fi sync on screen (app/ui/lan_screen.hpp), driven headless with fake seams: the Sync
// screen's LAN peers in words, the Settings switch kept per device, this device's address, and
// typed addresses (a bad one is refused with a message and nothing is saved).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "app/ui/lan_screen.hpp"
#include "app/ui/sync_screen.hpp"
#include "core/store.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/temp_dir.hpp"
#include "sync/network.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

constexpr int64_t kMinute = 60'000;

std::unique_ptr<Store> open_lan_store(const TempDir& dir) {
  auto s = Store::open(dir.file("lan.db"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

LanPeerState peer(const std::string& name, int64_t last_exchange, uint64_t behind,
                  int64_t last_attempt, SyncFailure failure = {}) {
  LanPeerState p;
  p.device = Id::random();
  p.name = name;
  p.address = LanAddress{"192.168.43." + std::to_string(name.size()), kLanPort};
  p.last_exchange = last_exchange;
  p.behind = behind;
  p.last_attempt = last_attempt;
  p.last_failure = std::move(failure);
  return p;
}

struct Seen {
  int serve_starts = 0, serve_stops = 0;
  std::vector<LanPeerState> states;
};

LanSeams screen_seams(const std::shared_ptr<Seen>& seen) {
  LanSeams s;
  s.peer_states = [seen](const Store&) { return seen->states; };
  s.start_serving = [seen](const std::string&, const LanSettings&,
                           std::function<void()>) -> Result<uint16_t> {
    ++seen->serve_starts;
    return uint16_t(kLanPort);
  };
  s.stop_serving = [seen] { ++seen->serve_stops; };
  s.local_addresses = [] { return std::vector<std::string>{"192.168.43.1"}; };
  return s;
}

void sign_in_coordinator(Kiosk& k, Screen screen) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::coordinator};
  k.ui.state.screen = screen;
  k.frames(3);
}

void tap_in_row(Kiosk& k, const std::string& row, const std::string& button) {
  const CapturedText* r = k.find(row);
  REQUIRE_MESSAGE(r, "no row \"" << row << "\"; drawn:" << k.drawn());
  const float y = (r->min.y + r->max.y) * 0.5f;
  for (int i = 0;; ++i) {
    const CapturedText* b = k.find(button, i);
    REQUIRE_MESSAGE(b, "no \"" << button << "\" beside \"" << row << "\"");
    if (std::fabs((b->min.y + b->max.y) * 0.5f - y) < 20) {
      k.tap(test::UiHarness::centre(*b));
      return;
    }
  }
}

}  // namespace

TEST_CASE("LAN peer words: up to date, behind (plural forms), never synced, failed") {
  LanguageGuard guard;
  LanPeerRow r;
  r.last_exchange = 1;
  CHECK(lan_peer_state_words(r) == "Up to date");
  r.behind = 12;
  CHECK(lan_peer_state_words(r) == "Behind by 12 changes");
  r.behind = 1;
  CHECK(lan_peer_state_words(r) == "Behind by 1 change");
  r.failed = true;
  CHECK(lan_peer_state_words(r) == "Could not reach it. Is it turned on and on this Wi-Fi?");
  r.failure = SyncFailure{SyncProblem::other_network, "Hill Camp"};
  CHECK(lan_peer_state_words(r) == "It holds data from network 'Hill Camp'.");
  LanPeerRow never;
  CHECK(lan_peer_state_words(never) == "Not synced yet");
  CHECK(lan_peer_time_words(never, 10 * kMinute) == "Never synced");
  r.last_exchange = 10 * kMinute - 2 * kMinute;
  CHECK(lan_peer_time_words(r, 10 * kMinute) == "Last synced 2 min ago");

  std::vector<LanPeerRow> rows(4);
  for (auto& row : rows) row.last_exchange = 5;
  CHECK(lan_overall_words(rows) == "All 4 devices are up to date");
  rows[1].behind = 3;
  rows[2].failed = true;
  CHECK(lan_overall_words(rows) == "2 of 4 devices are up to date");
  CHECK(lan_overall_words({}) == "No other device found yet.");
  CHECK(lan_overall_words({rows[0]}) == "1 device is up to date");

  // Ukrainian has three plural forms: 1, 2..4, 5..
  set_language("uk");
  LanPeerRow b;
  b.last_exchange = 1;
  b.behind = 1;
  const std::string one = lan_peer_state_words(b);
  b.behind = 2;
  const std::string two = lan_peer_state_words(b);
  b.behind = 5;
  const std::string five = lan_peer_state_words(b);
  CHECK(one.find("1") != std::string::npos);
  CHECK(one.find("Behind") == std::string::npos);
  CHECK(one != two);
  CHECK(two.substr(two.find('2') + 1) != five.substr(five.find('5') + 1));
}

TEST_CASE("an unreachable peer is worded as such, in rows old and new; a drive's stays a drive") {
  LanguageGuard guard;
  LanPeerRow r;
  r.failed = true;
  r.failure = SyncFailure{SyncProblem::unreachable, {}};
  CHECK(lan_peer_state_words(r) == "Could not reach it. Is it turned on and on this Wi-Fi?");
  CHECK(sync_problem_words(r.failure, "127.0.0.1:9: could not reach it: nothing answers there") ==
        "Could not reach it. Is it turned on and on this Wi-Fi?");

  // Past syncs: a LAN row as versions before code 16 stored it (cannot_read), a new one, and a
  // drive that could not be read.
  TempDir dir;
  auto store = open_lan_store(dir);
  const int64_t now = store->replica().now_ms();
  SyncLogEntry lan_old, lan_new, usb;
  lan_old.at = now - 3 * kMinute;
  lan_old.source = "lan 127.0.0.1:47147";
  lan_old.error = "127.0.0.1:47147: nothing answers there";
  lan_old.problem = 10;
  lan_new = lan_old;
  lan_new.at = now - 2 * kMinute;
  lan_new.problem = 16;
  usb.at = now - kMinute;
  usb.source = "usb /media/stick";
  usb.error = "cannot read /media/stick";
  usb.problem = 10;
  for (const auto& e : {lan_old, lan_new, usb}) store->replica().log_sync(e);
  Kiosk k(*store, 1280, 1600);
  sign_in_coordinator(k, Screen::sync);
  k.frames(2);
  auto count = [&k](const std::string& text) {
    return std::count_if(k.ui.drawn_texts().begin(), k.ui.drawn_texts().end(),
                         [&](const auto& t) { return t.text == text; });
  };
  CHECK_MESSAGE(count("Could not reach it. Is it turned on and on this Wi-Fi?") == 2, k.drawn());
  CHECK(count("Could not read the drive.") == 1);
  set_language("es");
  k.frames(2);
  CHECK_MESSAGE(count("No se pudo conectar. ¿Está encendido y en esta wifi?") == 2, k.drawn());
}

TEST_CASE("LAN peer rows: what this session's loop saw is laid over what the transport stored") {
  const int64_t now = 100 * kMinute;
  std::vector<LanPeerState> stored = {peer("Kiosk", now - kMinute, 0, now - kMinute),
                                      peer("Tablet 3", now - 9 * kMinute, 4, now - 9 * kMinute)};
  std::vector<LanTarget> targets(2);
  // Tablet 3 answered again since, and is in step now.
  targets[0].address = stored[1].address;
  targets[0].device = stored[1].device;
  targets[0].last_attempt = now - 5'000;
  LanExchange x;
  x.peer = stored[1].device;
  x.peer_name = "Tablet 3";
  x.finished_at = now - 5'000;
  x.peer_behind = 0;
  targets[0].last_exchange = x;
  // A typed address that never answered.
  targets[1].address = LanAddress{"10.0.0.9", kLanPort};
  targets[1].typed = true;
  targets[1].last_attempt = now - 1'000;
  targets[1].last_error = "connection refused";
  const auto rows = lan_peer_rows(stored, targets);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].name == "10.0.0.9:47147");  // the problem first
  CHECK(rows[0].failed);
  CHECK(rows[1].name == "Kiosk");
  CHECK(rows[2].name == "Tablet 3");
  CHECK(rows[2].behind == 0);
  CHECK(rows[2].last_exchange == now - 5'000);
  CHECK(lan_overall_words(rows) == "2 of 3 devices are up to date");
}

TEST_CASE("the Sync screen lists LAN peers in words, says when all are up to date, Sync now") {
  TempDir dir;
  auto store = open_lan_store(dir);
  const int64_t now = store->replica().now_ms();
  auto seen = std::make_shared<Seen>();
  seen->states = {peer("Kiosk", now - 2 * kMinute, 0, now - 2 * kMinute),
                  peer("Tablet 3", now - 5 * kMinute, 12, now - 5 * kMinute),
                  peer("Laptop", now - 30 * kMinute, 0, now - kMinute)};  // failed since
  Kiosk k(*store, 1280, 1600);
  sign_in_coordinator(k, Screen::sync);
  CHECK(k.shows("Local Wi-Fi sync is off. A coordinator can turn it on in Settings."));

  lan_set_enabled(*store, nullptr, true, now);
  auto loop = std::make_shared<LanSyncLoop>(screen_seams(seen));
  loop->apply_settings(*store, now);
  k.ui.state.sync.lan = loop;
  k.frames(3);
  CHECK_MESSAGE(k.shows("1 of 3 devices are up to date"), k.drawn());
  CHECK(k.shows("Kiosk"));
  CHECK(k.shows("Up to date"));
  CHECK(k.shows("Last synced 2 min ago"));
  CHECK(k.shows("Behind by 12 changes"));
  CHECK(k.shows("Could not reach it. Is it turned on and on this Wi-Fi?"));
  CHECK(k.shows("Last synced 30 min ago"));
  // The problem is listed first.
  REQUIRE(k.find("Laptop"));
  REQUIRE(k.find("Kiosk"));
  CHECK(k.find("Laptop")->min.y < k.find("Kiosk")->min.y);

  // Everyone in step: one line says so. The screen re-reads when the loop's generation moves.
  seen->states = {peer("Kiosk", now, 0, now), peer("Tablet 3", now, 0, now),
                  peer("Laptop", now, 0, now), peer("Tablet 5", now, 0, now)};
  lan_set_enabled(*store, loop.get(), true, now);  // settings applied again: the list is re-read
  k.frames(2);
  CHECK_MESSAGE(k.shows("All 4 devices are up to date"), k.drawn());
  CHECK_FALSE(k.shows("Behind by"));
  k.tap("Sync now");
  CHECK(k.shows("Sync now"));
}

TEST_CASE("Settings: the Local Wi-Fi switch is kept per device; the address shows as text") {
  TempDir dir;
  auto store = open_lan_store(dir);
  auto seen = std::make_shared<Seen>();
  auto loop = std::make_shared<LanSyncLoop>(screen_seams(seen));
  loop->apply_settings(*store, store->replica().now_ms());
  {
    Kiosk k(*store, 1280, 3200);
    k.ui.state.sync.lan = loop;
    sign_in_coordinator(k, Screen::settings);
    CHECK_MESSAGE(k.shows("Local Wi-Fi sync"), k.drawn());
    CHECK(k.shows("Off: this device syncs only by USB stick."));
    CHECK_FALSE(load_lan_settings(store->replica()).enabled);
    k.tap("On");
    CHECK(load_lan_settings(store->replica()).enabled);
    CHECK(loop->enabled());
    CHECK(seen->serve_starts == 1);
    CHECK_MESSAGE(k.shows("Other devices on this Wi-Fi can sync with this one at 192.168.43.1"),
                  k.drawn());
  }
  // Kept in the database: a store opened again still has it on.
  store.reset();
  store = open_lan_store(dir);
  CHECK(load_lan_settings(store->replica()).enabled);
  Kiosk k2(*store, 1280, 3200);
  k2.ui.state.sync.lan = loop;
  sign_in_coordinator(k2, Screen::settings);
  k2.tap("Off");
  CHECK_FALSE(load_lan_settings(store->replica()).enabled);
  CHECK_FALSE(loop->enabled());
  CHECK(seen->serve_stops == 1);
}

TEST_CASE("Settings: a bad typed address gives a message and saves nothing; a good one is kept") {
  TempDir dir;
  auto store = open_lan_store(dir);
  Kiosk k(*store, 1280, 3200);
  sign_in_coordinator(k, Screen::settings);
  k.type("Address, like 192.168.43.1", "192.168.43.1:99999");
  k.tap("Add");
  CHECK_MESSAGE(k.shows("That is not an address. Type it the way Settings shows it on the other "
                        "device, like 192.168.43.1."),
                k.drawn());
  CHECK(load_lan_settings(store->replica()).manual_peers.empty());

  // The bad address stays in the field, to be corrected.
  k.type("192.168.43.1:99999", " 192.168.43.7 ");
  k.tap("Add");
  CHECK(load_lan_settings(store->replica()).manual_peers ==
        std::vector<std::string>{"192.168.43.7"});
  CHECK(k.shows("192.168.43.7"));
  // The same device again, with the usual port written out: refused as already there.
  k.type("Address, like 192.168.43.1", "192.168.43.7:47147");
  k.tap("Add");
  CHECK(k.shows("That address is already in the list."));
  CHECK(load_lan_settings(store->replica()).manual_peers.size() == 1);

  tap_in_row(k, "192.168.43.7", "Remove");
  CHECK(load_lan_settings(store->replica()).manual_peers.empty());
  CHECK_FALSE(k.find("192.168.43.7"));
}

TEST_CASE("Settings reads the network key's state once, not every frame; again after an import") {
  TempDir dir;
  auto store = open_lan_store(dir);
  REQUIRE(create_network(store->replica(), "Riverside Relief").ok());
  const int64_t now = store->replica().now_ms();
  lan_set_enabled(*store, nullptr, true, now);
  auto seen = std::make_shared<Seen>();
  LanSeams seams = screen_seams(seen);
  std::function<void()> after_import;
  seams.start_serving = [&after_import](const std::string&, const LanSettings&,
                                        std::function<void()> after) -> Result<uint16_t> {
    after_import = std::move(after);
    return uint16_t(kLanPort);
  };
  auto loop = std::make_shared<LanSyncLoop>(seams);
  loop->apply_settings(*store, now);
  Kiosk k(*store, 1280, 3200);
  k.ui.state.sync.lan = loop;
  sign_in_coordinator(k, Screen::settings);
  k.frames(20);
  const SettingsScreenState& s = k.ui.state.console.settings;
  CHECK_MESSAGE(k.shows("Network key: never changed; this device has the current key"), k.drawn());
  CHECK(s.key_status_reads == 1);
  // Another device synced with this one (a served import): read once more, then no more.
  REQUIRE(after_import);
  after_import();
  k.frames(20);
  CHECK(s.key_status_reads == 2);
  // Leaving and coming back reads it afresh.
  k.ui.state.screen = Screen::console;
  k.frames(2);
  k.ui.state.console.settings.loaded = false;
  k.ui.state.screen = Screen::settings;
  k.frames(5);
  CHECK(s.key_status_reads == 1);
  loop->stop();
}
