#pragma once
// The domain services on top of the replication engine (core/replica.hpp): entries, matches and
// handovers, history, devices, network settings and reports. Each one changes data only through
// Replica::write; reads may use SQL on the database that the composition root (core/store.hpp)
// gives it. None of them hands the database out. See docs/architecture.md.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/db.hpp"
#include "core/history_event.hpp"
#include "core/model.hpp"
#include "core/replica.hpp"
#include "core/result.hpp"
#include "core/schema.hpp"

namespace mutua {

class Store;

struct EntryQuery {
  std::optional<Kind> kind;
  std::optional<Status> status;  // exact status (after derivation)
  bool active_only = false;      // open/partly_met needs, available/partly_taken offers
  std::optional<std::string> category;
  std::optional<int64_t> updated_since;  // ms since epoch: last changed at or after this time
  // Entries at this site, compared as fold_word does (case and accents ignored). With
  // active_only and a kind, pages and counts come from an index, however large the table.
  std::optional<std::string> site;
  // Words a person typed (core/search.hpp): entries holding every word, found through the
  // full-text index. On the public board only item words count; search_people adds tickets,
  // details and contact names (queue, command line). Blank text filters nothing.
  std::optional<std::string> search;
  bool search_people = false;
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

// Bulk import (CSV) counts.
struct ImportCounts {
  size_t added = 0, updated = 0, unchanged = 0;
  // Rows that kept their id and updated_at but whose cells were corrected in the spreadsheet;
  // the changes are applied as an edit with history (they are not also counted as unchanged).
  size_t corrected = 0;
  // Remarks on single rows that did not stop the import ("kind cannot be corrected"), at most
  // kMaxNotes of them; `entry` is the row's 1-based place in the import.
  struct Note {
    size_t entry = 0;
    std::string text;
  };
  static constexpr size_t kMaxNotes = 100;
  std::vector<Note> notes;
  size_t notes_left_out = 0;
};
// Hands a bulk import its next batch of entries (empty at each call). An empty batch ends the
// import; a failure (a bad row, or a cancellation) rolls all of it back. It is called on a second
// thread (core/batch_prefetch.hpp), one call at a time, and must not touch the store.
using ImportSource = std::function<Result<Ok>(std::vector<Entry>& batch)>;
// What a source promises of its entries' ids. `unique`: no id comes twice (the CSV reader refuses
// a repeated one, and gives a row without one a new random id); a repeat would then fail the
// import when it is saved, rather than be taken as a correction.
enum class ImportIds { may_repeat, unique };

// What happened (EventFacts: kind, field, before, after...), when, where and by whom.
struct EntryEvent : EventFacts {
  int64_t at = 0;
  Id device;
  std::string actor;  // the signed-in volunteer, or empty for the device owner's shell
};

// What every service shares: the engine, the database for reads (with a statement cache) and
// the composition root for its sibling services.
class ServiceBase {
 public:
  ServiceBase(Store& store, Replica& replica, const Db& db)
      : store_(store), replica_(replica), db_(db) {}
  ServiceBase(const ServiceBase&) = delete;
  ServiceBase& operator=(const ServiceBase&) = delete;

 protected:
  ~ServiceBase() = default;
  // A prepared statement kept for reuse, reset when the handle goes out of scope.
  CachedStatement cached(std::string_view sql) const;
  int64_t now_ms() const { return replica_.now_ms(); }
  std::optional<Row> read_row(TableId table, const Id& id) const {
    return replica_.read_row(table, id);
  }
  Result<Ok> write(TableId table, const Id& id, const std::vector<Value>* fixed,
                   const std::vector<std::pair<uint16_t, Value>>& changes) {
    return replica_.write(table, id, fixed, changes);
  }
  void for_each_row(TableId table, const std::function<bool(const Row&)>& f) const {
    replica_.for_each_row(table, f);
  }
  bool can_supersede(const Stamp& current) const { return replica_.can_supersede(current); }
  std::optional<std::string> local_get(std::string_view key) const {
    return replica_.local_get(key);
  }
  void local_set(std::string_view key, std::string_view value) { replica_.local_set(key, value); }

  Store& store_;
  Replica& replica_;
  const Db& db_;

 private:
  mutable std::map<std::string, Statement, std::less<>> statements_;
};

// Who changed what on an entry: insert-only event records.
class HistoryService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  // Oldest first.
  std::vector<EntryEvent> of(const Id& entry) const;
  // Records an event on an entry, by this device and its actor. Throws DbError when refused
  // (call inside the transaction of the change it describes).
  void log(const Id& entry, const EventFacts& e);
};

// A ticket as a person types it (in any case, with its dash or without it after a device's
// 3-character prefix, with spaces around it) written as tickets are: "ABC-123". Nothing for text
// that cannot be a ticket.
std::optional<std::string> typed_ticket(std::string_view typed);

class EntryService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  // Validates, assigns id, ticket, created_at/by and the initial status, and stores it.
  Result<Entry> add(Entry draft);
  // Replaces the editable fields of an entry with those of `edited` (only changed ones are
  // stamped). Fixed fields (ticket, kind, created_*) are ignored.
  Result<Entry> update(const Entry& edited);
  Result<Entry> set_status(const Id& entry, Status status);
  std::optional<Entry> get(const Id& id) const;
  std::optional<Entry> by_ticket(std::string_view ticket) const;
  // The entry a ticket given elsewhere stands for (a spreadsheet row imported at two sites, each
  // giving a ticket: by_ticket finds it by the one that lost), when `typed` names such a ticket:
  // typed as the queue takes one, in any case, with its dash or without it after a device's
  // 3-character prefix. Nothing for other text, or for a ticket an entry holds now.
  std::optional<Entry> by_ticket_given_elsewhere(std::string_view typed) const;
  EntryPage list(const EntryQuery& q, size_t limit,
                 const std::optional<PageCursor>& after = std::nullopt) const;
  int64_t count(const EntryQuery& q) const;
  // list(q)'s query plan, one line per step (EXPLAIN QUERY PLAN): for the tests and benchmarks
  // that show an index serves it.
  std::vector<std::string> list_plan(const EntryQuery& q) const;
  // Brings the search index up to date with what was stored since (core/search.hpp); a search
  // does it first anyway. Called after syncs and imports, off the UI thread, so that the first
  // search after a large one does not wait. Returns how many entries it indexed.
  Result<size_t> refresh_search();
  // Bulk import (CSV): keeps given ids and created_at/updated_at; an entry already present
  // with the same or newer updated_at is left alone. One transaction; all or nothing.
  // A spreadsheet row with the same updated_at but changed cells is a correction: the cells whose
  // version here is no newer than that updated_at are written as an edit (history, versions).
  Result<ImportCounts> import(const std::vector<Entry>& entries);
  // The same, batch by batch inside one transaction (streamed CSV import). Each batch is read
  // and checked on a second thread while the one before it is stored. With ImportIds::unique
  // and no entry here before, no entry is looked up: each is new.
  Result<ImportCounts> import(const ImportSource& next_batch, ImportIds ids);
  // Blanks contact fields of finished entries older than `days`; returns how many. The blanking
  // is an ordinary stamped write, so it replicates; conflict records holding the old values go.
  // Age counts from when the row last changed here (updated_at never lies past this device's
  // clock), so a stamp from a device whose clock runs years ahead cannot keep contacts forever.
  Result<size_t> purge_contacts(int64_t days);
  // Recomputes an entry's derived status from its manual status and its handovers.
  void refresh_state(const Id& entry);
  // The status an entries row shows, derived from its manual status and its handovers.
  Status derive_state(const Row& entry_row) const;

 private:
  void log_event(const Id& entry, const EventFacts& e);
  // A re-imported row with changed cells (core/entries_import.cpp); true when it wrote.
  Result<bool> apply_correction(const Entry& from_file, const Row& existing, int64_t file_updated,
                                size_t ordinal, ImportCounts& counts);
  std::vector<std::string> category_ids() const;
  Entry entry_from_statement(const Statement& st) const;
};

class MatchService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  Result<Match> add(const Id& need, const Id& offer, int64_t quantity,
                    MatchStatus status = MatchStatus::proposed);
  Result<Match> set(const Id& match, int64_t quantity, MatchStatus status);
  std::optional<Match> get(const Id& id) const;
  std::vector<Match> for_entry(const Id& entry) const;
  Result<Handover> add_handover(const Id& match, int64_t quantity, const Id& undoes = Id{});
  std::vector<Handover> handovers_for(const Id& match) const;
  // Units handed over against an entry, from the insert-only handover records.
  int64_t handed_over(const Id& entry) const;

 private:
  std::optional<Entry> entry(const Id& id) const;
  void log_event(const Id& entry, const EventFacts& e);
};

class DeviceService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  std::optional<Device> get(const Id& id) const;
  std::vector<Device> all() const;
  // Writes only fields that differ; the revoked flag and cut-off only when `revocation`, when
  // the record is new, or when they differ from what get() reads (the derived state).
  Result<Ok> put(const Device& d, bool revocation = false);
};

// The network-wide settings record (more in core/settings.hpp).
class SettingsService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  Settings get() const;
  // Category ids this network accepts (defaults, plus any the group added).
  std::vector<std::string> category_ids() const;

 private:
  std::string settings_categories_text() const;
};

// Converts between the domain struct and its replicated row.
Row entry_to_row(const Entry& e);
Entry entry_from_row(const Row& r);

}  // namespace mutua
