#pragma once
// The same PIN on two volunteers (core/volunteers.cpp). Adding a volunteer or resetting a PIN
// refuses a PIN in use, but two devices can each give one PIN to a different volunteer before
// they sync; afterwards that PIN would sign in whichever hash is tried first. PIN hashes are
// salted, so a shared PIN shows only when the PIN itself is tried against every hash: sign-in
// does that once per volunteer and table of PINs, and remembers (local state, never replicated)
//   - "pin_unique": "<table digest> <id hex>...": whose PIN was found to match no one else's
//     while the PINs were as that digest says, so their next sign-in costs one verification;
//   - "pin_shared": "<id hex>:<hash fingerprint>:<other id hex>...": volunteers found sharing a
//     PIN, while their PIN is still the one found shared. They sign in nobody until a
//     coordinator gives them new PINs; the volunteer list flags them (docs/pins.md).
#include <string>
#include <vector>

#include "core/id.hpp"

namespace mutua {

class Store;
struct PinCandidate;

// A digest of every (volunteer id, PIN hash) pair, in any order.
std::string pin_table_digest(const std::vector<PinCandidate>& all);
// Volunteers whose PIN matched no other while the PINs were as `digest`.
std::vector<Id> pins_known_unique(const Store& store, const std::string& digest);
void mark_pin_unique(Store& store, const std::string& digest, const Id& id);
// Remembers that the volunteers in `group` (two or more) share one PIN.
void record_shared_pin(Store& store, const std::vector<PinCandidate>& group);
// Whom the volunteer with PIN hash `hash` was found sharing that PIN with (empty: nobody).
std::vector<Id> pin_shared_with(const Store& store, const Id& id, const std::string& hash);

}  // namespace mutua
