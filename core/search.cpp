#include "core/search.hpp"

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
std::string quoted(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Only well-formed characters are searched (the rest of a pasted byte string is dropped).
std::string valid_text(std::string_view s) {
  if (utf8::valid(s)) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (i + len <= s.size() && utf8::valid(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

bool search_is_blank(std::string_view typed) {
  for (char c : typed)
    if (!is_space(c)) return false;
  return true;
}

std::string search_match_expression(std::string_view typed_in, SearchScope scope) {
  const std::string typed = valid_text(typed_in);
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
    std::string term = quoted(word) + (utf8::length(word) > 1 ? "*" : "");
    // A ticket typed with its dash ("K7Q-042") is one word in fts_ticket ("K7Q042").
    if (scope == SearchScope::people && word.find('-') != std::string_view::npos) {
      std::string joined;
      for (char c : word)
        if (c != '-') joined += c;
      if (has_token(joined)) term = "(" + term + " OR fts_ticket : " + quoted(joined) + "*)";
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
DROP TABLE IF EXISTS entry_search;
CREATE VIRTUAL TABLE entry_search USING fts5(
  fts_ticket, fts_item, fts_details, fts_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO entry_search(rowid, fts_ticket, fts_item, fts_details, fts_name)
  SELECT rowid, replace(ticket, '-', ''), item, details, contact_name FROM entries;
-- The engine stores rows with INSERT OR REPLACE: the replaced row's delete trigger fires because
-- every connection sets recursive_triggers (core/db.cpp).
CREATE TRIGGER entry_search_insert AFTER INSERT ON entries BEGIN
  INSERT INTO entry_search(rowid, fts_ticket, fts_item, fts_details, fts_name)
    VALUES (new.rowid, replace(new.ticket, '-', ''), new.item, new.details, new.contact_name);
END;
CREATE TRIGGER entry_search_delete AFTER DELETE ON entries BEGIN
  DELETE FROM entry_search WHERE rowid = old.rowid;
END;
CREATE TRIGGER entry_search_update AFTER UPDATE OF ticket, item, details, contact_name ON entries
BEGIN
  DELETE FROM entry_search WHERE rowid = old.rowid;
  INSERT INTO entry_search(rowid, fts_ticket, fts_item, fts_details, fts_name)
    VALUES (new.rowid, replace(new.ticket, '-', ''), new.item, new.details, new.contact_name);
END;
)sql");
}

void compact_entry_search(const Db& db) {
  db.exec("INSERT INTO entry_search(entry_search) VALUES('optimize')");
}

}  // namespace mutua
