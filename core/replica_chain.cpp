// The chain of this device's writes (core/write_chain.hpp): the leaves each transaction's signed
// rows make, folded at its commit into the head kept in `chain_heads` (migration 24).
#include <algorithm>
#include <tuple>

#include "core/db.hpp"
#include "core/replica.hpp"

namespace mutua {

std::optional<Replica::StoredChainHead> Replica::chain_head(const Id& origin) const {
  auto it = origin_of_.find(origin);
  if (it == origin_of_.end()) return std::nullopt;
  auto st = cached("SELECT network, base, seq, value FROM chain_heads WHERE origin = ?1");
  st.bind(1, static_cast<int64_t>(it->second));
  std::optional<StoredChainHead> out;
  if (st.step()) {
    const auto network = st.blob_view(0);
    const auto value = st.blob_view(3);
    if (network.size() == 16 && value.size() == sizeof(Digest)) {
      StoredChainHead h;
      std::copy(network.begin(), network.end(), h.network.bytes.begin());
      h.head.base = static_cast<uint64_t>(st.int64(1));
      h.head.seq = static_cast<uint64_t>(st.int64(2));
      std::copy(value.begin(), value.end(), h.head.value.begin());
      out = h;
    }
  }
  st.reset();
  return out;
}

void Replica::set_chain_head(const Id& origin, const Id& network, const ChainHead& h) {
  auto st = cached(
      "INSERT INTO chain_heads(origin, network, base, seq, value) VALUES(?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT(origin) DO UPDATE SET network = excluded.network, base = excluded.base,"
      " seq = excluded.seq, value = excluded.value");
  st.bind(1, static_cast<int64_t>(origin_index(origin)))
      .bind_blob(2, network.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(h.base))
      .bind(4, static_cast<int64_t>(h.seq))
      .bind_blob(5, h.value.data(), h.value.size())
      .run();
}

std::vector<GoneDigests> Replica::gone_digests(const Id& origin, uint64_t after,
                                               uint64_t upto) const {
  std::vector<GoneDigests> out;
  auto it = origin_of_.find(origin);
  if (it == origin_of_.end()) return out;
  auto st = cached(
      "SELECT tbl, row, seq, gone FROM version_sigs WHERE origin = ?1 AND seq > ?2 AND seq <= ?3"
      " AND length(gone) > 0");
  st.bind(1, static_cast<int64_t>(it->second))
      .bind(2, static_cast<int64_t>(after))
      .bind(3, static_cast<int64_t>(upto));
  while (st.step()) {
    GoneDigests g;
    g.table = static_cast<TableId>(st.int64(0));
    const auto row = st.blob_view(1);
    if (row.size() != 16) continue;
    std::copy(row.begin(), row.end(), g.row.bytes.begin());
    g.seq = static_cast<uint64_t>(st.int64(2));
    g.digests = decode_digests(st.blob_view(3));
    out.push_back(std::move(g));
  }
  st.reset();
  return out;
}

void Replica::note_issued_for_chain(uint64_t seq) {
  // A number issued while this device signs belongs to the chain of the network it signs for;
  // the chain of this transaction's writes starts at the first such number (or again, should
  // the network change inside the transaction).
  auto network = signing_network();
  if (!network) {
    chain_first_ = 0;
    return;
  }
  if (chain_first_ == 0 || *network != chain_network_) {
    chain_first_ = seq;
    chain_network_ = *network;
  }
}

void Replica::forget_pending_leaves(size_t keep) {
  if (keep < pending_leaves_.size()) pending_leaves_.resize(keep);
  if (keep == 0) chain_first_ = 0;
}

ChainHead Replica::fold_own_writes(const Id& network, uint64_t seq) {
  // Every number from chain_first_ to `seq` was issued by this transaction while signing for
  // `network` (note_issued_for_chain): the stored chain continues only if it ends just before.
  ChainHead head;
  const uint64_t first =
      chain_first_ != 0 && chain_network_ == network && chain_first_ <= seq ? chain_first_ : seq;
  auto stored = chain_head(device_id_);
  if (stored && stored->network == network && stored->head.seq + 1 == first) {
    head = stored->head;
  } else {
    head.base = head.seq = first - 1;
    head.value = chain_start(network, device_id_, head.base);
  }
  // The rows of each number, ascending, sorted in place (a CSV import's are many); a row signed
  // twice under one number counts once, as last signed (what the row holds).
  auto& leaves = pending_leaves_;
  std::sort(leaves.begin(), leaves.end(), [](const PendingLeaf& a, const PendingLeaf& b) {
    return std::tie(a.seq, a.row.table, a.row.row.bytes, a.order) <
           std::tie(b.seq, b.row.table, b.row.row.bytes, b.order);
  });
  const auto last_of_row = [&](size_t k) {
    return k + 1 == leaves.size() || leaves[k + 1].seq != leaves[k].seq ||
           leaves[k + 1].row.table != leaves[k].row.table ||
           leaves[k + 1].row.row != leaves[k].row.row;
  };
  size_t i = 0;
  for (uint64_t s = head.seq + 1; s <= seq; ++s) {
    while (i < leaves.size() && leaves[i].seq < s) ++i;
    size_t end = i, rows = 0;
    for (; end < leaves.size() && leaves[end].seq == s; ++end) rows += last_of_row(end);
    LeafHasher leaf(rows);
    for (; i < end; ++i)
      if (last_of_row(i)) leaf.add(leaves[i].row.message);
    head.value = chain_next(head.value, s, leaf.finish());
    head.seq = s;
  }
  leaves = {};  // and its memory
  chain_first_ = 0;
  set_chain_head(device_id_, network, head);
  return head;
}

}  // namespace mutua
