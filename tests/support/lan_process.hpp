#pragma once
// LAN system tests: runs `mutua lan serve` and `mutua lan sync` as processes of their own, on
// loopback only (127.0.0.1), with a deadline on every wait, and looks inside their databases
// through the tests' own SQLite link (integrity, version vectors, a digest of the replicated
// rows). No loop here runs without a count and a deadline.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace mutua::test {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One child process with stdout and stderr in files of its own. The destructor kills it
// (SIGKILL) if it still runs and reaps it: no process outlives its test.
class Child {
 public:
  Child(const std::string& binary, const std::vector<std::string>& args) {
    static int counter = 0;
    auto base = io_.file("p" + std::to_string(counter++));
    out_path_ = base + ".out";
    err_path_ = base + ".err";
    std::vector<std::string> argv_s{binary};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The environment, with leak checks off as in run_mutua: a SIGTERM'd server under
    // AddressSanitizer must not fail on its exit.
    std::vector<std::string> env_s;
    for (char** e = environ; e && *e; ++e)
      if (std::strncmp(*e, "ASAN_OPTIONS=", 13) != 0) env_s.emplace_back(*e);
    env_s.emplace_back("ASAN_OPTIONS=detect_leaks=0");
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = posix_spawn(&pid_, binary.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc));
  }
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  std::string out() const { return read_file(out_path_); }
  std::string err() const { return read_file(err_path_); }
  bool running() { return !poll(); }

  // The exit code once it has ended (-1 for a signal), or nothing while it runs.
  std::optional<int> poll() {
    if (status_) return code();
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) status_ = st;
    if (!status_) return std::nullopt;
    return code();
  }
  // Waits at most `timeout` for it to end; polls every 5 ms.
  std::optional<int> wait_for(milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (int i = 0; i < 1'000'000; ++i) {
      if (auto c = poll()) return c;
      if (Clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return std::nullopt;
  }
  void signal(int sig) {
    if (!status_) ::kill(pid_, sig);
  }
  // SIGKILL and reap; returns at once if it had already ended.
  void kill_now() {
    if (poll()) return;
    ::kill(pid_, SIGKILL);
    int st = 0;
    if (::waitpid(pid_, &st, 0) == pid_) status_ = st;
  }
  bool killed_by_signal() const { return status_ && WIFSIGNALED(*status_); }

 private:
  int code() const { return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : -1; }
  TempDir io_;
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

#ifdef MUTUA_BINARY
inline const char* mutua_binary() {
  return MUTUA_BINARY;
}
#endif

// `mutua --db DB lan serve --bind 127.0.0.1 --port 0`, its port read from its first line
// ("Serving <network> on 127.0.0.1:PORT").
class LanServer {
 public:
  LanServer(const std::string& binary, const std::string& db,
            milliseconds start_timeout = milliseconds(20'000))
      : db_(db),
        child_(std::make_unique<Child>(
            binary, std::vector<std::string>{"--db", db, "lan", "serve", "--bind", "127.0.0.1",
                                             "--port", "0"})) {
    auto deadline = Clock::now() + start_timeout;
    for (int i = 0; i < 100'000 && Clock::now() < deadline; ++i) {
      auto out = child_->out();
      auto line_end = out.find('\n');
      if (line_end != std::string::npos) {
        auto line = out.substr(0, line_end);
        auto on = line.rfind(" on ");
        auto colon = line.rfind(':');
        if (line.rfind("Serving ", 0) == 0 && on != std::string::npos && colon > on) {
          host_ = line.substr(on + 4, colon - on - 4);
          port_ = std::atoi(line.c_str() + colon + 1);
        }
        break;
      }
      if (child_->poll()) break;
      std::this_thread::sleep_for(milliseconds(10));
    }
    if (port_ <= 0 || port_ > 65535)
      throw std::runtime_error("lan serve on " + db + " did not say where it serves: stdout '" +
                               child_->out() + "' stderr '" + child_->err() + "'");
  }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  std::string address() const { return host_ + ":" + std::to_string(port_); }
  Child& process() { return *child_; }
  const std::string& db() const { return db_; }
  // SIGTERM, then waits; the exit code, or nothing if it did not stop in time (then SIGKILL).
  std::optional<int> stop(milliseconds timeout = milliseconds(15'000)) {
    child_->signal(SIGTERM);
    auto code = child_->wait_for(timeout);
    if (!code) child_->kill_now();
    return code;
  }

 private:
  std::string db_;
  std::unique_ptr<Child> child_;
  std::string host_;
  int port_ = 0;
};

// Runs a command to its end or to the deadline (then SIGKILL; code -2 says "timed out").
inline ProcessResult run_bounded(const std::string& binary, const std::vector<std::string>& args,
                                 milliseconds timeout) {
  Child c(binary, args);
  ProcessResult r;
  auto code = c.wait_for(timeout);
  if (!code) {
    c.kill_now();
    r.code = -2;
  } else {
    r.code = *code;
  }
  r.out = c.out();
  r.err = c.err();
  return r;
}

// The tests' own look inside a database file (never through the binary under test).
class SqliteFile {
 public:
  explicit SqliteFile(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path);
    sqlite3_busy_timeout(db_, 10'000);
  }
  ~SqliteFile() { sqlite3_close(db_); }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;
  // Every row of the query's results, columns joined with '|', rows with '\n'.
  std::string rows(const std::string& sql) const {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    std::string out;
    int rc = SQLITE_ROW;
    for (int i = 0; i < 10'000'000 && (rc = sqlite3_step(st)) == SQLITE_ROW; ++i) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        if (c) out += '|';
        auto t = sqlite3_column_text(st, c);
        if (t) out += reinterpret_cast<const char*>(t);
      }
      out += '\n';
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return out;
  }
  long long count(const std::string& sql) const { return std::atoll(rows(sql).c_str()); }

 private:
  sqlite3* db_ = nullptr;
};

// "ok" when PRAGMA integrity_check finds nothing wrong (and the first problems otherwise).
inline std::string integrity(const std::string& db) {
  SqliteFile f(db);
  auto r = f.rows("PRAGMA integrity_check");
  while (!r.empty() && r.back() == '\n') r.pop_back();
  return r;
}

// What a device holds: its version vector (origin device -> sequence number), one line each.
inline std::string version_vector(const std::string& db) {
  SqliteFile f(db);
  return f.rows(
      "SELECT hex(o.device), v.seq FROM vv v JOIN origins o ON o.idx = v.origin ORDER BY 1");
}

// A digest of the replicated rows: every entry's replicated fields, matches, handovers, history
// events and devices. Equal digests: the devices hold the same values. (The field clocks are left
// out: they name origins by each database's own local numbers; version_vector compares them.)
inline std::string replicated_rows(const std::string& db) {
  SqliteFile f(db);
  return f.rows(
             "SELECT hex(id), ticket, kind, created_at, hex(created_by), category, item, "
             "details, quantity, unit, urgency, people, site, area, contact_name, contact_phone, "
             "contact_consent, language, status, expires_at FROM entries ORDER BY id") +
         "--\n" + f.rows("SELECT hex(id), status, quantity FROM matches ORDER BY id") + "--\n" +
         f.rows("SELECT hex(id), quantity FROM handovers ORDER BY id") + "--\n" +
         f.rows("SELECT hex(id), summary FROM events ORDER BY id") + "--\n" +
         f.rows("SELECT hex(id), name, public_key, revoked FROM devices ORDER BY id");
}

inline long long entry_count(const std::string& db) {
  SqliteFile f(db);
  return f.count("SELECT count(*) FROM entries");
}

// Entries created by one device (its created_by, as hex) that another database holds.
inline long long entries_from(const std::string& db, const std::string& device_hex) {
  SqliteFile f(db);
  return f.count("SELECT count(*) FROM entries WHERE hex(created_by) = upper('" + device_hex +
                 "')");
}

// A database file and its WAL, copied while no process has it open.
inline void copy_db(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(to + suffix);
    if (fs::exists(from + suffix))
      fs::copy_file(from + suffix, to + suffix, fs::copy_options::overwrite_existing);
  }
}

}  // namespace mutua::test
