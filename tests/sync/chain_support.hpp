#pragma once
// Reading a device's chain claims (core/write_chain.hpp) and rebuilding chains from what a store
// holds, for the tests of the chain (test_write_chain.cpp, test_lost_creation.cpp, the
// convergence property test): what step 3's check on import will rely on.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "core/lost_creation.hpp"
#include "core/seq_claim.hpp"
#include "core/store.hpp"
#include "core/superseded.hpp"
#include "core/write_chain.hpp"

namespace mutua::test {

struct Claim2 {
  Stamp stamp;
  Seq2Claim claim;
};

inline std::optional<Claim2> claim2_in(const std::vector<ExtraValue>& extras) {
  for (const auto& e : extras)
    if (e.column == kDeviceSeq2ClaimColumn && !e.fixed && e.type == FieldType::text)
      if (auto c = decode_seq2_claim(std::get<std::string>(e.value))) return Claim2{e.stamp, *c};
  return std::nullopt;
}

// Every device's SEQ-2 claim as `s` holds it, by device.
inline std::map<Id, Claim2> claims2_held(const Store& s) {
  std::map<Id, Claim2> out;
  for (const auto& [device, extras] : s.replica().extras_of(TableId::devices))
    if (auto c = claim2_in(extras)) out.emplace(device, *c);
  return out;
}

// Every row `s` holds, of every table, as a receiver would hold them.
inline std::vector<Row> all_rows(const Store& s) {
  std::vector<Row> rows;
  for (const auto* t : all_tables())
    s.replica().for_each_row(t->id, [&](const Row& r) {
      rows.push_back(r);
      return true;
    });
  s.replica().for_each_unknown_row([&](const Row& r) {
    rows.push_back(r);
    return true;
  });
  return rows;
}

// The digests of superseded fields `s` keeps (table 9) of origin's writes after `after` up to
// `upto`, by write and row.
inline std::vector<GoneDigests> gone_of_origin(const Store& s, const Id& origin, uint64_t after,
                                               uint64_t upto) {
  std::map<std::tuple<TableId, Id, uint64_t>, FieldDigests> by_write;
  s.replica().for_each_unknown_row([&](const Row& r) {
    if (auto g = gone_of(r);
        g && g->version.origin == origin && g->version.seq > after && g->version.seq <= upto)
      by_write[{g->table, g->row, g->version.seq}].emplace_back(g->field, g->digest);
    return true;
  });
  std::vector<GoneDigests> out;
  for (auto& [key, digests] : by_write) {
    std::sort(digests.begin(), digests.end());
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::move(digests)});
  }
  return out;
}

// The lost creations' writes `s` keeps (table 10) of origin, as the rebuild takes them.
inline std::vector<LostLeaf> lost_of_origin(const Store& s, const Id& origin, uint64_t after,
                                            uint64_t upto) {
  std::vector<LostLeaf> out;
  for (const auto& w : lost_writes_of(s.replica(), origin, after, upto))
    out.push_back({w.table, w.row, w.version.seq, w.message});
  return out;
}

// origin's chain rebuilt from all `s` holds, from the start its claim states up to the claim.
inline ChainHead rebuilt_from_held(const Store& s, const Id& origin, const Id& network,
                                   const Claim2& c, const std::vector<Row>& rows) {
  const ChainHead from{c.claim.base, c.claim.base, chain_start(network, origin, c.claim.base)};
  return rebuild_chain(network, origin, from, c.stamp.seq, rows,
                       gone_of_origin(s, origin, c.claim.base, c.stamp.seq),
                       lost_of_origin(s, origin, c.claim.base, c.stamp.seq));
}

// The devices whose claim, as `s` holds it, is not the chain `s` rebuilds from what it holds:
// empty when every chain `s` has heard of could be checked here.
inline std::vector<Id> chains_not_rebuilt(const Store& s) {
  std::vector<Id> out;
  const auto network = s.replica().signing_network();
  if (!network) return out;
  const auto rows = all_rows(s);
  for (const auto& [device, c] : claims2_held(s))
    if (rebuilt_from_held(s, device, *network, c, rows).value != c.claim.chain)
      out.push_back(device);
  return out;
}

}  // namespace mutua::test
