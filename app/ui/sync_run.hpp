#pragma once
// What the Sync screen runs, apart from drawing: checks a drive for another network's mailbox,
// then syncs with the mailbox on a worker thread that opens its own connection to the database
// (SQLite's WAL lets the UI keep reading meanwhile). No ImGui here.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/drives.hpp"
#include "sync/mailbox.hpp"

namespace mutua {

class Store;

// Runs work on its own thread with its own connection to the UI store's database file, so the
// UI keeps drawing meanwhile. An in-memory database (tests, demos) has no second connection to
// open: the work then runs on the UI store itself, before start() returns. The destructor waits
// for the thread; declare a StoreWorker after everything its work touches.
class StoreWorker {
 public:
  using Work = std::function<void(Store& store)>;
  using OpenFailed = std::function<void(const std::string& why)>;
  StoreWorker() = default;
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;
  ~StoreWorker() { join(); }

  void start(Store& ui_store, Work work, OpenFailed open_failed);
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Waits for the thread; what the work wrote is visible afterwards.
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  std::atomic<bool> finished_{false};
};

// Plain facts, no translated words: the worker thread never calls tr().
struct SyncOutcome {
  enum class Problem { none, no_network, foreign_network, failed };
  Problem problem = Problem::none;
  std::string drive_label;
  std::string error;            // Problem::failed: the English line from the sync layer
  SyncFailure failure;          // Problem::failed: the same as a fact, for the screen to word
  std::string foreign_network;  // Problem::foreign_network: its name (empty if unreadable)
  MailboxResult result;
  int64_t finished_at = 0;  // ms since epoch
};

// Names of the networks whose mailboxes are on this drive, other than `our_network_id`, read from
// one bundle header in each of their folders (no key is needed for a header); "" for a folder
// without a readable bundle. Empty when the drive has no MUTUA/ folder or also holds ours.
std::vector<std::string> foreign_networks_only(const std::string& drive_path,
                                               const std::string& our_network_id);

// Checks the drive, then runs sync_mailbox on it. Synchronous; `progress` as for sync_mailbox.
SyncOutcome sync_with_drive(Store& store, const Drive& drive,
                            const MailboxProgress& progress = nullptr);

// A sync running on its own thread. The UI polls finished() each frame and then takes the
// outcome; the destructor waits for the thread (a sync cannot be cut off half way).
class SyncJob {
 public:
  static std::shared_ptr<SyncJob> start(Store& ui_store, const Drive& drive);
  SyncJob(const SyncJob&) = delete;
  SyncJob& operator=(const SyncJob&) = delete;

  const Drive& drive() const { return drive_; }
  size_t done() const { return done_.load(std::memory_order_relaxed); }
  size_t total() const { return total_.load(std::memory_order_relaxed); }
  bool finished() const { return worker_.finished(); }
  // Joins the thread and returns the outcome; only once finished() is true.
  SyncOutcome take();

 private:
  explicit SyncJob(Drive drive) : drive_(std::move(drive)) {}
  void progress(size_t done, size_t total);

  Drive drive_;
  std::atomic<size_t> done_{0}, total_{0};
  SyncOutcome outcome_;  // written by the worker before it finishes
  StoreWorker worker_;   // last: joined before the rest goes
};

}  // namespace mutua
