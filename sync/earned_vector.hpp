#pragma once
// Vectors are earned: an import raises this device's knowledge of an origin only by what the
// bundle actually carried from it, never by the "covers" vector its header claims. A header is
// written by the sender, and a sender that claims {every device: 10^9} would otherwise make the
// real changes of every other device import as "already known" here and everywhere it relays.
//
// The rule, per origin O in the header's covers, when the bundle carried everything of O since
// what this device holds (base[O] <= ours, as before):
//   - O is the sender, and its pinned key signed the bundle: raise to covers[O]. Only the sender
//     can hide its own changes.
//   - any other O: raise to min(covers[O], the highest sequence number of O among the versions
//     the bundle carried, the highest sequence number O itself signed in a claim this device
//     checked, this bundle's included: attested[O], core/seq_claim.hpp). Without the last, an
//     insider could carry one version stamped (O, 10^9) and make every later change of O look
//     "already known" everywhere. A device on an older Mutua signs no claims: its versions
//     relayed by others raise nothing past what it attested (its vector entry when this device
//     was updated); only its own bundles do. That costs re-sent data, never lost data. Sequence
//     numbers of O can have gaps in a bundle (superseded versions are not carried), but the highest
//     carried one is a version this device now holds, so it is never an over-claim; a version of O
//     superseded by another device's change is simply not there to send. The price: a relay whose
//     newest version of O was superseded leaves our vector a little behind O's, so the "already
//     known" shortcut skips fewer bundles. Nothing is re-sent because of it: what a peer is sent is
//     chosen from versions actually present.
#include <cstdint>
#include <map>

#include "core/replica.hpp"
#include "core/schema.hpp"

namespace mutua {

struct BundleHeader;

// What this device records as the sender's holdings (the peers table, which decides only what
// is sent to that device): its covers vector when the bundle is authenticated as that device's
// own (the sender's pinned key signed it), else nothing, so that a bundle posing as a device
// whose key is not known here cannot make this device leave data out of that device's bundles.
VersionVector peer_claim(const Replica& store, const BundleHeader& h);
// Whether the bundle's signing key is the sender's pinned key.
bool sender_pinned(const Replica& store, const BundleHeader& h);

class EarnedVector {
 public:
  // Notes the versions one carried row holds (fields, creation stamp, and columns of a newer
  // Mutua).
  void see(const Row& row);
  // The raise for this device's vector after applying a bundle with header h, given the vector
  // this device held before (`mine`).
  // The sender's own claim counts only when `sender_pinned` (its pinned key signed the bundle):
  // a bundle posing as a device whose key is not known here could otherwise hide its changes.
  // `attested`: what each origin signed of itself, this bundle's claims included.
  VersionVector raise(const BundleHeader& h, const VersionVector& mine, bool sender_pinned,
                      const VersionVector& attested) const;
  const VersionVector& carried() const { return carried_; }

 private:
  void note(const Stamp& s);
  VersionVector carried_;
};

}  // namespace mutua
