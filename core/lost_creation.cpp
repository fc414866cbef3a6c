// The writes of a creation that lost (core/lost_creation.hpp).
#include "core/lost_creation.hpp"

#include <map>
#include <set>
#include <tuple>

#include "core/db.hpp"
#include "core/digest_rows.hpp"
#include "core/le_bytes.hpp"
#include "core/write_chain.hpp"

namespace mutua {

using digest_rows::column_of;
using digest_rows::fixed_id;
using digest_rows::fixed_int;

namespace {

// Whether `row` carries w's write on some field.
bool row_carries_lost(const Row& row, const LostWrite& w) {
  for (const Stamp& s : row.stamps)
    if (s.hlc != 0 && s.origin == w.version.origin && s.seq == w.version.seq) return true;
  return false;
}

constexpr std::string_view kLostContext = "MUTUA-LOST-1";

// NamedLosers' rows: key (table, 1 byte; row, 16), n (0: the row's digests; above: a gone digest,
// in the order they came) and what it holds, as bytes of this device's own (never replicated).
std::string loser_key(TableId table, const Id& row) {
  std::string key(1, static_cast<char>(table));
  key.append(reinterpret_cast<const char*>(row.bytes.data()), row.bytes.size());
  return key;
}

// The table and row of a key loser_key made; throws on bytes it did not make.
std::pair<TableId, Id> key_of_loser(std::string_view key) {
  std::pair<TableId, Id> out;
  if (key.size() != 1 + out.second.bytes.size())
    throw DbError("lost creations: a held row is damaged");
  out.first = static_cast<TableId>(static_cast<uint8_t>(key[0]));
  std::copy(key.begin() + 1, key.end(), out.second.bytes.begin());
  return out;
}

void hold_bytes(std::string& out, const uint8_t* data, size_t n) {
  out.append(reinterpret_cast<const char*>(data), n);
}
void hold_stamp(std::string& out, const Stamp& s) {
  put_u64_le(out, s.hlc);
  hold_bytes(out, s.origin.bytes.data(), s.origin.bytes.size());
  put_u64_le(out, s.seq);
  put_u64_le(out, s.prev);
}
void hold_digests(std::string& out, const FieldDigests& d) {
  put_u64_le(out, d.size());
  for (const auto& [field, digest] : d) {
    put_u64_le(out, field);
    hold_bytes(out, digest.data(), digest.size());
  }
}

// Makes the TEMP table `definition` ("name (columns...)") if it is not there, and empties it
// (one an earlier import of this connection left, had it thrown).
void fresh_temp_table(Db& db, std::string_view definition) {
  const std::string_view name = definition.substr(0, definition.find(' '));
  db.exec("CREATE TEMP TABLE IF NOT EXISTS " + std::string(definition));
  db.exec("DELETE FROM temp." + std::string(name));
}

// Reads back what the hold_ functions wrote; throws on bytes they did not write.
struct LoserReader {
  std::string_view in;
  void take(uint8_t* out, size_t n) {
    if (in.size() < n) throw DbError("lost creations: a held row is damaged");
    std::copy(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n), out);
    in.remove_prefix(n);
  }
  uint64_t u64() {
    uint8_t b[8];
    take(b, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
    return v;
  }
  Stamp stamp() {
    Stamp s;
    s.hlc = u64();
    take(s.origin.bytes.data(), s.origin.bytes.size());
    s.seq = u64();
    s.prev = u64();
    return s;
  }
  FieldDigests digests() {
    FieldDigests d(u64());
    for (auto& [field, digest] : d) {
      field = static_cast<uint16_t>(u64());
      take(digest.data(), digest.size());
    }
    return d;
  }
};

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

LoserDigests loser_digests(const Row& loser) {
  LoserDigests d;
  d.table = loser.table;
  d.row = loser.id;
  if (!is_known_table(loser.table)) return d;
  d.fixed = fixed_digest(loser.fixed);
  // Each write by (origin, seq), with the clock of the first field holding it.
  std::map<std::pair<Id, uint64_t>, HlcValue> writes;
  for (const Stamp& s : loser.stamps)
    if (s.hlc != 0) writes.emplace(std::make_pair(s.origin, s.seq), s.hlc);
  for (const auto& [write, hlc] : writes) {
    const auto& [origin, seq] = write;
    d.writes.push_back({Stamp{hlc, origin, seq, 0}, held_digests(loser, origin, seq)});
  }
  if (table_def(loser.table).insert_only()) d.unheld = held_digests(loser, Id{}, 0);
  return d;
}

std::vector<LostWrite> lost_writes(const Id& network, const LoserDigests& loser,
                                   const std::vector<GoneField>& gone) {
  std::vector<LostWrite> out;
  if (!is_known_table(loser.table)) return out;
  // Each write by (origin, seq), with its clock and the digests of the fields holding it; a
  // digest of `gone` stands for each field superseded.
  std::map<std::pair<Id, uint64_t>, std::pair<HlcValue, const FieldDigests*>> writes;
  for (const auto& w : loser.writes)
    writes.emplace(std::make_pair(w.version.origin, w.version.seq),
                   std::make_pair(w.version.hlc, &w.held));
  for (const auto& g : gone)
    if (g.version.hlc != 0)
      writes.emplace(std::make_pair(g.version.origin, g.version.seq),
                     std::make_pair(g.version.hlc, &loser.unheld));
  for (const auto& [write, clock_held] : writes) {
    const auto& [origin, seq] = write;
    const auto& [hlc, held] = clock_held;
    FieldDigests of_gone;
    for (const auto& g : gone)
      if (g.version.origin == origin && g.version.seq == seq)
        of_gone.emplace_back(g.field, g.digest);
    const FieldDigests fields = merged_digests(*held, of_gone);
    if (fields.empty()) continue;
    LostWrite w;
    w.table = loser.table;
    w.row = loser.row;
    w.version = Stamp{hlc, origin, seq, 0};
    w.message = message_digest(
        version_message(network, origin, seq, loser.table, loser.row, loser.fixed, fields));
    out.push_back(w);
  }
  return out;
}

std::vector<LostWrite> lost_writes(const Id& network, const Row& loser,
                                   const std::vector<GoneField>& gone) {
  return lost_writes(network, loser_digests(loser), gone);
}

NamedLosers::NamedLosers(Replica& store) : store_(store) {}

void NamedLosers::hold(const LoserDigests& loser) {
  if (!made_) {  // an import with no such row makes none
    fresh_temp_table(store_.db_,
                     "named_losers (key BLOB NOT NULL, n INTEGER NOT NULL, held BLOB NOT NULL, "
                     "PRIMARY KEY (key, n)) WITHOUT ROWID");
    made_ = true;
  }
  std::string held;
  hold_bytes(held, loser.fixed.data(), loser.fixed.size());
  put_u64_le(held, loser.writes.size());
  for (const auto& w : loser.writes) {
    hold_stamp(held, w.version);
    hold_digests(held, w.held);
  }
  hold_digests(held, loser.unheld);
  const std::string key = loser_key(loser.table, loser.row);
  store_.cached("INSERT OR REPLACE INTO temp.named_losers (key, n, held) VALUES (?, 0, ?)")
      .bind_blob(1, key.data(), key.size())
      .bind_blob(2, held.data(), held.size())
      .run();
}

void NamedLosers::add_gone(TableId table, const Id& row, const GoneField& gone) {
  std::string held;
  put_u64_le(held, gone.field);
  hold_stamp(held, gone.version);
  hold_bytes(held, gone.digest.data(), gone.digest.size());
  const std::string key = loser_key(table, row);
  store_.cached("INSERT INTO temp.named_losers (key, n, held) VALUES (?, ?, ?)")
      .bind_blob(1, key.data(), key.size())
      .bind(2, next_gone_++)
      .bind_blob(3, held.data(), held.size())
      .run();
}

void NamedLosers::drain(
    const std::function<void(const LoserDigests&, const std::vector<GoneField>&)>& f) {
  if (!made_) return;
  {
    LoserDigests loser;
    std::vector<GoneField> gone;
    bool any = false;
    auto st = store_.cached("SELECT key, n, held FROM temp.named_losers ORDER BY key, n");
    while (st.step()) {
      LoserReader r{st.blob_view(2)};
      if (st.int64(1) != 0) {
        GoneField g;
        g.field = static_cast<uint16_t>(r.u64());
        g.version = r.stamp();
        r.take(g.digest.data(), g.digest.size());
        gone.push_back(g);
        continue;
      }
      if (any) f(loser, gone);
      any = true;
      loser = LoserDigests{};
      gone.clear();
      std::tie(loser.table, loser.row) = key_of_loser(st.blob_view(0));
      r.take(loser.fixed.data(), loser.fixed.size());
      loser.writes.resize(r.u64());
      for (auto& w : loser.writes) {
        w.version = r.stamp();
        w.held = r.digests();
      }
      loser.unheld = r.digests();
    }
    if (any) f(loser, gone);
  }
  store_.db_.exec("DELETE FROM temp.named_losers");
}

void NamedLosers::hold_made(TableId table, const Id& row, const std::vector<LostWrite>& writes) {
  if (!made_made_) {
    fresh_temp_table(store_.db_,
                     "made_losers (key BLOB PRIMARY KEY, held BLOB NOT NULL) WITHOUT ROWID");
    made_made_ = true;
  }
  // Each write's stamp and message; its table and row are the key's.
  std::string held;
  put_u64_le(held, writes.size());
  for (const auto& w : writes) {
    hold_stamp(held, w.version);
    hold_bytes(held, w.message.data(), w.message.size());
  }
  const std::string key = loser_key(table, row);
  store_.cached("INSERT OR REPLACE INTO temp.made_losers (key, held) VALUES (?, ?)")
      .bind_blob(1, key.data(), key.size())
      .bind_blob(2, held.data(), held.size())
      .run();
}

void NamedLosers::drain_made(const std::function<void(const std::vector<LostWrite>&)>& f) {
  if (!made_made_) return;
  {
    std::vector<LostWrite> writes;
    auto st = store_.cached("SELECT key, held FROM temp.made_losers ORDER BY key");
    while (st.step()) {
      LostWrite w;
      std::tie(w.table, w.row) = key_of_loser(st.blob_view(0));
      LoserReader r{st.blob_view(1)};
      const uint64_t n = r.u64();
      if (n > r.in.size() / (8 * 3 + w.row.bytes.size() + w.message.size()))
        throw DbError("lost creations: a held row is damaged");
      writes.resize(n);
      for (auto& each : writes) {
        each.table = w.table;
        each.row = w.row;
        each.version = r.stamp();
        r.take(each.message.data(), each.message.size());
      }
      f(writes);
    }
  }
  store_.db_.exec("DELETE FROM temp.made_losers");
}

void keep_lost(Replica& store, const LostWrite& w) {
  if (store.unknown_row(kLostTable, lost_id(w))) return;
  store.merge(lost_row(w));
}

bool creation_can_go(TableId table) {
  return is_known_table(table) && table != TableId::devices && !table_def(table).insert_only();
}

bool creation_refused(TableId table, const std::vector<Stamp>& stamps,
                      const std::vector<bool>& refused) {
  if (!creation_can_go(table) || stamps.empty() || refused.size() != stamps.size()) return false;
  const Stamp& first = stamps[0];
  if (first.hlc == 0) return false;
  if (refused[0] && first.prev == 0) return true;
  for (size_t f = 1; f < stamps.size(); ++f)
    if (refused[f] && stamps[f].prev == 0 && stamps[f].hlc == first.prev) return true;
  return false;
}

bool lost_fits(const Replica& store, const LostWrite& w) {
  if (!is_known_table(w.table)) return false;
  auto row = store.read_row(w.table, w.row);
  // No row here: a creation that won elsewhere and that a revocation took back, or one whose
  // winner this device refused; the write stays its device's, and no row here can carry it.
  if (!row) return true;
  return !row_carries_lost(*row, w);
}

void forget_lost_carried(Replica& store, const std::set<std::pair<TableId, Id>>& added) {
  if (added.empty()) return;
  std::vector<std::pair<Id, LostWrite>> naming;
  store.for_each_unknown_row(
      [&](const Row& r) {
        if (auto w = lost_of(r); w && added.count({w->table, w->row}))
          naming.emplace_back(r.id, *w);
        return true;
      },
      kLostTable);
  for (const auto& [id, w] : naming)
    if (auto row = store.read_row(w.table, w.row); row && row_carries_lost(*row, w))
      store.forget_unknown_row(kLostTable, id);
}

std::vector<std::pair<TableId, Id>> rows_naming_lost_writes(const Replica& store) {
  std::vector<LostWrite> lost;
  store.for_each_unknown_row(
      [&](const Row& r) {
        if (auto w = lost_of(r); w && is_known_table(w->table)) lost.push_back(*w);
        return true;
      },
      kLostTable);
  std::set<std::pair<TableId, Id>> out;
  for (const auto& w : lost) {
    if (out.count({w.table, w.row})) continue;
    if (auto row = store.read_row(w.table, w.row); row && !row_carries_lost(*row, w))
      out.insert({w.table, w.row});
  }
  return {out.begin(), out.end()};
}

std::vector<LostWrite> lost_writes_of(const Replica& store, const Id& origin, uint64_t after,
                                      uint64_t upto) {
  std::vector<LostWrite> out;
  store.for_each_unknown_row(
      [&](const Row& r) {
        if (auto w = lost_of(r);
            w && w->version.origin == origin && w->version.seq > after && w->version.seq <= upto)
          out.push_back(*w);
        return true;
      },
      kLostTable);
  return out;
}

}  // namespace mutua
