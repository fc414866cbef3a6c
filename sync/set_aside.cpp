#include "sync/set_aside.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/kept_claim.hpp"
#include "core/seq_claim.hpp"
#include "core/validate.hpp"
#include "sync/codec.hpp"

namespace mutua {

void SetAside::note(size_t ordinal, const Row& row, std::string reason, const Id& sender) {
  if (ordinal >= skipped_.size()) skipped_.resize(ordinal + 1, false);
  if (skipped_[ordinal]) return;
  skipped_[ordinal] = true;
  ++total_;
  const Id origin = invalid_origin(row, sender);
  auto [it, fresh] = index_.emplace(origin, origins_.size());
  if (!fresh) {
    ++origins_[it->second].count;
    return;
  }
  origins_.push_back({origin, 1, std::move(reason)});
}

Id invalid_origin(const Row& row, const Id& fallback) {
  const bool insert_only =
      is_known_table(row.table) ? table_def(row.table).insert_only() : row.insert_only;
  if (insert_only) return row.stamps.empty() ? fallback : row.stamps[0].origin;
  // Each carried field alone; the first that fails names its origin.
  Row one = row;
  for (auto& s : one.stamps) s.hlc = 0;
  if (validate_row(one)) return fallback;  // a fixed value or the shape
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    if (row.stamps[f].hlc == 0) continue;
    one.stamps[f] = row.stamps[f];
    if (validate_row(one)) return row.stamps[f].origin;
    one.stamps[f].hlc = 0;
  }
  return fallback;
}

namespace {
// Whether merging `row` could change what is here: the record is not held, or carries a version
// of a field newer than, or other than, the one held (two creations of one insert-only record:
// another creation version).
bool would_change(const Replica& store, const Row& row) {
  auto held = store.read_row(row.table, row.id);
  if (!held) return true;
  const size_t n = std::min(row.stamps.size(), held->stamps.size());
  if (table_def(row.table).insert_only())
    return !row.stamps.empty() && !held->stamps.empty() && !(row.stamps[0] == held->stamps[0]);
  for (size_t f = 0; f < n; ++f) {
    const Stamp& in = row.stamps[f];
    const Stamp& here = held->stamps[f];
    if (in.hlc == 0) continue;
    if (in.hlc > here.hlc) return true;
    if (in.hlc == here.hlc && (in.origin != here.origin || in.seq != here.seq)) return true;
  }
  return false;
}
}  // namespace

namespace {
// Whether `in` carries a version of an extra value newer than, or other than, the one held.
bool extras_change(const std::vector<ExtraValue>& in, const std::vector<ExtraValue>& held) {
  for (const auto& e : in) {
    if (e.fixed || e.stamp.hlc == 0) continue;
    auto it = std::find_if(held.begin(), held.end(),
                           [&](const ExtraValue& h) { return h.column == e.column && !h.fixed; });
    if (it == held.end() || e.stamp.hlc > it->stamp.hlc) return true;
    if (e.stamp.hlc == it->stamp.hlc &&
        (e.stamp.origin != it->stamp.origin || e.stamp.seq != it->stamp.seq))
      return true;
  }
  return false;
}

}  // namespace

bool answers_set_aside(const Replica& store, std::string_view plain,
                       const std::vector<RowKey>* taken_back,
                       const std::vector<RowKey>& lost_rows) {
  std::set<std::pair<TableId, Id>> keys(lost_rows.begin(), lost_rows.end());
  if (taken_back) keys.insert(taken_back->begin(), taken_back->end());
  if (records_set_aside(store)) {
    if (!set_aside_keys_kept(store)) return true;
    const auto kept = set_aside_keys(store);
    keys.insert(kept.begin(), kept.end());
  }
  auto decoder = BodyDecoder::parse(plain);
  if (!decoder) return true;
  // The other records' ids, by table: each must be held here. A record this device counts and
  // does not hold, though it set none of it aside (its key was dropped, or its writer left it
  // out of its own bundle while its claim covered it: docs/security.md, "Earned vectors"), is an
  // answer too.
  std::map<TableId, std::vector<Id>> others;
  Row row;
  for (;;) {
    auto more = (*decoder)->next(row);
    if (!more) return true;
    if (!*more) break;
    if (!is_known_table(row.table)) {
      // While a revocation is in force: a newer Mutua's record (a digest of a superseded
      // version, a gap), or a version of one of its values, that this device does not hold.
      if (!taken_back) continue;
      auto held = store.unknown_row(row.table, row.id);
      if (!held) return true;
      if (row.insert_only && !row.stamps.empty() && !held->stamps.empty() &&
          !(row.stamps[0] == held->stamps[0]))
        return true;
      if (extras_change(row.extras, held->extras)) return true;
      continue;
    }
    if (!keys.count({row.table, row.id})) {
      others[row.table].push_back(row.id);
      continue;
    }
    // Set aside again, as before: invalid, or a handover still over its limit here (which does
    // not depend on the rest of a bundle that looks known: every version it holds is here).
    if (validate_row(row) || store.refuse_incoming(row)) continue;
    if (would_change(store, row)) return true;
    // A revoked device's claim kept aside here (core/kept_claim.hpp) is held, out of its record.
    if (row.table == TableId::devices)
      if (auto k = kept_claim(store, row.id))
        std::erase_if(row.extras, [&](const ExtraValue& e) {
          return e.stamp == k->stamp && is_claim_extra(e);
        });
    if (taken_back && extras_change(row.extras, store.extras_of_row(row.table, row.id)))
      return true;
  }
  for (auto& [table, ids] : others)
    if (!store.holds_rows(table, ids)) return true;
  return false;
}

}  // namespace mutua
