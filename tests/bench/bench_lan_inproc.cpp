// LAN sync benchmark in one process, the way the app syncs (issue 12): two Stores already open in
// temporary folders, one network, a LanServer on 127.0.0.1 (port 0) over the first, lan_sync
// from the second. No process start, no database open per exchange (unlike bench_lan, which goes
// through the CLI). Not run by ctest; timings on a shared machine are noisy, so medians.
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMUTUA_BUILD_TESTS=ON
//   cmake --build build-bench -j2 --target bench_lan_inproc &&
//   ./build-bench/tests/bench/bench_lan_inproc
//
// Options: --entries N (default 100000), --runs N (default 5), --first 0 (one first sync only,
// to time (b) and (c) sooner). Each row gives the median wall time, and the process's CPU time
// (getrusage: both stores and the server's threads) where it says cpu.
//
// (a) first sync: a fresh device that joined the network pulls all N entries from the server.
//     Breakdown (measured beside the exchange, same data): the server's build_bundle for the
//     fresh device's vector, and importing that bundle into another fresh device; the rest is
//     handshake, transfer, MACs, the push and the peer records.
// (b) 10 edits on the client, then lan_sync: from the first edit's return to lan_sync's return
//     (after the server committed the push). Breakdown: the 10 edits, and the client's
//     build_bundle of the delta.
// (c) lan_sync with nothing to send either way: handshake, empty pull, empty push.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/demo.hpp"
#include "core/store.hpp"
#include "sync/bundle.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_server.hpp"
#include "sync/network.hpp"
#include "tests/bench/bench_common.hpp"

using namespace mutua;
using namespace mutua::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// CPU time of the whole process (both stores and the server's threads), in ms.
double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

void remove_db(const std::string& path) {
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
}

std::unique_ptr<Store> fresh_member(const std::string& path, const Network& n) {
  remove_db(path);
  auto s = must(Store::open(path), "open");
  must(join_network(s->replica(), encode_join_code(n)), "join");
  return s;
}

LanExchange sync_with(Store& s, uint16_t port) {
  SyncFailure why;
  auto r = lan_sync(s.replica(), LanAddress{"127.0.0.1", port}, &why);
  if (!r) die("lan_sync: " + r.error());
  return *r;
}

void row(const char* what, const std::vector<double>& ms, const char* target = "",
         const std::vector<double>& cpu = {}) {
  std::printf("  %-52s %9.1f ms  (min %.1f, max %.1f)", what, median(ms),
              *std::min_element(ms.begin(), ms.end()), *std::max_element(ms.begin(), ms.end()));
  if (!cpu.empty()) std::printf("  cpu %.1f ms", median(cpu));
  std::printf("  %s\n", target);
}

}  // namespace

int main(int argc, char** argv) {
  size_t entries = 100000;
  int runs = 5;
  bool skip_first = false;  // --first 0: only (b) and (c), after one first sync
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string opt = argv[i];
    if (opt == "--entries")
      entries = std::strtoul(argv[i + 1], nullptr, 10);
    else if (opt == "--first")
      skip_first = std::atoi(argv[i + 1]) == 0;
    else if (opt == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
    else
      die("unknown option " + opt);
  }

  fs::path dir = fs::temp_directory_path() / ("mutua-bench-lan-inproc-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto path = [&](const std::string& name) { return (dir / name).string(); };

  std::printf("bench_lan_inproc: %zu demo entries, median of %d runs, in one process\n", entries,
              runs);
  auto hub = must(Store::open(path("hub.db")), "open hub");
  auto network = must(create_network(hub->replica(), "Riverside Relief"), "create network");
  auto t = Clock::now();
  DemoOptions demo;
  demo.entries = entries;
  must(generate_demo(*hub, demo), "demo");
  std::printf("  (demo data generated in %.0f ms)\n", ms_since(t));

  LanSettings settings;
  settings.bind = "127.0.0.1";
  settings.port = 0;
  settings.dns_sd = false;
  settings.announce_address = "127.0.0.1";
  auto server = must(LanServer::start(path("hub.db"), settings), "start server");
  const uint16_t port = server->port();

  // (a) first sync of everything, into a fresh device each run.
  std::vector<double> first, first_cpu, first_build, first_build_cpu, first_import,
      first_import_cpu;
  std::unique_ptr<Store> tablet;
  for (int run = 0; run < (skip_first ? 1 : runs); ++run) {
    tablet.reset();
    tablet = fresh_member(path("tablet.db"), network);
    t = Clock::now();
    double c0 = cpu_ms();
    auto e = sync_with(*tablet, port);
    first.push_back(ms_since(t));
    first_cpu.push_back(cpu_ms() - c0);
    if (e.received.new_entries != entries)
      die("the first sync brought " + std::to_string(e.received.new_entries) + " entries, not " +
          std::to_string(entries));

    auto other = fresh_member(path("other.db"), network);
    t = Clock::now();
    c0 = cpu_ms();
    auto built = must(build_bundle(hub->replica(), other->replica().version_vector()), "build");
    first_build.push_back(ms_since(t));
    first_build_cpu.push_back(cpu_ms() - c0);
    t = Clock::now();
    c0 = cpu_ms();
    must(import_bundle(other->replica(), built.bytes), "import");
    first_import.push_back(ms_since(t));
    first_import_cpu.push_back(cpu_ms() - c0);
    if (run == 0) std::printf("  (first-sync bundle: %.1f MB)\n", built.bytes.size() / 1e6);
    other.reset();
    remove_db(path("other.db"));
  }
  // Bring the tablet fully in step (its join records reached the hub in the last exchange).
  sync_with(*tablet, port);

  // (b) 10 edits on the tablet, then one exchange that carries them to the hub.
  std::vector<double> change, change_cpu, change_edits, change_build;
  for (int run = 0; run < runs; ++run) {
    auto page = tablet->entries().list(EntryQuery{}, 10);
    if (page.entries.size() != 10) die("fewer than 10 entries to edit");
    Clock::time_point start;
    double c0 = 0;
    for (size_t i = 0; i < page.entries.size(); ++i) {
      auto& en = page.entries[i];
      en.details = "checked again, round " + std::to_string(run);
      must(tablet->entries().update(en), "edit");
      if (i == 0) {
        start = Clock::now();
        c0 = cpu_ms();
      }
    }
    change_edits.push_back(ms_since(start));
    auto e = sync_with(*tablet, port);
    change.push_back(ms_since(start));
    change_cpu.push_back(cpu_ms() - c0);
    if (e.sent_records < 10 || e.peer_behind != 0)
      die("the change did not reach the hub (" + std::to_string(e.sent_records) + " sent, " +
          std::to_string(e.peer_behind) + " behind)");
    // What the push cost to build on the client (same delta, built again after the fact).
    VersionVector before = e.peer_holds;
    for (const auto& [dev, seq] : tablet->replica().version_vector())
      if (dev == tablet->replica().device_id()) before[dev] = seq > 10 ? seq - 10 : 0;
    t = Clock::now();
    auto delta = must(build_bundle(tablet->replica(), before), "build delta");
    change_build.push_back(ms_since(t));
  }
  // The hub holds the last change (a fresh connection's view of its file).
  {
    auto view = must(Store::open(path("hub.db")), "reopen hub");
    if (view->replica().content_hash() != tablet->replica().content_hash())
      die("the hub and the tablet differ after the exchanges");
  }

  // (c) nothing to send either way.
  std::vector<double> idle, idle_cpu;
  for (int run = 0; run < runs; ++run) {
    t = Clock::now();
    double c0 = cpu_ms();
    auto e = sync_with(*tablet, port);
    idle.push_back(ms_since(t));
    idle_cpu.push_back(cpu_ms() - c0);
    if (e.sent_records != 0 || e.received.added != 0)
      die("an idle exchange moved " + std::to_string(e.sent_records) + " records");
  }

  server->stop();
  std::printf("\n");
  row("(a) first LAN sync, all entries", first, "target <= 2000 ms", first_cpu);
  row("      server: build_bundle for a fresh device", first_build, "", first_build_cpu);
  row("      client: import_bundle of it", first_import, "", first_import_cpu);
  // The parts are timed apart from the exchange: on a busy machine this can even come out < 0.
  std::printf("      rest (handshake, transfer, MACs, push, records): ~%.0f ms (by difference)\n",
              median(first) - median(first_build) - median(first_import));
  row("(b) 10-edit change, first edit's return -> peer committed", change, "target <= 100 ms",
      change_cpu);
  row("      the 10 edits themselves (9 after the first)", change_edits);
  row("      client: build_bundle of the 10-edit delta", change_build);
  row("(c) exchange with nothing to send (handshake, pull, push)", idle, "", idle_cpu);
  tablet.reset();
  hub.reset();
  fs::remove_all(dir);
  return 0;
}
