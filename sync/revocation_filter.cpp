#include "sync/revocation_filter.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "core/revocation.hpp"

namespace mutua {

RevokedCuts revoked_cuts(const Replica& store) {
  RevokedCuts out;
  store.for_each_row(TableId::devices, [&](const Row& r) {
    Device d;
    d.revoked = std::get<int64_t>(r.fields[device_field::revoked]) != 0;
    d.revoked_cutoff =
        static_cast<uint64_t>(std::get<int64_t>(r.fields[device_field::revoked_cutoff]));
    if (auto until = accepted_until(d)) out[r.id] = *until;
    return true;
  });
  return out;
}

const Id* RevocationFilter::cut_key(const Id& origin) const {
  return &cuts_.find(origin)->first;
}

void RevocationFilter::erase_refused_extras(Row& row, const Id*& from) const {
  std::erase_if(row.extras, [&](const ExtraValue& e) {
    if (e.fixed || !refuses(e.stamp)) return false;
    from = cut_key(e.stamp.origin);
    return true;
  });
}

bool RevocationFilter::pass(Row& row, bool count) {
  if (cuts_.empty()) return true;
  if (!is_known_table(row.table)) {
    // A newer Mutua's record (a digest of a superseded version, a lost write, a gap), made as a
    // version of the revoked device past its cut-off: a take-back removed it here (Replica::
    // retract_origin_after), so a relay that has not heard must not bring it back. Its values of
    // such versions go the same way.
    const Id* from = nullptr;
    const bool creation_refused = row.insert_only && !row.stamps.empty() && refuses(row.stamps[0]);
    if (creation_refused) from = cut_key(row.stamps[0].origin);
    erase_refused_extras(row, from);
    if (from && count) ++refused_[*from];
    if (creation_refused) return false;
    if (!from || row.insert_only) return true;
    // A record of last-writer-wins values with none of them left: dropped, as a known one is.
    return std::any_of(row.extras.begin(), row.extras.end(),
                       [](const ExtraValue& e) { return !e.fixed; });
  }
  const auto& t = table_def(row.table);
  const Id* from = nullptr;
  bool any_left = false, replaced_unknown = false;
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    Stamp& s = row.stamps[f];
    if (!refuses(s)) {
      any_left = any_left || s.hlc != 0;
      continue;
    }
    from = cut_key(s.origin);
    if (t.insert_only()) continue;
    // It replaced another version, which (or one that competed with it) this device may never
    // get otherwise: the relay's vector covers it, and so may ours once this import is earned.
    replaced_unknown = replaced_unknown || s.prev != 0;
    row.fields[f] = default_value(t.fields[f].type);
    s = Stamp{};
  }
  // Columns of a newer Mutua from the revoked device go the same way.
  erase_refused_extras(row, from);
  if (from && count) ++refused_[*from];
  if (replaced_unknown) {
    earlier_unknown_ = true;
    if (count) earlier_unknown_rows_.emplace_back(row.table, row.id);
  }
  if (!from) return true;
  if (t.insert_only()) return false;
  for (const auto& e : row.extras) any_left = any_left || !e.fixed;
  return any_left;
}

size_t RevocationFilter::refused_total() const {
  size_t n = 0;
  for (const auto& [id, k] : refused_) n += k;
  return n;
}

void RevocationFilter::clamp(VersionVector& v) const {
  for (const auto& [origin, cut] : cuts_)
    if (auto it = v.find(origin); it != v.end()) it->second = std::min(it->second, cut);
}

namespace {
// Who set `device`'s revoked flag, as the record here holds it.
std::optional<Id> revoker_of(const Replica& store, const Id& device) {
  auto r = store.read_row(TableId::devices, device);
  if (!r) return std::nullopt;
  return r->stamps[device_field::revoked].origin;
}
}  // namespace

void apply_learned_revocations(Replica& store, const RevokedCuts& before) {
  // The revocations this import brought: those whose cut-off is new or lower than before.
  std::vector<std::pair<Id, uint64_t>> pending;
  for (const auto& [device, cut] : revoked_cuts(store)) {
    auto old = before.find(device);
    if (old != before.end() && old->second <= cut) continue;  // nothing new to take back
    pending.emplace_back(device, cut);
  }
  // Taken back one at a time. Taking back a revoker's versions may undo a revocation it made:
  // so one whose revoker is itself among them waits for it, and each is read again at its turn,
  // and skipped where it no longer stands (its target's claims and versions would go, though a
  // device that took the revoker's revocation first never drops them: seed 377 of the long
  // property test with revocations). A revocation a take-back brings back (a runner-up) takes
  // nothing back, as before: its cut-off holds for what later imports bring (seed 107: two
  // devices that revoked each other ended differently when it did).
  while (!pending.empty()) {
    size_t pick = 0;
    for (size_t i = 0; i < pending.size(); ++i) {
      const auto by = revoker_of(store, pending[i].first);
      const bool waits = by && *by != pending[i].first &&
                         std::any_of(pending.begin(), pending.end(),
                                     [&](const auto& q) { return q.first == *by; });
      if (!waits) {
        pick = i;
        break;
      }
    }
    const Id device = pending[pick].first;
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(pick));
    const auto now = revoked_cuts(store);
    const auto stands = now.find(device);
    if (stands == now.end()) continue;
    if (auto old = before.find(device); old != before.end() && old->second <= stands->second)
      continue;
    if (device == store.device_id())
      store.lower_peer_vectors(device, stands->second);
    else
      store.retract_origin_after(device, stands->second);
  }
}

}  // namespace mutua
