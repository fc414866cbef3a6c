#pragma once
// Records set aside on import (docs/security.md, "One bad record"). A record that breaks a rule
// (validate_row, or the handover limit checked once the bundle is merged) is skipped whole, all
// of its fields, and the rest of the bundle imports. What is not one record's fault (signature,
// network, a damaged body, costs over the bounds, forged keys) still refuses the whole bundle.
//
// The skipped record's versions still count in the vector the bundle earns (it is not asked
// for again), and from the first record set aside this device no longer skips a bundle as
// "already known" (`records_set_aside`): a value the skipped version had replaced elsewhere
// arrives with the next full bundle of a device that holds it.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"

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

// Whether this device has ever set a record aside (kept in `local`), and noting that it has.
bool records_set_aside(const Replica& store);
void note_records_set_aside(Replica& store);

}  // namespace mutua
