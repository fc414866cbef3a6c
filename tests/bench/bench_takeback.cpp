// Take-back benchmark (not run by ctest): the import that brings a revocation and takes back
// everything a device wrote past its cut-off (Replica::retract_origin_after), on a device that
// holds its N demo entries and has matched and handed over against some of its offers. Since
// session 31 a take-back also judges again the handovers on every match its records touched
// (RowObserver::refused_after); this measures what the whole costs.
//
//   cmake --build build-rel --target bench_takeback && ./build-rel/tests/bench/bench_takeback
//
// Options: --entries N (default 20000), --runs N (default 3), --matched N (default entries/20:
// needs of this device matched with the revoked device's offers, each with a handover).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/demo.hpp"
#include "core/revocation.hpp"
#include "core/store.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"
#include "tests/bench/bench_common.hpp"

using namespace mutua;
using namespace mutua::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<Store> fresh_member(const std::string& path, const Network& n) {
  auto s = must(Store::open(path), "open");
  must(join_network(s->replica(), encode_join_code(n)), "join");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  size_t entries = 20'000;
  int runs = 3;
  size_t matched = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--entries")
      entries = std::stoul(argv[i + 1]);
    else if (a == "--runs")
      runs = std::stoi(argv[i + 1]);
    else if (a == "--matched")
      matched = std::stoul(argv[i + 1]);
    else
      die("unknown option " + a);
  }
  if (!matched) matched = entries / 20;

  const fs::path dir =
      fs::temp_directory_path() / ("mutua-bench-takeback-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto path = [&](const std::string& name) { return (dir / name).string(); };

  // a: the coordinator, which revokes x before x writes anything; b: holds x's entries.
  const std::string revocation = path("revocation.mutua");
  const std::string before = path("before.db");
  size_t handovers = 0;
  {
    auto a = must(Store::open(path("a.db")), "open a");
    const auto network = must(create_network(a->replica(), "Riverside Relief"), "network");
    auto x = fresh_member(path("x.db"), network);
    auto b = fresh_member(before, network);
    must(import_bundle(a->replica(), must(build_bundle(x->replica(), {}), "x").bytes), "a <- x");
    must(revoke_device(*a, x->replica().device_id(), true), "revoke");
    must(export_bundle_file(a->replica(), revocation), "a's bundle");
    DemoOptions demo;
    demo.entries = entries;
    must(generate_demo(*x, demo), "demo");
    must(import_bundle(b->replica(), must(build_bundle(x->replica(), {}), "x's bundle").bytes),
         "b <- x");
    // b's needs of 1, each matched with one of x's offers and handed over.
    EntryQuery offers;
    offers.kind = Kind::offer;
    auto page = b->entries().list(offers, matched);
    for (const auto& offer : page.entries) {
      Entry need;
      need.kind = Kind::need;
      need.category = offer.category;
      need.item = offer.item;
      need.quantity = 1;
      const auto n = must(b->entries().add(need), "need");
      const auto m = must(b->matches().add(n.id, offer.id, 1), "match");
      must(b->matches().add_handover(m.id, 1), "handover");
      ++handovers;
    }
  }
  std::printf(
      "bench_takeback: %zu demo entries of a revoked device, %zu handovers on its offers, "
      "median of %d runs\n",
      entries, handovers, runs);

  std::vector<double> seconds;
  size_t taken = 0, set_aside = 0;
  for (int i = 0; i < runs; ++i) {
    const std::string run = path("run.db");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(run + suffix);
    fs::copy_file(before, run);
    auto b = must(Store::open(run), "open b");
    const auto t = Clock::now();
    auto r = must(import_bundle_file(b->replica(), revocation), "import the revocation");
    seconds.push_back(std::chrono::duration<double>(Clock::now() - t).count());
    taken = 0;
    for (const auto& [who, n] : r.taken_back) taken += n;
    set_aside = 0;
    for (const auto& s : r.set_aside) set_aside += s.count;
    if (!taken) die("nothing was taken back");
  }
  std::printf("  records taken back %zu, handovers set aside %zu\n", taken, set_aside);
  std::printf("  import with the take-back: %.3f s\n", median(seconds));
  fs::remove_all(dir);
  return 0;
}
