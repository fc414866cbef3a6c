#pragma once
// A thin RAII layer over SQLite's C API: a move-only Statement, a Transaction guard that rolls
// back unless committed, and numbered migrations. Only core/*.cpp include <sqlite3.h>: this
// header names SQLite's handles without pulling its API into the UI.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mutua {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based, as in SQLite.
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, bool v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  Statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Statement& bind_blob(int i, const void* data, size_t n);
  // Without a copy: the bytes must stay where they are, unchanged, until the statement is reset
  // (run() resets it). For the import loop, which binds every column of every row.
  Statement& bind_static(int i, std::string_view text);
  Statement& bind_blob_static(int i, const void* data, size_t n);
  Statement& bind_null(int i);

  // True when a row is ready; false when done. Throws DbError on failure.
  bool step();
  // Runs to completion, ignoring rows.
  void run();
  // Puts the statement at rest (ending any read it holds open) and clears its bindings.
  void reset() noexcept;

  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;
  std::string_view blob_view(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// A cached statement (Replica::cached, ServiceBase::cached), lent for one use. Going out of scope
// it resets the statement: a statement left on a row keeps its read transaction open, which
// pins this connection to an old snapshot (another connection's commit stays invisible), makes
// the next write fail at once with "database is locked" (SQLite skips the busy handler for a
// connection that already reads) and keeps a checkpoint from emptying the write-ahead log.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& st) : st_(&st) {}
  CachedStatement(CachedStatement&& o) noexcept : st_(o.st_) { o.st_ = nullptr; }
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() {
    if (st_) st_->reset();
  }

  Statement& get() { return *st_; }
  const Statement& get() const { return *st_; }
  operator Statement&() { return *st_; }              // NOLINT: implicit on purpose
  operator const Statement&() const { return *st_; }  // NOLINT: implicit on purpose

  template <typename... A>
  Statement& bind(A&&... a) {
    return st_->bind(std::forward<A>(a)...);
  }
  Statement& bind_blob(int i, const void* data, size_t n) { return st_->bind_blob(i, data, n); }
  Statement& bind_static(int i, std::string_view text) { return st_->bind_static(i, text); }
  Statement& bind_blob_static(int i, const void* data, size_t n) {
    return st_->bind_blob_static(i, data, n);
  }
  Statement& bind_null(int i) { return st_->bind_null(i); }
  bool step() { return st_->step(); }
  void run() { st_->run(); }
  void reset() noexcept { st_->reset(); }
  int64_t int64(int col) const { return st_->int64(col); }
  double real(int col) const { return st_->real(col); }
  std::string text(int col) const { return st_->text(col); }
  std::string blob(int col) const { return st_->blob(col); }
  std::string_view blob_view(int col) const { return st_->blob_view(col); }
  bool is_null(int col) const { return st_->is_null(col); }

 private:
  Statement* st_;
};

class Db {
 public:
  Db() = default;
  // Opens (creating if needed) with WAL, synchronous=FULL and secure_delete set.
  explicit Db(const std::string& path);
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  sqlite3* handle() const { return db_; }
  Statement prepare(std::string_view sql) const { return Statement(db_, sql); }
  void exec(const std::string& sql) const;
  int64_t user_version() const;
  int64_t changes() const;
  // The database file's path ("" for an in-memory database).
  std::string filename() const;
  // Moves the write-ahead log into the database file and empties it (best effort): true when the
  // log is now empty, false when a reader still needed part of it (or it could not be written).
  bool checkpoint_truncate() const;
  // How long a statement waits for another connection's lock before failing (5 s by default).
  void set_busy_timeout(int ms) const;
  int64_t last_insert_rowid() const;

  // Each migration runs with its user_version bump inside one transaction.
  using Migration = std::function<void(Db&)>;
  void migrate(const std::vector<Migration>& steps);

  // Run by an outermost Transaction just before it commits (inside it), and after it rolls back
  // (must not throw). The replica signs its sequence number there (core/seq_claim.hpp).
  std::function<void()> before_commit;
  std::function<void()> after_rollback;

 private:
  sqlite3* db_ = nullptr;
};

// Keys (the network key, this device's signing keys) live in their own table, `secrets`
// (migration 10), apart from settings and people's data: nothing that exports, reports or
// backs up people's data reads it. See docs/security.md.
std::optional<std::string> secret_get(const Db& db, std::string_view name);
void secret_set(const Db& db, std::string_view name, std::string_view value);

// Starts BEGIN IMMEDIATE, or a SAVEPOINT when a transaction is already open, so guards nest.
class Transaction {
 public:
  explicit Transaction(const Db& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  const Db& db_;
  bool nested_ = false;
  bool done_ = false;
};

}  // namespace mutua
