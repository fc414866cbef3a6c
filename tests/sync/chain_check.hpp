#pragma once
// Checks of a device's SEQ-2 claim and chain (core/write_chain.hpp; docs/security.md, "Signed
// versions"), shared by the tests of the chain, of what signing a write keeps up, of lost
// creations and the convergence property tests: rebuilding chains from what a store holds is
// what a check on import will rely on.
#include <doctest/doctest.h>

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "core/lost_creation.hpp"
#include "core/seq_claim.hpp"
#include "core/store.hpp"
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

// `device`'s SEQ-2 claim as `s` holds it.
inline Claim2 claim2_of(const Store& s, const Id& device) {
  const auto all = s.replica().extras_of(TableId::devices);
  auto it = all.find(device);
  REQUIRE(it != all.end());
  auto c = claim2_in(it->second);
  REQUIRE(c);
  return *c;
}

inline std::array<uint8_t, 32> public_key_of(const Store& s) {
  auto pk = s.replica().secret_get("sign_pk");
  REQUIRE(pk);
  REQUIRE(pk->size() == 32);
  std::array<uint8_t, 32> out{};
  std::copy(pk->begin(), pk->end(), out.begin());
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

// A's chain rebuilt from what `s` holds, from its start to `to`.
inline ChainHead rebuilt(const Store& s, const Id& origin, const Id& network, uint64_t base,
                         uint64_t to, const std::vector<Row>& rows) {
  ChainHead from{base, base, chain_start(network, origin, base)};
  return rebuild_chain(network, origin, from, to, rows, s.replica().gone_digests(origin, base, to));
}

// The device's latest claim: it claims its own highest number, is signed with its key, states
// the head it keeps, and equals the chain rebuilt from its rows. Returns it.
inline Claim2 check_claim(Store& s) {
  const Id me = s.replica().device_id();
  const auto network = s.replica().signing_network();
  REQUIRE(network);
  const Claim2 c = claim2_of(s, me);
  CHECK(c.stamp.seq == s.replica().version_vector()[me]);
  CHECK(seq2_claim_valid(*network, me, public_key_of(s), c.stamp, c.claim));
  auto head = s.replica().chain_head(me);
  REQUIRE(head);
  CHECK(head->network == *network);
  CHECK(head->head == ChainHead{c.claim.base, c.stamp.seq, c.claim.chain});
  const auto again = rebuilt(s, me, *network, c.claim.base, c.stamp.seq, all_rows(s));
  CHECK(again.value == c.claim.chain);
  return c;
}

// Every device's SEQ-2 claim as `s` holds it, by device.
inline std::map<Id, Claim2> claims2_held(const Store& s) {
  std::map<Id, Claim2> out;
  for (const auto& [device, extras] : s.replica().extras_of(TableId::devices))
    if (auto c = claim2_in(extras)) out.emplace(device, *c);
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

// origin's chain rebuilt from all `s` holds (rows, superseded and lost writes' digests), from
// the start its claim states up to the claim.
inline ChainHead rebuilt_from_held(const Store& s, const Id& origin, const Id& network,
                                   const Claim2& c, const std::vector<Row>& rows) {
  const ChainHead from{c.claim.base, c.claim.base, chain_start(network, origin, c.claim.base)};
  return rebuild_chain(network, origin, from, c.stamp.seq, rows,
                       s.replica().gone_digests(origin, c.claim.base, c.stamp.seq),
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

// Whether `s` rebuilds every chain it has heard of, and has heard of one (a claim is held).
inline bool rebuilds_all(const Store& s) {
  auto bad = chains_not_rebuilt(s);
  for (const Id& d : bad) MESSAGE("chain of " << d.hex().substr(0, 8) << " not rebuilt");
  return bad.empty() && !claims2_held(s).empty();
}

}  // namespace mutua::test
