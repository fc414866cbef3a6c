#pragma once
// Coordinators' PINs are at least 6 digits (docs/security.md, "Secrets at rest"). A PIN hash
// sits in the replicated volunteers table, so anyone with a copy of a database can guess PINs
// offline, without the pad's lockout: a 4-digit PIN falls in minutes, a 6-digit one costs a
// day of one core. A coordinator's PIN opens Settings and kiosk exit, so it must be the longer.
//
// New and changed PINs of coordinators are refused below 6 digits. A coordinator whose PIN is
// shorter (set before this rule, or a volunteer made coordinator since) keeps signing in, and
// Settings asks for a new PIN. The length of a PIN cannot be read from its hash: it is learned
// when the PIN is typed (set or signed in with) on this device, and remembered as local state,
// never replicated:
//   "pin_short": "<id hex>:<hash fingerprint> ...": volunteers whose PIN, while it is still the
//   one fingerprinted, has fewer than kMinCoordinatorPinDigits digits.
// The replicated PIN hash format does not change.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/model.hpp"

namespace mutua {

class Store;

inline constexpr size_t kMinCoordinatorPinDigits = 6;

// Why `pin` is refused for a volunteer of `role`, or nothing.
std::optional<std::string> pin_problem_for(std::string_view pin, Role role);

// Remembers (or forgets) that the PIN with hash `hash` of volunteer `id` has `digits` digits
// fewer than kMinCoordinatorPinDigits. Call when a PIN is set or signed in with here.
void note_pin_length(Store& store, const Id& id, const std::string& hash, size_t digits);

// True when `id` is a coordinator whose current PIN is known here to be too short for one.
bool coordinator_pin_too_short(const Store& store, const Id& id);

}  // namespace mutua
