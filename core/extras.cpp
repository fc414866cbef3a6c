// Columns and tables of a newer Mutua: kept opaquely with their versions, merged last-writer-wins
// by the same (hlc, origin) rule as every field, and handed back to the bundle encoder so that an
// older device in the middle of a route passes them on (PRODUCT.md section 4, property 9).
#include <algorithm>

#include "core/db.hpp"
#include "core/replica.hpp"
#include "core/revocation_records.hpp"

namespace mutua {

namespace {

void bind_extra(Statement& st, int col, const ExtraValue& e) {
  if (e.type == FieldType::integer) {
    st.bind(col, std::get<int64_t>(e.value));
  } else if (e.type == FieldType::text) {
    st.bind(col, std::string_view(std::get<std::string>(e.value)));
  } else {
    const auto& s = std::get<std::string>(e.value);
    st.bind_blob(col, s.data(), s.size());
  }
}

Id id_of(std::string_view b) {
  Id id;
  if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
  return id;
}

// Columns: col, fixed, type, coding, value, hlc, origin, seq, prev (from `first`).
ExtraValue extra_from(const Statement& st, int first) {
  ExtraValue e;
  e.column = static_cast<uint16_t>(st.int64(first));
  e.fixed = st.int64(first + 1) != 0;
  e.type = static_cast<FieldType>(st.int64(first + 2));
  e.coding = static_cast<IntCoding>(st.int64(first + 3));
  if (e.type == FieldType::integer)
    e.value = st.int64(first + 4);
  else if (e.type == FieldType::text)
    e.value = st.text(first + 4);
  else
    e.value = st.blob(first + 4);
  e.stamp.hlc = static_cast<HlcValue>(st.int64(first + 5));
  e.stamp.origin = id_of(st.blob_view(first + 6));
  e.stamp.seq = static_cast<uint64_t>(st.int64(first + 7));
  e.stamp.prev = static_cast<HlcValue>(st.int64(first + 8));
  return e;
}

constexpr const char* kExtraColumns = "col, fixed, type, coding, value, hlc, origin, seq, prev";

constexpr const char* kPutExtra =
    "INSERT OR REPLACE INTO extra_fields(tbl, row, col, fixed, type, coding, value, hlc, origin,"
    " seq, prev) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

void put_extra(Statement& put, const Row& in, const ExtraValue& e) {
  put.bind(1, static_cast<int64_t>(in.table))
      .bind_blob(2, in.id.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(e.column))
      .bind(4, static_cast<int64_t>(e.fixed))
      .bind(5, static_cast<int64_t>(e.type))
      .bind(6, static_cast<int64_t>(e.coding));
  bind_extra(put, 7, e);
  put.bind(8, static_cast<int64_t>(e.stamp.hlc))
      .bind_blob(9, e.stamp.origin.bytes.data(), 16)
      .bind(10, static_cast<int64_t>(e.stamp.seq))
      .bind(11, static_cast<int64_t>(e.stamp.prev))
      .run();
}

}  // namespace

bool Replica::has_extras() const {
  auto st = cached("SELECT EXISTS(SELECT 1 FROM extra_fields) OR EXISTS(SELECT 1 FROM extra_rows)");
  bool any = st.step() && st.int64(0) != 0;
  st.reset();
  return any;
}

bool Replica::merge_extras(const Row& in, bool fresh) {
  bool changed = false;
  for (const auto& e : in.extras) {
    if (!e.fixed) {
      clock_.observe(e.stamp.hlc);
      if (e.stamp.origin == device_id_) raise_vector({{device_id_, e.stamp.seq}});
    }
    if (fresh) {
      auto put = cached(kPutExtra);
      put_extra(put, in, e);
      changed = true;
      continue;
    }
    auto get = cached("SELECT " + std::string(kExtraColumns) +
                      " FROM extra_fields WHERE tbl = ?1 AND row = ?2 AND col = ?3");
    get.bind(1, static_cast<int64_t>(in.table))
        .bind_blob(2, in.id.bytes.data(), 16)
        .bind(3, static_cast<int64_t>(e.column));
    std::optional<ExtraValue> mine;
    if (get.step()) mine = extra_from(get, 0);
    get.reset();
    if (mine) {
      // A fixed value is written once; its default only means "not known" (a relay's copy).
      if (e.fixed && !(mine->value == default_value(mine->type) && e.value != mine->value))
        continue;
      if (!e.fixed && !e.stamp.newer_than(mine->stamp)) continue;
      if (mine->type != e.type || mine->fixed != e.fixed) continue;  // another meaning: keep ours
    }
    auto put = cached(kPutExtra);
    put_extra(put, in, e);
    changed = true;
  }
  return changed;
}

MergeResult Replica::merge_unknown_row(const Row& in) {
  MergeResult result;
  if (in.table == kRevocationRecordsTable) forget_revocations();
  Stamp s = in.insert_only && !in.stamps.empty() ? in.stamps[0] : Stamp{};
  if (in.insert_only) {
    clock_.observe(s.hlc);
    if (s.origin == device_id_) raise_vector({{device_id_, s.seq}});
  }
  HlcValue newest = s.hlc;
  for (const auto& e : in.extras) newest = std::max(newest, e.stamp.hlc);
  auto add = cached(
      "INSERT INTO extra_rows(tbl, row, insert_only, hlc, origin, seq, prev, updated_at)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(tbl, row) DO NOTHING");
  add.bind(1, static_cast<int64_t>(in.table))
      .bind_blob(2, in.id.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(in.insert_only))
      .bind(4, static_cast<int64_t>(s.hlc))
      .bind_blob(5, s.origin.bytes.data(), 16)
      .bind(6, static_cast<int64_t>(s.seq))
      .bind(7, static_cast<int64_t>(s.prev))
      .bind(8, static_cast<int64_t>(hlc_wall_ms(newest)))
      .run();
  bool added = db_.changes() > 0;
  // A row new here has no columns yet: each is stored without looking for one first (a
  // spreadsheet's worth of lost creations, or of tickets written down, is 100,000 rows).
  const bool changed = merge_extras(in, added);
  if (changed && !added) {
    auto touch = cached(
        "UPDATE extra_rows SET updated_at = max(updated_at, ?3) WHERE tbl = ?1 AND row = ?2");
    touch.bind(1, static_cast<int64_t>(in.table))
        .bind_blob(2, in.id.bytes.data(), 16)
        .bind(3, static_cast<int64_t>(hlc_wall_ms(newest)))
        .run();
  }
  result.outcome = added     ? MergeOutcome::added
                   : changed ? MergeOutcome::updated
                             : MergeOutcome::known;
  if (added) result.taken = ~uint64_t{0};
  return result;
}

std::map<Id, std::vector<ExtraValue>> Replica::extras_of(TableId table) const {
  std::map<Id, std::vector<ExtraValue>> out;
  auto st = db_.prepare("SELECT row, " + std::string(kExtraColumns) +
                        " FROM extra_fields WHERE tbl = ?1 ORDER BY row, col");
  st.bind(1, static_cast<int64_t>(table));
  while (st.step()) out[id_of(st.blob_view(0))].push_back(extra_from(st, 1));
  return out;
}

void Replica::for_each_unknown_row(const std::function<bool(const Row&)>& f,
                                   std::optional<TableId> only) const {
  auto rows = db_.prepare(
      std::string("SELECT tbl, row, insert_only, hlc, origin, seq, prev FROM extra_rows ") +
      (only ? "WHERE tbl = " + std::to_string(static_cast<int>(*only)) + " " : "") +
      "ORDER BY tbl, updated_at, row");
  auto fields = db_.prepare("SELECT " + std::string(kExtraColumns) +
                            " FROM extra_fields WHERE tbl = ?1 AND row = ?2 ORDER BY col");
  while (rows.step()) {
    Row r;
    r.table = static_cast<TableId>(rows.int64(0));
    r.id = id_of(rows.blob_view(1));
    r.insert_only = rows.int64(2) != 0;
    if (r.insert_only) {
      Stamp s;
      s.hlc = static_cast<HlcValue>(rows.int64(3));
      s.origin = id_of(rows.blob_view(4));
      s.seq = static_cast<uint64_t>(rows.int64(5));
      s.prev = static_cast<HlcValue>(rows.int64(6));
      r.stamps.push_back(s);
    }
    fields.bind(1, rows.int64(0)).bind_blob(2, r.id.bytes.data(), 16);
    while (fields.step()) r.extras.push_back(extra_from(fields, 0));
    fields.reset();
    if (!f(r)) break;
  }
}

std::vector<Id> Replica::unknown_rows_naming(TableId table, uint16_t column,
                                             const Id& value) const {
  std::vector<Id> out;
  // The table and column are written into the statement, not bound: a bound one would be
  // weighed against the partial index of gap rows (migration 23), and SQLite then prepares the
  // statement again at every binding (a tenth of a spreadsheet's worth of lost creations).
  auto st =
      cached("SELECT row FROM extra_fields WHERE tbl = " + std::to_string(static_cast<int>(table)) +
             " AND col = " + std::to_string(column) + " AND fixed = 1 AND value = ?1");
  st.bind_blob(1, value.bytes.data(), 16);
  while (st.step()) out.push_back(id_of(st.blob_view(0)));
  st.reset();
  return out;
}

bool Replica::has_unknown_rows(TableId table) const {
  auto st = cached("SELECT EXISTS(SELECT 1 FROM extra_rows WHERE tbl = ?1)");
  st.bind(1, static_cast<int64_t>(table));
  const bool any = st.step() && st.int64(0) != 0;
  st.reset();
  return any;
}

std::optional<Row> Replica::unknown_row(TableId table, const Id& id) const {
  auto head = cached(
      "SELECT insert_only, hlc, origin, seq, prev FROM extra_rows WHERE tbl = ?1 AND row = ?2");
  head.bind(1, static_cast<int64_t>(table)).bind_blob(2, id.bytes.data(), 16);
  if (!head.step()) {
    head.reset();
    return std::nullopt;
  }
  Row r;
  r.table = table;
  r.id = id;
  r.insert_only = head.int64(0) != 0;
  if (r.insert_only)
    r.stamps.push_back({static_cast<HlcValue>(head.int64(1)), id_of(head.blob_view(2)),
                        static_cast<uint64_t>(head.int64(3)),
                        static_cast<HlcValue>(head.int64(4))});
  head.reset();
  r.extras = extras_of_row(table, id);
  return r;
}

std::vector<ExtraValue> Replica::extras_of_row(TableId table, const Id& id) const {
  std::vector<ExtraValue> out;
  auto fields = cached("SELECT " + std::string(kExtraColumns) +
                       " FROM extra_fields WHERE tbl = ?1 AND row = ?2 ORDER BY col");
  fields.bind(1, static_cast<int64_t>(table)).bind_blob(2, id.bytes.data(), 16);
  while (fields.step()) out.push_back(extra_from(fields, 0));
  fields.reset();
  return out;
}

void Replica::forget_unknown_row(TableId table, const Id& id) {
  if (table == kRevocationRecordsTable) forget_revocations();
  for (const char* sql : {"DELETE FROM extra_fields WHERE tbl = ?1 AND row = ?2",
                          "DELETE FROM extra_rows WHERE tbl = ?1 AND row = ?2"}) {
    auto st = cached(sql);
    st.bind(1, static_cast<int64_t>(table)).bind_blob(2, id.bytes.data(), 16).run();
  }
}

std::vector<Id> Replica::gap_rows_of(const Id& device, size_t limit) const {
  // The partial index of migration 23 (extra_fields_gap_device) answers this: table 8, column 2.
  std::vector<Id> out;
  auto st = cached(
      "SELECT f.row FROM extra_fields f JOIN extra_rows r ON r.tbl = 8 AND r.row = f.row"
      " WHERE f.tbl = 8 AND f.col = 2 AND f.value = ?1 AND r.origin = ?1 LIMIT ?2");
  st.bind_blob(1, device.bytes.data(), 16).bind(2, static_cast<int64_t>(limit));
  while (st.step()) out.push_back(id_of(st.blob_view(0)));
  st.reset();
  return out;
}

std::vector<Id> Replica::ticket_note_rows(std::string_view ticket, size_t limit) const {
  // The partial index of migration 26 (extra_fields_ticket_given) answers this: table 11,
  // column 3; the device column is 1.
  std::vector<Id> out;
  auto st = cached(
      "SELECT f.row FROM extra_fields f"
      " JOIN extra_fields d ON d.tbl = 11 AND d.row = f.row AND d.col = 1 AND d.fixed = 1"
      " JOIN extra_rows r ON r.tbl = 11 AND r.row = f.row AND r.origin = d.value"
      " WHERE f.tbl = 11 AND f.col = 3 AND f.fixed = 1 AND f.value = ?1 LIMIT ?2");
  st.bind(1, ticket).bind(2, static_cast<int64_t>(limit));
  while (st.step()) out.push_back(id_of(st.blob_view(0)));
  st.reset();
  return out;
}

void Replica::each_own_lost_ticket(
    const std::function<void(std::string_view ticket, const Id& entry)>& each) const {
  // Field 256: the ticket's conflict record (kFixedConflictField + entry_fixed::ticket), whose
  // losing origin is the device that made the creation that lost (Replica::merge). A row of
  // table 11 that writes it down names this device (column 1, and its creation's origin), the
  // entry (column 2) and the ticket (column 3, found by migration 26's index).
  const std::string prefix = local_get("ticket_prefix").value_or(ticket_prefix_) + "-";
  auto st = cached(
      "SELECT a.ticket, a.entry FROM ticket_aliases a JOIN entries e ON e.id = a.entry"
      " WHERE e.ticket <> a.ticket AND (substr(a.ticket, 1, length(?1)) = ?1 OR EXISTS ("
      "  SELECT 1 FROM conflicts c WHERE c.row = a.entry AND c.tbl = 0 AND c.field = 256"
      "  AND CAST(c.losing_value AS TEXT) = a.ticket AND c.losing_origin = ?2))"
      " AND NOT EXISTS (SELECT 1 FROM extra_fields f"
      "  JOIN extra_fields d ON d.tbl = 11 AND d.row = f.row AND d.col = 1 AND d.fixed = 1"
      "   AND d.value = ?2"
      "  JOIN extra_fields n ON n.tbl = 11 AND n.row = f.row AND n.col = 2 AND n.fixed = 1"
      "   AND n.value = a.entry"
      "  JOIN extra_rows r ON r.tbl = 11 AND r.row = f.row AND r.origin = ?2"
      "  WHERE f.tbl = 11 AND f.col = 3 AND f.fixed = 1 AND f.value = a.ticket)");
  st.bind(1, std::string_view(prefix)).bind_blob(2, device_id_.bytes.data(), 16);
  while (st.step()) each(st.text(0), id_of(st.blob_view(1)));
  st.reset();
}

}  // namespace mutua
