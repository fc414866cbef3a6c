#pragma once
// Quantities from bundles obey the limits of a local handover (core/matching.cpp,
// record_handover: at most what the need still needs and the offer still has). Sums are not
// checked: two devices offline may each hand over against the same match, honestly. One
// handover alone, though, can never exceed the quantity its need, its offer or its match ever
// had: a handover of 1,000,000 against a 6-unit need is refused (docs/security.md).
#include <optional>
#include <string>

#include "core/store.hpp"

namespace mutua {

struct HandoverClaim {
  Id match;
  int64_t quantity = 0;
};

// Reads a handover row from a bundle; nothing for other rows and for undos (an undo repeats
// the quantity of the handover it undoes).
std::optional<HandoverClaim> handover_claim(const Row& row);

// Checked inside the import's transaction, once everything the bundle carries is merged (the
// match, need or offer may travel with the handover). Nothing when the match or both its
// entries are not known here yet; `unjudged`, when given, is then set (such a handover is
// judged once they come: core/unjudged_records.hpp). The limit is the largest of the need's, the
// offer's and the match's quantities, now or in any quantity change their history records, so that
// a quantity lowered concurrently elsewhere does not refuse an honest handover.
std::optional<std::string> handover_too_large(const Store& store, const HandoverClaim& h,
                                              bool* unjudged = nullptr);

}  // namespace mutua
