// Deltas and taken-back versions (docs/security.md, "Delta bundles and taken-back values").
//
// A delta leaves out what the peer is known to hold. A peer that holds versions of a revoked
// device past its cut-off takes them back once it hears of the revocation, and goes back to the
// versions they replaced: those may be ones it never held (superseded before they reached it,
// while its vector counts their sequence numbers), of any device. So while a peer claims past a
// cut-off, nothing it claims can be left out, and its delta is a whole bundle. Once it knows the
// revocation its claims stop at the cut-off, and deltas are small again.
#include "core/db.hpp"
#include "core/gaps.hpp"
#include "core/replica.hpp"
#include "core/revocation.hpp"

namespace mutua {

bool Replica::claims_past_cutoff(const VersionVector& v) const {
  for (const auto& [origin, seq] : v) {
    if (seq == 0) continue;
    if (auto d = device(origin))
      if (auto until = accepted_until(*d); until && seq > *until) return true;
  }
  return false;
}

VersionVector Replica::delta_base(const VersionVector& v, const Id* peer) const {
  if (claims_past_cutoff(v)) return {};
  VersionVector base = v;
  // A version the peer set aside had replaced one it never held (core/gaps.hpp).
  if (peer && !base.empty()) lower_for_gaps(*this, *peer, base);
  return base;
}

void Replica::forget_peers_past_cutoff(const Id& origin, uint64_t cutoff) {
  auto st = cached("UPDATE peers SET vector = ?2 WHERE device = ?1");
  for (auto p : peers()) {
    auto it = p.vector.find(origin);
    if (it == p.vector.end() || it->second <= cutoff) continue;
    const auto bytes = encode_vector(VersionVector{});
    st.bind_blob(1, p.device.bytes.data(), 16).bind_blob(2, bytes.data(), bytes.size()).run();
  }
}

}  // namespace mutua
