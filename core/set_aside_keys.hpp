#pragma once
// Which records this device set aside (docs/security.md, "One bad record"): kept in `local` so
// that a bundle that looks "already known" is read for them (sync/set_aside.hpp,
// answers_set_aside). An import notes the records it skips; a take-back notes the handovers it
// judges over their limit once it removed what allowed them (Replica::retract_origin_after).
#include <cstddef>
#include <utility>
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

class Replica;

// Whether this device has ever set a record aside (kept in `local`), and noting that it has,
// with the keys (table, id) of the records set aside.
bool records_set_aside(const Replica& store);
void note_records_set_aside(Replica& store, const std::vector<std::pair<TableId, Id>>& keys);
// Whether the keys are kept (false: records were set aside before they were, and every bundle
// that looks known is read in full).
bool set_aside_keys_kept(const Replica& store);

// How many set-aside records' keys are kept (17 bytes each).
inline constexpr size_t kSetAsideKept = 4096;
// The keys kept, oldest first.
std::vector<std::pair<TableId, Id>> set_aside_keys(const Replica& store);

}  // namespace mutua
