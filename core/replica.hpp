#pragma once
// Replica: the replication engine of one device's database. Every change goes through one write
// path that stamps each changed field with a hybrid logical clock value, the origin device and
// that origin's next sequence number, so that a transport (USB bundle, later LAN sync) can send
// what a peer lacks and merge the same way on every device.
//
// The engine knows rows (core/schema.hpp), not entries or matches. State derived from rows (an
// entry's status from its handovers) is computed by the domain through a RowObserver that the
// composition root (core/store.hpp) registers. This header hands out no database handle: the
// domain services (core/services.hpp) change data only through write(), and transports use
// only this class. See docs/architecture.md.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/boot_clock.hpp"
#include "core/db_error.hpp"
#include "core/hlc.hpp"
#include "core/model.hpp"
#include "core/pending_leaves.hpp"
#include "core/replica_types.hpp"
#include "core/result.hpp"
#include "core/schema.hpp"
#include "core/write_chain.hpp"

namespace mutua {

class CachedStatement;
class Db;
class Statement;
class Transaction;
struct LostWrite;

class Replica;

// A transaction on the replica: rolls back unless committed, and then drops cached state that the
// rolled-back work may have added. Transactions nest (savepoints).
class ReplicaTransaction {
 public:
  explicit ReplicaTransaction(Replica& replica);
  ReplicaTransaction(const ReplicaTransaction&) = delete;
  ReplicaTransaction& operator=(const ReplicaTransaction&) = delete;
  ~ReplicaTransaction();
  void commit();

 private:
  Replica& replica_;
  std::unique_ptr<Transaction> tx_;
  bool committed_ = false;
  bool left_ = false;         // the bulk scope was closed (by commit)
  size_t leaves_before_ = 0;  // the replica's pending leaves when it began
};

class Replica {
 public:
  struct Options {
    Options() = default;
    // {wall}: a store on the given clock (tests).
    Options(HybridClock::WallSource w) : wall(std::move(w)) {}  // NOLINT: implicit on purpose
    HybridClock::WallSource wall = system_now_ms;
    // Time since boot, for counts the wall clock must not move (the PIN lockout).
    BootSource boot = system_boot_time;
    // How far past this device's wall clock a remote stamp may move its clock. Unset: the local
    // setting "max_clock_lead_ms", else one day.
    std::optional<int64_t> max_clock_lead_ms;
  };
  // On a migrated database (the composition root opens it); creates the device identity.
  // `observer` (may be null) keeps the domain's derived state; it must outlive the replica.
  Replica(Db& db, Options options, RowObserver* observer = nullptr);
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // --- Identity ---------------------------------------------------------------------------
  HybridClock& clock() { return clock_; }
  const Id& device_id() const { return device_id_; }
  const std::string& ticket_prefix() const { return ticket_prefix_; }
  // Re-reads the ticket prefix (another connection, a sync on a worker thread, may change it).
  const std::string& refresh_ticket_prefix();
  int64_t now_ms() const { return clock_.wall_ms(); }
  // Time since this machine booted, and the boot's id (core/boot_clock.hpp).
  BootTime boot_time() const { return boot_ ? boot_() : system_boot_time(); }
  // How far past its wall clock this device lets remote stamps move its clock (a local setting).
  int64_t max_clock_lead_ms() const { return clock_.max_lead_ms(); }
  void set_max_clock_lead_ms(int64_t ms);
  // The name stamped on the events this device writes from now on.
  void set_actor(std::string name) { actor_ = std::move(name); }
  const std::string& actor() const { return actor_; }
  // Picks a new ticket prefix for future tickets if another device already uses ours.
  void ensure_unique_ticket_prefix();
  // A device's record as the network knows it (name, public key, revoked), for authenticating
  // and naming a bundle's sender. Its revoked flag and cut-off are the derived state
  // (revoked_until), not the two fields as written.
  std::optional<Device> device(const Id& id) const;
  // Who is revoked: device -> the last of its numbers accepted (the largest number: revoked with
  // no cut-off, by an older Mutua), as the rule of docs/revocation-records.md derives it from the
  // revocation records and the versions of the `revoked` fields held
  // (core/revocation_records.hpp). Kept until a device's record or a row of table 12 changes, or
  // a transaction rolls back.
  const std::map<Id, uint64_t>& revoked_until() const;
  // The revoked flag and cut-off of `d` set from revoked_until.
  Device with_derived_revocation(Device d) const;
  void forget_revocations() const { revoked_until_.reset(); }
  // Removes the signed claims (fields 8 and 9) from `device`'s record here.
  void forget_claims_in_record(const Id& device);

  // --- Transactions -----------------------------------------------------------------------
  ReplicaTransaction transaction() { return ReplicaTransaction(*this); }

  // --- Rows -------------------------------------------------------------------------------
  // The one write path. Creates the row with `fixed` when absent. A row that an import would
  // refuse (validate_row) is refused here with the same reason, and nothing is written. Each
  // changed field gets a version greater than its current one, even when that one came from a
  // device whose clock runs far ahead (the next value after it; this device's clock itself stays
  // put). Over another device's version whose next value would be at or past the year 10000
  // (kHlcImpossible, kHlcMax included) the write is refused, changing nothing, until that
  // device is revoked; at kHlcMax a version of this device's own can be superseded only by a
  // device whose id orders after it (see can_supersede). A device's revoked flag and cut-off
  // are the exception, so that it can always be revoked: its own version of them past the year
  // 9999 ranks last and is superseded at this device's clock (core/revocation_rank.hpp), and
  // another device's there with the next value; only kHlcMax refuses them.
  Result<Ok> write(TableId table, const Id& id, const std::vector<Value>* fixed,
                   const std::vector<std::pair<uint16_t, Value>>& changes);
  std::optional<Row> read_row(TableId table, const Id& id) const;
  // Whether rows with these ids are all held (nothing decoded): a primary key lookup each, or,
  // for many, one walk of the table's ids in order. `ids` is sorted here.
  bool holds_rows(TableId table, std::vector<Id>& ids) const;
  static constexpr size_t kHoldsRowsWalkFrom = 2048;
  // Whether a local write can give a field a version greater than `current`.
  bool can_supersede(const Stamp& current) const;
  // "device 'Tablet 2'", or the first 8 hex digits of its id when it has no name here: for
  // messages that name who wrote a version.
  std::string device_label(const Id& device) const;
  // Its name here, or the first 8 hex digits of its id: for a screen's own words.
  std::string device_name(const Id& device) const;
  // A local write's refusal over `current`, a version can_supersede refuses: "<what> was written
  // by device 'Tablet 2' (#57) with a clock past the year 9999, ...", ErrorKind::past_year_9999,
  // the writer's name as its subject.
  Error refusal_past_year_9999(std::string_view what, const Stamp& current) const;
  // Streams every row of a table (stops when f returns false), by id or, for bundles, oldest
  // change first (which keeps delta-coded columns small).
  void for_each_row(TableId table, const std::function<bool(const Row&)>& f,
                    bool by_time = false) const;
  // The ids of the rows of a table that hold a version a peer whose vector is `peer` lacks (for
  // an insert-only table: its creation; else one of its fields), oldest change first as
  // for_each_row by time orders them; nothing when there are more than `limit`. Reads only ids,
  // times and versions, and only of the rows changed here since the peer's vector could lack
  // anything (the change sequence, core/replica_changes.cpp): nothing at all for a peer in step.
  std::optional<std::vector<Id>> rows_since(TableId table, const VersionVector& peer,
                                            size_t limit) const;
  // The same, reading every row (the reference the change sequence is tested against).
  std::optional<std::vector<Id>> rows_since_full_scan(TableId table, const VersionVector& peer,
                                                      size_t limit) const;
  // The lowest change sequence number a row holding a version `peer` lacks can have; nothing:
  // no row here holds such a version (core/replica_changes.cpp).
  std::optional<int64_t> change_floor(const VersionVector& peer) const;
  // Every row of a known table that may hold a version of `origin` numbered above `after`: the
  // rows stored at or after the lowest change number such a version can have (the change marks,
  // core/replica_changes.cpp), read in one statement; f filters. `before_this_transaction`: only
  // rows stored before the open transaction (the import has the others in hand). For the chain
  // check on import.
  void for_each_row_of_origin(TableId table, const Id& origin, uint64_t after,
                              bool before_this_transaction,
                              const std::function<bool(const Row&)>& f) const;
  // The rows of newer Mutuas' tables (gaps) other than tables 9 and 10 whose creation is a version
  // of `origin` numbered in (after, upto], with their extras.
  std::vector<Row> unknown_rows_of(const Id& origin, uint64_t after, uint64_t upto) const;
  // Bulk imports that carry their own versions (CSV rows keep the spreadsheet's times): a fresh
  // sequence number of this device, and storing a row already stamped and validated by the
  // caller. Call inside a transaction. A row given as new (`exists` false) is never replaced:
  // false when one with its id was there, and nothing was stored.
  uint64_t next_seq();
  bool store_imported(const Row& row, bool exists) { return store_row(row, exists) || exists; }
  // Before store_imported replaces `replaced` by `row`: every version it supersedes is kept
  // aside, as write() keeps them, so a revocation or a retraction can go back to it.
  void keep_replaced(const Row& row, const Row& replaced);

  // Whether `table` holds no row: looked up once per ReplicaTransaction and then kept by the
  // rows it stores (core/replica_fast.cpp). Outside a ReplicaTransaction: false (not known).
  bool known_empty(TableId table) const;

  // --- Merge ------------------------------------------------------------------------------
  // Merges one incoming row (last writer wins per field), with its extras; a row of a table this
  // device does not know is kept opaquely. Call inside a transaction.
  MergeResult merge(const Row& incoming);
  // The domain's verdict on a merged row (RowObserver::refuse_incoming); nothing: accepted, and
  // `later` set when given if it could not be judged yet.
  std::optional<std::string> refuse_incoming(const Row& row, bool* later = nullptr) const {
    if (later) *later = false;
    return observer_ ? observer_->refuse_incoming(row, later) : std::nullopt;
  }
  // Columns and tables of a newer Mutua, kept to be passed on (core/extras.cpp). Extras of the
  // rows of one known table, by row id; and every row of every table this device does not know.
  bool has_extras() const;
  std::map<Id, std::vector<ExtraValue>> extras_of(TableId table) const;
  // (`only`: of that table alone.)
  void for_each_unknown_row(const std::function<bool(const Row&)>& f,
                            std::optional<TableId> only = std::nullopt) const;
  // Whether any row of such a table is held.
  bool has_unknown_rows(TableId table) const;
  // One row of a table this device does not know, with its extras.
  std::optional<Row> unknown_row(TableId table, const Id& id) const;
  // The extras held for one row of any table, by column.
  std::vector<ExtraValue> extras_of_row(TableId table, const Id& id) const;
  // The rows of a newer Mutua's insert-only table whose fixed id column `column` is `value`
  // (the digests naming one record): reads only that table's values of that column.
  std::vector<Id> unknown_rows_naming(TableId table, uint16_t column, const Id& value) const;
  // Removes a row of a table this Mutua keeps as a newer Mutua's, with its columns.
  void forget_unknown_row(TableId table, const Id& id);
  // The ids of the rows of table 8 (gaps, core/gaps.hpp) whose device column is `device` and
  // whose creation stamp's origin is `device` too, at most `limit` (by row id).
  std::vector<Id> gap_rows_of(const Id& device, size_t limit) const;
  // The ids of the rows of table 11 (tickets given elsewhere, core/ticket_notes.hpp) whose ticket
  // column is `ticket` and whose creation stamp's origin is the device they name, at most `limit`.
  std::vector<Id> ticket_note_rows(std::string_view ticket, size_t limit) const;
  // Calls `each` with the ticket and entry of every local alias (table ticket_aliases) of a
  // ticket this device gave whose entry holds another ticket now, and that no row of table 11 of
  // this device writes down yet: those with this device's ticket prefix, and those a conflict
  // record says were given with a creation of this device. One at a time, as they are read:
  // `each` may write (the rows of table 11 it adds are not read again).
  void each_own_lost_ticket(
      const std::function<void(std::string_view ticket, const Id& entry)>& each) const;
  VersionVector version_vector() const;
  void raise_vector(const VersionVector& v);  // call inside a transaction
  // The highest sequence number each device signed (core/seq_claim.hpp) among the claims this
  // device checked, or its vector entry when this device was updated: local, never merged, it
  // only rises (table `attested`, migration 19). sync/earned_vector.hpp caps relayed raises by it.
  VersionVector attested() const;
  void raise_attested(const VersionVector& v);  // call inside a transaction
  // An order-independent hash of the replicated content, for convergence checks.
  std::string content_hash() const;

  // --- For transports (core/replica_transport.cpp) ---------------------------------------
  // Whether a peer whose vector is `peer` lacks the version `s` (hlc 0: no version to send).
  static bool lacks(const VersionVector& peer, const Stamp& s);
  // Each row of a table that holds a version the peer lacks, with the mask of those fields
  // (bit f: field f; insert-only rows: bit 0). Stops when f returns false.
  void for_each_row_since(TableId table, const VersionVector& peer,
                          const std::function<bool(const Row&, uint64_t mask)>& f,
                          bool by_time = false) const;
  // Merges many rows in one transaction, all or nothing (a DbError rolls every row back).
  struct MergeTotals {
    size_t added = 0, updated = 0, known = 0;
    int conflicts = 0;
  };
  MergeTotals merge_all(const std::vector<Row>& rows);

  // --- Revocation (core/replica_retract.cpp) ----------------------------------------------
  // Takes back every version of `origin` with a sequence number above `cutoff`, as if this
  // device had never received them: a row whose every version goes is removed (with its extras;
  // insert-only rows by their creation stamp); a field goes back to the best version kept aside for
  // it (runner_ups, kept by merge and write) that no revocation takes back, or, without one, to
  // its empty value with no version. Lowers this device's vector for `origin` and every peer's
  // recorded vector for it to `cutoff` (a later reinstatement brings those versions back), and
  // each peer's record for the origin of a restored version to just below it (so it is sent on).
  // Calls the observer for every row it changes or removes. Call inside a transaction.
  struct RetractResult {
    size_t rows_removed = 0, fields_restored = 0, fields_cleared = 0;
    size_t rows_changed = 0;  // kept, with a field sent back or left empty
    // A retracted version had replaced another, which this device may never have held (a
    // bundle read in full brings it from a device that has it).
    bool earlier_unknown = false;
    // Records removed because a rule refuses them without what was taken back (a handover:
    // RowObserver::refused_after), whoever wrote them: each with its writer and why. Noted as set
    // aside (core/set_aside_keys.hpp), so a bundle that brings them when they fit again is read.
    struct Refused {
      Id writer;
      std::string reason;
    };
    std::vector<Refused> refused;
  };
  RetractResult retract_origin_after(const Id& origin, uint64_t cutoff);
  // Removes the records held here that `refused` names (each with why), as an import would have
  // refused them had it judged them with what is held now: noted as set aside
  // (core/set_aside_keys.hpp), so that a bundle that brings one once it fits is read for it, and
  // each one's write added to `lost`, for the caller to keep as a lost write
  // (core/lost_creation.hpp) once its other rows are settled: its writer's chain still holds it.
  // Returns those removed, with their writers. Call inside a transaction.
  std::vector<RetractResult::Refused> set_aside_held(
      const std::vector<std::pair<std::pair<TableId, Id>, std::string>>& refused,
      std::vector<LostWrite>& lost);
  // Whether this device ever took versions back (retract_origin_after ran; kept in `local`):
  // after that, a relayed version may honestly fill a field or record emptied here
  // (sync/relayed_chains.hpp, low_cuts).
  bool took_back() const { return local_get(kTookBackKey).has_value(); }
  static constexpr std::string_view kTookBackKey = "took_back";
  // The highest sequence number of `origin` among the versions this device holds (0: none).
  // A full scan: for revocations, which are rare.
  uint64_t highest_seq_held(const Id& origin) const;
  // The lowest sequence number of `origin` among the versions this device holds or keeps aside
  // that are stamped at or past kHlcImpossible, a clock no device's own reaches (0: none). A
  // full scan, like highest_seq_held.
  uint64_t first_seq_past_clock(const Id& origin) const;
  // The latest clock among the versions of `origin` numbered below `before_seq` that this device
  // holds or keeps aside, below kHlcImpossible (0: none). A full scan, like highest_seq_held.
  HlcValue latest_clock_held(const Id& origin, uint64_t before_seq) const;
  // This device's vector for `origin` at most `seq` (call inside a transaction).
  void lower_vector(const Id& origin, uint64_t seq);
  // Every peer's recorded vector for `origin` at most `seq` (what we send them is then chosen
  // as if they lacked the versions after it).
  void lower_peer_vectors(const Id& origin, uint64_t seq);
  // --- Deltas and taken-back versions (core/replica_delta.cpp) -------------------------------
  // True when `v` claims a version of a device revoked here past its cut-off. Such a peer takes
  // those versions back once it hears of the revocation, and the versions they replaced (of any
  // device, at any sequence number) may be ones it never held: its claim says nothing then of
  // what it will hold (docs/security.md, "Delta bundles and taken-back values").
  bool claims_past_cutoff(const VersionVector& v) const;
  // What a delta for a peer that claims `v` may leave out: `v`, or nothing (a whole bundle)
  // when `v` claims past a cut-off. build_bundle calls it on every base.
  // With `peer` (the device the delta is for), also lowered for that peer's open gaps
  // (core/gaps.hpp): a version it set aside had replaced one it never held.
  VersionVector delta_base(const VersionVector& v, const Id* peer = nullptr) const;
  // After a retraction of `origin` past `cutoff`: a peer recorded as holding `origin` past it is
  // recorded as holding nothing (its next delta is whole); the others are lowered to `cutoff`.
  void forget_peers_past_cutoff(const Id& origin, uint64_t cutoff);
  // The versions kept aside for a field (tests, retraction): every version it held or was
  // offered that lost or was superseded, whatever its origin, the best first, at most
  // kRunnerUpsPerOrigin of one origin and kRunnerUpsPerField in all.
  struct RunnerUp {
    Value value;
    Stamp stamp;
  };
  static constexpr size_t kRunnerUpsPerField = 8, kRunnerUpsPerOrigin = 4;
  std::vector<RunnerUp> runner_ups(TableId table, const Id& row, size_t field) const;
  std::optional<RunnerUp> runner_up(TableId table, const Id& row, size_t field) const;

  // --- Signed versions (core/version_sig.hpp, core/replica_sigs.cpp) -------------------------
  // Notes the version (this device, seq) that `row` carries, as written, for the chain: its
  // H(version_message) becomes a leaf of this transaction's write (no signature of its own: the
  // SEQ-2 claim at commit signs the chain). Nothing before this device is in a network with its
  // signing key (core/seq_claim.hpp's kSeqClaimNetworkKey). Every local write that issues a
  // sequence number calls it.
  void sign_version(const Row& row, uint64_t seq);
  // sign_version in two halves, for an import that hashes its rows on another thread: the
  // leaf's H(version_message) of `row` written as (device, seq) in `network` (nothing when the
  // row makes no leaf; it reads nothing of a Replica, so any thread may call it), and adding
  // that leaf to this transaction's.
  static std::optional<Digest> version_leaf(const Id& network, const Id& device, uint64_t seq,
                                            const Row& row);
  void add_leaf(uint64_t seq, TableId table, const Id& row, const Digest& message);
  // The network this device signs its sequence claims for, and a signature with its key
  // (`sign_sk`): nothing before it is in a network with its key. Both are read from the
  // database once and kept, the key in sodium_malloc'd (locked, guarded) memory, until either
  // may change: secret_set("sign_sk"), local_set of kSeqClaimNetworkKey, or reload_caches (a
  // rollback, another connection's commit).
  std::optional<Id> signing_network() const;
  bool sign_as_device(std::string_view message, unsigned char* sig) const;  // sig: 64 bytes

  // --- The chain of a device's writes (core/write_chain.hpp, core/replica_chain.cpp) ---------
  // Where an origin's chain stands here (table `chain_heads`, migration 24: local, never
  // replicated); for now only this device's own, kept at each commit that issued stamps.
  struct StoredChainHead {
    Id network;
    ChainHead head;
  };
  std::optional<StoredChainHead> chain_head(const Id& origin) const;
  void set_chain_head(const Id& origin, const Id& network, const ChainHead& h);  // inside a tx
  // The gone digests kept for `origin`'s writes numbered in (after, upto], any origin, grouped by
  // (table, row, seq), each group's digests by ascending field id and digest (table 9,
  // core/superseded.hpp: a scan of its rows), for rebuild_chain.
  std::vector<GoneDigests> gone_digests(const Id& origin, uint64_t after, uint64_t upto) const;
  // Called by the claim at commit (core/seq_claim.cpp) with the claim's own number `seq`, the
  // last this transaction issues: folds the transaction's writes into this device's chain in
  // `network`, continuing the stored one when it ends just before them, else starting a new one
  // there; stores the head and returns it.
  ChainHead fold_own_writes(const Id& network, uint64_t seq);

  // --- Conflicts --------------------------------------------------------------------------
  std::vector<Conflict> conflicts() const;
  // Those of one record, by the index on `row`: an entry's screen reads only its own, however
  // many there are (a spreadsheet imported at two sites without tickets leaves one a row).
  std::vector<Conflict> conflicts_of(const Id& row) const;
  // "Keep this one": writes the chosen value as a new version (it then wins everywhere) and
  // removes the conflict record.
  Result<Ok> resolve_conflict(int64_t conflict_id, bool keep_losing_value);
  // Drops the conflict records of one field of a row (purged contact details must survive
  // nowhere). Call inside a transaction.
  void forget_conflicts(const Id& row, size_t field);

  // --- Peers and the sync log -------------------------------------------------------------
  std::optional<Peer> peer(const Id& device) const;
  std::vector<Peer> peers() const;
  void record_peer(const Id& device, const VersionVector& v);  // call inside a transaction
  void log_sync(const SyncLogEntry& e);
  std::vector<SyncLogEntry> sync_log(size_t limit) const;

  // --- LAN peers (core/replica_lan.cpp): the transport's local record of each peer ----------
  struct LanPeerRecord {
    Id device;
    std::string name, host;
    uint16_t port = 0;
    int64_t last_exchange = 0;  // 0: never completed
    uint64_t behind = 0;
    int64_t last_attempt = 0;
    int problem = 0;  // SyncProblem of the last attempt (0: it worked)
    std::string detail;
  };
  std::optional<LanPeerRecord> lan_peer_record(const Id& device) const;
  std::vector<LanPeerRecord> lan_peer_records() const;  // most recent attempt first
  void save_lan_peer_record(const LanPeerRecord& r);

  // --- Local bookkeeping ------------------------------------------------------------------
  // Key-value store for this device's own settings (never replicated).
  std::optional<std::string> local_get(std::string_view key) const;
  void local_set(std::string_view key, std::string_view value);
  // This device's keys (network key, signing key), kept in their own table, apart from people's
  // data and settings; never replicated, never exported (docs/security.md).
  std::optional<std::string> secret_get(std::string_view name) const;
  void secret_set(std::string_view name, std::string_view value);
  // Moves the write-ahead log into the database file and empties it (best effort): true when
  // the log is now empty.
  bool checkpoint();
  // Re-reads in-memory caches from the database (after a rolled-back transaction).
  void reload_caches();
  // SQLite's page cache of this connection, in KiB (core/db.cpp sets 16,000; a bulk import more).
  int64_t page_cache_kib() const;
  void set_page_cache_kib(int64_t kib);

 private:
  friend class ReplicaTransaction;
  friend class NamedLosers;  // its TEMP table (core/lost_creation.hpp)
  struct Statements;
  // Bulk import into an empty table (core/replica_fast.cpp): ReplicaTransaction opens and closes
  // the scope; merge calls start_bulk_if_empty, which may drop the table's secondary indexes
  // until leave_bulk_scope(true) builds them again before the commit.
  void enter_bulk_scope();
  void leave_bulk_scope(bool committing);
  void start_bulk_if_empty(TableId table);
  void reset_statements();  // puts every cached statement at rest
  // The change sequence (core/replica_changes.cpp): the number stored rows get in this
  // transaction, a version's origin and sequence number noted as stored at it, and writing the
  // notes down (inside the transaction) as change marks.
  int64_t change_number();
  void note_change(uint32_t origin, uint64_t seq);
  void write_change_marks();
  std::optional<std::vector<Id>> rows_changed_since(TableId table, const VersionVector& peer,
                                                    size_t limit, int64_t floor) const;
  // A prepared statement kept for reuse, reset when the handle goes out of scope.
  CachedStatement cached(std::string_view sql) const;
  // Re-reads the caches if a rolled-back transaction could not (its destructor never throws), or
  // if another connection (another process on the same file: `mutua lan serve` beside the CLI)
  // committed since they were read (PRAGMA data_version). Inside a ReplicaTransaction the check
  // ran once when it began, under its write lock.
  void ensure_caches();
  void init_identity();
  uint32_t origin_index(const Id& origin);
  const Id& origin_id(uint32_t index) const;
  std::string encode_stamps(const std::vector<Stamp>& stamps);
  std::vector<Stamp> decode_stamps(std::string_view blob, size_t count) const;
  // Whether the row statement changed a row (an insert of a row already there does not).
  bool store_row(const Row& row, bool exists);
  // Calls f(hlc, seq) for each version of `origin` held or kept aside (a full scan).
  void for_each_version_of(const Id& origin,
                           const std::function<void(HlcValue, uint64_t)>& f) const;
  // True when something changed. `fresh`: the row is new here, so it has no columns to look up.
  bool merge_extras(const Row& in, bool fresh = false);
  // Streams a table's rows (by id), all or those with chg >= floor (floor > 0).
  void scan_rows(TableId table, int64_t floor, const std::function<bool(const Row&)>& f,
                 bool by_time, int64_t below = 0) const;
  MergeResult merge_unknown_row(const Row& in);
  void after_row_change(const Row& row);
  // Removes a record with its versions kept aside and its extra values (no observer call).
  void drop_row(TableId table, const Id& id);
  int64_t derive_state(const Row& entry_row) const;
  bool already_known(const Stamp& s) const;
  // `candidate` (a version that lost, or was just superseded, by `winner`) is kept aside, within
  // the bounds above (the worst kept goes first).
  void keep_runner_up(TableId table, const Id& row, size_t field, const Stamp& winner,
                      const Value& value, const Stamp& candidate);
  // A version lost or was superseded on `field`: the digest of its value is kept as a row of
  // table 9 (core/superseded.hpp), whatever its origin and number; not for a write of this
  // device superseded while it is in no network (nobody saw it).
  void note_superseded(TableId table, const Id& row, size_t field, const Stamp& old,
                       const Value& value);
  // A ticket given with a creation of an entry that lost to another (`kept`): it stays an alias
  // of the entry here (table ticket_aliases, EntryService::by_ticket).
  void note_lost_ticket(const Id& entry, const std::vector<Value>& kept,
                        const std::vector<Value>& lost);
  void record_conflict(const Row& row, size_t field, const Value& loser, const Stamp& ls,
                       const Value& winner, const Stamp& ws);
  // Every conflict record, or those of one record (`row`), oldest first.
  std::vector<Conflict> read_conflicts(const Id* row) const;
  // The cache behind signing_network and sign_as_device (core/replica_sigs.cpp).
  struct SigningKey;
  struct SigningKeyFree {
    void operator()(SigningKey* k) const;
  };
  const SigningKey* signing_key() const;
  void forget_signing_key() const;

  Db& db_;
  HybridClock clock_;
  BootSource boot_;
  Id device_id_;
  std::string ticket_prefix_;
  // Another process may add origins: origin_id reads one it does not know yet (hence mutable).
  mutable std::vector<Id> origins_;           // local index -> device id (index 0 unused)
  mutable std::map<Id, uint32_t> origin_of_;  // device id -> local index
  int64_t seen_data_version_ = -1;            // PRAGMA data_version when the caches were read
  uint32_t self_origin_ = 0;
  std::string actor_;
  RowObserver* observer_ = nullptr;
  std::unique_ptr<Statements> statements_;
  bool caches_stale_ = false;  // see ensure_caches
  mutable std::unique_ptr<SigningKey, SigningKeyFree> signing_key_;
  mutable bool signing_key_read_ = false;  // signing_key_ holds what the database says
  mutable std::optional<std::map<Id, uint64_t>> revoked_until_;  // see revoked_until
  int bulk_depth_ = 0;                                           // open ReplicaTransactions
  bool stamps_issued_ = false;  // this transaction issued a sequence number (core/seq_claim.hpp)
  // The outermost transaction that issued sequence numbers ends with this device's signed claim
  // of the highest one (core/seq_claim.hpp): one signature per local write, none on a read, a
  // bundle build or an import that wrote nothing of its own. Run by Db::before_commit.
  void sign_seq_claim();
  // This transaction's rows for the chain (sign_version adds; a rollback drops what it took
  // back: ReplicaTransaction, Db::after_rollback, reload_caches), packed (49 bytes a row: a CSV
  // import of a million rows keeps a million); and the first number it issued while signing in
  // chain_network_ (0: none yet).
  PendingLeaves pending_leaves_;
  uint64_t chain_first_ = 0;
  Id chain_network_;
  void note_issued_for_chain(uint64_t seq);
  void forget_pending_leaves(size_t keep);
  uint32_t bulk_checked_ = 0;              // a bit per table already looked at in this scope
  std::vector<std::string> bulk_indexes_;  // CREATE INDEX statements to run before the commit
  int64_t change_ = 0;                     // this transaction's change number (0: none yet)
  // Origin index -> highest sequence number stored under change_ and not yet written down.
  std::vector<std::pair<uint32_t, uint64_t>> pending_changes_;
  // known_empty in this scope: a bit per table looked up, and a bit per table found empty and
  // given no row since.
  mutable uint32_t empty_checked_ = 0, empty_ = 0;
};

}  // namespace mutua
