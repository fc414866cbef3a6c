#include "sync/backup.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "core/backup.hpp"
#include "core/civil_date.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {

namespace fs = std::filesystem;

BackupFacts facts_of(Store& store) {
  BackupFacts f;
  if (auto n = load_network(store.replica())) {
    f.has_network = true;
    f.network_name = n->name;
    f.network_id = n->id;
  }
  f.device_id = store.replica().device_id();
  f.entries = store.entries().count(EntryQuery{});
  return f;
}

// A private scratch name beside `near` (same file system, so a rename is atomic).
std::string scratch_beside(const std::string& near, const std::string& what) {
  const fs::path p(near);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  return (dir / ("." + p.filename().string() + "." + what + ".tmp-" + std::to_string(::getpid())))
      .string();
}

void remove_database(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

std::string utc_stamp(int64_t now_ms) {
  const auto ymd = civil_from_days(now_ms / 86'400'000);
  const int64_t secs = (now_ms / 1000) % 86'400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u-%02lld%02lld%02lld",
                static_cast<long long>(ymd.year), ymd.month, ymd.day,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

std::string day_name(int64_t now_ms) {
  const auto ymd = civil_from_days(now_ms / 86'400'000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "mutua-%04lld-%02u-%02u.db", static_cast<long long>(ymd.year),
                ymd.month, ymd.day);
  return buf;
}

std::string network_words(const BackupFacts& f) {
  return f.has_network
             ? "network '" + f.network_name + "' (id " + f.network_id.hex().substr(0, 8) + ")"
             : "no network";
}

int64_t wall_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

}  // namespace

Result<BackupFacts> backup_database(Store& store, const std::string& path) {
  if (fs::weakly_canonical(path) == fs::weakly_canonical(store.path()))
    return fail("a backup cannot overwrite the database it copies: choose another file");
  if (auto r = copy_database(store.path(), path, CopySource::live); !r)
    return Error{r.error(), r.error_kind()};
  return facts_of(store);
}

Result<BackupFacts> inspect_backup(const std::string& path) {
  const std::string scratch =
      scratch_beside((fs::temp_directory_path() / "mutua-backup").string(), "check");
  struct Gone {
    const std::string& p;
    ~Gone() { remove_database(p); }
  } gone{scratch};
  if (auto r = copy_database(path, scratch, CopySource::backup); !r) return r.error_value();
  // Store::open migrates an older schema in the copy and refuses a newer one.
  auto s = Store::open(scratch);
  if (!s) return fail(path + " is not a Mutua backup this version can read: " + s.error());
  return facts_of(**s);
}

Result<RestoreReport> restore_database(const std::string& db_path, const std::string& backup_path) {
  RestoreReport report;
  if (auto r = ensure_not_in_use(db_path); !r) return r.error_value();
  const std::string incoming = scratch_beside(db_path, "restore");
  struct Gone {
    const std::string& p;
    bool keep = false;
    ~Gone() {
      if (!keep) remove_database(p);
    }
  } gone{incoming};

  // 1. The backup, copied beside the database, checked, migrated and made a new device.
  if (auto r = copy_database(backup_path, incoming, CopySource::backup); !r)
    return Error{r.error(), r.error_kind()};
  {
    auto s = Store::open(incoming);
    if (!s) return fail(backup_path + " is not a Mutua backup this version can read: " + s.error());
    report.backup = facts_of(**s);
  }
  if (auto r = forget_device_identity(incoming); !r) return r.error_value();

  // 2. The current database: its network must be the backup's, and what it holds is carried.
  std::string carry;
  std::error_code ec;
  const bool current_exists = fs::exists(db_path, ec);
  if (current_exists) {
    auto cur = Store::open(db_path);
    if (!cur) {
      report.not_carried =
          "the current database could not be opened (" + cur.error() + "); it is kept as it was";
    } else {
      BackupFacts now = facts_of(**cur);
      if (now.has_network &&
          (!report.backup.has_network || now.network_id != report.backup.network_id))
        return fail("this backup is from " + network_words(report.backup) + "; this device is in " +
                    network_words(now) + ". Nothing was changed.");
      if (now.has_network) {
        auto b = build_bundle((*cur)->replica());
        if (b)
          carry = std::move(b->bytes);
        else
          report.not_carried = "the current data could not be packed (" + b.error() + ")";
      } else if (now.entries > 0) {
        report.not_carried =
            "the current database belongs to no network, so its entries cannot "
            "be merged";
      }
    }
  }

  // 3. Swap: the current database aside (never deleted), the restored copy in its place.
  if (current_exists) {
    report.kept_aside = db_path + ".before-restore-" + utc_stamp(wall_ms());
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!fs::exists(db_path + suffix, ec)) continue;
      fs::rename(db_path + suffix, report.kept_aside + suffix, ec);
      if (ec && *suffix == '\0')
        return fail("cannot move the current database aside: " + ec.message() +
                    ". Nothing was changed.");
    }
  }
  fs::rename(incoming, db_path, ec);
  if (ec) {
    if (!report.kept_aside.empty()) {
      std::error_code back;
      for (const char* suffix : {"", "-wal", "-shm"})
        fs::rename(report.kept_aside + suffix, db_path + suffix, back);
    }
    return fail("cannot put the backup in place: " + ec.message() + ". Nothing was changed.");
  }
  gone.keep = true;

  // 4. Open as a new device and bring in what the replaced database held.
  auto s = Store::open(db_path);
  if (!s) return fail("the backup was put in place but cannot be opened: " + s.error());
  report.new_device_id = (*s)->replica().device_id();
  if (!carry.empty()) {
    auto imported = import_bundle((*s)->replica(), carry, "restore");
    if (imported) {
      report.carried_over = true;
      report.carried_line = imported->line();
    } else {
      report.not_carried = imported.error();
    }
  }
  return report;
}

std::vector<std::string> daily_backups(const std::string& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() == 19 && name.rfind("mutua-", 0) == 0 && name.substr(16) == ".db")
      out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());  // the dates in the names sort as the days do
  return out;
}

Result<DailyBackupResult> daily_backup(Store& store, const std::string& root, int keep,
                                       int64_t now_ms) {
  DailyBackupResult result;
  const auto net = load_network(store.replica());
  std::error_code ec;
  if (!net || !fs::is_directory(fs::path(root) / "MUTUA" / net->id.hex(), ec)) return result;
  const fs::path folder = fs::path(root) / "MUTUA-backups" / net->id.hex();
  fs::create_directories(folder, ec);
  if (ec) return fail("cannot make " + folder.string() + ": " + ec.message());
  fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace, ec);
  const std::string today = (folder / day_name(now_ms)).string();
  result.file = today;
  result.outcome = DailyBackup::already_there;
  if (!fs::exists(today, ec)) {
    if (auto r = backup_database(store, today); !r) return Error{r.error(), r.error_kind()};
    result.outcome = DailyBackup::written;
  }
  auto all = daily_backups(folder.string());
  const size_t kept = static_cast<size_t>(std::max(keep, 1));
  // The file just written is never the one removed, even when a clock set years back names it
  // oldest.
  for (size_t i = 0; i + kept < all.size(); ++i)
    if (all[i] != today) fs::remove(all[i], ec);
  return result;
}

}  // namespace mutua
