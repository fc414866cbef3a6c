#include "app/ui/sync_run.hpp"

#include <algorithm>
#include <filesystem>

#include "app/ui/worker_hold.hpp"
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

void StoreWorker::start(Store& ui_store, Work work, OpenFailed open_failed) {
  const std::string path = ui_store.path();
  if (path.empty()) {
    work(ui_store);
    finished_.store(true, std::memory_order_release);
    return;
  }
  thread_ = std::thread([this, path, work = std::move(work), open_failed = std::move(open_failed)] {
    static const std::atomic<bool> never_cancelled{false};  // a sync is never cut off
    wait_while_workers_held(never_cancelled);
    auto store = Store::open(path);
    if (store)
      work(**store);
    else
      open_failed(store.error());
    finished_.store(true, std::memory_order_release);
  });
}

SyncOutcome sync_with_drive(Store& store, const Drive& drive,
                            const MailboxProgress& progress) {
  SyncOutcome out;
  out.drive_label = drive.label;
  const auto network = load_network(store.replica());
  if (!network) {
    out.problem = SyncOutcome::Problem::no_network;
  } else if (auto others = foreign_networks_only(drive.path, network->id.hex()); !others.empty()) {
    out.problem = SyncOutcome::Problem::foreign_network;
    out.foreign_network = others.front();
  } else if (auto r = sync_mailbox(store.replica(), drive.path, progress, &out.failure)) {
    out.result = std::move(*r);
  } else {
    out.problem = SyncOutcome::Problem::failed;
    out.error = r.error();
  }
  out.finished_at = store.replica().now_ms();
  return out;
}

std::shared_ptr<SyncJob> SyncJob::start(Store& ui_store, const Drive& drive) {
  std::shared_ptr<SyncJob> job(new SyncJob(drive));
  SyncJob* raw = job.get();
  raw->worker_.start(
      ui_store,
      [raw](Store& store) {
        raw->outcome_ =
            sync_with_drive(store, raw->drive_, [raw](size_t d, size_t t) { raw->progress(d, t); });
      },
      [raw](const std::string& why) {
        raw->outcome_.drive_label = raw->drive_.label;
        raw->outcome_.problem = SyncOutcome::Problem::failed;
        raw->outcome_.error = why;
        raw->outcome_.failure = SyncFailure{SyncProblem::cannot_save, {}};
      });
  return job;
}

void SyncJob::progress(size_t done, size_t total) {
  total_.store(total, std::memory_order_relaxed);
  done_.store(done, std::memory_order_relaxed);
}

SyncOutcome SyncJob::take() {
  worker_.join();
  return std::move(outcome_);
}

}  // namespace mutua
