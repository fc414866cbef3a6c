#pragma once
// Matches made but not yet handed over (issue 14, "Find things": a "matched, not yet handed over"
// list with contacts to call). The distribution desk works through it oldest first: record the
// handover, or undo a match that will not happen. Read from the matches and handovers tables;
// nothing is stored for it.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;

struct WaitingMatch {
  Match match;
  Entry need;
  Entry offer;
  int64_t given = 0;  // units handed over on this match so far (undone ones left out)
  int64_t left() const { return match.quantity > given ? match.quantity - given : 0; }
};

// Every proposed or confirmed match with units still to hand over whose need and offer are both
// on this device, oldest match first (ties: the lower match id). At most `limit`; `total`, when
// given, gets how many there are in all. `search` (blank: all) keeps the rows holding every typed
// word in a ticket (with or without its dash), an item or a contact name, ignoring case.
std::vector<WaitingMatch> waiting_matches(const Store& store, std::string_view search = {},
                                          size_t limit = 1000, size_t* total = nullptr);
// How many rows waiting_matches would give without a search or limit.
size_t count_waiting_matches(const Store& store);
// Whether a row holds every word of `search` (the rule waiting_matches filters by).
bool waiting_match_has(const WaitingMatch& w, std::string_view search);

// Undoes a match that will not be handed over: it becomes cancelled (a stamped write, so it
// replicates; nothing is deleted) and its units are free to match again. Refused once anything
// was handed over on it: undo that handover first (within 2 minutes), or record the rest.
Result<Match> undo_match(Store& store, const Id& match);

}  // namespace mutua
