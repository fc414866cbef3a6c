// A full disk under `import-csv` and `sync import`: one line, exit 1, nothing changed, and the
// write-ahead log emptied again (issue 11). The disk is a small tmpfs when this process may
// mount one (root, as here); elsewhere (a CI container without CAP_SYS_ADMIN) the same commands
// run under a file size limit (RLIMIT_FSIZE, through the shell's ulimit), which SQLite reports
// the same way (MUTUA_TEST_NO_TMPFS=1 forces that). Each test says which it used.
#include <doctest/doctest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <fstream>

#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::read_file;
using mutua::test::run_mutua;
using mutua::test::shell_quote;
using mutua::test::TempDir;
using mutua::test::trim;

namespace fs = std::filesystem;

namespace {

constexpr const char* kDiskFull =
    "the disk is full: nothing was changed; free some space and try again";

size_t lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
uintmax_t size_or_zero(const std::string& path) {
  std::error_code ec;
  auto n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

// A folder whose free space runs out: a small tmpfs mounted on it (filled up to `leave` bytes
// free, once the database is there), else nothing special and the commands run under a limit
// on file sizes instead.
class SmallDisk {
 public:
  SmallDisk() {
    fs::create_directories(mount_);
    const std::string cmd =
        "mount -t tmpfs -o size=16m tmpfs " + shell_quote(mount_.string()) + " 2>/dev/null";
    // MUTUA_TEST_NO_TMPFS=1 takes the other way on a machine that could mount (to test it).
    mounted_ = !std::getenv("MUTUA_TEST_NO_TMPFS") && std::system(cmd.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool tmpfs() const { return mounted_; }
  const char* method() const { return mounted_ ? "a 16 MB tmpfs" : "RLIMIT_FSIZE (ulimit -f)"; }
  std::string file(const std::string& name) const { return (mount_ / name).string(); }

  // Leaves about `leave` bytes free on the tmpfs (no-op without one).
  void fill(uintmax_t leave) {
    if (!mounted_) return;
    struct statvfs st {};
    REQUIRE(::statvfs(mount_.c_str(), &st) == 0);
    const uintmax_t free_bytes = uintmax_t{st.f_bavail} * st.f_frsize;
    REQUIRE(free_bytes > leave);
    std::ofstream out(file("filler"), std::ios::binary);
    const std::string block(4096, 'x');
    for (uintmax_t n = 0; n + leave < free_bytes && n < (uintmax_t{64} << 20); n += block.size())
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  void unfill() { fs::remove(file("filler")); }

  // Runs mutua on this disk: as is on the tmpfs; else with every file it writes limited to
  // `limit_kb` (SIGXFSZ ignored, so a write past the limit fails with EFBIG instead of killing it).
  ProcessResult run(const std::vector<std::string>& args, uintmax_t limit_kb) const {
    if (mounted_) return run_mutua(args);
    TempDir io;
    std::string inner = "trap '' XFSZ; ulimit -f " + std::to_string(limit_kb) +
                        "; exec env ASAN_OPTIONS=detect_leaks=0 " + shell_quote(MUTUA_BINARY);
    for (const auto& a : args) inner += " " + shell_quote(a);
    // bash counts ulimit -f in 1024-byte blocks.
    const std::string cmd = "bash -c " + shell_quote(inner) + " >" + shell_quote(io.file("out")) +
                            " 2>" + shell_quote(io.file("err")) + " </dev/null";
    const int status = std::system(cmd.c_str());
    ProcessResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(io.file("out"));
    r.err = read_file(io.file("err"));
    return r;
  }

 private:
  TempDir dir_;
  fs::path mount_ = dir_.path() / "small";
  bool mounted_ = false;
};

std::string count_of(const std::string& db) {
  return trim(ok({"--db", db, "list", "--json"}).out);
}

}  // namespace

TEST_CASE("import-csv onto a full disk: one line, exit 1, nothing changed, the log emptied") {
  SmallDisk disk;
  MESSAGE("full disk simulated with " << std::string(disk.method()));
  const std::string db = disk.file("m.db");
  ok({"--db", db, "need", "add", "--category", "food", "--item", "rice", "--qty", "2"});
  const std::string before = count_of(db);
  disk.fill(96 * 1024);
  const uintmax_t limit_kb = size_or_zero(db) / 1024 + 96;

  const std::string csv = std::string(MUTUA_TEST_DATA) + "/sample-10k.csv";
  auto r = disk.run({"--db", db, "import-csv", csv}, limit_kb);
  CHECK(r.code == 1);  // not 134 (SIGABRT from a destructor that threw)
  // Progress goes to stderr as plain lines ("importing: 45% ..."); the failure is one line after.
  std::string err;
  for (size_t at = 0, next; at < r.err.size(); at = next) {
    next = r.err.find('\n', at);
    next = next == std::string::npos ? r.err.size() : next + 1;
    if (r.err.compare(at, 11, "importing: ") != 0) err += r.err.substr(at, next - at);
  }
  CHECK(lines(err) == 1);
  CHECK(err == "mutua: " + csv + ": " + kDiskFull + "\n");
  CHECK(r.out.empty());
  // The log gave its space back.
  CHECK(size_or_zero(db + "-wal") == 0);

  disk.unfill();
  CHECK(count_of(db) == before);
  // With space again, the same import goes through.
  auto again = run_mutua({"--db", db, "import-csv", csv});
  CHECK_MESSAGE(again.code == 0, again.err);
}

TEST_CASE("sync import onto a full disk: one line, exit 1, nothing changed, the log emptied") {
  TempDir dir;
  SmallDisk disk;
  MESSAGE("full disk simulated with " << std::string(disk.method()));
  const std::string a = dir.file("a.db"), b = disk.file("b.db");
  const std::string code = trim(ok({"--db", a, "network", "create", "Riverside Relief"}).out);
  ok({"--db", b, "network", "join", code});
  ok({"--db", a, "demo", "--entries", "3000"});
  const std::string bundle = dir.file("a.mutua");
  ok({"--db", a, "sync", "export", bundle});
  const std::string before = count_of(b);
  disk.fill(96 * 1024);
  const uintmax_t limit_kb = size_or_zero(b) / 1024 + 96;

  auto r = disk.run({"--db", b, "sync", "import", bundle}, limit_kb);
  CHECK(r.code == 1);
  CHECK(lines(r.err) == 1);
  CHECK(r.err == "mutua: " + bundle + ": " + kDiskFull + "\n");
  CHECK(size_or_zero(b + "-wal") == 0);

  disk.unfill();
  CHECK(count_of(b) == before);
  auto again = run_mutua({"--db", b, "sync", "import", bundle});
  CHECK_MESSAGE(again.code == 0, again.err);
}
