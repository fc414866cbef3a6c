#include "sync/set_aside.hpp"

#include "core/validate.hpp"

namespace mutua {

namespace {
constexpr std::string_view kSetAsideKey = "records_set_aside";
}

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

bool records_set_aside(const Replica& store) {
  return store.local_get(kSetAsideKey).has_value();
}

void note_records_set_aside(Replica& store) {
  if (!records_set_aside(store)) store.local_set(kSetAsideKey, "1");
}

}  // namespace mutua
