#pragma once
// The writes of a creation that lost (docs/security.md, "Signed versions", "Lost creations";
// docs/bundle-format.md, "Table 10: lost creations").
//
// Two creations of one record with different fixed values (the same spreadsheet row imported on
// two devices) converge to one, kept whole (core/fixed_fields.hpp): the other's rows and versions
// are dropped everywhere. But a write's leaf in its device's chain (core/write_chain.hpp) covers
// every row it stamped, and a CSV import is one write for thousands of rows: with one row gone,
// no device could rebuild that chain again. So whichever device sees a creation lose (its own row
// losing to one that arrives, or an arriving one losing to its own) keeps, for each write that
// stamped the losing row, H(version_message) of that write on that row, under the write's own
// stamp, and bundles carry it. The rebuild takes it for the row's place in the write's leaf.
//
// It replicates as a row of table 10, an insert-only table of fixed columns whose one creation
// version is the lost write's own (hlc, origin, seq; prev 0), kept like table 9 (core/
// superseded.hpp) as a newer Mutua's table: older Mutuas keep it and pass it on unread.
//
// A receiver takes one only where no row it holds carries that write on any field (the row
// holds another creation or later writes, or is not held: the creation that won was a revoked
// device's, taken back, or refused here): no relay can make a write a row holds look lost. A
// row added whole later that carries the write, or a row held that takes it later, takes the
// digest's place (forget_lost_carried), as on a device that never kept it. A revocation that
// removes a row keeps the lost writes that name it, but the revoked device's own past its cut-off.
// Nothing here checks the digest itself: a forged one only adds a row to a leaf, and the chain of
// that write's device then fails to rebuild here (docs/security.md says what that leaves). Naming a
// row not held adds nothing to what a forger could do before: any row held that does not carry the
// write was taken too.
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"
#include "core/version_sig.hpp"

namespace mutua {

inline constexpr auto kLostTable = static_cast<TableId>(10);
// Its fixed columns (ids never reused; docs/bundle-format.md).
namespace lost_column {
enum : uint16_t { table = 1, row, digest_head, digest_tail };
}

struct LostWrite {
  TableId table = TableId::entries;
  Id row;
  Stamp version;     // the write: hlc, origin, seq (prev 0)
  Digest message{};  // H(version_message) of that write on that row (core/write_chain.hpp)
};

// The row id: BLAKE2b-128 over "MUTUA-LOST-1", table (1 byte), row (16), origin (16), seq (8 LE)
// and the digest (32).
Id lost_id(const LostWrite& w);
Row lost_row(const LostWrite& w);
std::optional<LostWrite> lost_of(const Row& row);

// What lost_writes needs of a losing row, without its values (an import holds one per row a
// digest of its bundle names until those digests come): the digest of its fixed values and,
// for each write a field of it holds, the digests of those fields.
struct LoserDigests {
  struct Write {
    Stamp version;  // hlc (of the first field holding it), origin, seq
    FieldDigests held;
  };
  TableId table = TableId::entries;
  Id row;
  Digest fixed{};
  std::vector<Write> writes;  // ascending by (origin, seq)
  // held_digests for a write no field holds: nothing, but an insert-only row's one digest.
  FieldDigests unheld;
};
LoserDigests loser_digests(const Row& loser);

// The writes that stamped `loser`, a creation that lost, of a table this Mutua knows: every
// version a field holds, and those of `gone` (the digests of its fields superseded, as table 9
// kept them for that row). `network`: the network whose chains they belong to.
std::vector<LostWrite> lost_writes(const Id& network, const LoserDigests& loser,
                                   const std::vector<GoneField>& gone);
std::vector<LostWrite> lost_writes(const Id& network, const Row& loser,
                                   const std::vector<GoneField>& gone);

// The arriving rows of one import whose creation lost here and that a superseded field's digest
// of the same bundle names (table 9 comes after the rows): what lost_writes needs of each, and
// those digests as they come, until every row is read. Kept in a TEMP table, not in memory
// (about 850 bytes a row there: 50,000 rows cost 43 MB): SQLite keeps a temporary database in a
// small cache of its own (2 MB by default) and the rest in a temporary file (temp_store FILE, the
// default; docs/security.md, "Lost creations"). Use it inside the import's transaction: a
// rollback takes it back with the rest.
class NamedLosers {
 public:
  explicit NamedLosers(Replica& store);
  // A losing copy of a row: replaces an earlier losing copy's digests (its gone digests stay).
  void hold(const LoserDigests& loser);
  // A digest of a superseded field of a row held (after hold), in the bundle's order.
  void add_gone(TableId table, const Id& row, const GoneField& gone);
  // Calls f for each row held, by (table, row), with its gone digests in the order they came,
  // reading one row at a time; then holds nothing.
  void drain(const std::function<void(const LoserDigests&, const std::vector<GoneField>&)>& f);

  // The rows no digest names are held here too, in a TEMP table of their own, as the lost
  // writes made of them at once (about 80 bytes a write). In memory they took about 190 bytes a
  // row: an import of 50,000 such rows peaked 9 MB above one that made none, 2.7 times the
  // bundle's 3.4 MB body (docs/security.md, "Lost creations").
  // The writes of a losing copy of a row: replaces those of an earlier losing copy.
  void hold_made(TableId table, const Id& row, const std::vector<LostWrite>& writes);
  // Calls f with each row's writes, by (table, row), one row at a time; then holds nothing.
  void drain_made(const std::function<void(const std::vector<LostWrite>&)>& f);

 private:
  Replica& store_;
  bool made_ = false;       // the table, made (or emptied) at the first row held
  bool made_made_ = false;  // the same for hold_made's table
  int64_t next_gone_ = 1;   // orders a row's gone digests after its digests (0)
};

// Keeps w (nothing when it is here already). Call inside a transaction.
void keep_lost(Replica& store, const LostWrite& w);
// Whether w's row is of a table this device knows, and no row here carries w's write on any
// field (the row is held with another creation or later writes, or is not held at all).
bool lost_fits(const Replica& store, const LostWrite& w);
// Forgets the lost writes naming one of the rows `added` (by table and id: added whole by an
// import, its creation replaced by another, or a version taken) that the row now carries: that
// creation won here after all (its winner was taken back or refused here, or it was met only
// through its lost writes before), and a device that held the row all along never kept them. One
// read of table 10.
void forget_lost_carried(Replica& store, const std::set<std::pair<TableId, Id>>& added);
// The records held here that a lost write held here names, and that do not carry it. Such a
// record may still take that write: where a take-back removed the record and kept the write
// (one of its own later versions), then the record came back at an older version, this device's
// vector counts the write it holds only as a lost write, and a bundle carrying it looks known
// (sync/bundle.cpp reads such a bundle for them: docs/security.md, "A write held only as lost").
// One read of table 10, and one read of each record it names.
std::vector<std::pair<TableId, Id>> rows_naming_lost_writes(const Replica& store);
// A record whose creation a revocation takes back (docs/security.md, "A record whose creation
// is taken back"): its creation is the version with no predecessor (prev 0) on its first field,
// which every creation stamps (a table's fields are only ever appended). Such a record goes
// whole, everywhere, and the other devices' writes on it are kept as lost writes: kept with its
// other fields empty, it was a record no one could edit or show ("unknown category ''"). Only
// tables of last-writer-wins fields, devices' records aside (a device's own record carries its
// revocation).
bool creation_can_go(TableId table);
// Of a row whose versions of one revoked device past its cut-off are taken out (`refused`, by
// field, with their versions as they came): whether its creation is among them. Its first
// field's version is, or that version directly replaced one of them (the creation, still held
// on another field).
bool creation_refused(TableId table, const std::vector<Stamp>& stamps,
                      const std::vector<bool>& refused);

// The lost writes of `origin` with after < seq <= upto, by a full read of table 10 (tests, and
// the check to come).
std::vector<LostWrite> lost_writes_of(const Replica& store, const Id& origin, uint64_t after,
                                      uint64_t upto);

}  // namespace mutua
