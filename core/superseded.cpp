// The digests of superseded writes (core/superseded.hpp).
#include "core/superseded.hpp"

#include <algorithm>
#include <set>

#include "core/digest_rows.hpp"

namespace mutua {

using digest_rows::column_of;
using digest_rows::fixed_id;
using digest_rows::fixed_int;

namespace {

constexpr std::string_view kGoneContext = "MUTUA-GONE-1";

std::optional<size_t> field_index(const TableDef& t, uint16_t column) {
  for (size_t f = 0; f < t.fields.size(); ++f)
    if (t.fields[f].id == column) return f;
  return std::nullopt;
}

}  // namespace

Id gone_id(const GoneDigest& g) {
  std::string rest;
  rest.push_back(static_cast<char>(g.field & 0xff));
  rest.push_back(static_cast<char>(g.field >> 8));
  rest.append(reinterpret_cast<const char*>(g.digest.data()), g.digest.size());
  return digest_rows::row_id(kGoneContext, g.table, g.row, g.version, rest);
}

Row gone_row(const GoneDigest& g) {
  Row r;
  r.table = kSupersededTable;
  r.id = gone_id(g);
  r.insert_only = true;
  r.stamps = {g.version};
  r.extras = {fixed_int(gone_column::table, static_cast<int64_t>(g.table)),
              fixed_id(gone_column::row, g.row.bytes.data()),
              fixed_int(gone_column::field, g.field),
              fixed_id(gone_column::digest_head, g.digest.data()),
              fixed_id(gone_column::digest_tail, g.digest.data() + 16)};
  return r;
}

std::optional<GoneDigest> gone_of(const Row& row) {
  if (row.table != kSupersededTable || !row.insert_only || row.stamps.size() != 1)
    return std::nullopt;
  const auto* table = column_of(row, gone_column::table, FieldType::integer);
  const auto* rid = column_of(row, gone_column::row, FieldType::id);
  const auto* field = column_of(row, gone_column::field, FieldType::integer);
  const auto* head = column_of(row, gone_column::digest_head, FieldType::id);
  const auto* tail = column_of(row, gone_column::digest_tail, FieldType::id);
  if (!table || !rid || !field || !head || !tail) return std::nullopt;
  const int64_t t = std::get<int64_t>(table->value), f = std::get<int64_t>(field->value);
  const auto& r = std::get<std::string>(rid->value);
  const auto& h = std::get<std::string>(head->value);
  const auto& l = std::get<std::string>(tail->value);
  if (t < 0 || t >= 256 || f < 0 || f > 0xffff || r.size() != 16 || h.size() != 16 ||
      l.size() != 16 || row.stamps[0].hlc == 0)
    return std::nullopt;
  GoneDigest g;
  g.table = static_cast<TableId>(t);
  std::copy(r.begin(), r.end(), g.row.bytes.begin());
  g.field = static_cast<uint16_t>(f);
  g.version = row.stamps[0];
  std::copy(h.begin(), h.end(), g.digest.begin());
  std::copy(l.begin(), l.end(), g.digest.begin() + 16);
  if (gone_id(g) != row.id) return std::nullopt;
  return g;
}

void keep_gone(Replica& store, const GoneDigest& g) {
  const Id id = gone_id(g);
  if (store.unknown_row(kSupersededTable, id)) return;
  store.merge(gone_row(g));
}

void forget_gone(Replica& store, const GoneDigest& g) {
  store.forget_unknown_row(kSupersededTable, gone_id(g));
}

std::vector<GoneDigest> forget_gone_held_again(Replica& store,
                                               const std::map<FieldKey, Stamp>& now_held) {
  std::vector<GoneDigest> ahead;
  if (now_held.empty()) return ahead;
  std::vector<Id> drop;
  store.for_each_unknown_row(
      [&](const Row& r) {
        auto g = gone_of(r);
        if (!g) return true;
        auto it = now_held.find({g->table, g->row, g->field});
        if (it == now_held.end() || it->second.newer_than(g->version)) return true;
        const Stamp& held = it->second;
        if (held.hlc != 0 && held.origin == g->version.origin && held.seq == g->version.seq)
          drop.push_back(r.id);
        else
          ahead.push_back(*g);
        return true;
      },
      kSupersededTable);
  for (const Id& id : drop) store.forget_unknown_row(kSupersededTable, id);
  return ahead;
}

void forget_gone_of_rows(Replica& store, TableId table, const std::vector<Id>& rows) {
  if (rows.empty()) return;
  const std::set<Id> gone_rows(rows.begin(), rows.end());
  std::vector<Id> drop;
  store.for_each_unknown_row(
      [&](const Row& r) {
        if (auto g = gone_of(r); g && g->table == table && gone_rows.count(g->row))
          drop.push_back(r.id);
        return true;
      },
      kSupersededTable);
  for (const Id& id : drop) store.forget_unknown_row(kSupersededTable, id);
}

std::vector<GoneDigest> gone_naming(const Replica& store, TableId table, const Id& row) {
  // By the row a digest names: a creation that loses in a spreadsheet's worth of collisions
  // must not read every digest (and every lost write) kept, once a row.
  std::vector<GoneDigest> out;
  for (const Id& id : store.unknown_rows_naming(kSupersededTable, gone_column::row, row)) {
    auto r = store.unknown_row(kSupersededTable, id);
    auto g = r ? gone_of(*r) : std::nullopt;
    if (g && g->table == table && g->row == row) out.push_back(*g);
  }
  return out;
}

std::vector<GoneDigest> take_gone_of_row(Replica& store, TableId table, const Id& row) {
  auto out = gone_naming(store, table, row);
  for (const GoneDigest& g : out) forget_gone(store, g);
  return out;
}

std::optional<Stamp> version_held_for(const Replica& store, const GoneDigest& g) {
  if (!is_known_table(g.table)) return std::nullopt;
  const auto& t = table_def(g.table);
  if (t.insert_only()) return std::nullopt;
  auto f = field_index(t, g.field);
  if (!f) return std::nullopt;
  auto row = store.read_row(g.table, g.row);
  if (!row || *f >= row->stamps.size()) return std::nullopt;
  return row->stamps[*f];
}

bool gone_fits(const Replica& store, const GoneDigest& g) {
  const auto held = version_held_for(store, g);
  return held && held->hlc != 0 && held->newer_than(g.version);
}

std::vector<GoneDigest> gone_digests(const Replica& store, TableId table, const Id& row) {
  std::vector<GoneDigest> out;
  store.for_each_unknown_row(
      [&](const Row& r) {
        if (auto g = gone_of(r); g && g->table == table && g->row == row) out.push_back(*g);
        return true;
      },
      kSupersededTable);
  return out;
}

}  // namespace mutua
