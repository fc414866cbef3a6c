// What an insider can make one chain check cost by planting doubled digests (docs/security.md,
// "Digests that stand in, and two digests of one field"): a relayed write of N rows (a CSV
// import, one number) in which `doubled` rows have a field with two digests, and a claim no
// choice matches, so that ChainRebuild::find folds as often as it may (kChainFolds, 64).
// Processor time, medians of 5, against one fold (no doubled digest). A fold hashes a leaf again
// from the first row a choice changed: the last line puts the doubled rows first in the leaf (the
// most an insider can make a fold cost).
//   build-bench/tests/bench/bench_chain_folds [ROWS]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include <sodium.h>

#include "core/write_chain.hpp"

using namespace mutua;

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One check's rebuild: `rows` leaf rows at number 3, `doubled` of them with two digests of one
// field (`first`: their ids sort before the others'); `folds` at most.
double one_run(const Id& network, const Id& origin, size_t rows, size_t doubled, size_t folds,
               bool first) {
  const ChainHead from{2, 2, chain_start(network, origin, 2)};
  std::vector<GoneDigests> gone;
  std::vector<Row> held(doubled);
  for (size_t i = 0; i < doubled; ++i) {
    held[i].table = TableId::entries;
    held[i].id = Id::random();
    if (first) held[i].id.bytes[0] = held[i].id.bytes[1] = 0;
    Digest a{}, b{};
    a.fill(static_cast<uint8_t>(i + 1));
    b.fill(static_cast<uint8_t>(i + 101));
    gone.push_back({TableId::entries, held[i].id, 3, {{18, a}, {18, b}}});
  }
  Digest want{};  // no choice folds to it: every fold is tried
  const double t0 = cpu_now();
  ChainRebuild rebuild(network, origin, from, 4, gone);
  for (const Row& r : held) rebuild.add(r);
  for (size_t i = doubled; i < rows; ++i) {
    Digest m{};
    randombytes_buf(m.data(), m.size());
    rebuild.add_leaf(3, {TableId::entries, Id::random(), m});
  }
  if (rebuild.find({}, want, folds)) std::abort();
  return cpu_now() - t0;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const Id network = Id::random(), origin = Id::random();
  std::printf("chain check folds, a relayed write of %zu rows (processor time, medians of 5)\n",
              rows);
  struct Case {
    size_t doubled, folds;
    bool first;
  };
  for (const Case& c : std::vector<Case>{
           {0, 64, false}, {1, 64, false}, {6, 64, false}, {20, 64, false}, {6, 64, true}}) {
    std::vector<double> t;
    for (int run = 0; run < 5; ++run)
      t.push_back(one_run(network, origin, rows, c.doubled, c.folds, c.first));
    std::printf("  %2zu doubled digests%s, up to %zu folds: %.3f s\n", c.doubled,
                c.first ? " (their rows first in the leaf)" : "", c.folds, median(t));
  }
  return 0;
}
