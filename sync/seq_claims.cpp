#include "sync/seq_claims.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/kept_claim.hpp"
#include "core/revocation.hpp"
#include "core/seq_claim.hpp"
#include "core/write_chain.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {
// The key `row`, a device's record as it came, introduces (check_device_key took out a key its
// device did not sign).
std::optional<std::array<uint8_t, 32>> introduced_key(const Row& row) {
  if (row.stamps.size() <= device_field::public_key ||
      row.fields.size() <= device_field::public_key ||
      row.stamps[device_field::public_key].hlc == 0)
    return std::nullopt;
  const auto* hex = std::get_if<std::string>(&row.fields[device_field::public_key]);
  return hex ? public_key_from_hex(*hex) : std::nullopt;
}

// The last number a revocation in `row` itself (a device's record as it came, its flag and
// cut-off written by another device) accepts of that device.
std::optional<uint64_t> cut_in_record(const Row& row) {
  const size_t f = device_field::revoked, c = device_field::revoked_cutoff;
  if (row.stamps.size() <= std::max(f, c) || row.fields.size() <= std::max(f, c) ||
      row.stamps[f].hlc == 0 || row.stamps[f].origin == row.id || row.stamps[c].hlc == 0)
    return std::nullopt;
  const auto* flag = std::get_if<int64_t>(&row.fields[f]);
  const auto* cut = std::get_if<int64_t>(&row.fields[c]);
  if (!flag || *flag != 1 || !cut || *cut <= 0) return std::nullopt;
  return static_cast<uint64_t>(*cut) - 1;
}

}  // namespace

void SeqClaims::check(const Replica& store, const Id& network, Row& row) {
  if (row.table != TableId::devices) return;
  auto claim = std::find_if(row.extras.begin(), row.extras.end(), [](const ExtraValue& e) {
    return e.column == kDeviceSeqClaimColumn && !e.fixed && e.stamp.hlc != 0;
  });
  if (claim == row.extras.end()) return;
  // A revoked device's claim attests nothing and is not kept (Replica::retract_origin_after
  // removes it everywhere), so that every device holds the same. Unless this very bundle
  // reinstates it (`lifted_`: the revocation records it brings leave it standing): the claim then
  // stands as it does on a device that never heard of the revocation (seed 394 of the long
  // property test with revocations: a revoker that dropped a claim, reinstated by another,
  // relayed the device's versions past an older claim held elsewhere with none of its own).
  if (auto d = store.device(row.id); d && d->revoked && !lifted_.count(row.id)) {
    // One at or before its cut-off is still that device's word on the versions the cut-off lets
    // in: kept aside here, out of the record (core/kept_claim.hpp), where both signatures
    // verify (a relay cannot put a made-up chain beside a genuine SEQ-1 signature).
    const auto until = accepted_until(*d);
    auto c = claim_in_extras(row.id, row.extras);
    // Its key as pinned here, or as this very record introduces it: a device met first through a
    // revocation whose own versions, its key among them, waited for this claim.
    auto key = public_key_from_hex(d->public_key);
    if (!key) key = introduced_key(row);
    if (until && key) keep_if_signed(network, row.id, *key, std::move(c), *until);
    std::erase_if(row.extras, [](const ExtraValue& e) {
      return e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn;
    });
    return;
  }
  // The key: pinned here, or introduced by this very record.
  std::optional<std::array<uint8_t, 32>> key;
  if (auto d = store.device(row.id)) key = public_key_from_hex(d->public_key);
  if (!key) key = introduced_key(row);
  if (!key) return;  // not known here: carried on, attesting nothing
  const auto* sig = std::get_if<std::string>(&claim->value);
  if (claim->type != FieldType::text || !sig ||
      !seq_claim_valid(network, row.id, *key, claim->stamp, *sig)) {
    row.extras.erase(claim);
    ++refused_;
    return;
  }
  for (auto* v : {&attested_, &raised_}) {
    auto& seq = (*v)[row.id];
    seq = std::max(seq, claim->stamp.seq);
  }
  // The record revokes its device (from the revoker, or a device that kept the revoker's word):
  // the claim it carries at or before the cut-off is kept aside too, as the revoker kept it. The
  // merge that follows keeps a later claim held here over it, and the take-back then drops that
  // one: without this, this device would pass the device's versions on with no claim that
  // checks them.
  if (const auto until = cut_in_record(row))
    keep_if_signed(network, row.id, *key, claim_in_extras(row.id, row.extras), *until);
}

void SeqClaims::keep_if_signed(const Id& network, const Id& device,
                               const std::array<uint8_t, 32>& key, std::optional<KeptClaim> c,
                               uint64_t until) {
  if (!c || c->stamp.seq > until) return;
  auto chain = decode_seq2_claim(c->seq2);
  if (chain && seq_claim_valid(network, device, key, c->stamp, c->seq1) &&
      seq2_claim_valid(network, device, key, c->stamp, *chain))
    kept_.emplace_back(std::move(*c), until);
}

}  // namespace mutua
