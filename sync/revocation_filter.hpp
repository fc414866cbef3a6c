#pragma once
// Import side of revocation (docs/security.md, "Revocation"): a revoked device's versions past
// its cut-off are refused record by record, whoever relays them, and learning a revocation
// takes back those already here. A bundle *made by* a revoked device is refused whole before
// this (sync/bundle.cpp).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/replica.hpp"
#include "core/taken_back.hpp"
#include "sync/bundle.hpp"

namespace mutua {

// Revoked devices with a cut-off, as this device knows them: device -> the last sequence number
// of it still accepted, derived from the revocation records held (Replica::revoked_until).
using RevokedCuts = std::map<Id, uint64_t>;
// `own_void_too`: with every device whose record's two fields say revoked with a cut-off too (this
// device's own revocations numbered past its own cut-off among them, which the rule finds void).
RevokedCuts revoked_cuts(const Replica& store, bool own_void_too = false);

class RevocationFilter {
 public:
  explicit RevocationFilter(RevokedCuts cuts) : cuts_(std::move(cuts)) {}
  // Takes out of `row` the versions of revoked devices past their cut-off (a field so taken is
  // left empty with no version, which merge skips). False: nothing of the row is left, drop it.
  // `count`: note the record in the counts (the second pass of an import).
  bool pass(Row& row, bool count);
  // The row last passed had its creation refused (core/lost_creation.hpp): it is left with the
  // other devices' versions, for the caller to keep as lost writes where it holds no such row.
  bool refused_creation() const { return refused_creation_; }
  // Whether `s` is a version of a revoked device past its cut-off.
  bool refuses(const Stamp& s) const {
    if (s.hlc == 0) return false;
    auto it = cuts_.find(s.origin);
    return it != cuts_.end() && s.seq > it->second;
  }
  // Records with versions refused, per revoked device.
  const std::map<Id, size_t>& refused() const { return refused_; }
  size_t refused_total() const;
  // A refused version had replaced another, which this device may not hold.
  bool earlier_unknown() const { return earlier_unknown_; }
  // The records of such versions (core/taken_back.hpp: a bundle that looks known may bring the
  // version they replaced).
  const std::vector<RowKey>& earlier_unknown_rows() const { return earlier_unknown_rows_; }
  // No origin's entry in `v` past its cut-off.
  void clamp(VersionVector& v) const;

 private:
  // The key of a revoked `origin` in cuts_: what the counts point at (never into a row's values,
  // which the filter erases).
  const Id* cut_key(const Id& origin) const;
  // Takes out of the row the values of a newer Mutua's columns that are refused versions;
  // `from` is set to the last revoked device they came from.
  void erase_refused_extras(Row& row, const Id*& from) const;

  RevokedCuts cuts_;
  std::map<Id, size_t> refused_;
  bool earlier_unknown_ = false;
  bool refused_creation_ = false;
  std::vector<RowKey> earlier_unknown_rows_;
};

// Why `row`, a device's record as a bundle carried it, is set aside on import: its revoked
// flag or cut-off is not 0 in a version stamped as that device itself. A device never revokes
// itself nor names its own cut-off (revoke_device refuses it): its own versions of these fields
// are 0, written when it introduces itself. Another value was made up by whoever relayed it:
// taken, it would revoke the device with no revoker on record, move its cut-off, or take it out
// of the chain check (docs/security.md, "A revocation stamped as the device itself"). Nothing:
// no such version. (An import rule only: a modified Mutua that writes one locally sends it, and
// every device of this version sets that record aside.)
std::optional<std::string> revokes_itself(const Row& row);

// After an import's rows are merged: for each device whose cut-off is new or lower than in
// `before` (the revocation arrived in this import, or a take-back brought back an older one),
// takes back its versions past it
// (Replica::retract_origin_after). For this device itself, only the peers' recorded vectors are
// lowered (a revoked device keeps its own data, which a reinstatement brings back).
// Returns, per device, how many records here the take-back removed or changed. Other devices'
// records it left over a limit and removed (a handover: RetractResult::refused) are added to
// `refused` when given.
std::map<Id, size_t> apply_learned_revocations(
    Replica& store, const RevokedCuts& before,
    std::vector<Replica::RetractResult::Refused>* refused = nullptr);

// What a revocation made on this device took back here, in an import's words (the lines of
// ImportSummary::taken_back and set_aside), for the command and the screen that revoke.
ImportSummary revocation_here(const Replica& store, const Id& device,
                              const Replica::RetractResult& taken);

}  // namespace mutua
