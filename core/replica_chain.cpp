// The chain of this device's writes (core/write_chain.hpp): the leaves each transaction's
// rows make (core/pending_leaves.hpp), folded at its commit into the head kept in `chain_heads`
// (migration 24).
#include <algorithm>
#include <map>
#include <tuple>

#include "core/db.hpp"
#include "core/held_chain_rows.hpp"
#include "core/replica.hpp"
#include "core/superseded.hpp"

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
  // Table 9 is kept as a newer Mutua's table (extra_rows by (tbl, row)): this reads all its rows'
  // versions, and the values of the ones in range. Linear in the digests kept (docs/security.md,
  // "Signed versions", measured there).
  std::vector<Id> ids;
  auto st = cached(
      "SELECT row FROM extra_rows WHERE tbl = ?1 AND insert_only = 1 AND origin = ?2 AND seq > ?3"
      " AND seq <= ?4");
  st.bind(1, static_cast<int64_t>(kSupersededTable))
      .bind_blob(2, origin.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(std::min<uint64_t>(after, INT64_MAX)))
      .bind(4, static_cast<int64_t>(std::min<uint64_t>(upto, INT64_MAX)));
  while (st.step()) {
    const auto row = st.blob_view(0);
    if (row.size() != 16) continue;
    Id id;
    std::copy(row.begin(), row.end(), id.bytes.begin());
    ids.push_back(id);
  }
  st.reset();
  std::map<std::tuple<TableId, Id, uint64_t>, FieldDigests> grouped;
  for (const Id& id : ids) {
    auto row = unknown_row(kSupersededTable, id);
    if (!row) continue;
    auto g = gone_of(*row);
    if (!g || g->version.origin != origin) continue;
    grouped[{g->table, g->row, g->version.seq}].emplace_back(g->field, g->digest);
  }
  std::vector<GoneDigests> out;
  out.reserve(grouped.size());
  for (auto& [key, digests] : grouped) {
    // Two for one field (a forged one kept beside the genuine) are both given: the rebuild takes
    // the lower first, as every device reads the same, and may try the other
    // (core/chain_rebuild.cpp).
    std::sort(digests.begin(), digests.end());
    digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::move(digests)});
  }
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
  pending_leaves_.truncate(keep);
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
  } else if (!stored && local_get(kChainFromStartKey) == "1") {
    head = own_chain_before(*this, network, first);
  } else {
    head.base = head.seq = first - 1;
    head.value = chain_start(network, device_id_, head.base);
  }
  // A row noted twice under one number (a CSV file holding one id twice, the later one newer)
  // counts once, as the transaction leaves it: what a receiver rebuilds (rebuild_chain), which
  // is the last noted, its fields superseded since standing as their gone digests.
  std::map<std::pair<TableId, Id>, FieldDigests> gone;  // of number gone_seq, read once
  uint64_t gone_seq = 0;
  const auto again = [&](uint64_t s, TableId table, const Id& id) -> std::optional<Digest> {
    auto row = read_row(table, id);
    if (!row) return std::nullopt;
    if (gone_seq != s) {
      gone.clear();
      for (auto& g : gone_digests(device_id_, s - 1, s))
        gone[{g.table, g.row}] = std::move(g.digests);
      gone_seq = s;
    }
    FieldDigests fields = held_digests(*row, device_id_, s);
    if (auto g = gone.find({table, id}); g != gone.end())
      fields = merged_digests(fields, g->second);
    if (fields.empty()) return std::nullopt;
    return message_digest(
        version_message(network, device_id_, s, table, id, fixed_digest(row->fixed), fields));
  };
  head = pending_leaves_.fold(head, seq, again);
  pending_leaves_.clear();  // and its memory
  chain_first_ = 0;
  set_chain_head(device_id_, network, head);
  return head;
}

}  // namespace mutua
