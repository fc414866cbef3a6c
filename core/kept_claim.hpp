#pragma once
// A revoked device's claim at or before its cut-off (docs/security.md, "A revoked device's
// chain"). A revocation takes a device's claims out of its record, on every device alike, so
// that devices which had heard different claims of it still hold the same content. But its
// versions up to the cut-off are still taken, and without a claim nothing checks them: a member
// could revoke a device in its own name, naming a cut-off above the numbers that device used,
// and make up versions "as" it below that cut-off.
//
// So each device keeps aside, locally, the revoked device's latest claim at or before its
// cut-off (both signatures, SEQ-1 and SEQ-2, under their one version): the one it held when it
// learned of the revocation, or one a bundle brings later. The chain check checks the revoked
// device's relayed versions against it (sync/relayed_chains.cpp), and every bundle that carries
// the device's record carries it too (sync/bundle_build.cpp), so that a device which met the
// revoked one only through others gets it. It is not part of the record's content: a receiver
// of this version keeps it aside again (sync/seq_claims.cpp); an older one that knows of the
// revocation drops it, as it drops every claim of a revoked device.
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/schema.hpp"
#include "core/seq_claim.hpp"

namespace mutua {

class Replica;

struct KeptClaim {
  Stamp stamp;       // the claim's version: origin the device, its number and clock
  std::string seq1;  // field 8's value (core/seq_claim.hpp)
  std::string seq2;  // field 9's value (core/write_chain.hpp)
};

// The claim kept for `device`, if any (whatever its number: callers compare it with the cut-off).
std::optional<KeptClaim> kept_claim(const Replica& store, const Id& device);
// Keeps `c` for its device unless one with a higher number, at or below `until`, is kept; a kept
// one past `until` is replaced. A claim past `until` is not kept.
void keep_claim(Replica& store, const KeptClaim& c, uint64_t until);
// Forgets the kept claim of `device` if its number is past `until` (a cut-off lowered).
void forget_kept_claim_past(Replica& store, const Id& device, uint64_t until);
// Whether `e` is one half of a claim in a device's record: field 8 or 9, not a fixed field.
inline bool is_claim_extra(const ExtraValue& e) {
  return !e.fixed && (e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn);
}
// The claim of `device` its record holds as extras (fields 8 and 9 under one version), if any.
std::optional<KeptClaim> claim_in_extras(const Id& device, const std::vector<ExtraValue>& extras);
// The two extras that carry `c` in the device's record.
std::vector<ExtraValue> claim_extras(const KeptClaim& c);

}  // namespace mutua
