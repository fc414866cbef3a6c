#include "core/handover_limits.hpp"

#include <algorithm>

#include "core/history_event.hpp"

namespace mutua {

std::optional<HandoverClaim> handover_claim(const Row& row) {
  if (row.table != TableId::handovers || row.fixed.size() <= handover_fixed::undoes)
    return std::nullopt;
  const auto* undoes = std::get_if<std::string>(&row.fixed[handover_fixed::undoes]);
  if (undoes && *undoes != std::string(16, '\0')) return std::nullopt;
  const auto* match = std::get_if<std::string>(&row.fixed[handover_fixed::match]);
  const auto* quantity = std::get_if<int64_t>(&row.fixed[handover_fixed::quantity]);
  if (!match || match->size() != 16 || !quantity) return std::nullopt;
  HandoverClaim c;
  std::copy(match->begin(), match->end(), c.match.bytes.begin());
  c.quantity = *quantity;
  return c;
}

namespace {
// The entry's quantity now, or as large as any recorded change of it ever made it.
int64_t largest_quantity(const Store& store, const Entry& e) {
  int64_t q = e.quantity;
  for (const auto& ev : store.history().of(e.id)) {
    if (ev.what != EventKind::field_changed || ev.field != entry_field::quantity) continue;
    q = std::max({q, ev.before_number, ev.after_number});
  }
  return q;
}
}  // namespace

std::optional<std::string> handover_too_large(const Store& store, const HandoverClaim& h,
                                              bool* unjudged) {
  if (unjudged) *unjudged = false;
  auto m = store.matches().get(h.match);
  auto need = m ? store.entries().get(m->need) : std::nullopt;
  auto offer = m ? store.entries().get(m->offer) : std::nullopt;
  if (!need && !offer) {
    if (unjudged) *unjudged = true;
    return std::nullopt;
  }
  int64_t limit = m->quantity;
  if (need) limit = std::max(limit, largest_quantity(store, *need));
  if (offer) limit = std::max(limit, largest_quantity(store, *offer));
  if (h.quantity <= limit) return std::nullopt;
  std::string what = need ? "need " + need->ticket : "offer " + offer->ticket;
  return "a handover of " + std::to_string(h.quantity) + " against " + what +
         " is more than its need, offer or match ever held (" + std::to_string(limit) + ")";
}

}  // namespace mutua
