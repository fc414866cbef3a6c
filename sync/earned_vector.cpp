#include "sync/earned_vector.hpp"

#include <algorithm>

#include "sync/bundle.hpp"

namespace mutua {

void EarnedVector::note(const Stamp& s) {
  if (s.hlc == 0) return;  // not carried
  auto& seq = carried_[s.origin];
  seq = std::max(seq, s.seq);
}

void EarnedVector::see(const Row& row) {
  for (const auto& s : row.stamps) note(s);
  for (const auto& e : row.extras)
    if (!e.fixed) note(e.stamp);
}

bool sender_pinned(const Replica& store, const BundleHeader& h) {
  auto d = store.device(h.sender);
  return d && !d->public_key.empty() && d->public_key == public_key_hex(h.sender_key);
}

VersionVector peer_claim(const Replica& store, const BundleHeader& h) {
  return sender_pinned(store, h) ? h.covers : VersionVector{};
}

VersionVector EarnedVector::raise(const BundleHeader& h, const VersionVector& mine,
                                  bool sender_pinned, const VersionVector& attested) const {
  VersionVector out;
  for (const auto& [origin, claimed] : h.covers) {
    auto b = h.base.find(origin);
    uint64_t assumed = b == h.base.end() ? 0 : b->second;
    auto m = mine.find(origin);
    uint64_t have = m == mine.end() ? 0 : m->second;
    if (assumed > have) continue;  // it left out changes of O that we lack
    uint64_t seq = claimed;
    if (origin != h.sender || !sender_pinned) {
      auto c = carried_.find(origin);
      auto a = attested.find(origin);
      seq = std::min(
          {claimed, c == carried_.end() ? 0 : c->second, a == attested.end() ? 0 : a->second});
    }
    if (seq > have) out[origin] = seq;
  }
  return out;
}

}  // namespace mutua
