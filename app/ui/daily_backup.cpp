#include "app/ui/daily_backup.hpp"

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "app/ui/state.hpp"
#include "core/store.hpp"
#include "platform/drives.hpp"
#include "sync/backup.hpp"

namespace mutua {

void run_daily_backup(UiContext& ctx, bool check) {
  DailyBackupState& b = ctx.state.console.backup;
  if (b.job) {
    if (!b.job->finished()) return;
    if (b.job->has_value()) {
      const DailyBackupResult r = b.job->take();
      if (r.outcome != DailyBackup::not_this_networks_drive) b.done_day = b.job_day;
      if (r.outcome == DailyBackup::written) b.last_file = r.file;
      b.last_error.clear();
    } else if (b.job->failed()) {
      b.last_error = b.job->error();
    }
    b.job.reset();
  }
  const int64_t today = ctx.now_ms / 86'400'000;
  if (!check || b.done_day == today) return;
  // Listing reads /proc/self/mounts only; the drive itself is touched by the task.
  std::vector<std::string> roots;
  for (const Drive& d : list_drives())
    if (d.has_mailbox && !d.read_only) roots.push_back(d.path);  // a backup is written there
  if (roots.empty()) return;
  const int64_t now = ctx.now_ms;
  b.job_day = today;
  b.job = run_with_own_store<DailyBackupResult>(
      "daily backup", ctx.store,
      [roots, now](Store& store, TaskControl& control) -> DailyBackupResult {
        DailyBackupResult last;
        for (const std::string& root : roots) {  // the first drive that is this network's
          control.check();
          auto r = daily_backup(store, root, kKeepDailyBackups, now);
          if (!r) throw std::runtime_error(r.error());
          if (r->outcome != DailyBackup::not_this_networks_drive) return *r;
          last = *r;
        }
        return last;
      });
}

}  // namespace mutua
