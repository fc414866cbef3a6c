#pragma once
// The kiosk's daily backup (issue 16): once a day, when a drive that holds this network's
// mailbox (MUTUA/<network id>/: the network's sync stick) is plugged in, a copy of the database
// goes to MUTUA-backups/<network id>/mutua-YYYY-MM-DD.db on it, and the newest kKeepDailyBackups
// are kept (sync/backup.hpp, docs/backups.md). Another network's stick, or a resident's own, is
// never written to. The copy runs as a background task on a connection of its own.
#include <cstdint>
#include <memory>
#include <string>

#include "app/ui/task.hpp"
#include "sync/backup.hpp"

namespace mutua {

struct UiContext;

inline constexpr int kKeepDailyBackups = 7;

struct DailyBackupState {
  std::shared_ptr<Task<DailyBackupResult>> job;
  std::string last_file;   // the last copy written this session
  std::string last_error;  // why the last attempt failed ("" if it did not)
  int64_t done_day = -1;   // the UTC day whose copy is on a stick
  int64_t job_day = -1;    // the day the running job copies for
};

// Polls a running copy every frame; starts one when due (housekeeping calls it once a minute
// with `check` true).
void run_daily_backup(UiContext& ctx, bool check);

}  // namespace mutua
