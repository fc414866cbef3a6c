#pragma once
// The leaves of one transaction's writes, kept in memory until its commit folds them into this
// device's chain (core/write_chain.hpp, Replica::fold_own_writes). A CSV import is one sequence
// number for all its rows, so a million-row file keeps a million leaves: each is packed as its
// table (1 byte), its row id (16) and H(version_message) (32), 49 bytes, in chunks of 16,384;
// the number is kept once for each run of leaves added under it (docs/csv.md, "Speed").
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/write_chain.hpp"

namespace mutua {

class PendingLeaves {
 public:
  struct Packed {
    uint8_t table;
    uint8_t row[16];
    uint8_t message[32];
  };
  static_assert(sizeof(Packed) == 49);
  static constexpr size_t kChunk = size_t{1} << 14;

  void add(uint64_t seq, const LeafRow& row);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Keeps the first `keep` leaves (a nested scope rolled back: what it added goes).
  void truncate(size_t keep);
  // Drops the leaves added under a number above `seq` (numbers a rollback took back).
  void drop_after(uint64_t seq);
  // Drops every leaf, and the memory.
  void clear();
  // The memory the leaves take (tests).
  size_t bytes() const;

  // The message of a row added more than once under one number, as the transaction leaves the
  // row (what a receiver rebuilds it from); nothing: the row counts for no leaf.
  using Again = std::function<std::optional<Digest>(uint64_t seq, TableId table, const Id& row)>;
  // Folds every number in (head.seq, to] into `head`: the leaf of a number hashes its rows by
  // ascending (table, row id), a row once; a number with no row has the empty leaf. Sorts the
  // leaves in place (no copy); clear() after.
  ChainHead fold(ChainHead head, uint64_t to, const Again& again);

 private:
  struct Run {
    uint64_t seq = 0;
    size_t begin = 0;  // its first leaf; it ends where the next run begins
  };
  Packed& at(size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  std::vector<std::unique_ptr<Packed[]>> chunks_;
  std::vector<Run> runs_;
  size_t size_ = 0;
};

}  // namespace mutua
