#pragma once
// Digests of versions newer than the one their record holds (docs/security.md, "Revocation",
// "A version the take-back cannot give back").
//
// A take-back sends a field back to the best version kept aside for it, or empties it. A version
// between that one and the one taken back, of a device still standing, may be one this device
// never held the value of: it arrived already superseded, and only its digest was kept (core/
// superseded.hpp). Until 2026-12-06 the take-back forgot such a digest with the value. Nothing on
// the device then stood for that write: it could not rebuild its writer's chain, and a device
// that met the writer first through it set the writer's honest records aside as "not confirmed"
// (the long property test with revocations, seeds 143 and 199). Now the take-back keeps those
// digests, "ahead" of their field, and notes their records (`local`, at most kAheadKept); each
// is forgotten once its record holds that version again (an import brought it). Past the bound,
// the digests of the records not noted are forgotten, as before.
//
// A receiver takes such a digest from a relay only where its own record supersedes it
// (gone_fits): elsewhere it stands in for its field in that import's chain check only, and the
// receiver does not count that write as known (sync/relayed_chains.hpp). A digest of the
// sender's own write is different: the sender speaks for its own writes, and the receiver
// counts them all as known once it takes the bundle. A delta leaves out a field whose version
// the receiver counts (one it set aside, a gap it has open) and still carries the digest that
// version superseded; dropped, that digest was never sent again, and the receiver could not
// rebuild the sender's chain (the gaps property test, seed 173 of 200). So since 2026-12-06 it
// is kept ahead of its field too, where the record is held (sync/apply_body.cpp).
#include <vector>

#include "core/superseded.hpp"
#include "core/taken_back.hpp"

namespace mutua {

inline constexpr size_t kAheadKept = 4096;

// Whether g would be kept ahead of its field here: the record is held, in a table of last-writer-
// wins fields of this Mutua's schema, and holds g's field at a version older than g's, or empty.
bool fits_ahead(const Replica& store, const GoneDigest& g);
// Notes the records of `ahead` (digests a take-back kept, newer than what their field holds
// now). Those past the bound are forgotten. Call inside the take-back's transaction.
void keep_gone_ahead(Replica& store, const std::vector<GoneDigest>& ahead);
// Forgets the digests ahead whose record holds that version again, and the notes of records with
// none left ahead. Costs a read of each noted record (none on a device that never took back).
void settle_gone_ahead(Replica& store);
// The records noted (tests).
std::vector<RowKey> gone_ahead_rows(const Replica& store);

}  // namespace mutua
