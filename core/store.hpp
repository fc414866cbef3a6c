#pragma once
// EntryStore: one device's SQLite database. Every change goes through one write path that
// stamps each changed field with a hybrid logical clock value, the origin device and that
// origin's next sequence number, so that sync can send what a peer lacks and merge the same way
// on every device.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/db.hpp"
#include "core/history_event.hpp"
#include "core/hlc.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/schema.hpp"

namespace mutua {

struct EntryQuery {
  std::optional<Kind> kind;
  std::optional<Status> status;     // exact status (after derivation)
  bool active_only = false;         // open/partly_met needs, available/partly_taken offers
  std::optional<std::string> category;
  std::optional<int64_t> updated_since;  // ms since epoch: last changed at or after this time
  // Entries at this site, compared as fold_word does (case and accents ignored). With
  // active_only and a kind, pages and counts come from an index, however large the table.
  std::optional<std::string> site;
};

// Keyset cursor: a page costs O(page size) whatever its position.
struct PageCursor {
  int64_t urgency = 0;
  int64_t created_at = 0;
  Id id;
};

struct EntryPage {
  std::vector<Entry> entries;
  std::optional<PageCursor> next;  // empty on the last page
};

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
struct MergeResult {
  MergeOutcome outcome = MergeOutcome::known;
  int conflicts = 0;
};

class EntryStore {
 public:
  struct Options {
    Options() = default;
    // {wall}: a store on the given clock (tests).
    Options(HybridClock::WallSource w) : wall(std::move(w)) {}  // NOLINT: implicit on purpose
    HybridClock::WallSource wall = system_now_ms;
    // How far past this device's wall clock a remote stamp may move its clock. Unset: the local
    // setting "max_clock_lead_ms", else one day.
    std::optional<int64_t> max_clock_lead_ms;
  };
  // Opens or creates the database at path, runs migrations, creates the device identity.
  static Result<std::unique_ptr<EntryStore>> open(const std::string& path, Options options);
  static Result<std::unique_ptr<EntryStore>> open(const std::string& path) {
    return open(path, Options{});
  }

  const Db& db() const { return db_; }
  HybridClock& clock() { return clock_; }
  const Id& device_id() const { return device_id_; }
  const std::string& ticket_prefix() const { return ticket_prefix_; }
  int64_t now_ms() const { return clock_.wall_ms(); }
  // How far past its wall clock this device lets remote stamps move its clock (a local setting).
  int64_t max_clock_lead_ms() const { return clock_.max_lead_ms(); }
  void set_max_clock_lead_ms(int64_t ms);

  // Category ids this network accepts (defaults, plus any the group added).
  std::vector<std::string> category_ids() const;

  // --- Entries ---------------------------------------------------------------------------
  // Validates, assigns id, ticket, created_at/by and the initial status, and stores it.
  Result<Entry> add_entry(Entry draft);
  // Replaces the editable fields of an entry with those of `edited` (only changed ones are
  // stamped). Fixed fields (ticket, kind, created_*) are ignored.
  Result<Entry> update_entry(const Entry& edited);
  Result<Entry> set_status(const Id& entry, Status status);
  std::optional<Entry> entry(const Id& id) const;
  std::optional<Entry> entry_by_ticket(std::string_view ticket) const;
  EntryPage list_entries(const EntryQuery& q, size_t limit,
                         const std::optional<PageCursor>& after = std::nullopt) const;
  int64_t count_entries(const EntryQuery& q) const;

  // Bulk import (CSV): keeps given ids and created_at/updated_at; an entry already present
  // with the same or newer updated_at is left alone. One transaction; all or nothing.
  struct ImportCounts {
    size_t added = 0, updated = 0, unchanged = 0;
  };
  Result<ImportCounts> import_entries(const std::vector<Entry>& entries);

  // --- Matches and handovers ---------------------------------------------------------------
  Result<Match> add_match(const Id& need, const Id& offer, int64_t quantity,
                          MatchStatus status = MatchStatus::proposed);
  Result<Match> set_match(const Id& match, int64_t quantity, MatchStatus status);
  std::optional<Match> match(const Id& id) const;
  std::vector<Match> matches_for(const Id& entry) const;
  Result<Handover> add_handover(const Id& match, int64_t quantity, const Id& undoes = Id{});
  std::vector<Handover> handovers_for_match(const Id& match) const;
  // Units handed over against an entry, from the insert-only handover records.
  int64_t handed_over(const Id& entry) const;

  // --- History ------------------------------------------------------------------------------
  // What happened (EventFacts: kind, field, before, after...), when, where and by whom.
  struct EntryEvent : EventFacts {
    int64_t at = 0;
    Id device;
    std::string actor;  // the signed-in volunteer, or empty for the device owner's shell
  };
  // Who changed what on an entry, oldest first.
  std::vector<EntryEvent> history(const Id& entry) const;
  // The name stamped on the events this device writes from now on.
  void set_actor(std::string name) { actor_ = std::move(name); }
  const std::string& actor() const { return actor_; }
  // "Keep this one": writes the chosen value as a new version (it then wins everywhere) and
  // removes the conflict record.
  Result<Ok> resolve_conflict(int64_t conflict_id, bool keep_losing_value);

  // --- Devices, sites, settings -----------------------------------------------------------
  std::optional<Device> device(const Id& id) const;
  std::vector<Device> devices() const;
  Result<Ok> put_device(const Device& d);  // writes only fields that differ
  Settings settings() const;

  // --- Purge ------------------------------------------------------------------------------
  // Blanks contact fields of finished entries older than `days`; returns how many. The blanking
  // is an ordinary stamped write, so it replicates; conflict records holding the old values go.
  // Age counts from when the row last changed here (updated_at never lies past this device's
  // clock), so a stamp from a device whose clock runs years ahead cannot keep contacts forever.
  Result<size_t> purge_contacts(int64_t days);

  // --- Replication (used by sync/) --------------------------------------------------------
  // The one write path. Creates the row with `fixed` when absent. A row that an import would
  // refuse (validate_row) is refused here with the same reason, and nothing is written. Each
  // changed field gets a version greater than its current one, even when that one came from a
  // device whose clock runs far ahead (the next value after it; this device's clock itself stays
  // put). A field whose version is already the greatest possible (kHlcMax) can only be
  // superseded by a device whose id orders after that version's origin; elsewhere the write is
  // refused, changing nothing (see can_supersede).
  Result<Ok> write(TableId table, const Id& id, const std::vector<Value>* fixed,
                   const std::vector<std::pair<uint16_t, Value>>& changes);
  std::optional<Row> read_row(TableId table, const Id& id) const;
  // Whether a local write can give a field a version greater than `current`.
  bool can_supersede(const Stamp& current) const;
  // Streams every row of a table (stops when f returns false), by id or, for bundles, oldest
  // change first (which keeps delta-coded columns small).
  void for_each_row(TableId table, const std::function<bool(const Row&)>& f,
                    bool by_time = false) const;
  // Merges one incoming row (last writer wins per field), with its extras; a row of a table this
  // device does not know is kept opaquely. Call inside a Transaction.
  MergeResult merge(const Row& incoming);
  // Columns and tables of a newer Mutua, kept to be passed on (core/extras.cpp). Extras of the
  // rows of one known table, by row id; and every row of every table this device does not know.
  bool has_extras() const;
  std::map<Id, std::vector<ExtraValue>> extras_of(TableId table) const;
  void for_each_unknown_row(const std::function<bool(const Row&)>& f) const;
  VersionVector version_vector() const;
  void raise_vector(const VersionVector& v);  // call inside a Transaction
  std::vector<Conflict> conflicts() const;

  // What each peer device is known to hold (the vector its last bundle covered).
  struct Peer {
    Id device;
    VersionVector vector;
    int64_t last_heard = 0;
  };
  std::optional<Peer> peer(const Id& device) const;
  std::vector<Peer> peers() const;
  void record_peer(const Id& device, const VersionVector& v);  // call inside a Transaction

  struct SyncLogEntry {
    int64_t at = 0;
    std::string source;
    Id sender;
    int64_t added = 0, updated = 0, conflicts = 0, known = 0;  // records of every kind
    // Needs and offers only (what a person reads as "new"); -1 in rows logged before they were.
    int64_t new_entries = 0, updated_entries = 0;
    std::string error;    // the English line (empty: no error)
    int problem = 0;      // why it failed, as a code the sync screen words in its language
    std::string detail;   // the problem's parameter, e.g. another network's name
    std::vector<ClockSkew> clock_skews;  // devices whose clock the bundle showed far off
  };
  void log_sync(const SyncLogEntry& e);
  std::vector<SyncLogEntry> sync_log(size_t limit) const;
  // An order-independent hash of the replicated content, for convergence checks.
  std::string content_hash() const;

  // Moves the write-ahead log into the database file and empties it (best effort).
  void checkpoint();

  // Picks a new ticket prefix for future tickets if another device already uses ours.
  void ensure_unique_ticket_prefix();

  // Key-value store for this device's own settings (never replicated).
  std::optional<std::string> local_get(std::string_view key) const;
  void local_set(std::string_view key, std::string_view value);

  // Recomputes an entry's derived status from its manual status and its handovers.
  void refresh_state(const Id& entry);
  // Re-reads in-memory caches from the database (after a rolled-back transaction).
  void reload_caches();

 private:
  friend class StoreTransaction;
  Statement& cached(std::string_view sql) const;
  EntryStore(Db db, Options options);
  void init_identity();
  uint32_t origin_index(const Id& origin);
  const Id& origin_id(uint32_t index) const;
  std::string encode_stamps(const std::vector<Stamp>& stamps);
  std::vector<Stamp> decode_stamps(std::string_view blob, size_t count) const;
  void store_row(const Row& row, bool exists);
  bool merge_extras(const Row& in);  // true when something changed
  MergeResult merge_unknown_row(const Row& in);
  void after_row_change(const Row& row);
  uint64_t next_seq();
  bool already_known(const Stamp& s) const;
  void forget_conflicts(const Id& row, size_t field);
  void log_event(const Id& entry, const EventFacts& e);
  void record_conflict(const Row& row, size_t field, const Value& loser, const Stamp& ls,
                       const Value& winner, const Stamp& ws);
  Status derive_state(const Row& entry_row) const;
  std::string settings_categories_text() const;
  Entry entry_from_statement(const Statement& st) const;
  // Bulk import into an empty table (core/replica_fast.cpp): StoreTransaction opens and closes
  // the scope; merge calls start_bulk_if_empty, which may drop the table's secondary indexes
  // until leave_bulk_scope(true) builds them again before the commit.
  void enter_bulk_scope();
  void leave_bulk_scope(bool committing);
  void start_bulk_if_empty(TableId table);

  Db db_;
  HybridClock clock_;
  Id device_id_;
  std::string ticket_prefix_;
  std::vector<Id> origins_;           // local index -> device id (index 0 unused)
  std::map<Id, uint32_t> origin_of_;  // device id -> local index
  uint32_t self_origin_ = 0;
  std::string actor_;
  mutable std::map<std::string, Statement, std::less<>> statements_;
  int bulk_depth_ = 0;                     // open StoreTransactions
  uint32_t bulk_checked_ = 0;              // a bit per table already looked at in this scope
  std::vector<std::string> bulk_indexes_;  // CREATE INDEX statements to run before the commit
  bool bulk_no_handovers_ = false;         // the handovers table is known empty (no row stored since)
};

// A transaction on the store: rolls back unless committed, and then drops cached state that the
// rolled-back work may have added.
class StoreTransaction {
 public:
  explicit StoreTransaction(EntryStore& store) : store_(store) {
    tx_.emplace(store.db());
    store_.enter_bulk_scope();
  }
  StoreTransaction(const StoreTransaction&) = delete;
  StoreTransaction& operator=(const StoreTransaction&) = delete;
  ~StoreTransaction() {
    if (committed_) return;
    if (!left_) store_.leave_bulk_scope(false);
    tx_.reset();
    store_.reload_caches();
  }
  void commit() {
    // Indexes dropped for a bulk import are built again inside the transaction.
    store_.leave_bulk_scope(true);
    left_ = true;
    tx_->commit();
    committed_ = true;
  }

 private:
  EntryStore& store_;
  std::optional<Transaction> tx_;
  bool committed_ = false;
  bool left_ = false;
};

std::string encode_vector(const VersionVector& v);
std::optional<VersionVector> decode_vector(std::string_view bytes);

// Converts between the domain struct and its replicated row.
Row entry_to_row(const Entry& e);
Entry entry_from_row(const Row& r);

}  // namespace mutua
