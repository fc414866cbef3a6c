#pragma once
// Copies of a device's database, for `mutua backup`, `mutua restore` and the kiosk's daily copy
// to a stick (sync/backup.hpp builds on these). A copy is the whole database: people's data and
// this device's keys alike, so it is as sensitive as the tablet itself (docs/backups.md).
#include <string>

#include "core/result.hpp"

namespace mutua {

enum class CopySource {
  live,    // a database in use: other connections may read and write it meanwhile
  backup,  // a file nobody writes (a backup on a stick): opened read-only, never changed
};

// Copies the database at `from` into the file `to` with SQLite's online backup API, from a
// connection of its own, so the UI and the LAN server keep working while it runs. The copy is
// written under a temporary name beside `to` (mode 0600), made self-contained (no write-ahead
// log), checked with quick_check, synced and renamed: a copy that fails or is cut short never
// carries the final name, and an older file of that name is left as it was.
Result<Ok> copy_database(const std::string& from, const std::string& to, CopySource source);

// Makes the database at `path` forget which device it is: its device id, signing keys, ticket
// prefix and ticket counter. The next Store::open gives it a fresh identity. A restored copy must
// not go on as the device it was copied from: that device's later changes, which other devices
// already hold, would share its sequence numbers and be taken as already known.
Result<Ok> forget_device_identity(const std::string& path);

// Fails when another connection, in this process or another, has the database at `path` open
// (the app's window, `mutua lan serve`): a restore must not pull the file from under it.
Result<Ok> ensure_not_in_use(const std::string& path);

}  // namespace mutua
