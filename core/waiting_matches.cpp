#include "core/waiting_matches.hpp"

#include <algorithm>
#include <string>

#include "core/db_error.hpp"
#include "core/matching.hpp"
#include "core/save_failure.hpp"
#include "core/schema.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

bool live(MatchStatus s) {
  return s == MatchStatus::proposed || s == MatchStatus::confirmed;
}

// The live matches' ids and creation times, oldest first (ties: the lower id).
std::vector<std::pair<int64_t, Id>> live_matches(const Store& store) {
  std::vector<std::pair<int64_t, Id>> out;
  store.replica().for_each_row(TableId::matches, [&](const Row& r) {
    const auto status = static_cast<MatchStatus>(std::get<int64_t>(r.fields[match_field::status]));
    if (live(status)) out.emplace_back(std::get<int64_t>(r.fixed[match_fixed::created_at]), r.id);
    return true;
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<WaitingMatch> waiting(const Store& store, const Id& id) {
  auto m = store.matches().get(id);
  if (!m || !live(m->status)) return std::nullopt;
  auto need = store.entries().get(m->need);
  auto offer = store.entries().get(m->offer);
  if (!need || !offer) return std::nullopt;
  WaitingMatch w{*m, std::move(*need), std::move(*offer), handed_on_match(store, id)};
  if (w.left() == 0) return std::nullopt;
  return w;
}

// ASCII letters folded to lower case; other bytes kept (tickets and most typed words are ASCII;
// a word in another script is found as typed).
std::string fold(std::string_view s, bool drop_dashes = false) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (drop_dashes && c == '-') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

bool waiting_match_has(const WaitingMatch& w, std::string_view search) {
  const std::string words = fold(w.need.item) + '\n' + fold(w.offer.item) + '\n' +
                            fold(w.need.contact_name) + '\n' + fold(w.offer.contact_name);
  const std::string tickets = fold(w.need.ticket, true) + '\n' + fold(w.offer.ticket, true);
  size_t at = 0;
  size_t checked = 0;
  while (at < search.size() && checked < 16) {  // bounded: at most 16 words are looked at
    const size_t end = std::min(search.find(' ', at), search.size());
    const std::string_view word = search.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    ++checked;
    const std::string f = fold(word);
    const std::string t = fold(word, true);
    const bool found =
        words.find(f) != std::string::npos || (!t.empty() && tickets.find(t) != std::string::npos);
    if (!found) return false;
  }
  return true;
}

std::vector<WaitingMatch> waiting_matches(const Store& store, std::string_view search, size_t limit,
                                          size_t* total) {
  std::vector<WaitingMatch> out;
  size_t n = 0;
  for (const auto& [created, id] : live_matches(store)) {
    auto w = waiting(store, id);
    if (!w || !waiting_match_has(*w, search)) continue;
    ++n;
    if (out.size() < limit) out.push_back(std::move(*w));
  }
  if (total) *total = n;
  return out;
}

size_t count_waiting_matches(const Store& store) {
  size_t n = 0;
  for (const auto& [created, id] : live_matches(store))
    if (waiting(store, id)) ++n;
  return n;
}

Result<Match> undo_match(Store& store, const Id& match) {
  auto m = store.matches().get(match);
  if (!m) return fail("no match with that id");
  if (m->status == MatchStatus::cancelled) return fail("that match was already undone");
  if (m->status == MatchStatus::handed_over) return fail("that match was already handed over");
  const int64_t given = handed_on_match(store, match);
  if (given > 0)
    return fail(std::to_string(given) +
                " already handed over on this match: undo that handover first, or record the "
                "rest");
  try {
    return store.matches().set(match, m->quantity, MatchStatus::cancelled);
  } catch (const DbError& e) {
    return save_failed(store.replica(), e, "could not save: ");
  }
}

}  // namespace mutua
