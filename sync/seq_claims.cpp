#include "sync/seq_claims.hpp"

#include <algorithm>

#include "core/kept_claim.hpp"
#include "core/revocation.hpp"
#include "core/revocation_rank.hpp"
#include "core/seq_claim.hpp"
#include "core/write_chain.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {
// Whether `row`, a device's record as it came, clears the revoked flag held here with a version
// that wins over the one held (the same rule merge applies).
bool reinstates(const Replica& store, const Row& row) {
  const size_t f = device_field::revoked;
  if (row.stamps.size() <= f || row.stamps[f].hlc == 0) return false;
  const auto* flag = std::get_if<int64_t>(&row.fields[f]);
  if (!flag || *flag != 0) return false;
  auto held = store.read_row(TableId::devices, row.id);
  if (!held) return false;
  return outranks(table_def(TableId::devices), row.id, f, row.stamps[f], held->stamps[f]);
}
}  // namespace

void SeqClaims::check(const Replica& store, const Id& network, Row& row) {
  if (row.table != TableId::devices) return;
  auto claim = std::find_if(row.extras.begin(), row.extras.end(), [](const ExtraValue& e) {
    return e.column == kDeviceSeqClaimColumn && !e.fixed && e.stamp.hlc != 0;
  });
  if (claim == row.extras.end()) return;
  // A revoked device's claim attests nothing and is not kept (Replica::retract_origin_after
  // removes it everywhere), so that every device holds the same. Unless this very record
  // reinstates it: the claim then stands as it does on a device that never heard of the
  // revocation (seed 394 of the long property test with revocations: a revoker that dropped a
  // claim, reinstated by another, relayed the device's versions past an older claim held
  // elsewhere with none of its own).
  if (auto d = store.device(row.id);
      d && d->revoked && !lifted_.count(row.id) && !reinstates(store, row)) {
    // One at or before its cut-off is still that device's word on the versions the cut-off lets
    // in: kept aside here, out of the record (core/kept_claim.hpp), where both signatures
    // verify (a relay cannot put a made-up chain beside a genuine SEQ-1 signature).
    const auto until = accepted_until(*d);
    auto c = claim_in_extras(row.id, row.extras);
    auto key = public_key_from_hex(d->public_key);
    auto chain = c ? decode_seq2_claim(c->seq2) : std::nullopt;
    if (until && c && c->stamp.seq <= *until && key && chain &&
        seq_claim_valid(network, row.id, *key, c->stamp, c->seq1) &&
        seq2_claim_valid(network, row.id, *key, c->stamp, *chain))
      kept_.emplace_back(std::move(*c), *until);
    std::erase_if(row.extras, [](const ExtraValue& e) {
      return e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn;
    });
    return;
  }
  // The key: pinned here, or introduced by this very record (check_device_key took out a key
  // its device did not sign).
  std::string key_hex;
  if (auto d = store.device(row.id)) key_hex = d->public_key;
  if (key_hex.empty() && row.stamps.size() > device_field::public_key &&
      row.stamps[device_field::public_key].hlc != 0)
    key_hex = std::get<std::string>(row.fields[device_field::public_key]);
  auto key = public_key_from_hex(key_hex);
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
}

}  // namespace mutua
