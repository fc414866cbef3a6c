#pragma once
// Signed versions on the wire (core/version_sig.hpp; docs/bundle-format.md, "Version
// signatures"). A row's signatures travel in column 200 of its table, as text: one entry per
// version the row carries that this device holds a signature for, separated by ';', each
// "<origin>:<seq>,<signature, 128 hex digits>" (origin: its first 4 bytes in hex) followed by ",<field id>=<digest, 64 hex digits>" for each
// field of that write no longer held with it. In a registers table the column is a field stamped
// with the newest version it signs; in an insert-only table, a fixed value. Older Mutuas keep it
// as a column they do not know (with that version) and pass it on.
//
// On import (VersionSigCheck), each version the row carries, of origin O:
//   - O is the bundle's sender and its pinned key signed the bundle: authenticated already, not
//     checked again; its signature is kept to be passed on;
//   - a signature for it verifies with O's pinned key: accepted, kept;
//   - a signature that does not verify, or none while O is known here to sign (a version of O at
//     or past the lowest one seen signed, by sequence number or by clock): taken out of the row,
//     as a revoked device's version is, and counted against the sender, which the import
//     summary names;
//   - O's key not known here: accepted as it came (its signature kept to be passed on), as are
//     unsigned versions of a device not known to sign (an older Mutua, or versions it wrote
//     before it did).
#include <cstddef>
#include <map>
#include <optional>

#include "core/replica.hpp"
#include "core/version_sig.hpp"

namespace mutua {

struct BundleHeader;

// The signature column for `row` in a bundle that carries the fields in `mask` (bit f: field f;
// ignored for insert-only rows), or nothing when this device holds no signature for them.
std::optional<ExtraValue> signature_column(const Replica& store, const Row& row, uint64_t mask);

class VersionSigCheck {
 public:
  VersionSigCheck(Replica& store, const BundleHeader& h, bool sender_pinned);
  // Inside the import's transaction, before the row is merged: takes the signature column out of
  // the row, checks each version it carries, takes out the versions that fail and keeps the
  // signatures of the others. False: nothing is left of the row to merge.
  bool check(Row& row);
  // Once every row is merged (the keys the bundle introduced are pinned): learns from versions
  // whose key was not known when they were checked that their device signs.
  void finish();
  // Versions taken out.
  size_t refused() const { return refused_; }

 private:
  void note(const Id& origin, uint64_t seq, HlcValue hlc);
  struct Deferred {
    uint64_t seq = 0;
    HlcValue hlc = 0;
    std::array<unsigned char, 64> sig{};
    std::string message;
  };
  std::map<Id, Deferred> deferred_;
  const std::array<uint8_t, 32>* key_of(const Id& origin);
  std::optional<Replica::Signer> signer_of(const Id& origin);

  Replica& store_;
  const BundleHeader& h_;
  bool sender_pinned_;
  std::map<Id, std::optional<std::array<uint8_t, 32>>> keys_;
  std::map<Id, std::optional<Replica::Signer>> signers_;
  size_t refused_ = 0;
};

}  // namespace mutua
