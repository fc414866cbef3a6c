// Crash safety (PRODUCT.md section 4.5): a child process imports or exports a large bundle and is
// killed with SIGKILL at a random moment. The database must pass PRAGMA integrity_check and hold
// all of the bundle or none of it; the bundle file under its final name is never half-written.
//
// Data set: MUTUA_CRASH_ENTRIES entries (default 5,000) from the demo generator, so that 30+
// kills of each kind stay within about a minute under AddressSanitizer.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/demo.hpp"
#include "support/files.hpp"
#include "support/store_access.hpp"
#include "sync/atomic_file.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

size_t crash_entries() {
  if (const char* e = std::getenv("MUTUA_CRASH_ENTRIES")) return static_cast<size_t>(std::stoul(e));
  return 5000;
}

std::string integrity(const Store& store) {
  auto st = StoreTestAccess::db(store).prepare("PRAGMA integrity_check");
  std::string all;
  while (st.step()) all += st.text(0);
  return all;
}

// Runs `work` in a child process. With a delay, the child is killed with SIGKILL after it;
// returns true when the child finished on its own (exit 0) before that.
bool run_child(const std::function<int()>& work,
               std::optional<std::chrono::microseconds> kill_after, double* seconds = nullptr) {
  auto start = Clock::now();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 3;
    try {
      code = work();
    } catch (...) {
      code = 4;
    }
    _exit(code);
  }
  if (kill_after) {
    std::this_thread::sleep_for(*kill_after);
    kill(pid, SIGKILL);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  if (seconds) *seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (WIFEXITED(status)) {
    REQUIRE_MESSAGE(WEXITSTATUS(status) == 0,
                    "the child failed with exit code " << WEXITSTATUS(status));
    return true;
  }
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  return false;
}

struct Source {
  TempDir dir;
  std::string a_path = dir.file("a.db");
  std::string empty_path = dir.file("empty.db");  // a device in the network, no data yet
  std::string bundle_path = dir.file("all.mutua");
  Network net;
  size_t entries = crash_entries();
  Source() {
    {
      auto a = open_store(a_path);
      net = found(*a);
      DemoOptions o;
      o.entries = entries;
      o.seed = 7;
      auto g = generate_demo(*a, o);
      REQUIRE_MESSAGE(g.ok(), (g.ok() ? "" : g.error()));
      REQUIRE(entry_count(*a) == static_cast<int64_t>(entries));
      auto w = export_bundle_file(a->replica(), bundle_path);
      REQUIRE_MESSAGE(w.ok(), (w.ok() ? "" : w.error()));
    }
    auto e = open_store(empty_path);
    join(*e, net);
  }
};

}  // namespace

TEST_CASE(
    "an import killed at any moment leaves a sound database holding all of the bundle or none") {
  Source src;
  TempDir runs;
  const auto bundle = src.bundle_path;
  auto import_into = [&](const std::string& db) {
    return [db, bundle]() {
      auto s = Store::open(db);
      if (!s) return 5;
      auto r = import_bundle_file((*s)->replica(), bundle);
      return r.ok() ? 0 : 6;
    };
  };
  // How long a whole run takes here (open, verify, apply, commit), to spread the kills over it.
  std::string calib = runs.file("calibrate.db");
  fs::copy_file(src.empty_path, calib);
  double typical = 0;
  REQUIRE(run_child(import_into(calib), std::nullopt, &typical));
  {
    auto s = open_store(calib);
    REQUIRE(entry_count(*s) == static_cast<int64_t>(src.entries));
  }
  MESSAGE("import of ", src.entries, " entries in a child takes ", typical, " s");
  {
    std::string probe = runs.file("probe.db");
    fs::copy_file(src.empty_path, probe);
    auto t0 = Clock::now();
    auto s = open_store(probe);
    auto t1 = Clock::now();
    REQUIRE(import_bundle_file(s->replica(), bundle).ok());
    auto t2 = Clock::now();
    s.reset();
    auto t3 = Clock::now();
    MESSAGE("in process: open ", std::chrono::duration<double>(t1 - t0).count(), " s, import ",
            std::chrono::duration<double>(t2 - t1).count(), " s, close ",
            std::chrono::duration<double>(t3 - t2).count(), " s");
  }

  const uint64_t seed = 4242;
  std::mt19937_64 rng(seed);
  int none = 0, all = 0;
  const int kRuns = 32;
  for (int i = 0; i < kRuns; ++i) {
    auto delay = std::chrono::microseconds(
        std::uniform_int_distribution<int64_t>(0, static_cast<int64_t>(typical * 1.1e6))(rng));
    INFO("seed ", seed, " run ", i, " killed after ", delay.count(), " us");
    std::string db = runs.file("run" + std::to_string(i) + ".db");
    fs::copy_file(src.empty_path, db);
    bool finished = run_child(import_into(db), delay);
    auto s = open_store(db);
    REQUIRE(integrity(*s) == "ok");
    auto n = entry_count(*s);
    CHECK((n == 0 || n == static_cast<int64_t>(src.entries)));
    if (finished) CHECK(n == static_cast<int64_t>(src.entries));
    (n == 0 ? none : all)++;
    // Whatever state it was left in, importing again completes it (checked on some runs).
    if (n == 0 && i % 4 == 0) {
      auto r = import_bundle_file(s->replica(), bundle);
      REQUIRE(r.ok());
      CHECK(entry_count(*s) == static_cast<int64_t>(src.entries));
    }
    s.reset();
    fs::remove(db);
  }
  MESSAGE(kRuns, " kills: ", none, " left nothing, ", all, " left everything");
  CHECK(none > 0);  // the kills did land during imports
}

TEST_CASE(
    "an export killed at any moment never leaves a half-written bundle under the final name") {
  Source src;
  TempDir out;
  const auto a_path = src.a_path;
  auto export_to = [a_path](const std::string& path) {
    return [a_path, path]() {
      auto s = Store::open(a_path);
      if (!s) return 5;
      auto r = export_bundle_file((*s)->replica(), path);
      return r.ok() ? 0 : 6;
    };
  };
  auto valid_in_fresh_store = [&](const std::string& path) {
    TempDir fresh;
    fs::copy_file(src.empty_path, fresh.file("f.db"));
    auto s = open_store(fresh.file("f.db"));
    auto r = import_bundle_file(s->replica(), path);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return entry_count(*s);
  };
  double typical = 0;
  REQUIRE(run_child(export_to(out.file("calibrate.mutua")), std::nullopt, &typical));
  MESSAGE("export of ", src.entries, " entries in a child takes ", typical, " s");

  // The previous bundle, which an interrupted export must leave intact.
  const std::string previous = read_file(src.bundle_path);
  const uint64_t seed = 99;
  std::mt19937_64 rng(seed);
  int kept = 0, replaced = 0, absent = 0;
  const int kRuns = 32;
  for (int i = 0; i < kRuns; ++i) {
    auto delay = std::chrono::microseconds(
        std::uniform_int_distribution<int64_t>(0, static_cast<int64_t>(typical * 1.1e6))(rng));
    INFO("seed ", seed, " run ", i, " killed after ", delay.count(), " us");
    TempDir folder;
    std::string path = folder.file("device.mutua");
    // Even runs replace an earlier bundle; odd runs write where there was none.
    bool had_previous = i % 2 == 0;
    if (had_previous) REQUIRE(write_file_atomically(path, previous).ok());
    bool finished = run_child(export_to(path), delay);
    if (!fs::exists(path)) {
      CHECK(!had_previous);
      CHECK(!finished);
      ++absent;
    } else {
      auto now = read_file(path);
      if (had_previous && now == previous) {
        CHECK(!finished);
        ++kept;
      } else {
        // A new bundle under the final name must be whole.
        CHECK(valid_in_fresh_store(path) == static_cast<int64_t>(src.entries));
        ++replaced;
      }
    }
    // Only temporary names may be left behind by a kill, and readers skip them.
    for (const auto& f : fs::directory_iterator(folder.path())) {
      auto name = f.path().filename().string();
      CHECK_MESSAGE((name == "device.mutua" || is_temporary_name(name)), name);
    }
  }
  MESSAGE(kRuns, " kills: ", kept, " kept the previous bundle, ", absent, " left none, ", replaced,
          " completed");
  CHECK(kept + absent > 0);
  // The previous bundle, re-checked once: it is the valid one that was kept.
  CHECK(valid_in_fresh_store(src.bundle_path) == static_cast<int64_t>(src.entries));
}
