#pragma once
// Handovers taken on import before what they are judged against (core/handover_limits.hpp): their
// match, or both its need and its offer, were not here, and nothing could say whether they fit.
// A device that meets the match first judges such a handover on import and may set it aside; one
// that meets it last would keep it, and the two would differ for good. So their keys are kept in
// `local`, and each import, once its rows are in, judges them again: one that the records now here
// refuse is set aside as the import would have set it aside had it come now.
#include <cstddef>
#include <utility>
#include <vector>

#include "core/id.hpp"
#include "core/replica.hpp"
#include "core/schema.hpp"

namespace mutua {

// How many such keys are kept (17 bytes each). Past it the oldest is forgotten, and its handover
// is not judged again (docs/security.md, "Not yet").
inline constexpr size_t kUnjudgedKept = 4096;

// Notes the records (table, id) an import took without judging them (RowObserver::refuse_incoming
// said so).
void note_unjudged(Replica& store, const std::vector<std::pair<TableId, Id>>& keys);
// The keys kept, oldest first.
std::vector<std::pair<TableId, Id>> unjudged_keys(const Replica& store);

// Judges the records noted against what is held now. Those refused are removed and set aside
// (Replica::set_aside_held), their writes kept as lost writes; those gone, or judged and kept, are
// forgotten; the others stay noted. Returns those set aside. Call inside a transaction.
std::vector<Replica::RetractResult::Refused> judge_unjudged(Replica& store);

}  // namespace mutua
