#pragma once
// Records set aside on import (docs/security.md, "One bad record"). A record that breaks a rule
// (validate_row, or the handover limit checked once the bundle is merged) is skipped whole, all
// of its fields, and the rest of the bundle imports. What is not one record's fault (signature,
// network, a damaged body, costs over the bounds, forged keys) still refuses the whole bundle.
//
// The skipped record's versions still count in the vector the bundle earns (it is not asked
// for again). So, from the first record set aside, a bundle that looks "already known" may
// still hold an answer: the record again, valid now (its device repaired it, as an update
// repairs a summary an older Mutua cut; or its genuine copy, where a relay had changed it), the
// version it had replaced, never held here, or a handover over its limit here that its data may
// allow now. Until 2026-12-05 such a device read every such bundle in full, for good (about the
// time of importing it, instead of a header's read: an insider could impose that on every device
// with one bad record). Now it keeps the set-aside records' keys (`local`, at most
// kSetAsideKept, the oldest dropped) and reads such a bundle only far enough to find them: the
// bundle is applied only where one of them comes valid (a handover within its limit here) and
// would change what is here, or where
// any other record in it is not held here (`answers_set_aside`). A record whose key was dropped
// and that is held here (a change of it set aside) waits for the next bundle with any news (read
// in full, as every such bundle is). A database that set records aside before then keeps
// reading such bundles in full, not knowing which records they were.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"
#include "core/set_aside_keys.hpp"
#include "core/taken_back.hpp"

namespace mutua {

class SetAside {
 public:
  struct Origin {
    Id origin;
    size_t count = 0;
    std::string reason;  // the first record's
  };
  // `rows`: how many records the body holds (a bit each, so a body of bad records costs an
  // eighth of a byte a record here, and a lookup per origin is logarithmic).
  explicit SetAside(size_t rows) : skipped_(rows, false) {}
  // Sets aside the record at `ordinal` (its place in the body) for `reason`; `sender`: the
  // bundle's sender, named when the record does not say which device wrote what breaks it.
  void note(size_t ordinal, const Row& row, std::string reason, const Id& sender);
  bool skipped(size_t ordinal) const { return ordinal < skipped_.size() && skipped_[ordinal]; }
  size_t total() const { return total_; }
  // Per origin, in the order first seen.
  const std::vector<Origin>& origins() const { return origins_; }

 private:
  std::vector<bool> skipped_;
  size_t total_ = 0;
  std::vector<Origin> origins_;
  std::map<Id, size_t> index_;  // origin -> its place in origins_
};

// The device that wrote what makes `row` invalid: the origin of the first carried field that is
// invalid on its own; for a fixed value or the record's shape, the creation stamp's origin of an
// insert-only record, else `fallback`.
Id invalid_origin(const Row& row, const Id& fallback);

// For a bundle that looks already known, on a device that set records aside or has a revocation
// in force: whether its body `plain` may answer one of those records (above), or one of those
// whose field a revocation sent back, `taken_back` (core/taken_back.hpp; null: no revocation in
// force). With a revocation in force, a record of a table this Mutua does not know (a digest of a
// superseded version, a gap) that is not held here, or a version of an extra value of such a
// record or of a record sent back that is not held here, is an answer too. True for a body that
// does not decode (the full import then refuses it) and on a device that set records aside
// before the keys were kept.
// `lost_rows`: records held here that a lost write held here names (core/lost_creation.hpp,
// rows_naming_lost_writes): a version this device counts may be held only as such a write, when
// the record came back at an older version after a take-back (docs/security.md, "A write held
// only as lost"). One of them in the bundle that would change what is here is an answer.
bool answers_set_aside(const Replica& store, std::string_view plain,
                       const std::vector<RowKey>* taken_back = nullptr,
                       const std::vector<RowKey>& lost_rows = {});

}  // namespace mutua
