#include "app/ui/sync_run.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/store.hpp"
#include "sync/atomic_file.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace fs = std::filesystem;

std::vector<std::string> foreign_networks_only(const std::string& drive_path,
                                               const std::string& our_network_id) {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::path root = fs::path(drive_path) / "MUTUA";
  if (!fs::is_directory(root, ec)) return names;
  for (const auto& folder : fs::directory_iterator(root, ec)) {
    if (!folder.is_directory(ec)) continue;
    if (folder.path().filename() == our_network_id) return {};  // our mailbox is here too
    std::string name;
    for (const auto& f : fs::directory_iterator(folder.path(), ec)) {
      if (f.path().extension() != ".mutua" || is_temporary_name(f.path().filename().string()))
        continue;
      auto bytes = read_file_bounded(f.path().string(), kMaxBundleFileBytes);
      if (!bytes) continue;
      if (auto h = read_bundle_header(*bytes)) {
        name = h->network_name;
        break;
      }
    }
    // A folder without a readable bundle is still someone else's mailbox (name "").
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

SyncOutcome sync_with_drive(Store& store, const Drive& drive, const MailboxProgress& progress) {
  SyncOutcome out;
  out.drive_label = drive.label;
  const auto network = load_network(store.replica());
  if (!network) {
    out.problem = SyncOutcome::Problem::no_network;
  } else if (auto others = foreign_networks_only(drive.path, network->id.hex()); !others.empty()) {
    out.problem = SyncOutcome::Problem::foreign_network;
    out.foreign_network = others.front();
  } else if (auto r = sync_mailbox(store.replica(), drive.path, progress, &out.failure,
                                   // Marked when listed, or made read-only since (a FAT stick
                                   // the kernel remounted after an error).
                                   drive.read_only || mounted_read_only(drive.path)
                                       ? MailboxAccess::read_only
                                       : MailboxAccess::read_write)) {
    out.result = std::move(*r);
    // Here, off the UI thread, rather than at the first search (core/search.hpp). A failure
    // costs only that wait later.
    (void)store.entries().refresh_search();
  } else {
    out.problem = SyncOutcome::Problem::failed;
    out.error = r.error();
  }
  out.finished_at = store.replica().now_ms();
  return out;
}

std::shared_ptr<SyncJob> SyncJob::start(Store& ui_store, const Drive& drive) {
  std::shared_ptr<SyncJob> job(new SyncJob(drive));
  job->task_ = run_with_own_store<SyncOutcome>(
      "sync with " + drive.label, ui_store, [drive](Store& store, TaskControl& control) {
        return sync_with_drive(store, drive, [&control](size_t done, size_t total) {
          // Each file is imported in a transaction of its own: between two, stopping leaves
          // nothing half-written. The last step (this device's file written) is past that.
          if (done < total)
            control.steps(done, total);
          else
            control.report(TaskProgress{1.0, {}, done, total});
        });
      });
  return job;
}

std::shared_ptr<SyncJob> SyncJob::example(const Drive& drive, size_t done, size_t total) {
  std::shared_ptr<SyncJob> job(new SyncJob(drive));
  job->task_ = Task<SyncOutcome>::run("example sync", [done, total](TaskControl& control) {
    control.steps(done, total);
    for (int i = 0; i < 60'000; ++i) {  // a minute at most
      control.check();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return SyncOutcome{};
  });
  // Until its thread reports, the screen shows where it starts.
  for (int i = 0; i < 1000 && job->done() != done; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return job;
}

bool SyncJob::cancellable() const {
  const TaskProgress p = task_->progress();
  return !task_->finished() && (p.total == 0 || p.done + 1 < p.total);
}

SyncOutcome SyncJob::take() {
  if (task_->has_value()) return task_->take();
  SyncOutcome out;
  out.drive_label = drive_.label;
  if (task_->was_cancelled()) {
    out.problem = SyncOutcome::Problem::cancelled;
  } else {
    // Thrown (a full disk, say), or the database could not be opened a second time: no code,
    // so the screen shows the reason as it came.
    out.problem = SyncOutcome::Problem::failed;
    out.error = task_->error();
  }
  return out;
}

}  // namespace mutua
