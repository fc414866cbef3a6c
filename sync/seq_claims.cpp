#include "sync/seq_claims.hpp"

#include <algorithm>

#include "core/seq_claim.hpp"
#include "sync/network.hpp"

namespace mutua {

void SeqClaims::check(const Replica& store, const Id& network, Row& row) {
  if (row.table != TableId::devices) return;
  auto claim = std::find_if(row.extras.begin(), row.extras.end(), [](const ExtraValue& e) {
    return e.column == kDeviceSeqClaimColumn && !e.fixed && e.stamp.hlc != 0;
  });
  if (claim == row.extras.end()) return;
  // A revoked device's claim attests nothing and is not kept (Replica::retract_origin_after
  // removes it everywhere), so that every device holds the same.
  if (auto d = store.device(row.id); d && d->revoked) {
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
