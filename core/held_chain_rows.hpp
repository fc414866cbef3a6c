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
// `bare_when_not_held`: a record of `read_back` not held here, of a table without fixed values
// (a device's record, a site, a volunteer, the settings), is fed as an empty record, so that the
// digests of the origin's writes on it that a relay sent stand in for them (ChainRebuild::
// stand_in): such a record's leaf needs no value of it. The import's check sets it: a record is
// missing here when every version on it was cut or taken back, while a relay's digests of the
// origin's superseded writes on it came (seed 4381 of the long property test with revocations:
// a revoked device's own record, cut whole, carried another device's revocation of it as
// digests). A record with fixed values is still not fed: its leaf needs them.
HeldRowsFed feed_held_rows(const Replica& store, ChainRebuild& rebuild, const Id& origin,
                           uint64_t after, uint64_t upto, const std::set<RowKey>& read_back,
                           bool before_this_transaction, bool bare_when_not_held = false);

// The lost creations' writes kept here (table 10) of `origin` numbered in (after, upto], as
// ChainRebuild takes them.
std::vector<LostLeaf> lost_leaves_of(const Replica& store, const Id& origin, uint64_t after,
                                     uint64_t upto);

// `store`'s device's chain from 0 over its writes numbered below `first`, out of the rows held:
// the start of its chain in a database this version made (core/write_chain.hpp), at its first
// signed commit (Replica::fold_own_writes).
ChainHead own_chain_before(const Replica& store, const Id& network, uint64_t first);

}  // namespace mutua
