#include "app/ui/daily_backup.hpp"

#include <filesystem>
#include <stdexcept>

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
      b.done_day = b.job_day;
      std::string file = b.job->take();
      if (!file.empty()) b.last_file = std::move(file);
      b.last_error.clear();
    } else if (b.job->failed()) {
      b.last_error = b.job->error();
    }
    b.job.reset();
  }
  const int64_t today = ctx.now_ms / 86'400'000;
  if (!check || b.done_day == today) return;
  // Listing reads /proc/self/mounts only; the drive itself is touched by the task.
  for (const Drive& d : list_drives()) {
    if (!d.has_mailbox) continue;
    const std::string root = d.path;
    const int64_t now = ctx.now_ms;
    b.job_day = today;
    b.job = run_with_own_store<std::string>(
        "daily backup", ctx.store, [root, now](Store& store, TaskControl&) -> std::string {
          auto r = daily_backup(store, root, kKeepDailyBackups, now);
          if (!r) throw std::runtime_error(r.error());
          return r->value_or(std::string());
        });
    return;  // one stick a day is enough
  }
}

}  // namespace mutua
