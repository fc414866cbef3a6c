#include "core/migrations.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <map>

#include "core/history_event.hpp"
#include "core/item_words.hpp"
#include "core/search.hpp"
#include "core/utf8.hpp"
#include "core/varint.hpp"

namespace mutua {

namespace {
// fold_word as an SQL function, for the one UPDATE that fills site_key in existing rows. It is
// registered only while that migration runs: nothing stored depends on it afterwards.
void sql_fold(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string folded =
      fold_word(text ? std::string_view(text, size_t(sqlite3_value_bytes(argv[0]))) : "");
  sqlite3_result_text(ctx, folded.data(), int(folded.size()), SQLITE_TRANSIENT);
}

struct FoldFunction {
  sqlite3* db;
  explicit FoldFunction(Db& d) : db(d.handle()) {
    sqlite3_create_function_v2(db, "mutua_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               sql_fold, nullptr, nullptr, nullptr);
  }
  ~FoldFunction() {
    sqlite3_create_function_v2(db, "mutua_fold", 1, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr,
                               nullptr);
  }
};

// Old prose history events become structured ones where they parse (one event per changed
// field); the rest keep their prose. A pure function of each stored row: the first event keeps
// the row's id, the others get ids hashed from it, and all keep its clock, so every device that
// migrates the same events ends up with the same rows (and the same content_hash).
void convert_prose_events(Db& db) {
  struct Prose {
    std::string id, entry, device, actor, clocks, summary;
    int64_t at = 0, updated_at = 0;
  };
  std::vector<Prose> rows;
  {
    auto st = db.prepare(
        "SELECT id, entry, at, device, actor, summary, clocks, updated_at FROM events"
        " WHERE what = 0 AND summary != '' ORDER BY id");
    while (st.step())
      rows.push_back({st.blob(0), st.blob(1), st.blob(3), st.text(4), st.blob(6), st.text(5),
                      st.int64(2), st.int64(7)});
  }
  auto update = db.prepare(
      "UPDATE events SET summary = '', what = ?2, field = ?3, ref = ?4, amount = ?5,"
      " before_number = ?6, after_number = ?7, before_text = ?8, after_text = ?9 WHERE id = ?1");
  auto insert = db.prepare(
      "INSERT OR IGNORE INTO events(id, entry, at, device, actor, summary, what, field, ref,"
      " amount, before_number, after_number, before_text, after_text, clocks, updated_at)"
      " VALUES(?1, ?10, ?11, ?12, ?13, '', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?14, ?15)");
  for (const auto& row : rows) {
    auto facts = parse_legacy_summary(row.summary);
    if (!facts || facts->empty()) continue;  // shown as stored
    for (size_t i = 0; i < facts->size(); ++i) {
      const EventFacts& e = (*facts)[i];
      std::string id = row.id;
      if (i > 0) {
        unsigned char hash[16];
        const std::string seed = row.id + "mutua-history-" + std::to_string(i);
        crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(seed.data()),
                           seed.size(), nullptr, 0);
        id.assign(reinterpret_cast<const char*>(hash), sizeof hash);
      }
      Statement& st = i == 0 ? update : insert;
      st.bind_blob(1, id.data(), id.size())
          .bind(2, static_cast<int64_t>(e.what))
          .bind(3, static_cast<int64_t>(e.field))
          .bind_blob(4, e.ref.bytes.data(), 16)
          .bind(5, e.amount)
          .bind(6, e.before_number)
          .bind(7, e.after_number)
          .bind(8, e.before_text)
          .bind(9, e.after_text);
      if (i > 0)
        st.bind_blob(10, row.entry.data(), row.entry.size())
            .bind(11, row.at)
            .bind_blob(12, row.device.data(), row.device.size())
            .bind(13, row.actor)
            .bind_blob(14, row.clocks.data(), row.clocks.size())
            .bind(15, row.updated_at);
      st.run();
    }
  }
}
}  // namespace

// Summaries an older version cut in the middle of a character: the broken bytes go, so the
// device's later bundles import again.
void repair_cut_summaries(Db& db) {
  std::vector<std::pair<std::string, std::string>> repaired;  // event id, summary
  {
    auto st = db.prepare("SELECT id, summary FROM events");
    while (st.step()) {
      std::string summary = st.blob(1);
      if (!utf8::valid(summary)) repaired.emplace_back(st.blob(0), utf8::valid_part(summary));
    }
  }
  auto up = db.prepare("UPDATE events SET summary = ?2 WHERE id = ?1");
  for (const auto& [id, summary] : repaired)
    up.bind_blob(1, id.data(), id.size()).bind(2, std::string_view(summary)).run();
}
namespace {
// 15: the change sequence (core/replica_changes.cpp). Each replicated table gets an indexed
// `chg` column (0 for the rows already there) and change_marks starts with one mark per origin
// at change number 0: the highest sequence number of that origin among the versions these rows
// hold (read from each row's clocks blob: a count of distinct versions, each hlc, origin index,
// seq and prev as varints, then one byte per field). Tolerant of a column, index or table
// already there (the migration tests rewind user_version and run the steps again).
void add_change_sequence(Db& db) {
  db.exec(R"sql(
CREATE TABLE IF NOT EXISTS change_marks (
  origin INTEGER NOT NULL, chg INTEGER NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (origin, chg)
) WITHOUT ROWID;
DELETE FROM change_marks;
)sql");
  std::map<uint64_t, uint64_t> highest;  // origin index -> seq
  for (const char* table : {"entries", "matches", "handovers", "sites", "devices", "volunteers",
                            "settings", "events"}) {
    const std::string name(table);
    bool has_column = false;
    {
      auto cols = db.prepare("SELECT 1 FROM pragma_table_info('" + name + "') WHERE name = 'chg'");
      has_column = cols.step();
    }
    if (!has_column) db.exec("ALTER TABLE " + name + " ADD COLUMN chg INTEGER NOT NULL DEFAULT 0");
    db.exec("UPDATE " + name + " SET chg = 0 WHERE chg != 0");
    db.exec("CREATE INDEX IF NOT EXISTS " + name + "_chg ON " + name + "(chg)");
    auto st = db.prepare("SELECT clocks FROM " + name);
    while (st.step()) {
      const std::string_view blob = st.blob_view(0);
      size_t pos = 0;
      const uint64_t distinct = varint::get(blob, pos).value_or(0);
      for (uint64_t i = 0; i < distinct && pos < blob.size(); ++i) {
        const uint64_t hlc = varint::get(blob, pos).value_or(0);
        const uint64_t origin = varint::get(blob, pos).value_or(0);
        const uint64_t seq = varint::get(blob, pos).value_or(0);
        (void)varint::get(blob, pos);  // prev
        if (hlc == 0) continue;
        auto& h = highest[origin];
        h = std::max(h, seq);
      }
    }
  }
  auto put = db.prepare("INSERT INTO change_marks(origin, chg, seq) VALUES(?1, 0, ?2)");
  for (const auto& [origin, seq] : highest) {
    put.bind(1, static_cast<int64_t>(origin))
        .bind(2, static_cast<int64_t>(
                     std::min<uint64_t>(seq, uint64_t(std::numeric_limits<int64_t>::max()))));
    put.run();
  }
}

// 17: see the step below.
void rebuild_entries_17(Db& db) {
  db.exec(R"sql(
DROP TABLE IF EXISTS entries_17;
CREATE TABLE entries_17 (
  id BLOB PRIMARY KEY,
  ticket TEXT NOT NULL, kind INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by BLOB NOT NULL,
  category TEXT NOT NULL, item TEXT NOT NULL, details TEXT NOT NULL, quantity INTEGER NOT NULL,
  unit TEXT NOT NULL, urgency INTEGER NOT NULL, people INTEGER NOT NULL, site TEXT NOT NULL,
  area TEXT NOT NULL, contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,
  contact_consent INTEGER NOT NULL, language TEXT NOT NULL, status INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL,
  state INTEGER NOT NULL,  -- derived locally from status and handovers; not replicated
  -- open, partly met, available, partly taken (core/model.cpp, is_active)
  active INTEGER GENERATED ALWAYS AS ((state BETWEEN 0 AND 1) OR (state BETWEEN 5 AND 6)) VIRTUAL,
  site_key TEXT NOT NULL DEFAULT '', chg INTEGER NOT NULL DEFAULT 0
);
INSERT INTO entries_17(rowid, id, ticket, kind, created_at, created_by, category, item, details,
  quantity, unit, urgency, people, site, area, contact_name, contact_phone, contact_consent,
  language, status, expires_at, clocks, updated_at, state, site_key, chg)
SELECT rowid, id, ticket, kind, created_at, created_by, category, item, details,
  quantity, unit, urgency, people, site, area, contact_name, contact_phone, contact_consent,
  language, status, expires_at, clocks, updated_at, state, site_key, chg FROM entries;
DROP TABLE entries;
ALTER TABLE entries_17 RENAME TO entries;
CREATE INDEX entries_ticket ON entries(ticket);
CREATE INDEX entries_active ON entries(active, kind, urgency, created_at, id, expires_at, site_key);
CREATE INDEX entries_active_cat
  ON entries(active, kind, category, urgency, created_at, id, expires_at, site_key);
CREATE INDEX entries_chg ON entries(chg);
)sql");
}

// Migrations 18 and 20: the search index as it was before migration 22 (core/search.hpp), which
// starts it over with more columns in its map. Kept as those steps ran.
void entry_search_20(Db& db) {
  db.exec(R"sql(
DROP TRIGGER IF EXISTS entry_search_insert;
DROP TRIGGER IF EXISTS entry_search_delete;
DROP TRIGGER IF EXISTS entry_search_update;
DROP TABLE IF EXISTS entry_search;
DROP TABLE IF EXISTS entry_search_rows;
DROP TABLE IF EXISTS entry_search_state;
CREATE VIRTUAL TABLE entry_search USING fts5(
  fts_ticket, fts_item, fts_details, fts_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE entry_search_rows (
  fts INTEGER PRIMARY KEY,
  entry BLOB NOT NULL UNIQUE,
  indexed_chg INTEGER NOT NULL,
  entry_kind INTEGER NOT NULL
);
CREATE TABLE entry_search_state (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  chg INTEGER NOT NULL,
  count INTEGER NOT NULL
);
)sql");
}
}  // namespace

// Numbered steps; never edit a step once released, add a new one.
const std::vector<Db::Migration>& store_migrations() {
  static const std::vector<Db::Migration> steps{
      // 1: replicated tables, each with an in-row blob of field versions ("clocks").
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE entries (
  id BLOB PRIMARY KEY,
  ticket TEXT NOT NULL, kind INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by BLOB NOT NULL,
  category TEXT NOT NULL, item TEXT NOT NULL, details TEXT NOT NULL, quantity INTEGER NOT NULL,
  unit TEXT NOT NULL, urgency INTEGER NOT NULL, people INTEGER NOT NULL, site TEXT NOT NULL,
  area TEXT NOT NULL, contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,
  contact_consent INTEGER NOT NULL, language TEXT NOT NULL, status INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL,
  state INTEGER NOT NULL,  -- derived locally from status and handovers; not replicated
  active INTEGER GENERATED ALWAYS AS (state IN (0, 1, 5, 6)) VIRTUAL
);
CREATE INDEX entries_ticket ON entries(ticket);
-- expires_at rides along so counts of active entries never touch the table.
CREATE INDEX entries_active ON entries(active, kind, urgency, created_at, id, expires_at);
CREATE INDEX entries_active_cat ON entries(active, kind, category, urgency, created_at, id, expires_at);
-- Only the lists the screens page through are indexed: every index slows bulk imports, and the
-- CLI's other filters (by exact status, or none) can afford a sort.

CREATE TABLE matches (
  id BLOB PRIMARY KEY,
  need BLOB NOT NULL, offer BLOB NOT NULL, created_at INTEGER NOT NULL, created_by BLOB NOT NULL,
  quantity INTEGER NOT NULL, status INTEGER NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX matches_need ON matches(need);
CREATE INDEX matches_offer ON matches(offer);

CREATE TABLE handovers (
  id BLOB PRIMARY KEY,
  match BLOB NOT NULL, quantity INTEGER NOT NULL, created_at INTEGER NOT NULL,
  created_by BLOB NOT NULL, undoes BLOB NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX handovers_match ON handovers(match);
CREATE INDEX handovers_undoes ON handovers(undoes);

CREATE TABLE sites (
  id BLOB PRIMARY KEY, name TEXT NOT NULL, kind INTEGER NOT NULL, area TEXT NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE devices (
  id BLOB PRIMARY KEY, name TEXT NOT NULL, ticket_prefix TEXT NOT NULL, public_key TEXT NOT NULL,
  site TEXT NOT NULL, revoked INTEGER NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE volunteers (
  id BLOB PRIMARY KEY, name TEXT NOT NULL, role INTEGER NOT NULL, pin_hash TEXT NOT NULL,
  site TEXT NOT NULL, removed INTEGER NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE settings (
  id BLOB PRIMARY KEY, retention_days INTEGER NOT NULL, kiosk_timeout_s INTEGER NOT NULL,
  categories TEXT NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);

-- Local bookkeeping, never replicated.
CREATE TABLE origins (idx INTEGER PRIMARY KEY, device BLOB NOT NULL UNIQUE);
CREATE TABLE vv (origin INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE local (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE conflicts (
  id INTEGER PRIMARY KEY,
  tbl INTEGER NOT NULL, row BLOB NOT NULL, field INTEGER NOT NULL,
  losing_value BLOB NOT NULL, losing_hlc INTEGER NOT NULL, losing_origin BLOB NOT NULL,
  winning_value BLOB NOT NULL, winning_hlc INTEGER NOT NULL, winning_origin BLOB NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (tbl, row, field, losing_hlc, losing_origin)
);
CREATE INDEX conflicts_row ON conflicts(row);
)sql");
      },
      // 2: what each peer device is known to hold, and a log of syncs for the sync screen.
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE peers (
  device BLOB PRIMARY KEY,
  vector BLOB NOT NULL,        -- the version vector its last bundle covered
  last_heard INTEGER NOT NULL  -- ms since epoch, when we last imported a bundle from it
);
CREATE TABLE sync_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL, source TEXT NOT NULL, sender BLOB,
  added INTEGER NOT NULL, updated INTEGER NOT NULL, conflicts INTEGER NOT NULL,
  known INTEGER NOT NULL, error TEXT NOT NULL
);
)sql");
      },
      // 3: the history of who changed what on each entry (replicated, insert-only).
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE events (
  id BLOB PRIMARY KEY,
  entry BLOB NOT NULL, at INTEGER NOT NULL, device BLOB NOT NULL, actor TEXT NOT NULL,
  summary TEXT NOT NULL,
  clocks BLOB NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX events_entry ON events(entry, at);
)sql");
      },
      // 4: the sync log keeps facts, not sentences: new and updated needs and offers apart from
      // other records, and a failure's code and parameter, so the screen words them in its
      // language. Older rows keep -1: not counted.
      [](Db& db) {
        db.exec(R"sql(
ALTER TABLE sync_log ADD COLUMN new_entries INTEGER NOT NULL DEFAULT -1;
ALTER TABLE sync_log ADD COLUMN updated_entries INTEGER NOT NULL DEFAULT -1;
ALTER TABLE sync_log ADD COLUMN problem INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
)sql");
      },
      // 5: each entry's site folded as fold_word does (case and accents ignored), kept by the
      // write path, so "this site only" lists page and count from the listing indexes without
      // reading the table: both carry site_key at their end, and a page walks the index in queue
      // order, passing over other sites' rows. A third index led by site_key would save that walk
      // but cost a quarter more time on every import of 100,000 entries (measured).
      [](Db& db) {
        db.exec("ALTER TABLE entries ADD COLUMN site_key TEXT NOT NULL DEFAULT ''");
        {
          FoldFunction fold(db);
          db.exec("UPDATE entries SET site_key = mutua_fold(site) WHERE site != ''");
        }
        db.exec(R"sql(
DROP INDEX entries_active;
CREATE INDEX entries_active ON entries(active, kind, urgency, created_at, id, expires_at, site_key);
DROP INDEX entries_active_cat;
CREATE INDEX entries_active_cat
  ON entries(active, kind, category, urgency, created_at, id, expires_at, site_key);
)sql");
      },
      // 6: history summaries an older version cut in the middle of a character (issue 9).
      repair_cut_summaries,
      // 7: history as facts (what, field, before, after...) instead of English prose that the
      // interface parsed back; see core/history_event.hpp and docs/history-events.md.
      [](Db& db) {
        db.exec(R"sql(
ALTER TABLE events ADD COLUMN what INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN field INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN ref BLOB NOT NULL DEFAULT x'00000000000000000000000000000000';
ALTER TABLE events ADD COLUMN amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN before_number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN after_number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN before_text TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN after_text TEXT NOT NULL DEFAULT '';
)sql");
        convert_prose_events(db);
      },
      // 8: the sync log keeps which devices a bundle showed with a clock far off, as facts
      // ("<device hex>:<offset ms>", space-separated), so past syncs can still name them.
      [](Db& db) {
        db.exec("ALTER TABLE sync_log ADD COLUMN clock_skews TEXT NOT NULL DEFAULT ''");
      },
      // 9: columns and tables of a newer Mutua, kept opaquely with their versions so that this
      // device passes them on (docs/bundle-format.md, "Compatibility rules"). value holds an
      // INTEGER, TEXT or BLOB as type says (0 integer, 1 text, 2 id); a fixed value has hlc 0.
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE extra_fields (
  tbl INTEGER NOT NULL, row BLOB NOT NULL, col INTEGER NOT NULL,
  fixed INTEGER NOT NULL, type INTEGER NOT NULL, coding INTEGER NOT NULL, value NOT NULL,
  hlc INTEGER NOT NULL, origin BLOB NOT NULL, seq INTEGER NOT NULL, prev INTEGER NOT NULL,
  PRIMARY KEY (tbl, row, col)
) WITHOUT ROWID;
CREATE TABLE extra_rows (
  tbl INTEGER NOT NULL, row BLOB NOT NULL, insert_only INTEGER NOT NULL,
  hlc INTEGER NOT NULL, origin BLOB NOT NULL, seq INTEGER NOT NULL, prev INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tbl, row)
) WITHOUT ROWID;
)sql");
      },
      // 10: keys leave the `local` table for their own, apart from settings and people's data
      // (docs/security.md, "Secrets at rest"). secure_delete is on, so the old rows are zeroed.
      // Tolerant of a table already there (a database rewound by hand to an older version, as
      // the migration tests do): keys already in it win.
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
INSERT OR IGNORE INTO secrets (name, value)
  SELECT key, value FROM local WHERE key IN ('network_key', 'sign_pk', 'sign_sk');
DELETE FROM local WHERE key IN ('network_key', 'sign_pk', 'sign_sk');
)sql");
      },
      // 11: a device's self-signature over its key (sync/key_pins.hpp).
      [](Db& db) {
        db.exec("ALTER TABLE devices ADD COLUMN key_signature TEXT NOT NULL DEFAULT ''");
      },
      // 12: revocation with a cut-off (core/revocation.hpp, docs/security.md "Revocation"): the
      // cut-off beside the revoked flag; per field, the best version from an origin other than
      // the winner's (the way back when the winner's origin is retracted,
      // core/replica_retract.cpp); and the sync log's count of records refused as a revoked
      // device's.
      [](Db& db) {
        db.exec(R"sql(
ALTER TABLE devices ADD COLUMN revoked_cutoff INTEGER NOT NULL DEFAULT 0;
CREATE TABLE runner_ups (
  tbl INTEGER NOT NULL, row BLOB NOT NULL, field INTEGER NOT NULL, value NOT NULL,
  hlc INTEGER NOT NULL, origin BLOB NOT NULL, seq INTEGER NOT NULL, prev INTEGER NOT NULL,
  PRIMARY KEY (tbl, row, field)
) WITHOUT ROWID;
ALTER TABLE sync_log ADD COLUMN refused_revoked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_log ADD COLUMN refused_from TEXT NOT NULL DEFAULT '';
)sql");
      },
      // 13: the LAN transport's record of each peer (sync/lan_peers.hpp): the last exchange and
      // the last attempt, whether or not it worked. Local, never replicated. Tolerant of a table
      // already there (the migration tests rewind user_version and run the steps again).
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE IF NOT EXISTS lan_peers (
  device BLOB PRIMARY KEY,
  name TEXT NOT NULL, host TEXT NOT NULL, port INTEGER NOT NULL,
  last_exchange INTEGER NOT NULL, behind INTEGER NOT NULL,
  last_attempt INTEGER NOT NULL, problem INTEGER NOT NULL, detail TEXT NOT NULL
);
)sql");
      },
      // 14: records set aside on import (sync/set_aside.hpp): how many, from which devices, and
      // the first reason, per sync log row.
      [](Db& db) {
        db.exec(R"sql(
ALTER TABLE sync_log ADD COLUMN set_aside INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_log ADD COLUMN set_aside_from TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_log ADD COLUMN set_aside_why TEXT NOT NULL DEFAULT '';
)sql");
      },
      // 15: the change sequence, so that a bundle for a peer in step or nearly reads only the
      // rows changed since (core/replica_changes.cpp).
      add_change_sequence,
      // 16:
      // several runner-ups per field (core/replica_retract.cpp, kRunnerUpsPerField), so a field
      // goes back to the right value when the device that changed it last is revoked, whichever
      // device changed it before (the same one, or another revoked too). Local, never
      // replicated. Tolerant of being run again (the migration tests rewind user_version).
      [](Db& db) {
        db.exec(R"sql(
DROP TABLE IF EXISTS runner_ups_16;
CREATE TABLE runner_ups_16 (
  tbl INTEGER NOT NULL, row BLOB NOT NULL, field INTEGER NOT NULL, value NOT NULL,
  hlc INTEGER NOT NULL, origin BLOB NOT NULL, seq INTEGER NOT NULL, prev INTEGER NOT NULL,
  PRIMARY KEY (tbl, row, field, hlc, origin)
) WITHOUT ROWID;
INSERT OR IGNORE INTO runner_ups_16 SELECT tbl, row, field, value, hlc, origin, seq, prev
  FROM runner_ups;
DROP TABLE runner_ups;
ALTER TABLE runner_ups_16 RENAME TO runner_ups;
)sql");
      },
      // 17: `active` as two ranges instead of `state IN (0, 1, 5, 6)`, the same value for every
      // state. SQLite builds a temporary table for an IN list each time it computes the column,
      // which it does on every insert or update of an entry and for every row of an index
      // build: about a third of the cost of storing a row in a first sync of 100,000 entries
      // (issue 12). A generated column's expression cannot be altered, so the table is built
      // again with the same columns in the same order, rowids kept, and its indexes after it.
      // Tolerant of being run again (the migration tests rewind user_version).
      rebuild_entries_17,
      // 18: the full-text index of entries for search (core/search.hpp): local and derived,
      // caught up from the change numbers when it is read (no triggers), never replicated.
      entry_search_20,
      // 19: the highest sequence number each device signed of itself (core/seq_claim.hpp), by
      // origin index as in `vv`. Local, never replicated; it only rises. It starts at the
      // vector this device already holds: what it has is trusted as before. Tolerant of being
      // run again (the migration tests rewind user_version).
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE IF NOT EXISTS attested (origin INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
INSERT OR IGNORE INTO attested(origin, seq) SELECT origin, seq FROM vv;
)sql");
      },
      // 20: the search index again, its map now holding each entry's kind (core/search.hpp):
      // a search of the board's offers looks up only offers. Local and derived: it starts over
      // empty, and the first search fills it (about a second for 100,000 entries).
      entry_search_20,
      // 21: signed versions (core/version_sig.hpp). Each write's signature, by row and version
      // (origin index as in `vv`), with the digests of the write's fields no longer held with it;
      // and the lowest version of each device seen signed, past which its versions must be
      // signed. Local, never replicated as such (docs/security.md, "Signed versions"). Versions
      // written before start unsigned. Tolerant of being run
      // again (the migration tests rewind user_version). No longer written or read since the
      // SEQ-2 claim became the only signature (the tables stay, no migration drops them).
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE IF NOT EXISTS version_sigs (
  tbl INTEGER NOT NULL, row BLOB NOT NULL, origin INTEGER NOT NULL, seq INTEGER NOT NULL,
  sig BLOB NOT NULL, gone BLOB NOT NULL,
  PRIMARY KEY (tbl, row, origin, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signers (
  origin INTEGER PRIMARY KEY, seq INTEGER NOT NULL, hlc INTEGER NOT NULL);
)sql");
      },
      // 22: the search index again (core/search.hpp): its map holds what a search filters and
      // sorts on (kind, state, expiry, urgency, age, category, site), so a count never reads
      // entries and a page reads only its rows; triggers drop a deleted entry's rows and copy a
      // state changed in place. Local and derived: it starts over empty, and the first search
      // fills it (about a second for 100,000 entries).
      add_entry_search,
      // 23: the rows of table 8 (gaps, core/gaps.hpp) are kept as a newer Mutua's table is
      // (extra_rows, extra_fields, migration 9); this index finds the ones that name a device,
      // which a delta for that device reads. Tolerant of being run again.
      [](Db& db) {
        db.exec(
            "CREATE INDEX IF NOT EXISTS extra_fields_gap_device ON extra_fields(value)"
            " WHERE tbl = 8 AND col = 2");
      },
      // 24: where each origin's chain of writes stands (core/write_chain.hpp): for now this
      // device's own, kept at each commit that issued stamps, in the network it signs for
      // (origin index as in `vv`). Local, never replicated: the check on import will keep
      // other origins' heads here. Tolerant of being run again.
      [](Db& db) {
        db.exec(
            "CREATE TABLE IF NOT EXISTS chain_heads (origin INTEGER PRIMARY KEY,"
            " network BLOB NOT NULL, base INTEGER NOT NULL, seq INTEGER NOT NULL,"
            " value BLOB NOT NULL)");
      },
      // 25: tickets given with a creation that lost to another creation of the same entry (the
      // same spreadsheet row imported on two devices, each giving its own ticket), with the
      // entry they stand for, so that a resident's slip still finds it (EntryService::by_ticket).
      // Local, never replicated; kept apart from the conflict records, which a coordinator may
      // dismiss. Filled from the conflict records already here. Tolerant of being run again.
      [](Db& db) {
        db.exec(R"sql(
CREATE TABLE IF NOT EXISTS ticket_aliases (
  ticket TEXT PRIMARY KEY, entry BLOB NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO ticket_aliases(ticket, entry)
  SELECT CAST(losing_value AS TEXT), row FROM conflicts
  WHERE tbl = 0 AND field = 256 AND length(losing_value) > 0 AND length(row) = 16;
)sql");
      },
      // 26: the rows of table 11 (tickets given elsewhere, core/ticket_notes.hpp) are kept as a
      // newer Mutua's table is (migration 9); this index finds the ones that name a ticket, which
      // a ticket typed and found nowhere else reads. Rows relayed before the update count at
      // once. Tolerant of being run again.
      [](Db& db) {
        db.exec(
            "CREATE INDEX IF NOT EXISTS extra_fields_ticket_given ON extra_fields(value)"
            " WHERE tbl = 11 AND col = 3");
      },
      // 27: the sync log's count of records a revocation an import brought took back, and the
      // names of the revoked devices (the Sync screen's "Past syncs" says so, as the import
      // did). Local, never replicated. Tolerant of being run again.
      [](Db& db) {
        for (const char* column : {"taken_back INTEGER NOT NULL DEFAULT 0",
                                   "taken_back_from TEXT NOT NULL DEFAULT ''"}) {
          const std::string name(column, std::string_view(column).find(' '));
          auto has = db.prepare("SELECT 1 FROM pragma_table_info('sync_log') WHERE name = ?1");
          has.bind(1, std::string_view(name));
          if (!has.step()) db.exec(std::string("ALTER TABLE sync_log ADD COLUMN ") + column);
        }
      },
  };
  return steps;
}

}  // namespace mutua
