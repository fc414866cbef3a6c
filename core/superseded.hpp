#pragma once
// The digests of superseded writes (docs/security.md, "Signed versions", step 2 of "Next";
// docs/bundle-format.md, "Table 9: superseded").
//
// A write's fields do not stay together: a later change supersedes some of them, and their values
// are then gone from every row that carries the write. A chain of write digests (the design in
// docs/security.md) needs every field of every write: so whenever a version of any origin loses
// or is superseded on a field (Replica::keep_runner_up, which every such path calls), each device
// keeps (table, row, field id, D) under that version's own stamp, where D is the field's digest
// as core/version_sig.hpp defines it. It replicates as a row of table 9, an insert-only table of
// fixed columns whose one creation version is the superseded version itself: a delta carries it
// exactly when the peer's vector lacks that version, and an older Mutua keeps it and passes it on
// as it does any table a newer Mutua added (extra_rows, extra_fields). This Mutua keeps it there
// too, like the gaps of table 8: what it writes is byte for byte what an older relay writes.
//
// A receiver takes one only where the row it holds, once the bundle's rows are merged, has that
// field at a version newer than the digest's: a relay cannot pass a field it holds off as
// superseded. Nothing here checks D itself: that is the chain's work (step 3).
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"
#include "core/version_sig.hpp"

namespace mutua {

inline constexpr auto kSupersededTable = static_cast<TableId>(9);
// Its fixed columns (ids never reused; docs/bundle-format.md). The digest is two id columns,
// its first 16 bytes and its last 16: raw bytes, the one column type with no text rules.
namespace gone_column {
enum : uint16_t { table = 1, row, field, digest_head, digest_tail };
}

struct GoneDigest {
  TableId table = TableId::entries;
  Id row;
  uint16_t field = 0;  // the field's column id (FieldDef::id)
  Stamp version;       // the superseded version: hlc, origin, seq, prev
  Digest digest{};     // D(field) of that version (core/version_sig.hpp)
};

// The row id: BLAKE2b-128 over "MUTUA-GONE-1", table (1 byte), row (16), origin (16), seq (8 LE),
// field (2 LE) and D (32). D is in it so that a forged digest sent first cannot keep the genuine
// one out (rows of an insert-only table are kept once, by id).
Id gone_id(const GoneDigest& g);
// As it replicates (fixed values as extras, the superseded version as its creation stamp), and
// back: gone_of takes only a row of table 9 whose id fits its values.
Row gone_row(const GoneDigest& g);
std::optional<GoneDigest> gone_of(const Row& row);

// Keeps g (nothing when it is here already). Call inside a transaction.
void keep_gone(Replica& store, const GoneDigest& g);
// Forgets g (a version held again: a revocation went back to it).
void forget_gone(Replica& store, const GoneDigest& g);
// A field a revocation set back, by (table, row, field id), to the version it now holds (hlc 0:
// cleared). Forgets, by one read of table 9, the digest of the version it went back to (held
// again), and returns those of the versions newer than it, which stay: "ahead" of their field,
// they stand for writes this device never held the value of (core/gone_ahead.hpp).
using FieldKey = std::tuple<TableId, Id, uint16_t>;
std::vector<GoneDigest> forget_gone_held_again(Replica& store,
                                               const std::map<FieldKey, Stamp>& now_held);
// The digests naming `row` of `table`, by the index on the row they name.
std::vector<GoneDigest> gone_naming(const Replica& store, TableId table, const Id& row);
// Forgets every digest naming `row`, by that index, and returns them (a creation that
// lost: its writes' digests are kept as lost writes, core/lost_creation.hpp).
std::vector<GoneDigest> take_gone_of_row(Replica& store, TableId table, const Id& row);
// Forgets every digest naming one of `rows` (rows a revocation removed), by one read of table 9.
void forget_gone_of_rows(Replica& store, TableId table, const std::vector<Id>& rows);
// Whether the row this device holds has g's field at a version newer than g's: a field of this
// Mutua's schema in a table of last-writer-wins fields (digests of a newer Mutua's fields are
// not taken, so not passed on: docs/security.md says why that is safe).
bool gone_fits(const Replica& store, const GoneDigest& g);
// The version the record holds on g's field, a field of this Mutua's schema in a table of
// last-writer-wins fields (nullopt: no such record or field).
std::optional<Stamp> version_held_for(const Replica& store, const GoneDigest& g);
// The digests kept for one row, by a full read of table 9 (tests, and the check to come).
std::vector<GoneDigest> gone_digests(const Replica& store, TableId table, const Id& row);

}  // namespace mutua
