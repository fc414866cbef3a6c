// The writes of a creation that lost (core/lost_creation.hpp).
#include "core/lost_creation.hpp"

#include <map>
#include <set>

#include "core/digest_rows.hpp"
#include "core/write_chain.hpp"

namespace mutua {

using digest_rows::column_of;
using digest_rows::fixed_id;
using digest_rows::fixed_int;

namespace {

constexpr std::string_view kLostContext = "MUTUA-LOST-1";

}  // namespace

Id lost_id(const LostWrite& w) {
  return digest_rows::row_id(
      kLostContext, w.table, w.row, w.version,
      std::string_view(reinterpret_cast<const char*>(w.message.data()), w.message.size()));
}

Row lost_row(const LostWrite& w) {
  Row r;
  r.table = kLostTable;
  r.id = lost_id(w);
  r.insert_only = true;
  r.stamps = {w.version};
  r.extras = {fixed_int(lost_column::table, static_cast<int64_t>(w.table)),
              fixed_id(lost_column::row, w.row.bytes.data()),
              fixed_id(lost_column::digest_head, w.message.data()),
              fixed_id(lost_column::digest_tail, w.message.data() + 16)};
  return r;
}

std::optional<LostWrite> lost_of(const Row& row) {
  if (row.table != kLostTable || !row.insert_only || row.stamps.size() != 1) return std::nullopt;
  const auto* table = column_of(row, lost_column::table, FieldType::integer);
  const auto* rid = column_of(row, lost_column::row, FieldType::id);
  const auto* head = column_of(row, lost_column::digest_head, FieldType::id);
  const auto* tail = column_of(row, lost_column::digest_tail, FieldType::id);
  if (!table || !rid || !head || !tail) return std::nullopt;
  const int64_t t = std::get<int64_t>(table->value);
  const auto& r = std::get<std::string>(rid->value);
  const auto& h = std::get<std::string>(head->value);
  const auto& l = std::get<std::string>(tail->value);
  if (t < 0 || t >= 256 || r.size() != 16 || h.size() != 16 || l.size() != 16 ||
      row.stamps[0].hlc == 0)
    return std::nullopt;
  LostWrite w;
  w.table = static_cast<TableId>(t);
  std::copy(r.begin(), r.end(), w.row.bytes.begin());
  w.version = row.stamps[0];
  std::copy(h.begin(), h.end(), w.message.begin());
  std::copy(l.begin(), l.end(), w.message.begin() + 16);
  if (lost_id(w) != row.id) return std::nullopt;
  return w;
}

std::vector<LostWrite> lost_writes(const Id& network, const Row& loser,
                                   const std::vector<GoneField>& gone) {
  std::vector<LostWrite> out;
  if (!is_known_table(loser.table)) return out;
  // Each write by (origin, seq), with its clock; a field holds it or a digest stands for it.
  std::map<std::pair<Id, uint64_t>, HlcValue> writes;
  for (const Stamp& s : loser.stamps)
    if (s.hlc != 0) writes.emplace(std::make_pair(s.origin, s.seq), s.hlc);
  for (const auto& g : gone)
    if (g.version.hlc != 0)
      writes.emplace(std::make_pair(g.version.origin, g.version.seq), g.version.hlc);
  const Digest fixed = fixed_digest(loser.fixed);
  for (const auto& [write, hlc] : writes) {
    const auto& [origin, seq] = write;
    FieldDigests of_gone;
    for (const auto& g : gone)
      if (g.version.origin == origin && g.version.seq == seq)
        of_gone.emplace_back(g.field, g.digest);
    const FieldDigests fields = merged_digests(held_digests(loser, origin, seq), of_gone);
    if (fields.empty()) continue;
    LostWrite w;
    w.table = loser.table;
    w.row = loser.id;
    w.version = Stamp{hlc, origin, seq, 0};
    w.message =
        message_digest(version_message(network, origin, seq, loser.table, loser.id, fixed, fields));
    out.push_back(w);
  }
  return out;
}

void keep_lost(Replica& store, const LostWrite& w) {
  if (store.unknown_row(kLostTable, lost_id(w))) return;
  store.merge(lost_row(w));
}

bool lost_fits(const Replica& store, const LostWrite& w) {
  if (!is_known_table(w.table)) return false;
  auto row = store.read_row(w.table, w.row);
  if (!row) return false;
  for (const Stamp& s : row->stamps)
    if (s.hlc != 0 && s.origin == w.version.origin && s.seq == w.version.seq) return false;
  return true;
}

void forget_lost_of_rows(Replica& store, TableId table, const std::vector<Id>& rows) {
  if (rows.empty()) return;
  const std::set<Id> gone_rows(rows.begin(), rows.end());
  std::vector<Id> drop;
  store.for_each_unknown_row([&](const Row& r) {
    if (r.table != kLostTable) return true;
    if (auto w = lost_of(r); w && w->table == table && gone_rows.count(w->row))
      drop.push_back(r.id);
    return true;
  });
  for (const Id& id : drop) store.forget_unknown_row(kLostTable, id);
}

std::vector<LostWrite> lost_writes_of(const Replica& store, const Id& origin, uint64_t after,
                                      uint64_t upto) {
  std::vector<LostWrite> out;
  store.for_each_unknown_row([&](const Row& r) {
    if (r.table != kLostTable) return true;
    if (auto w = lost_of(r);
        w && w->version.origin == origin && w->version.seq > after && w->version.seq <= upto)
      out.push_back(*w);
    return true;
  });
  return out;
}

}  // namespace mutua
