#pragma once
// What the Sync screen runs, apart from drawing: checks a drive for another network's mailbox,
// then syncs with the mailbox on a worker thread that opens its own connection to the database
// (SQLite's WAL lets the UI keep reading meanwhile). No ImGui here.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ui/task.hpp"
#include "platform/drives.hpp"
#include "sync/mailbox.hpp"

namespace mutua {

class Store;

// Plain facts, no translated words: the worker thread never calls tr().
struct SyncOutcome {
  // cancelled: stopped between two files (each file read is whole; this device's file unwritten)
  enum class Problem { none, no_network, foreign_network, failed, cancelled };
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

// Checks the drive, then runs sync_mailbox on it. Synchronous; `progress` as for sync_mailbox
// (it may throw TaskCancelled to stop between two files).
SyncOutcome sync_with_drive(Store& store, const Drive& drive,
                            const MailboxProgress& progress = nullptr);

// A sync running as a Task (app/ui/task.hpp) with its own connection to the database. The UI
// polls finished() each frame and then takes the outcome. cancel() stops it between two files,
// never inside one file's transaction nor once this device's file is being written; the
// destructor cancels and waits a bounded time.
class SyncJob {
 public:
  static std::shared_ptr<SyncJob> start(Store& ui_store, const Drive& drive);
  // For the --screen preset "sync-running": a job that stays at `done` of `total` until it is
  // cancelled (at most a minute), touching nothing.
  static std::shared_ptr<SyncJob> example(const Drive& drive, size_t done, size_t total);
  SyncJob(const SyncJob&) = delete;
  SyncJob& operator=(const SyncJob&) = delete;

  const Drive& drive() const { return drive_; }
  size_t done() const { return task_->progress().done; }
  size_t total() const { return task_->progress().total; }
  bool finished() const { return task_->finished(); }
  void cancel() { task_->cancel(); }
  bool cancel_requested() const { return task_->cancel_requested(); }
  // Whether Cancel may still stop it: files remain to be read (not yet writing our own file).
  bool cancellable() const;
  // The outcome, once finished() is true: what the sync did, why it failed (a throw included,
  // with its reason) or that it was cancelled. Once only.
  SyncOutcome take();

 private:
  explicit SyncJob(Drive drive) : drive_(std::move(drive)) {}

  Drive drive_;
  std::shared_ptr<Task<SyncOutcome>> task_;
};

}  // namespace mutua
