// What a transport asks of the engine beyond single rows: the rows a peer lacks, and merging a
// batch in one transaction. The USB bundle (sync/bundle.cpp) still selects rows itself; the LAN
// transport is to use these.
#include "core/db.hpp"
#include "core/replica.hpp"

namespace mutua {

bool Replica::lacks(const VersionVector& peer, const Stamp& s) {
  if (s.hlc == 0) return false;
  auto it = peer.find(s.origin);
  return it == peer.end() || s.seq > it->second;
}

void Replica::for_each_row_since(TableId table, const VersionVector& peer,
                                 const std::function<bool(const Row&, uint64_t mask)>& f,
                                 bool by_time) const {
  const bool insert_only = table_def(table).insert_only();
  for_each_row(
      table,
      [&](const Row& row) {
        uint64_t mask = 0;
        const size_t n = insert_only ? 1 : std::min<size_t>(row.stamps.size(), 64);
        for (size_t i = 0; i < n; ++i)
          if (lacks(peer, row.stamps[i])) mask |= uint64_t{1} << i;
        return mask == 0 || f(row, mask);
      },
      by_time);
}

Replica::MergeTotals Replica::merge_all(const std::vector<Row>& rows) {
  MergeTotals totals;
  auto tx = transaction();
  for (const auto& row : rows) {
    auto r = merge(row);
    totals.conflicts += r.conflicts;
    if (r.outcome == MergeOutcome::added)
      ++totals.added;
    else if (r.outcome == MergeOutcome::updated)
      ++totals.updated;
    else
      ++totals.known;
  }
  tx.commit();
  return totals;
}

}  // namespace mutua
