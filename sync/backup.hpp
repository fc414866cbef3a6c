#pragma once
// Backups and restore (docs/backups.md): `mutua backup FILE`, `mutua restore FILE`, and the
// kiosk's daily copy to a stick (app/ui/daily_backup.*).
#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/store.hpp"

namespace mutua {

// What a backup holds, read from a private copy of it (the file itself is never changed).
struct BackupFacts {
  bool has_network = false;
  std::string network_name;
  Id network_id;
  Id device_id;  // the device it was made on
  int64_t entries = 0;
};

// Writes a backup of `store`'s database to `path` while the store stays in use (core/backup.hpp).
Result<BackupFacts> backup_database(Store& store, const std::string& path);
// Checks a backup: a Mutua database this build can read (older schemas are migrated in the
// private copy), not damaged, and which network it belongs to.
Result<BackupFacts> inspect_backup(const std::string& path);

struct RestoreReport {
  BackupFacts backup;
  Id new_device_id;           // the restored database is a new device (core/backup.hpp says why)
  std::string kept_aside;     // where the database it replaced was kept ("" if there was none)
  bool carried_over = false;  // the replaced database's data was brought into the restored one
  std::string carried_line;   // what that import added, as ImportSummary::line words it
  std::string not_carried;    // why it could not be, when it could not ("" otherwise)
};

// Replaces the database at `db_path` (nothing else may have it open) with the backup at
// `backup_path`. Refuses, changing nothing, a file that is not a readable Mutua backup or that
// belongs to another network than the current database's. Otherwise: the current database is
// kept aside as "<db_path>.before-restore-<UTC time>", the backup takes its place as a new device
// of its network, and everything the current database held is imported into it from a full
// bundle, so restoring an old backup loses nothing this device had.
Result<RestoreReport> restore_database(const std::string& db_path, const std::string& backup_path);

// The kiosk's daily backups on a drive: <root>/MUTUA-backups/<network id>/mutua-YYYY-MM-DD.db,
// beside the mailbox folder and not in it (the mailbox reads every folder under MUTUA/ as a
// network's). Only on a drive that holds this network's mailbox, <root>/MUTUA/<network id>/:
// another network's stick, or a person's own, is never written to. Writes today's file if it is
// not there yet, then removes all but the newest `keep`.
enum class DailyBackup { written, already_there, not_this_networks_drive };
struct DailyBackupResult {
  DailyBackup outcome = DailyBackup::not_this_networks_drive;
  std::string file;  // the copy written or already there
};
Result<DailyBackupResult> daily_backup(Store& store, const std::string& root, int keep,
                                       int64_t now_ms);
// The backup files in a daily-backup folder, oldest first.
std::vector<std::string> daily_backups(const std::string& folder);

}  // namespace mutua
