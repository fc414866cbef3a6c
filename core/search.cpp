#include "core/search.hpp"

#include <algorithm>

#include "core/db.hpp"
#include "core/utf8.hpp"

namespace mutua {

namespace {

// Spaces, and every other ASCII control character (a NUL would end the expression early).
bool is_space(char c) {
  return (c >= 0 && c <= ' ') || c == 0x7F;
}

// Whether SQLite's unicode61 tokenizer would find a token in the word: a letter or digit. Outside
// ASCII this errs towards "yes" for letters and leaves out the common symbol and emoji blocks;
// a word wrongly kept only finds nothing, it never fails.
bool is_token_char(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0) return false;                      // Latin-1 punctuation and symbols
  if (c == 0xD7 || c == 0xF7) return false;        // multiplication and division signs
  if (c >= 0x2000 && c <= 0x2BFF) return false;    // punctuation, arrows, symbols, dingbats
  if (c >= 0x2E00 && c <= 0x2E7F) return false;    // supplemental punctuation
  if (c >= 0x3000 && c <= 0x303F) return false;    // CJK punctuation
  if (c >= 0xFE00 && c <= 0xFE0F) return false;    // variation selectors
  if (c >= 0xFF00 && c <= 0xFF0F) return false;    // fullwidth punctuation
  if (c >= 0xFFF0 && c <= 0xFFFF) return false;    // specials
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji, playing cards, mahjong
  if (c >= 0xE0000) return false;                  // tags, private use planes
  return true;
}

bool has_token(std::string_view word) {
  bool found = false;
  utf8::for_each(word, [&](char32_t c) { found = found || is_token_char(c); });
  return found;
}

// The word as an FTS5 string: inside double quotes everything is literal but the quote itself,
// which is doubled.
std::string fts_quoted(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool search_is_blank(std::string_view typed) {
  for (char c : typed)
    if (!is_space(c)) return false;
  return true;
}

std::string search_match_expression(std::string_view typed_in, SearchScope scope) {
  const std::string typed = utf8::valid_part(typed_in);
  std::string terms;
  size_t words = 0;
  for (size_t i = 0; i < typed.size() && words < kMaxSearchWords;) {
    while (i < typed.size() && is_space(typed[i])) ++i;
    size_t end = i;
    while (end < typed.size() && !is_space(typed[end])) ++end;
    const std::string_view word =
        utf8::truncate(std::string_view(typed).substr(i, end - i), kMaxSearchWordBytes);
    i = end;
    if (word.empty() || !has_token(word)) continue;
    ++words;
    // A prefix from two characters on: a one-letter prefix matches a fifth of all entries
    // (16,000 of 100,000) and takes far longer than the 50 ms a key may take; one letter is
    // matched as a whole word.
    std::string term = fts_quoted(word) + (utf8::length(word) > 1 ? "*" : "");
    // A ticket typed with its dash ("K7Q-042") is one word in fts_ticket ("K7Q042").
    if (scope == SearchScope::people && word.find('-') != std::string_view::npos) {
      std::string joined;
      for (char c : word)
        if (c != '-') joined += c;
      if (has_token(joined)) term = "(" + term + " OR fts_ticket : " + fts_quoted(joined) + "*)";
    }
    terms += (terms.empty() ? "" : " AND ") + term;
  }
  if (terms.empty()) return {};
  if (scope == SearchScope::board) return "fts_item : (" + terms + ")";
  return terms;
}

void add_entry_search(const Db& db) {
  db.exec(R"sql(
DROP TRIGGER IF EXISTS entry_search_insert;
DROP TRIGGER IF EXISTS entry_search_delete;
DROP TRIGGER IF EXISTS entry_search_update;
DROP TRIGGER IF EXISTS entry_search_gone;
DROP TRIGGER IF EXISTS entry_search_follow;
DROP TABLE IF EXISTS entry_search;
DROP TABLE IF EXISTS entry_search_rows;
DROP TABLE IF EXISTS entry_search_state;
CREATE VIRTUAL TABLE entry_search USING fts5(
  fts_ticket, fts_item, fts_details, fts_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE entry_search_rows (
  fts INTEGER PRIMARY KEY,         -- rowid in entry_search
  entry BLOB NOT NULL UNIQUE,      -- the entry's id (named apart from entries' own columns,
                                   -- which a search's query names unqualified)
  indexed_chg INTEGER NOT NULL,    -- the entry's change number when it was indexed
  -- What a search filters and sorts on, as in entries (migration 22): a count never reads
  -- entries, and a page reads only its own rows.
  entry_kind INTEGER NOT NULL,
  entry_state INTEGER NOT NULL,
  entry_expires INTEGER NOT NULL,
  entry_urgency INTEGER NOT NULL,
  entry_created INTEGER NOT NULL,
  entry_category TEXT NOT NULL,
  entry_site TEXT NOT NULL         -- site_key
);
CREATE TABLE entry_search_state (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  chg INTEGER NOT NULL,         -- the highest change number indexed
  top_row INTEGER NOT NULL,     -- the highest rowid in entries that had it then
  recheck INTEGER NOT NULL      -- 1: an entry was deleted since (rowids may repeat)
);
-- A deleted entry (a revocation's take-back) leaves the index at once.
CREATE TRIGGER entry_search_gone AFTER DELETE ON entries BEGIN
  DELETE FROM entry_search WHERE rowid = (SELECT fts FROM entry_search_rows WHERE entry = old.id);
  DELETE FROM entry_search_rows WHERE entry = old.id;
  UPDATE entry_search_state SET recheck = 1;
END;
-- The state a match or a handover derives is changed in place (core/entries.cpp, refresh_state),
-- with no new change number: it is copied to the map. Every other column is only ever changed by
-- storing the row again, with a new number, and the next search indexes it again.
CREATE TRIGGER entry_search_follow AFTER UPDATE OF state ON entries BEGIN
  UPDATE entry_search_rows SET entry_state = new.state WHERE entry = new.id;
END;
)sql");
}

namespace {

struct SearchState {
  int64_t chg = -1;  // nothing indexed yet: every entry (chg >= 0) is new
  int64_t top_row = 0;
  bool recheck = false;
};

SearchState read_state(const Db& db) {
  SearchState s;
  auto st = db.prepare("SELECT chg, top_row, recheck FROM entry_search_state WHERE one = 1");
  if (st.step()) {
    s.chg = st.int64(0);
    s.top_row = st.int64(1);
    s.recheck = st.int64(2) != 0;
  }
  return s;
}

// The entries to index: stored after the last refresh (a newer change number), or at its number
// but stored after it (below).
const std::string kChangedColumns =
    "SELECT e.id, replace(e.ticket, '-', ''), e.item, e.details, e.contact_name, e.chg, r.fts,"
    " e.kind, e.state, e.expires_at, e.urgency, e.created_at, e.category, e.site_key"
    " FROM entries e LEFT JOIN entry_search_rows r ON r.entry = e.id";
const std::string kChangedSql = kChangedColumns + " WHERE e.chg > ?1";
// Two connections writing outside a transaction can give their rows the same change number, so a
// row can be stored with the number the last refresh indexed, after it. Stored after it, it has
// a higher rowid than every row there was (SQLite gives a new row the highest rowid plus one, a
// row stored again too), unless rows were deleted since: then those not indexed at that number
// are looked for too (`recheck`).
const std::string kSameNumberSql = kChangedColumns +
                                   " WHERE e.chg = ?1 AND (e.rowid > ?2 OR (?3 AND (r.indexed_chg "
                                   "IS NULL OR r.indexed_chg != ?1)))";

// Whether anything is to be indexed, read without taking the write lock: two lookups in the
// index on entries(chg), whatever the number of rows the last refresh indexed.
bool has_work(const Db& db, const SearchState& s) {
  if (s.recheck) return true;
  auto st = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM entries WHERE chg > ?1)"
      " OR EXISTS (SELECT 1 FROM entries WHERE chg = ?1 AND rowid > ?2)");
  st.bind(1, s.chg).bind(2, s.top_row);
  return st.step() && st.int64(0) != 0;
}

size_t index_rows(Statement& rows, const Db& db, int64_t& top) {
  auto drop = db.prepare("DELETE FROM entry_search WHERE rowid = ?1");
  auto add = db.prepare(
      "INSERT INTO entry_search(rowid, fts_ticket, fts_item, fts_details, fts_name)"
      " VALUES(?1, ?2, ?3, ?4, ?5)");
  auto add_new = db.prepare(
      "INSERT INTO entry_search(fts_ticket, fts_item, fts_details, fts_name)"
      " VALUES(?1, ?2, ?3, ?4)");
  auto map = db.prepare(
      "INSERT INTO entry_search_rows(fts, entry, indexed_chg, entry_kind, entry_state,"
      " entry_expires, entry_urgency, entry_created, entry_category, entry_site)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
      " ON CONFLICT(fts) DO UPDATE SET indexed_chg = excluded.indexed_chg,"
      " entry_kind = excluded.entry_kind, entry_state = excluded.entry_state,"
      " entry_expires = excluded.entry_expires, entry_urgency = excluded.entry_urgency,"
      " entry_created = excluded.entry_created, entry_category = excluded.entry_category,"
      " entry_site = excluded.entry_site");
  size_t n = 0;
  while (rows.step()) {
    const int64_t row_chg = rows.int64(5);
    top = std::max(top, row_chg);
    int64_t fts = 0;
    if (!rows.is_null(6)) {
      fts = rows.int64(6);
      drop.bind(1, fts).run();
      add.bind(1, fts).bind(2, rows.text(1)).bind(3, rows.text(2)).bind(4, rows.text(3));
      add.bind(5, rows.text(4)).run();
    } else {
      add_new.bind(1, rows.text(1)).bind(2, rows.text(2)).bind(3, rows.text(3));
      add_new.bind(4, rows.text(4)).run();
      fts = db.last_insert_rowid();
    }
    const std::string_view id = rows.blob_view(0);
    // The kind is a fixed value, but two creations of one id (core/fixed_fields.cpp) can
    // replace an entry's kind: that stores the row again, so it is indexed again here.
    map.bind(1, fts).bind_blob(2, id.data(), id.size()).bind(3, row_chg);
    for (int col = 7; col <= 11; ++col) map.bind(col - 3, rows.int64(col));
    map.bind(9, rows.text(12)).bind(10, rows.text(13)).run();
    ++n;
  }
  return n;
}

// The index rows of entries no longer there. The trigger entry_search_gone drops them as entries
// are deleted (a revocation's take-back); this sweep is the compaction's check that none is left.
void drop_gone(const Db& db) {
  db.exec(
      "DELETE FROM entry_search WHERE rowid IN (SELECT fts FROM entry_search_rows r WHERE NOT"
      " EXISTS (SELECT 1 FROM entries e WHERE e.id = r.entry));"
      " DELETE FROM entry_search_rows WHERE NOT EXISTS"
      " (SELECT 1 FROM entries e WHERE e.id = entry_search_rows.entry);");
}

}  // namespace

size_t refresh_entry_search(const Db& db) {
  if (!has_work(db, read_state(db))) return 0;
  Transaction tx(db);  // the write lock: read again under it
  const SearchState s = read_state(db);
  int64_t top = s.chg;
  auto changed = db.prepare(kChangedSql);
  changed.bind(1, s.chg);
  size_t n = index_rows(changed, db, top);
  if (s.chg >= 0) {
    auto same = db.prepare(kSameNumberSql);
    same.bind(1, s.chg).bind(2, s.top_row).bind(3, int64_t{s.recheck});
    n += index_rows(same, db, top);
  }
  int64_t top_row = 0;
  {
    auto st = db.prepare("SELECT max(rowid) FROM entries WHERE chg = ?1");
    st.bind(1, top);
    if (st.step() && !st.is_null(0)) top_row = st.int64(0);
  }
  auto put = db.prepare(
      "INSERT INTO entry_search_state(one, chg, top_row, recheck) VALUES(1, ?1, ?2, 0)"
      " ON CONFLICT(one) DO UPDATE SET chg = excluded.chg, top_row = excluded.top_row,"
      " recheck = 0");
  put.bind(1, top).bind(2, top_row).run();
  tx.commit();
  return n;
}

void compact_entry_search(const Db& db) {
  refresh_entry_search(db);
  drop_gone(db);
  db.exec("INSERT INTO entry_search(entry_search) VALUES('optimize')");
}

}  // namespace mutua
