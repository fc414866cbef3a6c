#pragma once
// Full-text search over entries (issue 14, "Find things"): a local index, derived from the
// entries table and never replicated, in the FTS5 table entry_search (migration 18).
//
// It catches up when it is read, not when entries are written: every stored row carries the
// change number of its transaction (`chg`, indexed; core/replica_changes.cpp), so a search first
// indexes the entries stored since the last one (refresh_entry_search), whatever path stored
// them: a local write, a merged bundle or LAN row, a CSV import, the contact purge, a
// revocation's take-back. Writes pay nothing for it: triggers that kept the index in step made
// bulk writes (a first sync, a CSV import) 76 % slower. The first search after a first sync of
// 100,000 entries indexes them all (about a second); the kiosk also refreshes it in its
// housekeeping, so a person rarely waits for that.
//
// entry_search_rows maps each entry id to its row in entry_search and the change number it was
// indexed at, and copies what a search filters and sorts on (kind, state, expiry, urgency,
// creation time, category, site; migration 22): a search's count reads no entries, its page only
// the rows shown. Rows stored again are indexed again (a new change number); two triggers keep
// the rest: entry_search_follow copies a state changed in place (a match or handover derives it),
// and entry_search_gone drops a deleted entry's rows (a take-back) at once, so the catch-up never
// looks for entries gone and costs what changed.
// entry_search_state holds the highest change number indexed and the highest rowid of an entry
// that had it then: rows given the same number by two connections at once are still found, with
// a lookup, however many rows the last refresh indexed.
// entry_search's columns:
//   fts_ticket   the ticket without its dash ("K7Q042"), so "K7Q-042", "k7q042" and "K7Q0" find it
//   fts_item, fts_details
//   fts_name     the contact name (never searched from the public board)
// Text is folded by SQLite's unicode61 tokenizer: case, and accents on Latin letters
// (remove_diacritics 2), in every script it knows (Cyrillic, Arabic, Greek...).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

class Db;
struct EntryQuery;

// Who is searching. The board is public: it finds item words only, never a ticket or a name, nor
// words of the details, which the board never shows because they may hold personal data ("for
// Olga, room 12"): a search there would tell anyone which needs mention a name. The queue and the
// command line (volunteers, coordinators) find tickets, item and details words and contact names.
enum class SearchScope : unsigned char { board, people };

// Bounds on what a typed query can cost: words past the first kMaxSearchWords are left out, and
// each word is cut to kMaxSearchWordBytes (on a character boundary).
inline constexpr size_t kMaxSearchWords = 8;
inline constexpr size_t kMaxSearchWordBytes = 64;

// The FTS5 MATCH expression for what a person typed: every word must be found, each as a prefix
// (the last word is usually being typed) once it has two characters, as literal text: quotes,
// brackets, stars, colons, NEAR, AND, OR, NOT and the like mean nothing. Words with nothing to find
// (punctuation only, emoji) are left out. Returns "" when no word is left: nothing can match.
std::string search_match_expression(std::string_view typed, SearchScope scope);
// Whether the typed text holds anything at all besides spaces (an empty search shows all).
bool search_is_blank(std::string_view typed);

// Migration 22 (18 and 20 made earlier shapes of it): creates the index, empty, and its
// triggers; the first search fills it. Can run again (the migration tests rewind
// user_version): it starts over.
void add_entry_search(const Db& db);

// Indexes the entries stored since the last refresh. Cheap when nothing changed: three indexed
// lookups. Otherwise it reads only what changed. Returns how many entries it indexed.
size_t refresh_entry_search(const Db& db);

// Refreshes, drops the rows of entries no longer there, and merges the index into one segment,
// so that words of deleted or changed text (a purged contact name) leave the file, not just the
// results. A few hundred milliseconds on 100,000 entries.
void compact_entry_search(const Db& db);

// EntryService::count(q)'s query plan (EXPLAIN QUERY PLAN), one line per step, at the time `now`:
// for the tests that show a search's count reads the index and its map, not entries.
std::vector<std::string> count_plan(const Db& db, const EntryQuery& q, int64_t now);

}  // namespace mutua
