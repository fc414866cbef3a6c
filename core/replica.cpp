// The one write path and the row storage: per-field last-writer-wins registers versioned by
// (hybrid logical clock, origin device), stored compactly in each record's own row. The merge of
// incoming rows is in core/replica_merge.cpp.
#include <algorithm>
#include <array>
#include <cstring>

#include "core/db.hpp"
#include "core/fixed_fields.hpp"
#include "core/item_words.hpp"
#include "core/replica.hpp"
#include "core/revocation_rank.hpp"
#include "core/superseded.hpp"
#include "core/validate.hpp"
#include "core/varint.hpp"

namespace mutua {

namespace {

size_t stamp_count(const TableDef& t) {
  return t.insert_only() ? 1 : t.fields.size();
}

std::string column_list(const TableDef& t) {
  std::string cols = "id";
  for (const auto& f : t.fixed) cols += std::string(", ") + std::string(f.name);
  for (const auto& f : t.fields) cols += std::string(", ") + std::string(f.name);
  return cols;
}

// Each table's statement text, built once for every table on first use. A function-local static
// is initialised exactly once even when two threads (two stores) get there together; filling an
// array of them lazily, one table at a time, was a data race.
template <typename Make>
std::array<std::string, kTableCount> for_every_table(const Make& make) {
  std::array<std::string, kTableCount> out;
  for (size_t i = 0; i < kTableCount; ++i) out[i] = make(table_def(static_cast<TableId>(i)));
  return out;
}

const std::string& select_sql(const TableDef& t) {
  static const auto sql = for_every_table([](const TableDef& d) {
    return "SELECT " + column_list(d) + ", clocks FROM " + std::string(d.name) + " WHERE id = ?1";
  });
  return sql[static_cast<size_t>(t.id)];
}

std::string scan_sql(const TableDef& t, bool by_time, bool from_floor = false, bool below = false) {
  return "SELECT " + column_list(t) + ", clocks FROM " + std::string(t.name) +
         (from_floor || below ? " WHERE chg >= ?1" : "") + (below ? " AND chg < ?2" : "") +
         (by_time ? " ORDER BY updated_at, id" : " ORDER BY id");
}

const std::string& upsert_sql(const TableDef& t) {
  static const auto sql = for_every_table([](const TableDef& d) {
    size_t n = 1 + d.fixed.size() + d.fields.size();
    std::string cols = column_list(d) + ", clocks, updated_at";
    std::string params;
    for (size_t i = 1; i <= n + 2; ++i) params += (i > 1 ? ", ?" : "?") + std::to_string(i);
    size_t next = n + 3;
    if (d.id == TableId::entries) {
      cols += ", state, site_key";
      params += ", ?" + std::to_string(next) + ", ?" + std::to_string(next + 1);
      next += 2;
    }
    // The change sequence number (migration 15, core/replica_changes.cpp).
    cols += ", chg";
    params += ", ?" + std::to_string(next);
    return "INSERT OR REPLACE INTO " + std::string(d.name) + "(" + cols + ") VALUES(" + params +
           ")";
  });
  return sql[static_cast<size_t>(t.id)];
}

// The same columns for a row that should be new: a row already there is left alone (changes()
// then says 0), which lets merge insert first and read only when the row turns out to exist.
const std::string& insert_sql(const TableDef& t) {
  static const auto sql = for_every_table([](const TableDef& d) {
    return "INSERT OR IGNORE" + upsert_sql(d).substr(std::string_view("INSERT OR REPLACE").size());
  });
  return sql[static_cast<size_t>(t.id)];
}

// Without a copy: `v` outlives the statement's run (store_row).
void bind_value(Statement& st, int col, FieldType type, const Value& v) {
  if (type == FieldType::integer) {
    st.bind(col, std::get<int64_t>(v));
  } else if (type == FieldType::id) {
    const auto& s = std::get<std::string>(v);
    st.bind_blob_static(col, s.data(), s.size());
  } else {
    st.bind_static(col, std::string_view(std::get<std::string>(v)));
  }
}

Value column_value(const Statement& st, int col, FieldType type) {
  if (type == FieldType::integer) return st.int64(col);
  if (type == FieldType::id) return st.blob(col);
  return st.text(col);
}

// Like column_value, into an existing value: a string keeps its capacity from row to row.
void refill_value(const Statement& st, int col, FieldType type, Value& v) {
  if (type == FieldType::integer) {
    v = st.int64(col);
    return;
  }
  auto bytes = st.blob_view(col);
  if (auto s = std::get_if<std::string>(&v))
    s->assign(bytes.data(), bytes.size());
  else
    v = std::string(bytes);
}

// The clocks blob (see encode_stamps) into `stamps`, reusing both vectors' storage.
template <typename OriginOf>
void decode_stamps_into(std::string_view blob, size_t count, std::vector<Stamp>& distinct,
                        std::vector<Stamp>& stamps, const OriginOf& origin_of) {
  stamps.assign(count, Stamp{});
  size_t pos = 0;
  auto k = varint::get(blob, pos).value_or(0);
  distinct.resize(std::min<uint64_t>(k, blob.size()));
  for (auto& s : distinct) {
    s.hlc = varint::get(blob, pos).value_or(0);
    s.origin = origin_of(static_cast<uint32_t>(varint::get(blob, pos).value_or(0)));
    s.seq = varint::get(blob, pos).value_or(0);
    s.prev = varint::get(blob, pos).value_or(0);
  }
  for (size_t i = 0; i < count && pos < blob.size(); ++i) {
    auto k2 = static_cast<uint8_t>(blob[pos++]);
    if (k2 < distinct.size()) stamps[i] = distinct[k2];
  }
}

}  // namespace

Value default_value(FieldType type) {
  if (type == FieldType::integer) return int64_t{0};
  if (type == FieldType::id) return std::string(16, '\0');
  return std::string();
}

std::string Replica::encode_stamps(const std::vector<Stamp>& stamps) {
  // Most records were written in one change: store each distinct version once, then one byte
  // per field pointing at it.
  // Done once per stored row (every row of an import), so without allocations beyond `out`.
  size_t distinct[256];
  size_t ndistinct = 0;
  char index[256];
  const size_t n = std::min<size_t>(stamps.size(), 256);
  for (size_t i = 0; i < n; ++i) {
    size_t k = 0;
    while (k < ndistinct && !(stamps[distinct[k]] == stamps[i])) ++k;
    if (k == ndistinct) distinct[ndistinct++] = i;
    index[i] = static_cast<char>(k);
  }
  std::string out;
  out.reserve(1 + ndistinct * 24 + n);
  varint::put(out, ndistinct);
  uint32_t last_origin = 0;
  const Id* last_id = nullptr;
  for (size_t d = 0; d < ndistinct; ++d) {
    const auto& s = stamps[distinct[d]];
    varint::put(out, s.hlc);
    if (!last_id || !(*last_id == s.origin)) {
      last_origin = s.origin.is_zero() ? 0 : origin_index(s.origin);
      last_id = &s.origin;
    }
    varint::put(out, last_origin);
    if (s.hlc != 0) note_change(last_origin, s.seq);
    varint::put(out, s.seq);
    varint::put(out, s.prev);
  }
  out.append(index, n);
  return out;
}

std::vector<Stamp> Replica::decode_stamps(std::string_view blob, size_t count) const {
  std::vector<Stamp> stamps, distinct;
  decode_stamps_into(blob, count, distinct, stamps,
                     [this](uint32_t i) -> const Id& { return origin_id(i); });
  return stamps;
}

namespace {
Row row_from_statement(const Statement& st, const TableDef& t) {
  Row r;
  r.table = t.id;
  auto b = st.blob_view(0);
  if (b.size() == 16) std::copy(b.begin(), b.end(), r.id.bytes.begin());
  int col = 1;
  for (const auto& f : t.fixed) r.fixed.push_back(column_value(st, col++, f.type));
  for (const auto& f : t.fields) r.fields.push_back(column_value(st, col++, f.type));
  return r;
}
}  // namespace

std::optional<Row> Replica::read_row(TableId table, const Id& id) const {
  const auto& t = table_def(table);
  auto st = cached(select_sql(t));
  st.bind_blob(1, id.bytes.data(), 16);
  if (!st.step()) return std::nullopt;
  Row r = row_from_statement(st, t);
  r.stamps = decode_stamps(st.blob_view(1 + static_cast<int>(t.fixed.size() + t.fields.size())),
                           stamp_count(t));
  st.reset();
  return r;
}

bool Replica::holds_rows(TableId table, std::vector<Id>& ids) const {
  const std::string name(table_def(table).name);
  if (ids.size() < kHoldsRowsWalkFrom) {
    auto st = cached("SELECT 1 FROM " + name + " WHERE id = ?1");
    for (const Id& id : ids) {
      st.bind_blob(1, id.bytes.data(), 16);
      const bool held = st.step();
      st.reset();
      if (!held) return false;
    }
    return true;
  }
  std::sort(ids.begin(), ids.end(), [](const Id& a, const Id& b) { return a.bytes < b.bytes; });
  // Ids are 16-byte blobs: memcmp order, as SQLite sorts them.
  auto st = db_.prepare("SELECT id FROM " + name + " ORDER BY id");
  size_t next = 0;
  while (next < ids.size() && st.step()) {
    const auto held = st.blob_view(0);
    if (held.size() != 16) continue;
    const int c = std::memcmp(held.data(), ids[next].bytes.data(), 16);
    if (c > 0) return false;  // ids[next] was passed over: not held
    if (c == 0)
      while (++next < ids.size() && ids[next].bytes == ids[next - 1].bytes) {
      }
  }
  return next == ids.size();
}

void Replica::for_each_row(TableId table, const std::function<bool(const Row&)>& f,
                           bool by_time) const {
  scan_rows(table, 0, f, by_time);
}

void Replica::scan_rows(TableId table, int64_t floor, const std::function<bool(const Row&)>& f,
                        bool by_time, int64_t below) const {
  const auto& t = table_def(table);
  // A fresh statement: f may call back into the store.
  auto st = db_.prepare(scan_sql(t, by_time, floor > 0, below > 0));
  if (floor > 0 || below > 0) st.bind(1, std::max<int64_t>(floor, 0));
  if (below > 0) st.bind(2, below);
  // One row, refilled in place: an export reads every row, and its strings keep their capacity.
  Row r;
  r.table = t.id;
  r.fixed.resize(t.fixed.size());
  r.fields.resize(t.fields.size());
  const size_t nstamps = stamp_count(t);
  std::vector<Stamp> distinct;
  while (st.step()) {
    auto b = st.blob_view(0);
    r.id = Id{};
    if (b.size() == 16) std::copy(b.begin(), b.end(), r.id.bytes.begin());
    int col = 1;
    for (size_t i = 0; i < t.fixed.size(); ++i)
      refill_value(st, col++, t.fixed[i].type, r.fixed[i]);
    for (size_t i = 0; i < t.fields.size(); ++i)
      refill_value(st, col++, t.fields[i].type, r.fields[i]);
    decode_stamps_into(st.blob_view(col), nstamps, distinct, r.stamps,
                       [this](uint32_t i) -> const Id& { return origin_id(i); });
    if (!f(r)) break;
  }
}

std::optional<std::vector<Id>> Replica::rows_changed_since(TableId table, const VersionVector& peer,
                                                           size_t limit, int64_t floor) const {
  const auto& t = table_def(table);
  // floor <= 0: every row; reading the table in its own order beats walking the index.
  auto st = db_.prepare("SELECT id, updated_at, clocks FROM " + std::string(t.name) +
                        (floor > 0 ? " WHERE chg >= ?1" : ""));
  if (floor > 0) st.bind(1, floor);
  const size_t nstamps = stamp_count(t);
  const size_t checked = t.insert_only() ? 1 : t.fields.size();
  std::vector<Stamp> distinct, stamps;
  std::vector<std::pair<int64_t, Id>> found;
  while (st.step()) {
    decode_stamps_into(st.blob_view(2), nstamps, distinct, stamps,
                       [this](uint32_t i) -> const Id& { return origin_id(i); });
    bool lacking = false;
    for (size_t f = 0; f < checked && f < stamps.size() && !lacking; ++f)
      lacking = lacks(peer, stamps[f]);
    if (!lacking) continue;
    auto b = st.blob_view(0);
    // An id of another size sorts differently as a blob than as an Id: let the full read order.
    if (b.size() != 16 || found.size() >= limit) return std::nullopt;
    Id id;
    std::copy(b.begin(), b.end(), id.bytes.begin());
    found.emplace_back(st.int64(1), id);
  }
  // ORDER BY updated_at, id: ids compare as blobs, byte by byte, as Id's bytes do.
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second.bytes < y.second.bytes;
  });
  std::vector<Id> ids;
  ids.reserve(found.size());
  for (const auto& [at, id] : found) ids.push_back(id);
  return ids;
}

bool Replica::store_row(const Row& row, bool exists) {
  const auto& t = table_def(row.table);
  if (row.table == TableId::devices) forget_revocations();
  // The table is empty no more (known_empty).
  if (is_known_table(row.table)) empty_ &= ~(uint32_t{1} << static_cast<uint32_t>(row.table));
  // Bound without copies below, so declared before the statement, whose release resets it.
  const std::string clocks = encode_stamps(row.stamps);
  const std::string site_key = row.table == TableId::entries
                                   ? fold_word(std::get<std::string>(row.fields[entry_field::site]))
                                   : std::string();
  // A row the caller found absent is inserted, never replaced: see merge.
  auto st = cached(exists ? upsert_sql(t) : insert_sql(t));
  int col = 1;
  st.bind_blob_static(col++, row.id.bytes.data(), 16);
  for (size_t i = 0; i < t.fixed.size(); ++i) bind_value(st, col++, t.fixed[i].type, row.fixed[i]);
  for (size_t i = 0; i < t.fields.size(); ++i)
    bind_value(st, col++, t.fields[i].type, row.fields[i]);
  st.bind_blob_static(col++, clocks.data(), clocks.size());
  HlcValue newest = 0;
  for (const auto& s : row.stamps) newest = std::max(newest, s.hlc);
  // updated_at drives retention and "changed since": a version from a device whose clock runs
  // ahead counts as changed when it arrived here, never in the future.
  const int64_t local_now = std::max<int64_t>(now_ms(), 0);
  st.bind(col++, std::min(static_cast<int64_t>(hlc_wall_ms(newest)), local_now));
  if (row.table == TableId::entries) {
    st.bind(col++, static_cast<int64_t>(derive_state(row)));
    // The folded site that "this site only" lists look up (see migration 5).
    st.bind_static(col++, site_key);
  }
  st.bind(col++, change_number());
  st.run();
  // Read before the marks below are written: they are statements too.
  const bool changed = db_.changes() > 0;
  // Outside a ReplicaTransaction the statement was its own transaction: its marks follow it.
  if (bulk_depth_ == 0) {
    write_change_marks();
    change_ = 0;
  }
  return changed;
}

void Replica::after_row_change(const Row& row) {
  // Derived state (an entry's status from its handovers) is the domain's: see RowObserver.
  if (observer_) observer_->row_changed(row);
}

int64_t Replica::derive_state(const Row& entry_row) const {
  if (observer_) return observer_->derived_state(entry_row);
  return std::get<int64_t>(entry_row.fields[entry_field::status]);
}

namespace {
// Whether a write by device `self` can give a field a version greater than `current`: below the
// maximum the next value is greater; at it, only the origin breaks the tie.
bool supersedes_at_end(const Stamp& current, const Id& self) {
  return current.hlc != kHlcMax || self > current.origin;
}
}  // namespace

Result<Ok> Replica::write(TableId table, const Id& id, const std::vector<Value>* fixed,
                          const std::vector<std::pair<uint16_t, Value>>& changes) {
  ensure_caches();
  const auto& t = table_def(table);
  auto existing = read_row(table, id);
  Row row;
  if (existing) {
    if (t.insert_only()) return fail("records of this kind are never changed");
    row = std::move(*existing);
  } else {
    if (!fixed || fixed->size() != t.fixed.size()) return fail("no such record");
    row.table = table;
    row.id = id;
    row.fixed = *fixed;
    for (const auto& f : t.fields) row.fields.push_back(default_value(f.type));
    row.stamps.assign(stamp_count(t), Stamp{});
  }
  // The versions this write supersedes, kept as runner-ups (core/replica_retract.cpp).
  const std::vector<Value> old_fields = existing ? row.fields : std::vector<Value>{};
  const std::vector<Stamp> old_stamps = existing ? row.stamps : std::vector<Stamp>{};
  std::vector<bool> touched(row.fields.size(), !existing);
  bool changed = !existing;
  for (const auto& [field, value] : changes) {
    if (field >= row.fields.size()) return fail("unknown field");
    if (value.index() != default_value(t.fields[field].type).index())
      return fail("wrong value type");
    if (existing && row.fields[field] == value) continue;
    row.fields[field] = value;
    touched[field] = true;
    changed = true;
  }
  if (!changed) return Ok{};
  if (existing)
    for (size_t f = 0; f < row.fields.size(); ++f) {
      if (!touched[f]) continue;
      // A device's revoked flag and cut-off are how it is revoked, and a version there past the
      // year 9999 must not stop that: the revoked device's own such version ranks last (any
      // version wins over it, core/revocation_rank.hpp), and another device's is superseded
      // with the next value, as everywhere before 2026-12-05; only kHlcMax refuses.
      if (self_revocation_past_clock(t, id, f, row.stamps[f])) continue;
      if (is_revocation_field(t, f) ? !supersedes_at_end(row.stamps[f], device_id_)
                                    : !can_supersede(row.stamps[f]))
        return refusal_past_year_9999("the field " + std::string(t.fields[f].name), row.stamps[f]);
    }
  Stamp stamp{clock_.now(), device_id_, 0, 0};
  std::vector<size_t> stamped;
  if (t.insert_only()) {
    row.stamps[0] = stamp;
    stamped.push_back(0);
  } else {
    const HlcValue now = stamp.hlc;
    for (size_t f = 0; f < row.fields.size(); ++f) {
      if (!touched[f]) continue;
      // A causally later edit must win even over a version from a device whose clock runs far
      // ahead: take the next value after it, for this field only (the clock does not move).
      stamp.prev = row.stamps[f].hlc;
      // Over a version that ranks last (a device's own revoked flag stamped past the year 9999)
      // any version wins: this one stays at this device's own clock.
      stamp.hlc = self_revocation_past_clock(t, id, f, row.stamps[f])
                      ? now
                      : std::max(now, hlc_next(stamp.prev));
      row.stamps[f] = stamp;
      stamped.push_back(f);
    }
  }
  // The same check a peer runs on import: a row it would refuse must not be written here, or
  // every later bundle from this device would be refused with it. Only the fields this write
  // stamps are checked, so a value an older version stored badly cannot block later writes to
  // the same record (the contact purge among them).
  Row check = row;
  if (!t.insert_only())
    for (size_t f = 0; f < check.stamps.size(); ++f)
      if (!touched[f]) check.stamps[f].hlc = 0;
  if (auto why = validate_row(check)) return fail(*why);
  // Numbered only once accepted, so a refused write leaves no gap in this device's sequence.
  const uint64_t seq = next_seq();
  for (size_t f : stamped) row.stamps[f].seq = seq;
  if (existing && !t.insert_only())
    for (size_t f : stamped)
      keep_runner_up(table, id, f, row.stamps[f], old_fields[f], old_stamps[f]);
  store_row(row, existing.has_value());
  sign_version(row, seq);
  after_row_change(row);
  local_set("hlc", std::to_string(clock_.last()));
  return Ok{};
}

namespace {
// A device's name as its record here holds it; empty when it has none.
std::string name_held(const Replica& r, const Id& device) {
  if (auto d = r.read_row(TableId::devices, device))
    if (const auto* name = std::get_if<std::string>(&d->fields[device_field::name])) return *name;
  return {};
}
}  // namespace

std::string Replica::device_name(const Id& device) const {
  std::string name = name_held(*this, device);
  return name.empty() ? device.hex().substr(0, 8) : name;
}

std::string Replica::device_label(const Id& device) const {
  std::string name = name_held(*this, device);
  return name.empty() ? "device " + device.hex().substr(0, 8) : "device '" + name + "'";
}

Error Replica::refusal_past_year_9999(std::string_view what, const Stamp& current) const {
  return Error{std::string(what) + " was written by " + device_label(current.origin) + " (#" +
                   std::to_string(current.seq) +
                   ") with a clock past the year 9999, and cannot be changed on this device;"
                   " revoking that device takes the write back",
               ErrorKind::past_year_9999, device_name(current.origin)};
}

bool Replica::can_supersede(const Stamp& current) const {
  if (!supersedes_at_end(current, device_id_)) return false;
  // Another device's version at or just below the year 10000 came from no honest clock. The
  // next value after it would be this device's own version past that year: a revocation of the
  // writer would not take it back, and at kHlcMax it would pin the field against every device
  // whose id orders before this one. So the field waits for the writer's revocation instead.
  return current.origin == device_id_ || hlc_next(current.hlc) < kHlcImpossible;
}

bool Replica::already_known(const Stamp& s) const {
  auto it = origin_of_.find(s.origin);
  if (it == origin_of_.end()) return false;
  auto st = cached("SELECT seq FROM vv WHERE origin = ?1");
  st.bind(1, static_cast<int64_t>(it->second));
  bool known = st.step() && static_cast<uint64_t>(st.int64(0)) >= s.seq;
  st.reset();
  return known;
}

}  // namespace mutua
