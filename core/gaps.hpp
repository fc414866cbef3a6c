#pragma once
// Gaps: records set aside that had replaced a version their device never held (docs/security.md,
// "Delta bundles and set-aside records"; docs/bundle-format.md, "Table 8: gaps").
//
// A device C that sets aside a version which replaced another (`prev != 0`) still counts it in
// its vector, so no delta for C would carry the valid version it replaced if C never held it.
// C says so in a replicated, insert-only row of table 8 (`gaps`), written once by C itself with
// its own stamp. A device building a delta for C reads C's open gaps and, for each field it
// holds at a version at or past the one replaced (and not the set-aside version itself), treats
// C's claim for that version's origin as at most its seq - 1, so the delta carries it again.
// Once C holds a version at or past the one replaced (or was offered one and set it aside
// again), it writes a second row, "filled", and the lowering for that gap stops.
//
// This Mutua keeps the table as an older Mutua keeps any table a newer one added (extra_rows and
// extra_fields): the bytes it writes are exactly what an older device relaying them writes, and
// an older device updated to this version reads the rows it already relayed.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"

namespace mutua {

inline constexpr auto kGapsTable = static_cast<TableId>(8);
// Its fixed columns (ids never reused; docs/bundle-format.md).
namespace gap_column {
enum : uint16_t { kind = 1, device, origin, seq, table, row, field, prev };
}
// Rows read per peer when a delta is built, open gaps applied per peer, gaps a device writes
// per import, and open gaps of its own it keeps at once: a member who writes millions of rows
// still changes what is sent to it by at most kGapsPerPeer fields' origins.
inline constexpr size_t kGapsRead = 256, kGapsPerPeer = 32, kGapsPerImport = 16;

struct Gap {
  bool filled = false;  // false: set aside; true: the second row, "filled"
  Id device;            // the device that set the version aside, and wrote this row
  Id origin;            // the set-aside version's origin and sequence number
  uint64_t seq = 0;
  TableId table = TableId::entries;
  Id row;
  uint16_t field = 0;  // the field's column id (FieldDef::id)
  HlcValue prev = 0;   // the hlc of the version the set-aside one replaced
};

// The row id of a gap (or of its "filled" row): BLAKE2b-128 over "MUTUA-GAP-1", the kind and
// the fixed values but prev, so a gap is written once however often its version is set aside.
Id gap_id(const Gap& g);
// A gaps row as it replicates (fixed values as extras), and back. gap_of takes only rows whose
// creation stamp's origin is the device they name: a device's own rows about itself.
Row gap_row(const Gap& g, const Stamp& creation);
std::optional<Gap> gap_of(const Row& row);

// Writes g (or its "filled" row) as this device's own write: stamped with its next sequence
// number, kept as an import keeps a row of a table it does not know, and signed
// (Replica::sign_version). Nothing when the row is here already. Call inside a transaction.
void write_gap(Replica& store, const Gap& g);

// The gaps `device` wrote about itself and has not filled, at most kGapsPerPeer of the first
// kGapsRead rows that name it.
std::vector<Gap> open_gaps(const Replica& store, const Id& device);

// Lowers `base` (what a delta for `peer` may leave out) for each open gap of `peer`: see above.
void lower_for_gaps(const Replica& store, const Id& peer, VersionVector& base);

// During an import (sync/apply_body.cpp): each record set aside is noted; finish() then writes
// the gaps it opened (at most kGapsPerImport, and kGapsPerPeer open at once) and fills those of
// this device's open gaps that the import answered. Call finish inside the import's transaction.
class GapNotes {
 public:
  void set_aside(const Replica& store, const Row& row);
  void finish(Replica& store);

 private:
  std::vector<Gap> opened_;
  struct Offered {
    TableId table;
    Id row;
    uint16_t field;
    Stamp stamp;
  };
  std::vector<Offered> offered_;
};

}  // namespace mutua
