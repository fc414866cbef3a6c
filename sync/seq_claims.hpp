#pragma once
// Checks the signed sequence claims an import carries (core/seq_claim.hpp). A claim in a
// devices record is checked against that device's pinned key (or the key the same record
// introduces, already checked by sync/key_pins.hpp):
//   - valid: this device now knows the device issued at least that sequence number
//     (`attested`, raised in the import's transaction);
//   - not valid (another device's stamp, a signature that does not verify, a claim replayed
//     under another version): taken out of the record, never stored nor passed on, and counted
//     against the sender, which the import summary names. Not the whole bundle: an honest relay
//     on an older Mutua passes on whatever it was given;
//   - its device's key not known here: kept and passed on as it came, attesting nothing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/kept_claim.hpp"
#include "core/replica.hpp"

namespace mutua {

class SeqClaims {
 public:
  // `lifted`: devices revoked here that the revocation records the import brings leave standing,
  // or accepted further (sync/apply_body.cpp): their claims are checked as a standing device's.
  explicit SeqClaims(const Replica& store, std::set<Id> lifted = {})
      : attested_(store.attested()), lifted_(std::move(lifted)) {}
  // Looks at one incoming record before it is merged.
  void check(const Replica& store, const Id& network, Row& row);
  // What was attested before the import, raised by every valid claim it carried.
  const VersionVector& attested() const { return attested_; }
  const VersionVector& raised() const { return raised_; }
  size_t refused() const { return refused_; }
  // The claims of revoked devices at or before their cut-offs that verified (and those a record
  // that revokes its device carries), each with that cut-off's last number: the caller keeps them
  // aside (core/kept_claim.hpp). Emptied by the call.
  std::vector<std::pair<KeptClaim, uint64_t>> take_kept() { return std::exchange(kept_, {}); }

 private:
  // Queues `c`, `device`'s claim, to be kept aside if it is at or before `until` and both its
  // signatures verify against `key`.
  void keep_if_signed(const Id& network, const Id& device, const std::array<uint8_t, 32>& key,
                      std::optional<KeptClaim> c, uint64_t until);

  VersionVector attested_;
  VersionVector raised_;
  size_t refused_ = 0;
  std::set<Id> lifted_;
  std::vector<std::pair<KeptClaim, uint64_t>> kept_;
};

}  // namespace mutua
