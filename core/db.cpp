#include "core/db.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <optional>
#include <vector>

namespace mutua {

namespace {
// Which failures a person can act on: a full disk (the VFS turns ENOSPC into SQLITE_FULL, but a
// write refused for a quota or a file size limit comes back as an I/O error), and a lock held
// past the busy timeout.
// `saved_errno` is errno taken right after the failed call: SQLite keeps the failed write's errno
// to itself (sqlite3_system_errno stays 0 for SQLITE_IOERR_WRITE), and nothing in between
// touches errno.
DbFault fault_of(sqlite3* db, int saved_errno) {
  if (!db) return DbFault::other;
  const int rc = sqlite3_extended_errcode(db) & 0xff;
  if (rc == SQLITE_FULL) return DbFault::disk_full;
  if (rc == SQLITE_IOERR) {
    const int e = sqlite3_system_errno(db) ? sqlite3_system_errno(db) : saved_errno;
    if (e == ENOSPC || e == EDQUOT || e == EFBIG) return DbFault::disk_full;
  }
  if (rc == SQLITE_BUSY) return DbFault::busy;
  return DbFault::other;
}

DbError db_error(sqlite3* db, std::string_view what, std::string_view detail, int saved_errno) {
  const DbFault fault = fault_of(db, saved_errno);
  if (fault == DbFault::busy)
    return DbError("the database stayed locked by another program; try again when it is done",
                   fault);
  return DbError(std::string(what) + ": " + std::string(detail), fault);
}

[[noreturn]] void throw_db(sqlite3* db, std::string_view what) {
  const int saved_errno = errno;
  throw db_error(db, what, db ? sqlite3_errmsg(db) : "out of memory", saved_errno);
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    throw_db(db, "prepare");
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, const void* data, size_t n) {
  if (sqlite3_bind_blob(stmt_, i, n ? data : "", static_cast<int>(n), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind_static(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC) !=
      SQLITE_OK)
    throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind_blob_static(int i, const void* data, size_t n) {
  if (sqlite3_bind_blob(stmt_, i, n ? data : "", static_cast<int>(n), SQLITE_STATIC) != SQLITE_OK)
    throw_db(db_, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) throw_db(db_, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_db(db_, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  auto p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
}

std::string Statement::blob(int col) const {
  return std::string(blob_view(col));
}

std::string_view Statement::blob_view(int col) const {
  auto p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), n) : std::string_view();
}

namespace {
// A real file path (not ":memory:", "" or a URI), whose permissions are ours to set.
bool on_disk(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

void tighten_companions(const std::string& path) {
  if (!on_disk(path)) return;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::string p = path + suffix;
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
      ::chmod(p.c_str(), st.st_mode & 0700);
  }
}

// The database holds contact details, PIN hashes and the network key: only its owner may read
// it, whatever the umask. A folder Mutua creates for it is 0700; the file, its write-ahead log
// and shared memory are 0600, and an existing file of ours that is looser is tightened.
void make_private(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  std::vector<fs::path> missing;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, ec) && missing.size() < 64;
       p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) == 0) ::chmod(it->c_str(), 0700);
  }
  // Created here only when it is not there yet. Never open and close an existing database file
  // outside SQLite: closing any descriptor of it drops every POSIX lock this process holds on
  // it, those of a connection already open in this process too (`mutua lan serve` opens the
  // file twice). Another process then takes itself for the last one, checkpoints and removes
  // the WAL under that connection, and its next writes corrupt the file.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::fchmod(fd, 0600);
      ::close(fd);
    }
  }
  tighten_companions(path);
}

// Once per process, before this process's first connection: SQLite's memory statistics take one
// process-wide mutex around every allocation and free it makes (a row of an import makes
// dozens), and nothing here reads them (sqlite3_memory_used, a soft heap limit). Every SQLite
// call in Mutua goes through a Db, so nothing else calls SQLite while this runs (sqlite3_config
// is not thread-safe); the static's guard makes a second thread wait. Had SQLite been set up
// already (a test opening a database itself first), the call fails harmlessly and the
// statistics stay on.
void configure_sqlite_once() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

}  // namespace

Db::Db(const std::string& path) {
  configure_sqlite_once();
  if (on_disk(path)) make_private(path);
  // NOMUTEX: no per-connection mutex around every SQLite call (about a tenth of an import's time
  // went to taking and releasing it). SQLite then allows one thread at a time per connection, and
  // per statement of it: a Store belongs to one thread at a time, and the servers that share
  // one connection between request threads hold their own mutex around every use
  // (docs/architecture.md, "Threads", lists every place; scripts/tsan checks them).
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = "cannot open database " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "?");
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  // A kiosk loses power without warning: WAL with full syncs. Purged contact details must not
  // linger in free pages, hence secure_delete.
  exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
      " PRAGMA foreign_keys=ON;");
  // 16 MB of page cache keeps bulk imports of 100,000 entries from thrashing.
  exec("PRAGMA cache_size=-16000;");
  tighten_companions(path);
}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    sqlite3_close(db_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  sqlite3_close(db_);
}

void Db::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const int saved_errno = errno;
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw db_error(db_, "exec", msg, saved_errno);
  }
}

int64_t Db::user_version() const {
  auto st = prepare("PRAGMA user_version");
  st.step();
  return st.int64(0);
}

void Db::migrate(const std::vector<Migration>& steps) {
  // A new database (version 0) is made in one transaction: one commit (one fdatasync with
  // synchronous=FULL, instead of one a step), and a power cut while it is made leaves it empty
  // rather than half made. An existing one moves a step a transaction, so a long step
  // interrupted loses only itself. Each step's own transaction is then a savepoint.
  std::optional<Transaction> whole;
  if (user_version() == 0 && steps.size() > 1) whole.emplace(*this);
  for (int64_t v = user_version(); v < static_cast<int64_t>(steps.size()); ++v) {
    Transaction tx(*this);
    steps[v](*this);
    exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
  }
  if (whole) whole->commit();
}

Transaction::Transaction(const Db& db) : db_(db) {
  nested_ = !sqlite3_get_autocommit(db_.handle());
  db_.exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (done_) return;
  const char* sql = nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK";
  sqlite3_exec(db_.handle(), sql, nullptr, nullptr, nullptr);
  if (!nested_ && db_.after_rollback) db_.after_rollback();
}

void Transaction::commit() {
  if (!nested_ && db_.before_commit) db_.before_commit();
  db_.exec(nested_ ? "RELEASE nested" : "COMMIT");
  done_ = true;
}

int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

int64_t Db::changes() const {
  return sqlite3_changes64(db_);
}
std::string Db::filename() const {
  const char* file = db_ ? sqlite3_db_filename(db_, "main") : nullptr;
  return file ? file : "";
}
bool Db::checkpoint_truncate() const {
  return sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) ==
         SQLITE_OK;
}
void Db::set_busy_timeout(int ms) const {
  sqlite3_busy_timeout(db_, ms);
}
int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

}  // namespace mutua

namespace mutua {

std::optional<std::string> secret_get(const Db& db, std::string_view name) {
  auto st = db.prepare("SELECT value FROM secrets WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

void secret_set(const Db& db, std::string_view name, std::string_view value) {
  auto st = db.prepare(
      "INSERT INTO secrets(name, value) VALUES(?1, ?2) "
      "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
  st.bind(1, name).bind_blob(2, value.data(), value.size());
  st.run();
}

}  // namespace mutua
