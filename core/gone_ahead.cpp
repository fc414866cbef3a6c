#include "core/gone_ahead.hpp"

#include <set>

#include "core/replica.hpp"

namespace mutua {

namespace {

constexpr std::string_view kAheadKey = "gone_ahead";

bool same_write(const Stamp& a, const Stamp& b) {
  return a.hlc != 0 && a.origin == b.origin && a.seq == b.seq;
}

}  // namespace

bool fits_ahead(const Replica& store, const GoneDigest& g) {
  const auto held = version_held_for(store, g);
  return held && !same_write(*held, g.version) && !held->newer_than(g.version);
}

void keep_gone_ahead(Replica& store, const std::vector<GoneDigest>& ahead) {
  if (ahead.empty()) return;
  auto kept = gone_ahead_rows(store);
  std::set<RowKey> have(kept.begin(), kept.end());
  for (const GoneDigest& g : ahead) {
    const RowKey key{g.table, g.row};
    if (have.count(key)) continue;
    if (kept.size() >= kAheadKept) {
      forget_gone(store, g);  // as before 2026-12-06: see the header
      continue;
    }
    have.insert(key);
    kept.push_back(key);
  }
  store.local_set(kAheadKey, encode_row_keys(kept));
}

void settle_gone_ahead(Replica& store) {
  auto kept = gone_ahead_rows(store);
  if (kept.empty()) return;
  std::vector<RowKey> still;
  for (const auto& [table, row] : kept) {
    bool ahead = false;
    for (const GoneDigest& g : gone_naming(store, table, row)) {
      const auto held = version_held_for(store, g);
      if (!held) continue;  // the record went (its digests go with it)
      if (same_write(*held, g.version))
        forget_gone(store, g);  // held again
      else if (!held->newer_than(g.version))
        ahead = true;
    }
    if (ahead) still.emplace_back(table, row);
  }
  if (still.size() != kept.size()) store.local_set(kAheadKey, encode_row_keys(still));
}

std::vector<RowKey> gone_ahead_rows(const Replica& store) {
  return decode_row_keys(store.local_get(kAheadKey).value_or(std::string()));
}

}  // namespace mutua
