#include "core/gone_ahead.hpp"

#include <set>

#include "core/replica.hpp"

namespace mutua {

namespace {

constexpr std::string_view kAheadKey = "gone_ahead";

// The digests of table 9 naming `row` of `table` (by the index on the row they name).
std::vector<GoneDigest> gone_naming(const Replica& store, TableId table, const Id& row) {
  std::vector<GoneDigest> out;
  for (const Id& id : store.unknown_rows_naming(kSupersededTable, gone_column::row, row))
    if (auto r = store.unknown_row(kSupersededTable, id))
      if (auto g = gone_of(*r); g && g->table == table && g->row == row) out.push_back(*g);
  return out;
}

// The version `row` holds on g's field (nullopt: no such record or field).
std::optional<Stamp> held_on(const Replica& store, const GoneDigest& g) {
  if (!is_known_table(g.table)) return std::nullopt;
  const auto& t = table_def(g.table);
  for (size_t f = 0; f < t.fields.size(); ++f)
    if (t.fields[f].id == g.field) {
      auto row = store.read_row(g.table, g.row);
      if (!row || f >= row->stamps.size()) return std::nullopt;
      return row->stamps[f];
    }
  return std::nullopt;
}

bool same_write(const Stamp& a, const Stamp& b) {
  return a.hlc != 0 && a.origin == b.origin && a.seq == b.seq;
}

}  // namespace

bool fits_ahead(const Replica& store, const GoneDigest& g) {
  if (!is_known_table(g.table) || table_def(g.table).insert_only()) return false;
  const auto held = held_on(store, g);
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
      const auto held = held_on(store, g);
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
