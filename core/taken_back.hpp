#pragma once
// Records whose field a revocation sent back (docs/security.md, "Revocation", "A bundle that
// looks known, after a revocation"). Taking a revoked device's versions back sets a field to the
// best version kept aside for it, or leaves it empty; and the revocation filter empties a field
// whose incoming version it refuses. Either way, a version this device's vector counts (one the
// revoked device's had superseded before it got here) may be better, and only a bundle that looks
// "already known" may bring it. Until 2026-12-06 a device therefore read every such bundle in
// full while any device was revoked with a cut-off (about the time of importing it). Now it keeps
// the keys of those records (`local`, at most kTakenBackKept) and reads such a bundle only far
// enough to find them (sync/set_aside.hpp, answers_set_aside). A database that took versions back
// before it kept their keys, or that had more of them than the bound, keeps reading in full
// while a revocation is in force.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

class Replica;

using RowKey = std::pair<TableId, Id>;

// A table byte and the id's 16 bytes each (the form both key lists are kept in).
std::string encode_row_keys(const std::vector<RowKey>& keys);
std::vector<RowKey> decode_row_keys(std::string_view bytes);
// `kept` with each of `keys` it does not hold yet added at the end, and past `bound` the oldest
// dropped: the keys of set-aside records and of unjudged handovers are kept so.
std::vector<RowKey> with_row_keys(std::vector<RowKey> kept, const std::vector<RowKey>& keys,
                                  size_t bound);

inline constexpr size_t kTakenBackKept = 4096;

// Notes the records `keys` had a field sent back. `took_back_before`: this device had taken
// versions back before the take-back that calls this (then, with no keys kept yet, it cannot know
// which records those were: read in full from now on).
void note_taken_back(Replica& store, const std::vector<RowKey>& keys, bool took_back_before);
// The keys kept; nullopt when this device must read a bundle that looks known in full while a
// revocation is in force (it took versions back before it kept their keys, or kept too many).
std::optional<std::vector<RowKey>> taken_back_keys(const Replica& store);

}  // namespace mutua
