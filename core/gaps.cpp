// Gaps (core/gaps.hpp; docs/security.md, "Delta bundles and set-aside records").
#include "core/gaps.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/le_bytes.hpp"
#include "core/own_row.hpp"

namespace mutua {

namespace {

constexpr std::string_view kGapContext = "MUTUA-GAP-1";

void gap_put_id(std::string& out, const Id& id) {
  out.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
}

ExtraValue gap_fixed_int(uint16_t column, int64_t v) {
  return {column, true, FieldType::integer, IntCoding::plain, v, Stamp{}};
}
ExtraValue gap_fixed_id(uint16_t column, const Id& id) {
  return {column, true, FieldType::id, IntCoding::plain, id_value(id), Stamp{}};
}

const ExtraValue* gap_column_of(const Row& row, uint16_t column) {
  for (const auto& e : row.extras)
    if (e.column == column && e.fixed) return &e;
  return nullptr;
}
std::optional<int64_t> gap_int_of(const Row& row, uint16_t column) {
  const auto* e = gap_column_of(row, column);
  if (!e || e->type != FieldType::integer) return std::nullopt;
  return std::get<int64_t>(e->value);
}
std::optional<Id> id_of(const Row& row, uint16_t column) {
  const auto* e = gap_column_of(row, column);
  if (!e || e->type != FieldType::id) return std::nullopt;
  const auto& s = std::get<std::string>(e->value);
  if (s.size() != 16) return std::nullopt;
  return id_from_value(s);
}

// The field's index in its table's schema, by column id; nothing for a field this Mutua does not
// know (a newer Mutua's: it sets none aside) or an insert-only table.
std::optional<size_t> field_index(TableId table, uint16_t column) {
  if (!is_known_table(table)) return std::nullopt;
  const auto& t = table_def(table);
  for (size_t f = 0; f < t.fields.size(); ++f)
    if (t.fields[f].id == column) return f;
  return std::nullopt;
}

// The version of the gap's field this device holds (hlc 0: none).
Stamp held_version(const Replica& store, const Gap& g) {
  auto f = field_index(g.table, g.field);
  if (!f) return {};
  auto row = store.read_row(g.table, g.row);
  if (!row || *f >= row->stamps.size()) return {};
  return row->stamps[*f];
}

bool is_filled(const Replica& store, Gap g) {
  g.filled = true;
  auto row = store.unknown_row(kGapsTable, gap_id(g));
  return row && row->insert_only && !row->stamps.empty() && row->stamps[0].origin == g.device;
}

}  // namespace

Id gap_id(const Gap& g) {
  std::string in(kGapContext);
  in.push_back(g.filled ? 1 : 0);
  gap_put_id(in, g.device);
  gap_put_id(in, g.origin);
  put_u64_le(in, g.seq);
  put_u64_le(in, static_cast<uint64_t>(g.table));
  gap_put_id(in, g.row);
  put_u64_le(in, g.field);
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(),
                     reinterpret_cast<const unsigned char*>(in.data()), in.size(), nullptr, 0);
  return id;
}

Row gap_row(const Gap& g, const Stamp& creation) {
  Row r;
  r.table = kGapsTable;
  r.id = gap_id(g);
  r.insert_only = true;
  r.stamps = {creation};
  r.extras = {gap_fixed_int(gap_column::kind, g.filled ? 1 : 0),
              gap_fixed_id(gap_column::device, g.device),
              gap_fixed_id(gap_column::origin, g.origin),
              gap_fixed_int(gap_column::seq, static_cast<int64_t>(g.seq)),
              gap_fixed_int(gap_column::table, static_cast<int64_t>(g.table)),
              gap_fixed_id(gap_column::row, g.row),
              gap_fixed_int(gap_column::field, g.field),
              gap_fixed_int(gap_column::prev, static_cast<int64_t>(g.prev))};
  return r;
}

std::optional<Gap> gap_of(const Row& row) {
  if (row.table != kGapsTable || !row.insert_only || row.stamps.empty()) return std::nullopt;
  auto kind = gap_int_of(row, gap_column::kind);
  auto device = id_of(row, gap_column::device);
  auto origin = id_of(row, gap_column::origin);
  auto seq = gap_int_of(row, gap_column::seq);
  auto table = gap_int_of(row, gap_column::table);
  auto rid = id_of(row, gap_column::row);
  auto field = gap_int_of(row, gap_column::field);
  auto prev = gap_int_of(row, gap_column::prev);
  if (!kind || !device || !origin || !seq || !table || !rid || !field || !prev) return std::nullopt;
  if ((*kind != 0 && *kind != 1) || *seq <= 0 || *table < 0 || *table >= 256 || *field < 0 ||
      *field > 0xffff || *prev <= 0)
    return std::nullopt;
  // Only a device's own rows about itself count.
  if (row.stamps[0].origin != *device) return std::nullopt;
  Gap g{*kind == 1,
        *device,
        *origin,
        static_cast<uint64_t>(*seq),
        static_cast<TableId>(*table),
        *rid,
        static_cast<uint16_t>(*field),
        static_cast<HlcValue>(*prev)};
  if (gap_id(g) != row.id) return std::nullopt;
  return g;
}

void write_gap(Replica& store, const Gap& g) {
  write_own_row(store, gap_row(g, Stamp{}));
}

std::vector<Gap> open_gaps(const Replica& store, const Id& device) {
  std::vector<Gap> out;
  for (const Id& id : store.gap_rows_of(device, kGapsRead)) {
    if (out.size() >= kGapsPerPeer) break;
    auto row = store.unknown_row(kGapsTable, id);
    if (!row) continue;
    auto g = gap_of(*row);
    if (!g || g->filled || g->device != device) continue;
    if (!is_filled(store, *g)) out.push_back(*g);
  }
  return out;
}

void lower_for_gaps(const Replica& store, const Id& peer, VersionVector& base) {
  for (const Gap& g : open_gaps(store, peer)) {
    const Stamp held = held_version(store, g);
    // Only a version at or past the one replaced helps, and not the set-aside one itself.
    if (held.hlc == 0 || held.hlc < g.prev || held.seq == 0) continue;
    if (held.origin == g.origin && held.seq == g.seq) continue;
    auto it = base.find(held.origin);
    if (it != base.end() && it->second >= held.seq) it->second = held.seq - 1;
  }
}

void GapNotes::set_aside(const Replica& store, const Row& row) {
  auto def = is_known_table(row.table) ? &table_def(row.table) : nullptr;
  if (!def || def->insert_only()) return;
  std::optional<Row> mine;
  bool read = false;
  for (size_t f = 0; f < row.stamps.size() && f < def->fields.size(); ++f) {
    const Stamp& s = row.stamps[f];
    if (s.hlc == 0) continue;
    offered_.push_back({row.table, row.id, def->fields[f].id, s});
    if (s.prev == 0 || s.seq == 0) continue;
    if (!read) {
      mine = store.read_row(row.table, row.id);
      read = true;
    }
    // Held already: the version it replaced, or a later one, is here.
    if (mine && f < mine->stamps.size() && mine->stamps[f].hlc >= s.prev) continue;
    opened_.push_back(
        {false, store.device_id(), s.origin, s.seq, row.table, row.id, def->fields[f].id, s.prev});
  }
}

void GapNotes::finish(Replica& store) {
  const Id self = store.device_id();
  auto open = open_gaps(store, self);
  // Fill what this import answered: a version at or past the one replaced is here, or was
  // offered and set aside again (another device cannot send a better one of this field).
  std::map<std::tuple<TableId, Id, uint16_t>, std::vector<Stamp>> offered;
  for (const auto& o : offered_) offered[{o.table, o.row, o.field}].push_back(o.stamp);
  size_t still_open = open.size();
  for (const Gap& g : open) {
    bool filled = held_version(store, g).hlc >= g.prev;
    if (!filled) {
      auto it = offered.find({g.table, g.row, g.field});
      if (it != offered.end())
        filled = std::any_of(it->second.begin(), it->second.end(), [&](const Stamp& s) {
          return s.hlc >= g.prev && !(s.origin == g.origin && s.seq == g.seq);
        });
    }
    if (!filled) continue;
    Gap done = g;
    done.filled = true;
    write_gap(store, done);
    --still_open;
  }
  size_t written = 0;
  for (const Gap& g : opened_) {
    if (written >= kGapsPerImport || still_open >= kGapsPerPeer) break;
    // Nothing is missing once this import brought a version at or past the one replaced.
    if (held_version(store, g).hlc >= g.prev) continue;
    if (is_filled(store, g) || store.unknown_row(kGapsTable, gap_id(g))) continue;
    write_gap(store, g);
    ++written;
    ++still_open;
  }
}

}  // namespace mutua
