#pragma once
// Full-text search over entries (issue 14, "Find things"): a local index, derived from the
// entries table and never replicated, in the FTS5 table entry_search (migration 17). Triggers on
// entries keep it in step with every change, whatever path made it: a local write, a merged
// bundle or LAN row, a CSV import, the contact purge, a revocation's take-back. Its columns:
//   fts_ticket   the ticket without its dash ("K7Q042"), so "K7Q-042", "k7q042" and "K7Q0" find it
//   fts_item, fts_details
//   fts_name     the contact name (never searched from the public board)
// Text is folded by SQLite's unicode61 tokenizer: case, and accents on Latin letters
// (remove_diacritics 2), in every script it knows (Cyrillic, Arabic, Greek...).
#include <string>
#include <string_view>

namespace mutua {

class Db;

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

// Migration 17: creates the index and its triggers and fills it from the entries there. Can run
// again (the migration tests rewind user_version): it starts over.
void add_entry_search(const Db& db);

// Merges the index into one segment, so that words of deleted or changed text (a purged contact
// name) leave the file, not just the results. A few hundred milliseconds on 100,000 entries.
void compact_entry_search(const Db& db);

}  // namespace mutua
