#pragma once
// Revoking a device with a cut-off, and reinstating it (docs/security.md, "Revocation").
//
// A revocation records, in the revoked device's replicated row, the flag `revoked` and the
// cut-off `revoked_cutoff` = 1 + the last sequence number of that device the revoker had
// accepted (its version vector entry). Both are written in the same write, so both carry the
// same version: of a revocation and a reinstatement that cross, the one with the greater version
// (hybrid clock, then device id) wins both fields on every device. A reinstatement writes 0 to
// both. Every device refuses the revoked device's versions past the cut-off, whoever relays them
// (sync/revocation_filter.hpp), and takes back those it already holds
// (Replica::retract_origin_after).
#include <functional>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/model.hpp"
#include "core/replica.hpp"
#include "core/result.hpp"

namespace mutua {

class Replica;
class Store;

// What else a local revocation or reinstatement changes, inside its transaction: the network key
// (sync/key_ring.hpp, rekey_after_revocation). A failure rolls the whole change back. core/ does
// not know the key ring, so the app passes it in; tests of the engine alone may pass nothing.
using RevocationHook = std::function<Result<Ok>(Replica&, const Device& changed)>;

// The last sequence number of `d` that the network still accepts, while `d` is revoked with a
// cut-off; nothing when not revoked, or revoked by a Mutua that knew no cut-offs (then only
// bundles that `d` itself makes are refused).
inline std::optional<uint64_t> accepted_until(const Device& d) {
  if (!d.revoked || d.revoked_cutoff == 0) return std::nullopt;
  return d.revoked_cutoff - 1;
}

// Who wrote a device's current revocation state, and when (from the version of its `revoked`
// field): for `network show` and Settings.
struct RevocationFacts {
  Id by;
  int64_t at_ms = 0;
};
std::optional<RevocationFacts> revocation_facts(const Store& store, const Id& device);

// Why this device should not revoke `device`, in one line; nothing: it may. `force` lets the
// last coordinator's device go (never this device itself).
// A coordinator's device: a device not revoked whose site is the coordinator's site (a
// coordinator without a site is served by every device). Revoking the last device that serves
// some coordinator is refused without `force`.
std::optional<std::string> revoke_refusal(const Store& store, const Id& device, bool force);
// The cut-off a revocation of `device` needs so that none of its versions stamped at or past
// kHlcImpossible stays (the first such number); the largest number when it holds none. A full
// scan.
uint64_t past_clock_cutoff(const Replica& replica, const Id& device);
// Sets the flag and the cut-off (one past what this device accepted of it, or lower: see
// past_clock_cutoff), takes back what this device holds of the device past it, and
// calls `hook`; all in one transaction. `taken`, when given: what that take-back removed or
// changed here, and the other devices' records it set aside (a handover only the device's
// records past the cut-off allowed).
Result<Device> revoke_device(Store& store, const Id& device, bool force = false,
                             const RevocationHook& hook = {},
                             Replica::RetractResult* taken = nullptr);
// Clears both; the device's later records come in again on the next syncs that carry them.
Result<Device> reinstate_device(Store& store, const Id& device, const RevocationHook& hook = {});

}  // namespace mutua
