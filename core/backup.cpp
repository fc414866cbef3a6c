#include "core/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/db.hpp"

namespace mutua {

namespace {

namespace fs = std::filesystem;

// Closes a connection however the copy ends.
struct Conn {
  sqlite3* db = nullptr;
  ~Conn() { sqlite3_close(db); }
};

std::string sqlite_message(sqlite3* db, int rc) {
  return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
}

Result<Ok> sync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return fail("cannot open " + path + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) return fail("cannot write " + path + " to the disk: " + std::strerror(saved));
  return Ok{};
}

}  // namespace

Result<Ok> copy_database(const std::string& from, const std::string& to, CopySource source) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return fail(from + ": no such file");
  const fs::path target(to);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) return fail(dir.string() + ": no such folder");
  const std::string tmp =
      (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  fs::remove(tmp, ec);
  struct Cleanup {
    const std::string& path;
    bool keep = false;
    ~Cleanup() {
      if (keep) return;
      std::error_code e;
      for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, e);
    }
  } cleanup{tmp};

  // The copy is private from its first byte, whatever the umask.
  int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot write in " + dir.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  ::close(fd);

  Conn src, dst;
  int rc;
  if (source == CopySource::backup) {
    // immutable: a file on a stick is read as it is; SQLite makes no -wal or -shm beside it.
    const std::string uri = "file:" + fs::absolute(from, ec).string() + "?immutable=1";
    rc = sqlite3_open_v2(uri.c_str(), &src.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  } else {
    rc = sqlite3_open_v2(from.c_str(), &src.db, SQLITE_OPEN_READWRITE, nullptr);
  }
  if (rc != SQLITE_OK) return fail("cannot open " + from + ": " + sqlite_message(src.db, rc));
  sqlite3_busy_timeout(src.db, 5000);
  rc = sqlite3_open_v2(tmp.c_str(), &dst.db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) return fail("cannot write " + tmp + ": " + sqlite_message(dst.db, rc));

  sqlite3_backup* b = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (!b) return fail("cannot copy " + from + ": " + sqlite3_errmsg(dst.db));
  // A few hundred pages at a time: a writer elsewhere waits at most one step. A source that
  // stays locked for a minute gives up rather than hang the caller.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      if (std::chrono::steady_clock::now() > give_up) break;
      sqlite3_sleep(20);
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    const bool not_db = rc == SQLITE_NOTADB || sqlite3_errcode(dst.db) == SQLITE_NOTADB ||
                        sqlite3_errcode(src.db) == SQLITE_NOTADB;
    if (not_db) return fail(from + " is not a Mutua database or backup");
    if (rc == SQLITE_FULL)
      return Error{"the disk is full: no room for " + to, ErrorKind::disk_full};
    return fail("cannot copy " + from + ": " + sqlite_message(dst.db, rc));
  }
  // One file that stands on its own, checked before it takes the final name.
  if (sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot finish " + to + ": " + sqlite3_errmsg(dst.db));
  sqlite3_stmt* st = nullptr;
  std::string check;
  if (sqlite3_prepare_v2(dst.db, "PRAGMA quick_check", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(st, 0);
    check = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(st);
  if (check != "ok") {
    if (sqlite3_errcode(dst.db) == SQLITE_NOTADB) return fail(from + " is not a Mutua database");
    return fail(from + " is damaged (" + (check.empty() ? sqlite3_errmsg(dst.db) : check) + ")");
  }
  sqlite3_close(dst.db);
  dst.db = nullptr;

  if (auto r = sync_path(tmp, false); !r) return r;
  if (::rename(tmp.c_str(), to.c_str()) != 0)
    return fail("cannot write " + to + ": " + std::strerror(errno));
  cleanup.keep = true;
  ::chmod(to.c_str(), 0600);
  return sync_path(dir.string(), true);
}

Result<Ok> forget_device_identity(const std::string& path) {
  try {
    Db db(path);
    Transaction tx(db);
    db.exec(
        "DELETE FROM local WHERE key IN ('device_id', 'ticket_prefix', 'ticket_counter');"
        "DELETE FROM secrets WHERE name IN ('sign_pk', 'sign_sk');");
    tx.commit();
  } catch (const DbError& e) {
    return fail(std::string("cannot make ") + path + " a new device: " + e.what());
  }
  return Ok{};
}

Result<Ok> ensure_not_in_use(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Ok{};
  Conn c;
  if (sqlite3_open_v2(path.c_str(), &c.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    return fail("cannot open " + path + ": " + sqlite3_errmsg(c.db));
  // In exclusive locking mode the first read needs the file to itself: any other open
  // connection, even an idle one, holds a lock that refuses it.
  sqlite3_busy_timeout(c.db, 200);
  if (sqlite3_exec(c.db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; ROLLBACK;", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    const int code = sqlite3_errcode(c.db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      return fail(path +
                  " is in use: close Mutua on this device (and stop `mutua lan serve`), "
                  "then try again. Nothing was changed.");
    if (code == SQLITE_NOTADB) return Ok{};  // not a database: nothing can have it open as one
    return fail("cannot open " + path + ": " + sqlite3_errmsg(c.db));
  }
  return Ok{};
}

}  // namespace mutua
