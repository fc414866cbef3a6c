#include "core/held_chain_rows.hpp"

#include "core/lost_creation.hpp"

namespace mutua {

std::set<RowKey> rows_to_read_back(const ChainRebuild& rebuild, std::set<RowKey> extra) {
  for (const auto& key : rebuild.rows_with_gone())
    if (is_known_table(key.first)) extra.insert(key);
  return extra;
}

HeldRowsFed feed_held_rows(const Replica& store, ChainRebuild& rebuild, const Id& origin,
                           uint64_t after, uint64_t upto, const std::set<RowKey>& read_back,
                           bool before_this_transaction, bool bare_when_not_held) {
  HeldRowsFed fed;
  for (const auto* t : all_tables())
    store.for_each_row_of_origin(t->id, origin, after, before_this_transaction, [&](const Row& r) {
      ++fed.visited;
      if (read_back.count({r.table, r.id})) return true;  // read below, once
      for (const Stamp& s : r.stamps)
        if (s.hlc != 0 && s.origin == origin && rebuild.in_range(s.seq)) {
          rebuild.add(r);
          ++fed.added;
          break;
        }
      return true;
    });
  for (const auto& [table, id] : read_back) {
    if (auto r = store.read_row(table, id)) {
      ++fed.visited;
      rebuild.add(*r);
      ++fed.added;
      continue;
    }
    const auto& def = table_def(table);
    if (!bare_when_not_held || !def.fixed.empty() || def.insert_only()) continue;
    Row bare;
    bare.table = table;
    bare.id = id;
    for (const auto& f : def.fields) bare.fields.push_back(default_value(f.type));
    bare.stamps.assign(def.fields.size(), Stamp{});
    rebuild.add(bare);
    ++fed.added;
  }
  for (const auto& r : store.unknown_rows_of(origin, after, upto)) {
    rebuild.add(r);
    ++fed.added;
  }
  return fed;
}

std::vector<LostLeaf> lost_leaves_of(const Replica& store, const Id& origin, uint64_t after,
                                     uint64_t upto) {
  std::vector<LostLeaf> lost;
  for (const auto& w : lost_writes_of(store, origin, after, upto))
    lost.push_back({w.table, w.row, w.version.seq, w.message});
  return lost;
}

ChainHead own_chain_before(const Replica& store, const Id& network, uint64_t first) {
  // Nothing of these writes has left the device unsigned: a write superseded here while in no
  // network, whose digest is not kept, was seen by nobody (Replica::note_superseded), so every
  // receiver holds just what this device holds, and rebuilds the same chain.
  const Id& me = store.device_id();
  const ChainHead start{0, 0, chain_start(network, me, 0)};
  if (first <= 1) return start;
  const uint64_t upto = first - 1;
  ChainRebuild rebuild(network, me, start, upto, store.gone_digests(me, 0, upto));
  feed_held_rows(store, rebuild, me, 0, upto, rows_to_read_back(rebuild), false);
  return rebuild.finish(lost_leaves_of(store, me, 0, upto));
}

}  // namespace mutua
