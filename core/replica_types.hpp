#pragma once
// What the replication engine (core/replica.hpp) hands its callers besides rows: version vectors,
// the result of a merge, conflicts, peers and the sync log, and the hook through which the
// domain keeps derived state.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.hpp"
#include "core/schema.hpp"

namespace mutua {

// Origin device -> highest sequence number known from it.
using VersionVector = std::map<Id, uint64_t>;

// A device whose clock is off from this device's by offset_ms (> 0: ahead, < 0: behind), as an
// import found it (sync/clock_skew.hpp). Offsets are lower bounds.
struct ClockSkew {
  Id device;
  int64_t offset_ms = 0;
  bool operator==(const ClockSkew&) const = default;
};

struct Conflict {
  int64_t id = 0;
  TableId table = TableId::entries;
  Id row;
  std::string field;
  std::string losing_value;
  std::string winning_value;
  Id losing_origin;
  Id winning_origin;
  int64_t recorded_at = 0;
};

// What merging one incoming row did.
enum class MergeOutcome { added, updated, known };
// A field a write stamped whose value is gone from the row (core/superseded.hpp keeps them, as
// table 9, with the row they name).
struct GoneField {
  uint16_t field = 0;  // FieldDef::id
  Stamp version;
  Digest digest{};
};
struct MergeResult {
  MergeOutcome outcome = MergeOutcome::known;
  int conflicts = 0;
  // The versions the row took from the incoming one (bit f: field f; an insert-only row or a
  // newer Mutua's row, and a row added whole: every bit): what the chain check on import asks
  // of a version numbered below where it checked (sync/chain_check.hpp).
  uint64_t taken = 0;
  // Of those, the fields where it replaced a version held here (not an empty field's first).
  uint64_t replaced = 0;
  // The row came with other fixed values than the ones held, which stay (a creation that lost):
  // digests of superseded versions naming it in the same bundle are not taken.
  bool creation_lost = false;
  // The row held here lost to the one that came (it is replaced): as it was, and the digests of
  // its superseded fields, which are forgotten. Its writes' digests are the caller's to keep
  // (core/lost_creation.hpp), since they name the network.
  std::optional<Row> replaced_creation;
  std::vector<GoneField> replaced_gone;
  // Of the row that lost, the fields whose version this device wrote after the creation and which
  // would win over the incoming row's version were the two one row: changes made here on the
  // creation that lost (a status set on a spreadsheet row imported on two devices). Each with the
  // value to write again, as a new local write, once the import is done (sync/apply_body.cpp),
  // so that the change is not lost and reaches every device with the creation that was kept.
  std::vector<std::pair<uint16_t, Value>> own_changes_lost;
  // Of the row that lost, the ticket this device gave it, when the row kept has another: the
  // caller writes it down for every device (core/ticket_notes.hpp), so a slip printed here finds
  // the entry on devices that never held this creation.
  std::string own_ticket_lost;
};

// What each peer device is known to hold (the vector its last bundle covered).
struct Peer {
  Id device;
  VersionVector vector;
  int64_t last_heard = 0;
};

struct SyncLogEntry {
  int64_t at = 0;
  std::string source;
  Id sender;
  int64_t added = 0, updated = 0, conflicts = 0, known = 0;  // records of every kind
  // Needs and offers only (what a person reads as "new"); -1 in rows logged before they were.
  int64_t new_entries = 0, updated_entries = 0;
  std::string error;   // the English line (empty: no error)
  int problem = 0;     // why it failed, as a code the sync screen words in its language
  std::string detail;  // the problem's parameter, e.g. another network's name
  std::vector<ClockSkew> clock_skews;  // devices whose clock the bundle showed far off
  // Records refused as versions of a revoked device past its cut-off, and those devices' names.
  int64_t refused_revoked = 0;
  std::string refused_from;
  // Records set aside because they broke a rule (sync/set_aside.hpp), the names of the devices
  // that wrote them, and the first one's reason (English).
  int64_t set_aside = 0;
  std::string set_aside_from, set_aside_why;
  // Records a revocation this import brought took back (removed or changed), and the revoked
  // devices' names (migration 27).
  int64_t taken_back = 0;
  std::string taken_back_from;
};

// The hook through which the domain keeps derived state. Called by the engine inside the write's
// or merge's transaction; implementations may read rows and call write() (never merge()).
class RowObserver {
 public:
  virtual ~RowObserver() = default;
  // The local `state` column stored beside an entries row (never replicated).
  virtual int64_t derived_state(const Row& entry_row) const = 0;
  // A row was created or changed, by a local write or by a merge.
  virtual void row_changed(const Row& row) = 0;
  // A row merged from another device that breaks a rule only the domain's whole data can check
  // (a handover larger than its need, offer or match ever held: core/handover_limits.hpp): why,
  // and the import rolls back. Asked once everything the bundle carries is merged.
  // `later`, when given, is set when nothing is returned only for want of the records the row is
  // judged against (a handover whose match, or both of whose entries, are not here): it is
  // judged again when they come (core/unjudged_records.hpp).
  virtual std::optional<std::string> refuse_incoming(const Row&, bool* /*later*/) const {
    return std::nullopt;
  }
  // Rows held here that such a rule refuses now that a take-back removed or changed `touched`
  // (each by its table, id and fixed values as they were; no fields): a handover over its limit
  // once the offer, need or quantity change that allowed it is gone. Each with why (English).
  virtual std::vector<std::pair<std::pair<TableId, Id>, std::string>> refused_after(
      const std::vector<Row>& /*touched*/) const {
    return {};
  }
  // A conflict on `row` was resolved by hand; `kept` is the value written when the other value
  // was chosen, else null.
  virtual void conflict_resolved(TableId table, const Id& row, uint16_t field,
                                 const Value* kept) = 0;
};

std::string encode_vector(const VersionVector& v);
std::optional<VersionVector> decode_vector(std::string_view bytes);

}  // namespace mutua
