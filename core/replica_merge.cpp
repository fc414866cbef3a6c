// The merge of an incoming row into the one held, and the conflicts it records: per-field
// last-writer-wins registers versioned by (hybrid logical clock, origin device). The write path
// and the row storage are in core/replica.cpp.
#include <algorithm>

#include "core/db.hpp"
#include "core/fixed_fields.hpp"
#include "core/item_words.hpp"
#include "core/replica.hpp"
#include "core/revocation_rank.hpp"
#include "core/superseded.hpp"
#include "core/validate.hpp"

namespace mutua {

namespace {
std::string value_text(const Value& v) {
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return std::get<std::string>(v);
}

bool is_contact_field(TableId t, size_t f) {
  return t == TableId::entries &&
         (f == entry_field::contact_name || f == entry_field::contact_phone);
}

// The changes `self` made on `held`, a creation that lost to `in`, after its creation, that
// would win over `in`'s versions were the two one row (MergeResult::own_changes_lost). A status is
// read as the kept kind's counterpart, as a merge reads it; one that is then the same is no change.
std::vector<std::pair<uint16_t, Value>> own_changes_outvoted(const TableDef& t, const Id& self,
                                                             const Row& held, const Row& in) {
  std::vector<std::pair<uint16_t, Value>> out;
  if (t.insert_only()) return out;
  for (size_t f = 0; f < held.fields.size() && f < in.fields.size(); ++f) {
    const Stamp& mine = held.stamps[f];
    const Stamp& theirs = in.stamps[f];
    // prev 0: the field's first version, written with the creation itself. The creation that
    // lost is not mixed into the one kept (a need's contact details onto an offer); only what
    // was changed on it afterwards is carried over.
    if (mine.origin != self || mine.hlc == 0 || mine.prev == 0 || !mine.newer_than(theirs))
      continue;
    Value v = held.fields[f];
    if (t.id == TableId::entries && f == entry_field::status) {
      const auto* s = std::get_if<int64_t>(&v);
      const auto* k = std::get_if<int64_t>(&in.fixed[entry_fixed::kind]);
      if (s && k && *s >= 0 && *s <= 255 && (*k == 0 || *k == 1))
        v = static_cast<int64_t>(status_for_kind(static_cast<Status>(*s), static_cast<Kind>(*k)));
    }
    if (v != in.fields[f]) out.emplace_back(static_cast<uint16_t>(f), std::move(v));
  }
  return out;
}
}  // namespace

void Replica::forget_conflicts(const Id& row, size_t field) {
  auto st = cached("DELETE FROM conflicts WHERE row = ?1 AND field = ?2");
  st.bind_blob(1, row.bytes.data(), 16).bind(2, static_cast<int64_t>(field)).run();
}

void Replica::note_lost_ticket(const Id& entry, const std::vector<Value>& kept,
                               const std::vector<Value>& lost) {
  if (kept.size() <= entry_fixed::ticket || lost.size() <= entry_fixed::ticket) return;
  const auto* ticket = std::get_if<std::string>(&lost[entry_fixed::ticket]);
  if (!ticket || ticket->empty() || lost[entry_fixed::ticket] == kept[entry_fixed::ticket]) return;
  auto st = cached("INSERT OR IGNORE INTO ticket_aliases(ticket, entry) VALUES(?1, ?2)");
  st.bind(1, std::string_view(*ticket)).bind_blob(2, entry.bytes.data(), 16).run();
}

void Replica::record_conflict(const Row& row, size_t field, const Value& loser, const Stamp& ls,
                              const Value& winner, const Stamp& ws) {
  // Purged contact details must survive nowhere, so a blank never produces a conflict record.
  if (is_contact_field(row.table, field) &&
      (value_text(loser).empty() || value_text(winner).empty()))
    return;
  auto st = cached(
      "INSERT OR IGNORE INTO conflicts(tbl, row, field, losing_value, losing_hlc, losing_origin,"
      " winning_value, winning_hlc, winning_origin, recorded_at)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  auto lo = id_value(ls.origin), wo = id_value(ws.origin);
  auto lv = value_text(loser), wv = value_text(winner);
  st.bind(1, static_cast<int64_t>(row.table))
      .bind_blob(2, row.id.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(field))
      .bind_blob(4, lv.data(), lv.size())
      .bind(5, static_cast<int64_t>(ls.hlc))
      .bind_blob(6, lo.data(), 16)
      .bind_blob(7, wv.data(), wv.size())
      .bind(8, static_cast<int64_t>(ws.hlc))
      .bind_blob(9, wo.data(), 16)
      .bind(10, now_ms())
      .run();
}

MergeResult Replica::merge(const Row& in) {
  ensure_caches();
  if (!is_known_table(in.table)) return merge_unknown_row(in);
  const auto& t = table_def(in.table);
  MergeResult result;
  // A row that carries no version at all (every field taken out on the way in: a key its
  // device did not sign, a revoked device's change) and no extras says nothing: storing it
  // would leave a row this device never exports, and two devices holding different content.
  if (in.extras.empty() &&
      std::all_of(in.stamps.begin(), in.stamps.end(), [](const Stamp& s) { return s.hlc == 0; }))
    return result;
  for (const auto& s : in.stamps) {
    // Bounded: a stamp from a device whose clock runs far ahead is merged as it is (every device
    // must pick the same winner) but moves our clock at most max_clock_lead_ms past our wall.
    // A stamp at or below our clock cannot move it (and needs no look at the wall clock).
    if (s.hlc > clock_.last()) clock_.observe(s.hlc);
    // Our own changes coming back (say, after a restore from backup) must not reuse numbers.
    if (s.origin == device_id_) raise_vector({{device_id_, s.seq}});
  }
  start_bulk_if_empty(in.table);
  // Insert first: a row this device does not have yet (every row of a first import) costs one
  // statement, not a lookup and then an insert. A row already here is left alone by the insert
  // and merged field by field below.
  if (store_row(in, false)) {
    after_row_change(in);
    if (!in.extras.empty()) merge_extras(in);
    result.outcome = MergeOutcome::added;
    result.taken = ~uint64_t{0};
    return result;
  }
  auto existing = read_row(in.table, in.id);
  if (!existing) throw DbError("a record could be neither inserted nor read");
  Row row = std::move(*existing);
  // Columns of a newer Mutua: opaque here, merged by the same rule, kept beside the row.
  bool changed_extras = !in.extras.empty() && merge_extras(in);
  bool changed = false;
  if (t.insert_only() && row.fixed == in.fixed && !row.stamps.empty() && !in.stamps.empty() &&
      in.stamps[0].hlc != 0 && !(row.stamps[0] == in.stamps[0])) {
    // One record with two creation versions: a copy (core/fixed_fields.hpp). The one kept is
    // the same everywhere; the other's write is the caller's to keep as a lost write.
    if (creation_version_wins(t, row.fixed, in.stamps[0], row.stamps[0])) {
      result.replaced_creation = row;
      result.taken = ~uint64_t{0};
      result.replaced = 1;
      row.stamps = in.stamps;
      changed = true;
    } else {
      result.creation_lost = true;
    }
  } else if (row.fixed != in.fixed) {
    // The same record created twice with different fixed values (a spreadsheet imported on two
    // devices, or a hostile copy): fixed fields are never merged. The creation that comes first
    // in an order every device shares is kept whole, and the collision is kept for a
    // coordinator (core/fixed_fields.hpp).
    const bool theirs = creation_wins(t, in.id, in.fixed, row.fixed);
    const auto& win = theirs ? in.fixed : row.fixed;
    const auto& lose = theirs ? row.fixed : in.fixed;
    if (t.id == TableId::entries) note_lost_ticket(in.id, win, lose);
    if (!same_row_imported_twice(t, in.id, win, lose)) {
      for (size_t i : collided_fixed_fields(t, win, lose))
        record_conflict(row, kFixedConflictField + i, fixed_value_shown(t, i, lose[i]),
                        creation_stamp(t, lose), fixed_value_shown(t, i, win[i]),
                        creation_stamp(t, win));
      ++result.conflicts;
    }
    if (theirs) result.own_changes_lost = own_changes_outvoted(t, device_id_, row, in);
    if (theirs && t.id == TableId::entries && creation_stamp(t, lose).origin == device_id_ &&
        lose[entry_fixed::ticket] != win[entry_fixed::ticket])
      if (const auto* given = std::get_if<std::string>(&lose[entry_fixed::ticket]))
        result.own_ticket_lost = *given;
    // Each creation's versions belong to it alone: mixed with the other's, a device holding the
    // losing creation could know every version of the row and never be sent the winner.
    if (theirs) {
      result.replaced_creation = row;
      result.taken = ~uint64_t{0};
      row.fixed = in.fixed;
      row.fields = in.fields;
      row.stamps = in.stamps;
      changed = true;
      // No row carries the losing creation's fixed values again, nor the digests of its
      // superseded versions (core/superseded.hpp): they go, and come back to the caller, which
      // keeps the creation's writes as lost writes (core/lost_creation.hpp).
      for (const auto& g : take_gone_of_row(*this, in.table, in.id))
        result.replaced_gone.push_back({g.field, g.version, g.digest});
      // Nor do the versions kept aside for it (a take-back must not give them to this creation).
      auto forget = cached("DELETE FROM runner_ups WHERE tbl = ?1 AND row = ?2");
      forget.bind(1, static_cast<int64_t>(t.id)).bind_blob(2, in.id.bytes.data(), 16).run();
    } else {
      result.creation_lost = true;
    }
  }
  if (!t.insert_only() && row.fixed == in.fixed) {
    for (size_t f = 0; f < row.fields.size(); ++f) {
      const Stamp& mine = row.stamps[f];
      const Stamp& theirs = in.stamps[f];
      if (mine == theirs || theirs.hlc == 0) continue;  // hlc 0: the bundle did not carry it
      bool differ = row.fields[f] != in.fields[f];
      if (outranks(t, row.id, f, theirs, mine)) {
        bool overwrite = theirs.prev == mine.hlc || mine.hlc == 0;
        if (differ && !overwrite) {
          record_conflict(row, f, row.fields[f], mine, in.fields[f], theirs);
          ++result.conflicts;
        }
        // The way back should `theirs`' origin be revoked (core/replica_retract.cpp).
        keep_runner_up(row.table, row.id, f, theirs, row.fields[f], mine);
        row.fields[f] = in.fields[f];
        row.stamps[f] = theirs;
        if (f < 64) result.taken |= uint64_t{1} << f;
        if (f < 64 && mine.hlc != 0) result.replaced |= uint64_t{1} << f;
        changed = true;
        if (is_contact_field(row.table, f) && value_text(in.fields[f]).empty())
          forget_conflicts(row.id, f);
      } else {
        keep_runner_up(row.table, row.id, f, mine, in.fields[f], theirs);
        if (differ && mine.prev != theirs.hlc && !already_known(theirs)) {
          record_conflict(row, f, in.fields[f], theirs, row.fields[f], mine);
          ++result.conflicts;
        }
      }
    }
  }
  if (changed) {
    store_row(row, true);
    after_row_change(row);
  }
  if (changed || changed_extras) result.outcome = MergeOutcome::updated;
  return result;
}

std::vector<Conflict> Replica::conflicts() const {
  return read_conflicts(nullptr);
}

std::vector<Conflict> Replica::conflicts_of(const Id& row) const {
  return read_conflicts(&row);
}

std::vector<Conflict> Replica::read_conflicts(const Id* row) const {
  std::vector<Conflict> out;
  auto st = db_.prepare(
      std::string("SELECT id, tbl, row, field, losing_value, winning_value, losing_origin,"
                  " winning_origin, recorded_at FROM conflicts") +
      (row ? " WHERE row = ?1" : "") + " ORDER BY id");
  if (row) st.bind_blob(1, row->bytes.data(), 16);
  auto to_id = [](std::string_view b) {
    Id id;
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    return id;
  };
  while (st.step()) {
    Conflict c;
    c.id = st.int64(0);
    c.table = static_cast<TableId>(st.int64(1));
    c.row = to_id(st.blob_view(2));
    const auto& t = table_def(c.table);
    auto f = static_cast<size_t>(st.int64(3));
    c.field = f < t.fields.size() ? std::string(t.fields[f].name) : "?";
    if (f >= kFixedConflictField && f - kFixedConflictField < t.fixed.size())
      c.field = std::string(t.fixed[f - kFixedConflictField].name);
    c.losing_value = st.blob(4);
    c.winning_value = st.blob(5);
    c.losing_origin = to_id(st.blob_view(6));
    c.winning_origin = to_id(st.blob_view(7));
    c.recorded_at = st.int64(8);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace mutua
