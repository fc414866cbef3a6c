#pragma once
// Store: the composition root of one device's database. It opens the file, runs migrations and
// owns the database connection, the replication engine (core/replica.hpp) and the domain
// services on top of it (core/services.hpp), and wires the engine's derived-state hook to the
// entries service. It forwards nothing: callers ask for the part they need,
// `store.entries().add(...)`, `store.replica().version_vector()`. It hands out no database
// handle. See docs/architecture.md.
#include <cstdint>
#include <memory>
#include <string>

#include "core/replica.hpp"
#include "core/services.hpp"

namespace mutua {

class ReportService;

class Store {
 public:
  using Options = Replica::Options;
  // Opens or creates the database at path, runs migrations, creates the device identity.
  static Result<std::unique_ptr<Store>> open(const std::string& path, Options options);
  static Result<std::unique_ptr<Store>> open(const std::string& path) {
    return open(path, Options{});
  }
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The database file's path.
  const std::string& path() const { return path_; }

  Replica& replica() { return *replica_; }
  const Replica& replica() const { return *replica_; }
  EntryService& entries() { return *entries_; }
  const EntryService& entries() const { return *entries_; }
  MatchService& matches() { return *matches_; }
  const MatchService& matches() const { return *matches_; }
  HistoryService& history() { return *history_; }
  const HistoryService& history() const { return *history_; }
  DeviceService& devices() { return *devices_; }
  const DeviceService& devices() const { return *devices_; }
  SettingsService& settings() { return *settings_; }
  const SettingsService& settings() const { return *settings_; }
  const ReportService& reports() const { return *reports_; }

  // Changes whenever anything in the database changes: a commit by another connection (PRAGMA
  // data_version) or a row written through this one (sqlite3_total_changes64). Something built
  // from the data under one stamp is still right while the stamp is the same (the phone pages
  // keep their board pages under it). A rolled-back write changes it too: only a cache miss.
  struct DataStamp {
    int64_t data_version = -1;
    int64_t own_changes = -1;
    bool operator==(const DataStamp&) const = default;
  };
  DataStamp data_stamp() const;

 private:
  friend struct StoreTestAccess;  // tests/support/store_access.hpp: raw SQL in tests only
  class Hooks;
  explicit Store(std::string path);

  std::string path_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Replica> replica_;
  std::unique_ptr<HistoryService> history_;
  std::unique_ptr<EntryService> entries_;
  std::unique_ptr<MatchService> matches_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<SettingsService> settings_;
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<Hooks> hooks_;
  // data_stamp()'s PRAGMA, prepared once (a phone page asks for it); finalized before db_ closes.
  mutable std::unique_ptr<Statement> data_version_;
};

}  // namespace mutua
