// A transaction's chain leaves in memory (core/pending_leaves.hpp): packed to 49 bytes a row,
// and folded exactly as write_leaf and chain_next define the chain (core/write_chain.hpp),
// whatever order the rows came in, numbers interleaved, a row noted twice, or leaves dropped by
// a rollback.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/pending_leaves.hpp"

using namespace mutua;

namespace {

struct Noted {
  uint64_t seq;
  LeafRow row;
};

LeafRow random_row(std::mt19937& rng, uint8_t tables = 3) {
  LeafRow r;
  r.table = static_cast<TableId>(rng() % tables);
  for (auto& b : r.row.bytes) b = static_cast<uint8_t>(rng());
  for (auto& b : r.message) b = static_cast<uint8_t>(rng());
  return r;
}

// The message a row noted twice is given (stands for the row as the transaction leaves it).
Digest again_digest(uint64_t seq, TableId table, const Id& row) {
  Digest d{};
  d[0] = static_cast<uint8_t>(seq);
  d[1] = static_cast<uint8_t>(table);
  std::copy(row.bytes.begin(), row.bytes.end(), d.begin() + 2);
  return d;
}

// The chain as core/write_chain.hpp defines it, from every row noted, the last of a row under
// a number standing for it (as again_digest says).
ChainHead reference(ChainHead head, uint64_t to, const std::vector<Noted>& noted) {
  std::map<uint64_t, std::map<std::pair<TableId, Id>, std::pair<int, Digest>>> by_seq;
  for (const Noted& n : noted) {
    auto& slot = by_seq[n.seq][{n.row.table, n.row.row}];
    slot.first += 1;
    slot.second = n.row.message;
  }
  for (uint64_t s = head.seq + 1; s <= to; ++s) {
    std::vector<LeafRow> rows;
    for (const auto& [key, slot] : by_seq[s])
      rows.push_back({key.first, key.second,
                      slot.first > 1 ? again_digest(s, key.first, key.second) : slot.second});
    head.value = chain_next(head.value, s, write_leaf(rows));
    head.seq = s;
  }
  return head;
}

ChainHead folded(PendingLeaves& leaves, ChainHead head, uint64_t to, int* asked = nullptr) {
  return leaves.fold(head, to, [&](uint64_t s, TableId t, const Id& r) -> std::optional<Digest> {
    if (asked) ++*asked;
    return again_digest(s, t, r);
  });
}

}  // namespace

TEST_CASE("a transaction's leaves take 49 bytes a row, and fold as the chain defines") {
  std::mt19937 rng(7);
  const ChainHead start{10, 10, chain_start(Id::random(), Id::random(), 10)};
  // One number for many rows (a CSV import), across chunks, with writes of their own numbers
  // in between (the history events of a re-import), and numbers with no row at all.
  std::vector<Noted> noted;
  PendingLeaves leaves;
  const size_t rows = PendingLeaves::kChunk * 3 + 17;
  uint64_t next_own = 12;
  for (size_t i = 0; i < rows; ++i) {
    noted.push_back({11, random_row(rng)});
    leaves.add(11, noted.back().row);
    if (i % 5000 == 0) {
      noted.push_back({next_own, random_row(rng)});
      leaves.add(next_own++, noted.back().row);
    }
  }
  CHECK(leaves.size() == noted.size());
  // 49 bytes a leaf, and at most one chunk not yet full (and the runs: a few).
  const size_t packed = sizeof(PendingLeaves::Packed);
  CHECK(packed == 49);
  CHECK(leaves.bytes() <= noted.size() * packed + PendingLeaves::kChunk * packed + 4096);
  CHECK(folded(leaves, start, next_own + 2) == reference(start, next_own + 2, noted));
}

TEST_CASE("a row noted twice under one number counts once, as the transaction leaves it") {
  std::mt19937 rng(11);
  const ChainHead start{0, 0, chain_start(Id::random(), Id::random(), 0)};
  std::vector<Noted> noted;
  PendingLeaves leaves;
  for (int i = 0; i < 50; ++i) {
    noted.push_back({1, random_row(rng)});
    leaves.add(1, noted.back().row);
  }
  // Three rows again under number 1, one of them across a run of number 2, and a third time.
  for (int i : {3, 40, 3}) {
    if (i == 40) {
      noted.push_back({2, random_row(rng)});
      leaves.add(2, noted.back().row);
    }
    Noted twice = noted[static_cast<size_t>(i)];
    for (auto& b : twice.row.message) b = static_cast<uint8_t>(rng());
    noted.push_back(twice);
    leaves.add(1, twice.row);
  }
  int asked = 0;
  CHECK(folded(leaves, start, 3, &asked) == reference(start, 3, noted));
  CHECK(asked == 2);
}

TEST_CASE("leaves a rollback drops leave no trace in the fold") {
  std::mt19937 rng(13);
  const ChainHead start{4, 4, chain_start(Id::random(), Id::random(), 4)};
  std::vector<Noted> noted;
  PendingLeaves leaves;
  for (uint64_t s : {5, 5, 6, 5, 7, 7}) {
    noted.push_back({s, random_row(rng)});
    leaves.add(s, noted.back().row);
  }
  // A nested scope rolled back: the last two go.
  leaves.truncate(4);
  noted.resize(4);
  // Numbers above 5 taken back (issued again): number 6's leaf goes, the 5s after it stay.
  leaves.drop_after(5);
  std::erase_if(noted, [](const Noted& n) { return n.seq > 5; });
  CHECK(leaves.size() == 3);
  CHECK(folded(leaves, start, 7) == reference(start, 7, noted));
  leaves.clear();
  CHECK(leaves.empty());
  CHECK(leaves.bytes() == 0);
}
