#pragma once
// Local Wi-Fi sync in the background (issue 12): while LanSettings::enabled, this device serves
// its database, looks for peers, and syncs with every peer found or typed in: on start, a short
// while after each local change (debounced), and every few minutes, with nobody on the Sync
// screen. Everything slow runs on worker threads (Task<T>, app/ui/task.hpp); the UI thread only
// calls tick() once a frame, which never waits. One exchange runs at a time (so at most one per
// peer); an unreachable peer is tried again after a growing pause. Nothing runs while the
// setting is off (the default). No ImGui here.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ui/lan_seams.hpp"
#include "app/ui/task.hpp"
#include "sync/lan.hpp"

namespace mutua {

class Store;

struct LanLoopTiming {
  int64_t debounce_ms = 2'000;        // after the last local change
  int64_t periodic_ms = 3 * 60'000;   // a round with every peer, changes or not
  int64_t first_retry_ms = 5'000;     // after a failed try; doubles with each failure in a row
  int64_t max_retry_ms = 5 * 60'000;  // the longest pause between two tries of one peer
  int64_t check_ms = 250;             // how often the local changes and discovery are read
  int max_failures_unseen = 6;        // a found peer discovery no longer sees is then dropped
  std::chrono::milliseconds stop_bound{2'000};  // how long stopping waits for an exchange
};

// One peer the loop syncs with: typed in Settings, or found by discovery.
struct LanTarget {
  LanAddress address;
  std::optional<Id> device;  // known from an announce or once it answered
  bool typed = false;
  bool seen = true;          // discovery still lists it (typed peers: always)
  int64_t next_due = 0;      // when to sync with it next (ms since epoch); 0: not due
  int failures = 0;          // failed tries in a row
  int64_t last_attempt = 0;  // ms since epoch; 0: never tried
  SyncFailure last_failure;  // of the last try; problem none and empty error: it worked
  std::string last_error;    // the transport's English line for the last failed try
  std::optional<LanExchange> last_exchange;  // the last exchange that completed
};

class LanSyncLoop {
 public:
  // `change_marker`: a number that grows with every change the UI's store holds (default: the
  // sum of its version vector, one small query); read at most every check_ms.
  using ChangeMarker = std::function<uint64_t(const Store&)>;
  explicit LanSyncLoop(LanSeams seams, LanLoopTiming timing = {}, ChangeMarker marker = nullptr);
  ~LanSyncLoop();  // stop(): bounded
  LanSyncLoop(const LanSyncLoop&) = delete;
  LanSyncLoop& operator=(const LanSyncLoop&) = delete;

  // Called (from any thread) when an exchange ends or the server imported something, so the
  // UI draws a frame soon and tick() sees it (the app pushes an SDL event). May be empty.
  std::function<void()> wake;

  // Reads this device's LanSettings from the UI's store and starts or stops serving and
  // discovery to match; the typed peers are synced with at once. Call at start-up and whenever
  // Settings changes them.
  void apply_settings(Store& ui_store, int64_t now_ms);
  // Once a frame, on the UI thread; never waits. Takes a finished exchange, notices local
  // changes and new peers, and starts the next exchange that is due. True when the database
  // changed under the UI (an exchange or the server imported records): the UI re-reads it.
  bool tick(Store& ui_store, int64_t now_ms);
  // Every peer now, pauses after failures ignored ("Sync now").
  void sync_now(int64_t now_ms);
  // Stops the exchange in flight (waits at most stop_bound), discovery and serving.
  void stop();

  // For --screen presets: shows `settings` (as if enabled) and these peers, starting nothing.
  void show_example(const LanSettings& settings, std::vector<LanTarget> targets);

  // In how many ms tick() has something to do (0: nothing planned). While an exchange runs, a
  // short poll in case nobody calls wake.
  int64_t next_wake_ms(int64_t now_ms) const;

  bool enabled() const { return enabled_; }
  bool busy() const { return task_ != nullptr; }
  const LanSettings& settings() const { return settings_; }
  const std::vector<LanTarget>& targets() const { return targets_; }
  uint16_t serving_port() const { return port_; }
  const std::string& serve_error() const { return serve_error_; }  // why serving did not start
  // Rises after each exchange or served import: screens re-read peer states when it moves.
  uint64_t generation() const { return generation_; }
  size_t exchanges_started() const { return exchanges_started_; }
  // Through the seams, on the UI thread (empty when a seam is missing): what the transport
  // remembers of each peer, and this device's addresses on its networks.
  std::vector<LanPeerState> peer_states(const Store& ui_store) const;
  std::vector<std::string> local_addresses() const;

 private:
  struct Outcome {
    LanAddress address;
    bool ok = false;
    LanExchange exchange;
    SyncFailure failure;
    std::string error;
  };
  void start_services(Store& ui_store);
  void stop_services();
  void refresh_targets(int64_t now_ms);
  void take_finished(int64_t now_ms, bool& changed);
  void start_next(Store& ui_store, int64_t now_ms);
  void plan_round(int64_t now_ms);
  LanTarget* find(const LanAddress& a);

  LanSeams seams_;
  LanLoopTiming timing_;
  ChangeMarker marker_;
  LanSettings settings_;
  bool enabled_ = false;
  bool serving_ = false, discovering_ = false;
  uint16_t port_ = 0;
  std::string serve_error_;
  Id self_;
  std::vector<LanTarget> targets_;
  std::shared_ptr<Task<Outcome>> task_;
  LanAddress running_;  // the peer of the exchange in flight
  std::shared_ptr<std::atomic<bool>> served_import_ = std::make_shared<std::atomic<bool>>(false);
  std::optional<uint64_t> last_marker_;
  int64_t last_check_ = 0;
  int64_t round_at_ = 0;    // a debounced round after local changes; 0: none
  int64_t last_round_ = 0;  // when the last round was planned
  uint64_t generation_ = 0;
  size_t exchanges_started_ = 0;
  // An exchange, a served import or a local change since discovery last read the network keys:
  // it reads them again (a rotation learned by sync changes the key the announce is sealed with).
  bool keys_stale_ = false;
};

}  // namespace mutua
