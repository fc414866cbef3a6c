#pragma once
// What this device holds of an origin's writes, fed to a ChainRebuild (core/write_chain.hpp):
// shared by the chain check on import (sync/relayed_chains.cpp) and by a device folding its own
// first writes into its chain (own_chain_before, below).
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "core/replica.hpp"
#include "core/write_chain.hpp"

namespace mutua {

using RowKey = std::pair<TableId, Id>;

// The rows to read back one by one: `extra`, and those the rebuild's gone and stand-in digests
// name (a row may hold none of the origin's versions any more), of tables this Mutua knows.
std::set<RowKey> rows_to_read_back(const ChainRebuild& rebuild, std::set<RowKey> extra = {});

struct HeldRowsFed {
  uint64_t visited = 0;  // rows read
  uint64_t added = 0;    // rows fed to the rebuild
};
// Feeds `rebuild` the rows held here that carry a version of `origin` numbered in (after, upto]:
// those stored (through the change marks; `before_this_transaction`: only rows stored before the
// open transaction) but `read_back`, then `read_back` read one by one, then rows of newer
// Mutuas' tables.
HeldRowsFed feed_held_rows(const Replica& store, ChainRebuild& rebuild, const Id& origin,
                           uint64_t after, uint64_t upto, const std::set<RowKey>& read_back,
                           bool before_this_transaction);

// The lost creations' writes kept here (table 10) of `origin` numbered in (after, upto], as
// ChainRebuild takes them.
std::vector<LostLeaf> lost_leaves_of(const Replica& store, const Id& origin, uint64_t after,
                                     uint64_t upto);

// `store`'s device's chain from 0 over its writes numbered below `first`, out of the rows held:
// the start of its chain in a database this version made (core/write_chain.hpp), at its first
// signed commit (Replica::fold_own_writes).
ChainHead own_chain_before(const Replica& store, const Id& network, uint64_t first);

}  // namespace mutua
