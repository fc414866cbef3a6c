#include "sync/handover_limits.hpp"

#include <algorithm>

#include "core/history_event.hpp"

namespace mutua {

std::optional<HandoverClaim> handover_claim(const Row& row) {
  if (row.table != TableId::handovers || row.fixed.size() <= handover_fixed::undoes) return std::nullopt;
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
int64_t largest_quantity(const EntryStore& store, const Entry& e) {
  int64_t q = e.quantity;
  auto st = store.db().prepare(
      "SELECT MAX(before_number), MAX(after_number) FROM events WHERE entry = ?1 AND what = ?2 AND field = ?3");
  st.bind_blob(1, e.id.bytes.data(), 16)
      .bind(2, static_cast<int64_t>(EventKind::field_changed))
      .bind(3, static_cast<int64_t>(entry_field::quantity));
  if (st.step()) {
    if (!st.is_null(0)) q = std::max(q, st.int64(0));
    if (!st.is_null(1)) q = std::max(q, st.int64(1));
  }
  return q;
}
}  // namespace

std::optional<std::string> handover_too_large(const EntryStore& store, const HandoverClaim& h) {
  auto m = store.match(h.match);
  if (!m) return std::nullopt;
  auto need = store.entry(m->need);
  auto offer = store.entry(m->offer);
  if (!need && !offer) return std::nullopt;
  int64_t limit = m->quantity;
  if (need) limit = std::max(limit, largest_quantity(store, *need));
  if (offer) limit = std::max(limit, largest_quantity(store, *offer));
  if (h.quantity <= limit) return std::nullopt;
  std::string what = need ? "need " + need->ticket : "offer " + offer->ticket;
  return "a handover of " + std::to_string(h.quantity) + " against " + what + " is more than its need, offer or match ever held (" +
         std::to_string(limit) + ")";
}

}  // namespace mutua
