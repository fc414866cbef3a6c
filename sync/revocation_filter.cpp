#include "sync/revocation_filter.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "core/kept_claim.hpp"
#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "sync/sync_words.hpp"

namespace mutua {

namespace {
// The last sequence number accepted of a device whose flag and cut-off are these (none: not
// revoked with a cut-off).
std::optional<uint64_t> until_of(int64_t revoked, int64_t cutoff) {
  Device d;
  d.revoked = revoked != 0;
  d.revoked_cutoff = static_cast<uint64_t>(cutoff);
  return accepted_until(d);
}
}  // namespace

RevokedCuts revoked_cuts(const Replica& store, bool own_void_too) {
  // Who is revoked, by the rule over the revocation records held (Replica::revoked_until); a
  // revocation with no cut-off (an older Mutua's) refuses no number and is not listed.
  RevokedCuts out;
  for (const auto& [device, until] : store.revoked_until())
    if (until != std::numeric_limits<uint64_t>::max()) out.emplace(device, until);
  if (!own_void_too) return out;
  // And every device whose record's fields say it is revoked with a cut-off (this device's own
  // revocations past its own cut-off among them, which the rule finds void): for the claims kept
  // aside that bundles carry (sync/bundle_build.cpp).
  store.for_each_row(TableId::devices, [&](const Row& r) {
    if (auto until = until_of(std::get<int64_t>(r.fields[device_field::revoked]),
                              std::get<int64_t>(r.fields[device_field::revoked_cutoff])))
      out.emplace(r.id, *until);
    return true;
  });
  return out;
}

std::optional<std::string> revokes_itself(const Row& row) {
  if (row.table != TableId::devices) return std::nullopt;
  for (const size_t f : {device_field::revoked, device_field::revoked_cutoff}) {
    if (row.stamps.size() <= f || row.fields.size() <= f) continue;
    const Stamp& s = row.stamps[f];
    const auto* v = std::get_if<int64_t>(&row.fields[f]);
    if (s.hlc != 0 && s.origin == row.id && v && *v != 0)
      return "devices." + std::string(table_def(TableId::devices).fields[f].name) +
             " is set as the device itself (a device never revokes itself)";
  }
  return std::nullopt;
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
  refused_creation_ = false;
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
  std::vector<bool> refused(row.stamps.size());
  for (size_t f = 0; f < row.stamps.size(); ++f) refused[f] = refuses(row.stamps[f]);
  refused_creation_ = creation_refused(row.table, row.stamps, refused);
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    Stamp& s = row.stamps[f];
    if (!refused[f]) {
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
// A revoked device's record holds no claim: it is kept aside (core/kept_claim.hpp) where at or
// before its cut-off, as the take-back of that device does. A take-back of another device can
// give a revoked device's record back at an older version with its claim (seed 998 of the long
// property test with revocations: the revoker's copy of that record held it aside, and a device
// where a second revoker's version was taken back held it in the record).
void claims_out_of_revoked(Replica& store) {
  for (const auto& [device, until] : revoked_cuts(store)) {
    if (device == store.device_id()) continue;
    auto c = claim_in_extras(device, store.extras_of_row(TableId::devices, device));
    if (!c) continue;
    keep_claim(store, *c, until);
    store.forget_claims_in_record(device);
  }
}
}  // namespace

std::map<Id, size_t> apply_learned_revocations(
    Replica& store, const RevokedCuts& before,
    std::vector<Replica::RetractResult::Refused>* refused) {
  std::map<Id, size_t> taken;
  // Each device whose cut-off is new or lower than before is taken back to it. Who is revoked is
  // derived from the revocation records, which no take-back removes (a revoked writer's signed
  // rows stay: core/revocation_records.hpp), so taking one device back does not change the answer
  // for another; only a revocation written as the two fields alone (a device of the versions
  // before) can be taken back with its writer, and the answer is read again after each take-back.
  // Each device's cut-off here only goes down, so this ends; bounded besides.
  RevokedCuts done = before;
  const size_t turns = 4 * (before.size() + revoked_cuts(store).size() + 8);
  for (size_t turn = 0; turn < turns; ++turn) {
    std::optional<std::pair<Id, uint64_t>> next;
    for (const auto& [device, cut] : revoked_cuts(store)) {
      auto old = done.find(device);
      if (old != done.end() && old->second <= cut) continue;  // nothing new to take back
      next.emplace(device, cut);
      break;
    }
    if (!next) break;
    const auto [device, cut] = *next;
    done[device] = cut;
    if (device == store.device_id()) {
      store.lower_peer_vectors(device, cut);
    } else {
      auto r = store.retract_origin_after(device, cut);
      if (const size_t n = r.rows_removed + r.rows_changed) taken[device] += n;
      if (refused) refused->insert(refused->end(), r.refused.begin(), r.refused.end());
    }
  }
  claims_out_of_revoked(store);
  return taken;
}

ImportSummary revocation_here(const Replica& store, const Id& device,
                              const Replica::RetractResult& taken) {
  ImportSummary out;
  if (const size_t n = taken.rows_removed + taken.rows_changed)
    out.taken_back.emplace_back(sync_words::device_word(store, device), n);
  for (const auto& r : taken.refused)
    out.add_set_aside(sync_words::device_word(store, r.writer), r.reason);
  return out;
}

}  // namespace mutua
