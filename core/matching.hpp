#pragma once
// Matching needs with offers: what is still open on each side, the ranked suggestions for a need
// (each with its reasons in words), and the volunteer's actions: confirm a match, record a
// handover, undo one. Everything goes through the Store's services.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/item_words.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;

// How much of an entry is given, promised and still free. Given comes from the insert-only
// handovers; promised is what live (proposed or confirmed) matches still expect to hand over.
struct Allocation {
  int64_t quantity = 0;
  int64_t given = 0;     // handed over so far (undone handovers left out)
  int64_t promised = 0;  // matched but not yet handed over
  int64_t still_needed() const { return quantity > given ? quantity - given : 0; }  // or left
  int64_t unmatched() const {
    int64_t free = quantity - given - promised;
    return free > 0 ? free : 0;
  }
};
Allocation allocation(const Store& store, const Entry& e);
// Units handed over on one match (undone handovers left out).
int64_t handed_on_match(const Store& store, const Id& match);

// One reason a suggestion ranks where it does. `points` is its share of the score; the words are
// built by describe() (English, for the CLI) or by the UI through tr().
struct MatchReason {
  enum class Kind : uint8_t {
    same_category,    // the offer is in the need's category
    shared_words,     // item words in common: words = "need word=offer word" pairs
    covers_all,       // the offer has enough for everything still needed
    covers_part,      // the offer has `amount` of the `of` still needed
    same_site,        // `text` = the site
    same_area,        // `text` = the area
    urgent_nearby,    // the need is critical/high and the offer is at the same site
    waiting,          // the offer has waited `amount` days: older offers go first
    no_shared_words,  // no item word in common with a need that names things: points <= 0,
                      // holding the score to 30, so unrelated items rank low and say why
  } kind;
  int points = 0;
  int64_t amount = 0, of = 0;
  std::string text;
  std::vector<SharedWord> words;
};
std::string describe(const MatchReason& r);

struct Suggestion {
  Entry offer;
  int64_t available = 0;  // units of the offer not yet handed over or promised
  int score = 0;
  std::vector<MatchReason> reasons;
};

struct SuggestOptions {
  size_t limit = 10;
  // Bounds on the candidates read, so a 100,000-entry database answers in tens of milliseconds:
  // the need's own category (oldest first), then, in every other category, its oldest offers
  // checked for shared item words ("baby blanket" under baby for a blanket need).
  size_t category_scan = 5000;
  size_t word_scan_per_category = 400;
};
// The best offers for a need, best first; ties go to the older offer, then the lower ticket.
// None for a need already fully matched (nothing left to match: suggestions would mislead).
std::vector<Suggestion> suggest_offers(const Store& store, const Entry& need,
                                       const SuggestOptions& options = {});
// Scores one offer against a need (no store access; `available` is the offer's free quantity).
Suggestion score_offer(const Entry& need, int64_t need_open,
                       const std::vector<ItemWord>& need_words, const Entry& offer,
                       int64_t available, int64_t now_ms);

// Confirms a match of `quantity` units: a proposed match between the two becomes confirmed,
// otherwise a new confirmed match is recorded. Refuses more than either side has free.
Result<Match> confirm_match(Store& store, const Entry& need, const Entry& offer, int64_t quantity);
// Records units actually given on a match. Refuses more than the need still needs or the
// offer still has; a match whose quantity is fully given becomes handed_over.
Result<Handover> record_handover(Store& store, const Id& match, int64_t quantity);
// How long a handover can be undone.
inline constexpr int64_t kUndoWindowMs = 2 * 60 * 1000;
// Undoes a handover with a compensating record (nothing is deleted).
Result<Handover> undo_handover(Store& store, const Id& handover);
// Whether a handover can still be undone now.
bool can_undo(const Store& store, const Handover& h);

// A match or handover named by its full hex id or a unique prefix of it (at least 4 digits).
Result<Match> find_match(const Store& store, const std::string& id_or_prefix);
Result<Handover> find_handover(const Store& store, const std::string& id_or_prefix);

}  // namespace mutua
