#include "core/matching.hpp"
#include "core/save_failure.hpp"

#include <algorithm>

#include "core/store.hpp"

namespace mutua {

namespace {

// Score weights. An item word in common matters most (a person asking for rice wants rice, not
// any food); the category next; then whether the offer covers the need, how near it is, and how
// long it has waited. Shared words across categories count half: "rice cooker" is not food.
constexpr int kFirstWord = 40, kExtraWord = 10, kMaxWords = 60;
constexpr int kCategory = 25;
constexpr int kCoversAll = 15;
constexpr int kSameSite = 15, kSameArea = 8;
constexpr int kUrgentCritical = 15, kUrgentHigh = 8;
constexpr int kMaxWaitingDays = 5;
// An offer that shares no item word with a need that names things is, most likely, something
// else ("Board games" for "SIM cards"): category, quantity, place, urgency and age alone reach 75,
// so such a pair is held to this score, under any pair with a word in common in the same
// category (65 or more), and the reason says why.
constexpr int kNoSharedWordsCap = 30;
constexpr int64_t kMatchDayMs = 86'400'000;

bool same_place(const std::string& a, const std::string& b) {
  return !a.empty() && fold_word(a) == fold_word(b);
}

bool has_major_word(const std::vector<SharedWord>& words) {
  return std::any_of(words.begin(), words.end(), [](const SharedWord& w) { return !w.minor; });
}

bool ranks_before(const Suggestion& a, const Suggestion& b) {
  if (a.score != b.score) return a.score > b.score;
  // Older offers first: the person offering has waited longer, and goods on a table spoil.
  if (a.offer.created_at != b.offer.created_at) return a.offer.created_at < b.offer.created_at;
  return a.offer.ticket < b.offer.ticket;
}

std::vector<Handover> live_handovers(const Store& store, const Id& match) {
  auto all = store.matches().handovers_for(match);
  std::vector<Handover> live;
  for (const auto& h : all) {
    if (!h.undoes.is_zero()) continue;
    const bool undone =
        std::any_of(all.begin(), all.end(), [&](const Handover& u) { return u.undoes == h.id; });
    if (!undone) live.push_back(h);
  }
  return live;
}

}  // namespace

int64_t handed_on_match(const Store& store, const Id& match) {
  int64_t n = 0;
  for (const auto& h : live_handovers(store, match)) n += h.quantity;
  return n;
}

Allocation allocation(const Store& store, const Entry& e) {
  Allocation a;
  a.quantity = e.quantity;
  a.given = store.matches().handed_over(e.id);
  for (const auto& m : store.matches().for_entry(e.id)) {
    if (m.status != MatchStatus::proposed && m.status != MatchStatus::confirmed) continue;
    const int64_t left = m.quantity - handed_on_match(store, m.id);
    if (left > 0) a.promised += left;
  }
  return a;
}

std::string describe(const MatchReason& r) {
  using K = MatchReason::Kind;
  switch (r.kind) {
    case K::same_category:
      return "same category (" + r.text + ")";
    case K::shared_words: {
      std::string s = "item words in common: ";
      for (size_t i = 0; i < r.words.size(); ++i) {
        const auto& w = r.words[i];
        s += (i ? ", " : "") + w.need_word;
        if (w.offer_word != w.need_word) s += " = " + w.offer_word;
      }
      return s;
    }
    case K::covers_all:
      return "has enough: " + std::to_string(r.amount) + " free for " + std::to_string(r.of) +
             " still needed";
    case K::covers_part:
      return "covers part: " + std::to_string(r.amount) + " of " + std::to_string(r.of) +
             " still needed";
    case K::same_site:
      return "same site (" + r.text + ")";
    case K::same_area:
      return "same area (" + r.text + ")";
    case K::urgent_nearby:
      return "urgent need, and the offer is close at hand";
    case K::waiting:
      return "offered " + std::to_string(r.amount) + (r.amount == 1 ? " day" : " days") +
             " ago: older offers go first";
    case K::no_shared_words:
      return "no item words in common: probably something else";
  }
  return {};
}

Suggestion score_offer(const Entry& need, int64_t need_open,
                       const std::vector<ItemWord>& need_words, const Entry& offer,
                       int64_t available, int64_t now_ms) {
  using K = MatchReason::Kind;
  Suggestion s;
  s.offer = offer;
  s.available = available;
  auto add = [&](MatchReason r) {
    s.score += r.points;
    s.reasons.push_back(std::move(r));
  };
  const bool same_category = need.category == offer.category;
  if (same_category) add({K::same_category, kCategory, 0, 0, need.category, {}});
  auto words = shared_words(need_words, item_words(offer.item));
  const bool unrelated = !need_words.empty() && !has_major_word(words);
  if (!unrelated) {
    int points = std::min<int>(kMaxWords, kFirstWord + kExtraWord * int(words.size() - 1));
    if (!same_category) points /= 2;
    add({K::shared_words, points, 0, 0, {}, std::move(words)});
  }
  if (need_open > 0 && available > 0) {
    if (available >= need_open)
      add({K::covers_all, kCoversAll, available, need_open, {}, {}});
    else
      add({K::covers_part,
           std::max(1, int(kCoversAll * available / need_open)),
           available,
           need_open,
           {},
           {}});
  }
  const bool here = same_place(need.site, offer.site);
  const bool near = !here && same_place(need.area, offer.area);
  if (here) add({K::same_site, kSameSite, 0, 0, offer.site, {}});
  if (near) add({K::same_area, kSameArea, 0, 0, offer.area, {}});
  if (here || near) {
    int urgent = need.urgency == Urgency::critical ? kUrgentCritical
                 : need.urgency == Urgency::high   ? kUrgentHigh
                                                   : 0;
    if (near) urgent /= 2;
    if (urgent) add({K::urgent_nearby, urgent, 0, 0, {}, {}});
  }
  const int64_t days = offer.created_at > 0 ? (now_ms - offer.created_at) / kMatchDayMs : 0;
  if (days >= 1) add({K::waiting, int(std::min<int64_t>(days, kMaxWaitingDays)), days, 0, {}, {}});
  if (unrelated) add({K::no_shared_words, std::min(0, kNoSharedWordsCap - s.score), 0, 0, {}, {}});
  return s;
}

std::vector<Suggestion> suggest_offers(const Store& store, const Entry& need,
                                       const SuggestOptions& options) {
  std::vector<Suggestion> found;
  if (need.kind != Kind::need) return found;
  const int64_t now = store.replica().now_ms();
  const auto need_words = item_words(need.item);
  const Allocation need_alloc = allocation(store, need);
  const int64_t need_open = need_alloc.unmatched();
  if (need_open == 0) return found;  // fully matched: nothing to suggest

  // Candidates are first scored with the offer's whole quantity (cheap: no extra queries); only
  // the best ones then pay for their real free quantity, which can only lower a score.
  auto scan = [&](const EntryQuery& q, size_t bound, bool other_categories) {
    std::optional<PageCursor> cursor;
    size_t seen = 0;
    do {
      auto page = store.entries().list(q, std::min<size_t>(500, bound - seen), cursor);
      seen += page.entries.size();
      for (auto& offer : page.entries) {
        if (other_categories && offer.category == need.category) continue;
        if (other_categories && !has_major_word(shared_words(need_words, item_words(offer.item))))
          continue;
        found.push_back(score_offer(need, need_open, need_words, offer, offer.quantity, now));
      }
      cursor = page.next;
    } while (cursor && seen < bound);
  };
  EntryQuery q;
  q.kind = Kind::offer;
  q.active_only = true;
  q.category = need.category;
  scan(q, options.category_scan, false);
  if (!need_words.empty()) {
    for (const auto& category : store.settings().category_ids()) {
      if (category == need.category) continue;
      q.category = category;
      scan(q, options.word_scan_per_category, true);
    }
  }
  std::sort(found.begin(), found.end(), ranks_before);

  std::vector<Suggestion> best;
  const size_t max_checked = std::max<size_t>(options.limit * 20, 200);
  for (size_t i = 0; i < found.size() && i < max_checked; ++i) {
    const Entry& offer = found[i].offer;
    const int64_t available = allocation(store, offer).unmatched();
    if (available <= 0) continue;
    best.push_back(score_offer(need, need_open, need_words, offer, available, now));
    // Rescoring only lowers scores, so once `limit` rescored ones beat the next prescore the
    // rest cannot overtake them.
    if (best.size() >= options.limit) {
      std::sort(best.begin(), best.end(), ranks_before);
      best.resize(options.limit);
      if (i + 1 < found.size() && !ranks_before(found[i + 1], best.back())) break;
    }
  }
  std::sort(best.begin(), best.end(), ranks_before);
  if (best.size() > options.limit) best.resize(options.limit);
  return best;
}

Result<Match> confirm_match(Store& store, const Entry& need_in, const Entry& offer_in,
                            int64_t quantity) {
  auto need = store.entries().get(need_in.id), offer = store.entries().get(offer_in.id);
  if (!need || need->kind != Kind::need) return fail("the first ticket must be a need");
  if (!offer || offer->kind != Kind::offer) return fail("the second ticket must be an offer");
  if (!is_active(need->status))
    return fail("need " + need->ticket + " is " + std::string(to_string(need->status)) +
                ", not open");
  if (!is_active(offer->status))
    return fail("offer " + offer->ticket + " is " + std::string(to_string(offer->status)) +
                ", not available");
  if (quantity_waiting(*need) || quantity_waiting(*offer))
    return fail(
        "How many is not known on this device yet, so it cannot be matched here. It comes with "
        "the next update from the device that has it.");
  if (quantity < 1) return fail("the quantity must be at least 1");
  // A proposed match between the two (from "I need this" at the kiosk) is confirmed in place,
  // and its own promise does not count against it.
  std::optional<Match> proposed;
  for (const auto& m : store.matches().for_entry(need->id))
    if (m.offer == offer->id && m.status == MatchStatus::proposed) proposed = m;
  const int64_t own =
      proposed ? std::max<int64_t>(0, proposed->quantity - handed_on_match(store, proposed->id))
               : 0;
  const int64_t need_free = allocation(store, *need).unmatched() + own;
  const int64_t offer_free = allocation(store, *offer).unmatched() + own;
  if (need_free == 0) return fail("need " + need->ticket + " is already fully matched");
  if (offer_free == 0) return fail("offer " + offer->ticket + " is already fully promised");
  if (quantity > need_free)
    return fail("need " + need->ticket + " still needs " + std::to_string(need_free) +
                " that are not matched yet; use --qty " + std::to_string(need_free) + " or less");
  if (quantity > offer_free)
    return fail("offer " + offer->ticket + " has " + std::to_string(offer_free) +
                " left that are not promised; use --qty " + std::to_string(offer_free) +
                " or less");
  if (proposed) return store.matches().set(proposed->id, quantity, MatchStatus::confirmed);
  return store.matches().add(need->id, offer->id, quantity, MatchStatus::confirmed);
}

Result<Handover> record_handover(Store& store, const Id& match_id, int64_t quantity) {
  auto m = store.matches().get(match_id);
  if (!m) return fail("no match with that id");
  if (m->status == MatchStatus::cancelled) return fail("that match was cancelled");
  auto need = store.entries().get(m->need), offer = store.entries().get(m->offer);
  if (!need || !offer) return fail("the match's need or offer is not on this device yet");
  if (quantity_waiting(*need) || quantity_waiting(*offer))
    return fail(
        "How many is not known on this device yet, so no handover can be recorded here. It comes "
        "with the next update from the device that has it.");
  if (quantity < 1) return fail("the quantity must be at least 1");
  const int64_t need_left = allocation(store, *need).still_needed();
  const int64_t offer_left = allocation(store, *offer).still_needed();
  if (need_left == 0) return fail("need " + need->ticket + " is already met");
  if (offer_left == 0) return fail("offer " + offer->ticket + " has nothing left");
  if (quantity > need_left)
    return fail("need " + need->ticket + " only needs " + std::to_string(need_left) + " more");
  if (quantity > offer_left)
    return fail("offer " + offer->ticket + " only has " + std::to_string(offer_left) + " left");
  // The handover and the match's new status are saved together or not at all.
  try {
    auto tx = store.replica().transaction();
    auto h = store.matches().add_handover(match_id, quantity);
    if (!h) return h;
    if (handed_on_match(store, match_id) >= m->quantity)
      if (auto set = store.matches().set(match_id, m->quantity, MatchStatus::handed_over); !set)
        return set.error_value();
    tx.commit();
    return h;
  } catch (const DbError& e) {
    return save_failed(store.replica(), e, "could not save: ");
  }
}

bool can_undo(const Store& store, const Handover& h) {
  if (!h.undoes.is_zero() || store.replica().now_ms() - h.created_at > kUndoWindowMs) return false;
  for (const auto& other : store.matches().handovers_for(h.match))
    if (other.undoes == h.id) return false;
  return true;
}

Result<Handover> undo_handover(Store& store, const Id& id) {
  std::optional<Handover> h;
  if (auto row = store.replica().read_row(TableId::handovers, id)) {
    for (const auto& x :
         store.matches().handovers_for(id_from_value(row->fixed[handover_fixed::match])))
      if (x.id == id) h = x;
  }
  if (!h) return fail("no handover with that id");
  if (!h->undoes.is_zero()) return fail("that record is itself an undo");
  for (const auto& other : store.matches().handovers_for(h->match))
    if (other.undoes == h->id) return fail("that handover was already undone");
  if (store.replica().now_ms() - h->created_at > kUndoWindowMs)
    return fail("a handover can only be undone within 2 minutes of recording it");
  // The undo and the match's status going back are saved together or not at all.
  try {
    auto tx = store.replica().transaction();
    auto undo = store.matches().add_handover(h->match, h->quantity, h->id);
    if (!undo) return undo;
    if (auto m = store.matches().get(h->match);
        m && m->status == MatchStatus::handed_over && handed_on_match(store, m->id) < m->quantity)
      if (auto set = store.matches().set(m->id, m->quantity, MatchStatus::confirmed); !set)
        return set.error_value();
    tx.commit();
    return undo;
  } catch (const DbError& e) {
    return save_failed(store.replica(), e, "could not save: ");
  }
}

namespace {
Result<Id> find_id(const Store& store, TableId table, const std::string& prefix, const char* what) {
  std::string p;
  for (char c : prefix) p += (c >= 'A' && c <= 'F') ? char(c + 32) : c;
  if (p.size() < 4 || p.size() > 32 || p.find_first_not_of("0123456789abcdef") != std::string::npos)
    return fail(std::string("a ") + what + " id is 4 to 32 hex digits, e.g. 3fa9c2");
  std::vector<Id> hits;
  store.replica().for_each_row(table, [&](const Row& r) {
    if (r.id.hex().compare(0, p.size(), p) == 0) hits.push_back(r.id);
    return hits.size() < 2;
  });
  if (hits.empty()) return fail(std::string("no ") + what + " with id " + prefix);
  if (hits.size() > 1)
    return fail(std::string("more than one ") + what + " id starts with " + prefix +
                "; give more digits");
  return hits.front();
}
}  // namespace

Result<Match> find_match(const Store& store, const std::string& id_or_prefix) {
  auto id = find_id(store, TableId::matches, id_or_prefix, "match");
  if (!id) return id.error_value();
  auto m = store.matches().get(*id);
  if (!m) return fail("no match with id " + id_or_prefix);
  return *m;
}

Result<Handover> find_handover(const Store& store, const std::string& id_or_prefix) {
  auto id = find_id(store, TableId::handovers, id_or_prefix, "handover");
  if (!id) return id.error_value();
  auto row = store.replica().read_row(TableId::handovers, *id);
  for (const auto& h :
       store.matches().handovers_for(id_from_value(row->fixed[handover_fixed::match])))
    if (h.id == *id) return h;
  return fail("no handover with id " + id_or_prefix);
}

}  // namespace mutua
