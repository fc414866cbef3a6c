// Retracting a revoked device's versions after its cut-off (docs/security.md, "Revocation"), and
// the runner-up versions that give a field its way back. Domain-free: the engine knows rows,
// stamps and origins; which origin is revoked, and from which sequence number on, is the
// caller's (sync/revocation_filter.hpp, core/revocation.hpp).
#include <algorithm>
#include <set>

#include "core/db.hpp"
#include "core/gone_ahead.hpp"
#include "core/kept_claim.hpp"
#include "core/lost_creation.hpp"
#include "core/replica.hpp"
#include "core/revocation_rank.hpp"
#include "core/revocation_records.hpp"
#include "core/seq_claim.hpp"
#include "core/set_aside_keys.hpp"
#include "core/superseded.hpp"
#include "core/taken_back.hpp"

namespace mutua {

namespace {

bool is_contact(TableId t, size_t f) {
  return t == TableId::entries &&
         (f == entry_field::contact_name || f == entry_field::contact_phone);
}

void bind_field(Statement& st, int col, const Value& v) {
  if (auto i = std::get_if<int64_t>(&v))
    st.bind(col, *i);
  else {
    const auto& s = std::get<std::string>(v);
    st.bind_blob(col, s.data(), s.size());
  }
}

Value field_from(const Statement& st, int col, FieldType type) {
  if (type == FieldType::integer) return st.int64(col);
  return st.blob(col);
}

}  // namespace

std::vector<Replica::RunnerUp> Replica::runner_ups(TableId table, const Id& row,
                                                   size_t field) const {
  std::vector<RunnerUp> out;
  if (!is_known_table(table)) return out;
  const auto& t = table_def(table);
  if (field >= t.fields.size()) return out;
  auto st = cached(
      "SELECT value, hlc, origin, seq, prev FROM runner_ups WHERE tbl = ?1 AND row = ?2 AND field "
      "= ?3");
  st.bind(1, static_cast<int64_t>(table))
      .bind_blob(2, row.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(field));
  while (st.step()) {
    RunnerUp r;
    r.value = field_from(st, 0, t.fields[field].type);
    r.stamp.hlc = static_cast<HlcValue>(st.int64(1));
    r.stamp.origin = id_from_value(st.blob(2));
    r.stamp.seq = static_cast<uint64_t>(st.int64(3));
    r.stamp.prev = static_cast<HlcValue>(st.int64(4));
    out.push_back(std::move(r));
  }
  st.reset();
  // Best first, in the order merge picks a winner (hlc values past 2^63 are stored negative: the
  // order is Stamp's, not SQL's).
  std::sort(out.begin(), out.end(), [&](const RunnerUp& x, const RunnerUp& y) {
    return outranks(t, row, field, x.stamp, y.stamp);
  });
  return out;
}

std::optional<Replica::RunnerUp> Replica::runner_up(TableId table, const Id& row,
                                                    size_t field) const {
  auto all = runner_ups(table, row, field);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

void Replica::keep_runner_up(TableId table, const Id& row, size_t field, const Stamp& winner,
                             const Value& value, const Stamp& candidate) {
  // A blank version has nothing to give back. Contact details are never kept aside (purged
  // details must survive nowhere): a retracted change to them leaves them blank.
  if (candidate.hlc == 0 || candidate == winner) return;
  note_superseded(table, row, field, candidate, value);
  if (is_contact(table, field)) return;
  auto st = cached(
      "INSERT OR IGNORE INTO runner_ups(tbl, row, field, value, hlc, origin, seq, prev)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, static_cast<int64_t>(table))
      .bind_blob(2, row.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(field));
  bind_field(st, 4, value);
  st.bind(5, static_cast<int64_t>(candidate.hlc))
      .bind_blob(6, candidate.origin.bytes.data(), 16)
      .bind(7, static_cast<int64_t>(candidate.seq))
      .bind(8, static_cast<int64_t>(candidate.prev))
      .run();
  // Bounded: the best kRunnerUpsPerOrigin of each origin, and the best kRunnerUpsPerField in all
  // (docs/security.md, "Revocation", says why these numbers and what happens past them).
  auto kept = runner_ups(table, row, field);
  if (kept.size() <= kRunnerUpsPerOrigin) return;
  std::map<Id, size_t> of_origin;
  size_t left = 0;
  auto del = cached(
      "DELETE FROM runner_ups WHERE tbl = ?1 AND row = ?2 AND field = ?3 AND hlc = ?4 AND origin "
      "= ?5");
  for (const auto& r : kept) {
    if (++of_origin[r.stamp.origin] <= kRunnerUpsPerOrigin && left < kRunnerUpsPerField) {
      ++left;
      continue;
    }
    del.bind(1, static_cast<int64_t>(table))
        .bind_blob(2, row.bytes.data(), 16)
        .bind(3, static_cast<int64_t>(field))
        .bind(4, static_cast<int64_t>(r.stamp.hlc))
        .bind_blob(5, r.stamp.origin.bytes.data(), 16)
        .run();
  }
}

void Replica::keep_replaced(const Row& row, const Row& replaced) {
  if (table_def(row.table).insert_only()) return;
  for (size_t f = 0; f < row.stamps.size() && f < replaced.stamps.size(); ++f)
    if (row.stamps[f] != replaced.stamps[f])
      keep_runner_up(row.table, row.id, f, row.stamps[f], replaced.fields[f], replaced.stamps[f]);
}

void Replica::lower_vector(const Id& origin, uint64_t seq) {
  auto it = origin_of_.find(origin);
  if (it == origin_of_.end() || it->second == self_origin_) return;
  auto st = cached("UPDATE vv SET seq = ?2 WHERE origin = ?1 AND seq > ?2");
  st.bind(1, static_cast<int64_t>(it->second)).bind(2, static_cast<int64_t>(seq)).run();
}

void Replica::lower_peer_vectors(const Id& origin, uint64_t seq) {
  auto st = cached("UPDATE peers SET vector = ?2 WHERE device = ?1");
  for (auto p : peers()) {
    auto it = p.vector.find(origin);
    if (it == p.vector.end() || it->second <= seq) continue;
    it->second = seq;
    auto bytes = encode_vector(p.vector);
    st.bind_blob(1, p.device.bytes.data(), 16).bind_blob(2, bytes.data(), bytes.size()).run();
  }
}

uint64_t Replica::highest_seq_held(const Id& origin) const {
  uint64_t top = 0;
  auto note = [&](const Stamp& s) {
    if (s.hlc != 0 && s.origin == origin) top = std::max(top, s.seq);
  };
  for (const auto* t : all_tables())
    for_each_row(t->id, [&](const Row& r) {
      for (const auto& s : r.stamps) note(s);
      return true;
    });
  for (const char* sql : {"SELECT max(seq) FROM runner_ups WHERE origin = ?1",
                          "SELECT max(seq) FROM extra_fields WHERE fixed = 0 AND origin = ?1",
                          "SELECT max(seq) FROM extra_rows WHERE origin = ?1"}) {
    auto st = cached(sql);
    st.bind_blob(1, origin.bytes.data(), 16);
    if (st.step() && !st.is_null(0)) top = std::max(top, static_cast<uint64_t>(st.int64(0)));
    st.reset();
  }
  return top;
}

void Replica::for_each_version_of(const Id& origin,
                                  const std::function<void(HlcValue, uint64_t)>& f) const {
  for (const auto* t : all_tables())
    for_each_row(t->id, [&](const Row& r) {
      for (const auto& s : r.stamps)
        if (s.hlc != 0 && s.origin == origin) f(s.hlc, s.seq);
      return true;
    });
  // Clocks are stored as SQLite's signed integers: read back as they were written.
  for (const char* sql : {"SELECT hlc, seq FROM runner_ups WHERE origin = ?1",
                          "SELECT hlc, seq FROM extra_fields WHERE fixed = 0 AND origin = ?1",
                          "SELECT hlc, seq FROM extra_rows WHERE origin = ?1"}) {
    auto st = cached(sql);
    st.bind_blob(1, origin.bytes.data(), 16);
    while (st.step()) f(static_cast<HlcValue>(st.int64(0)), static_cast<uint64_t>(st.int64(1)));
    st.reset();
  }
}

uint64_t Replica::first_seq_past_clock(const Id& origin) const {
  uint64_t first = 0;
  for_each_version_of(origin, [&](HlcValue hlc, uint64_t seq) {
    if (hlc >= kHlcImpossible && seq != 0 && (first == 0 || seq < first)) first = seq;
  });
  return first;
}

HlcValue Replica::latest_clock_held(const Id& origin, uint64_t before_seq) const {
  HlcValue latest = 0;
  for_each_version_of(origin, [&](HlcValue hlc, uint64_t seq) {
    if (hlc < kHlcImpossible && seq < before_seq) latest = std::max(latest, hlc);
  });
  return latest;
}

void Replica::drop_row(TableId table, const Id& id) {
  auto del = cached("DELETE FROM " + std::string(table_def(table).name) + " WHERE id = ?1");
  del.bind_blob(1, id.bytes.data(), 16).run();
  for (const char* sql : {"DELETE FROM runner_ups WHERE tbl = ?1 AND row = ?2",
                          "DELETE FROM extra_fields WHERE tbl = ?1 AND row = ?2"}) {
    auto st = cached(sql);
    st.bind(1, static_cast<int64_t>(table)).bind_blob(2, id.bytes.data(), 16).run();
  }
}

std::vector<Replica::RetractResult::Refused> Replica::set_aside_held(
    const std::vector<std::pair<std::pair<TableId, Id>, std::string>>& refused,
    std::vector<LostWrite>& lost) {
  std::vector<RetractResult::Refused> out;
  std::vector<std::pair<TableId, Id>> keys;
  for (const auto& [key, why] : refused) {
    auto row = read_row(key.first, key.second);
    if (!row) continue;
    drop_row(key.first, key.second);
    forget_gone_of_rows(*this, key.first, {key.second});
    // Its writer's chain still holds the write: kept as a lost write, which bundles carry, so
    // that every device can still rebuild that chain, this one and those that set the record
    // aside on import alike.
    if (auto network = signing_network()) {
      auto made = lost_writes(*network, *row, {});
      lost.insert(lost.end(), made.begin(), made.end());
    }
    after_row_change(*row);
    keys.push_back(key);
    out.push_back({row->stamps.empty() ? Id{} : row->stamps[0].origin, why});
  }
  if (!keys.empty()) note_records_set_aside(*this, keys);
  return out;
}

Replica::RetractResult Replica::retract_origin_after(const Id& origin, uint64_t cutoff) {
  RetractResult result;
  const bool took_back_before = took_back();
  if (!took_back_before) local_set(kTookBackKey, "1");
  std::vector<RowKey> sent_back;  // records kept with a field sent back (core/taken_back.hpp)
  auto hit = [&](const Stamp& s) { return s.hlc != 0 && s.origin == origin && s.seq > cutoff; };
  std::map<Id, uint64_t> restored_from;  // origin of a restored version -> its lowest seq
  std::map<FieldKey, Stamp> moved_back;  // fields set back, and the version each holds now
  // Others' writes on records whose creation went, and on handovers refused now (below).
  std::vector<LostWrite> lost_of_removed;
  std::set<std::pair<TableId, Id>> given_back;  // records kept with a field sent back to a version
  // Every record removed or changed: its table, id and fixed values as they were (not its fields,
  // so a take-back of a device's 100,000 records holds little more than their ids).
  std::vector<Row> touched;
  for (const auto* t : all_tables()) {
    // Collected first: rows are rewritten or deleted below, not while the scan runs. A full scan
    // is fine for an event as rare as a revocation.
    std::vector<Row> rows;
    for_each_row(t->id, [&](const Row& r) {
      for (const auto& s : r.stamps)
        if (hit(s)) {
          rows.push_back(r);
          break;
        }
      return true;
    });
    std::vector<Id> removed;
    for (const Row& before : rows) {
      Row row = before;
      bool keep = false, gave_back = false;
      // Its creation taken back (core/lost_creation.hpp): the version with no predecessor on its
      // first field, held there or kept aside.
      bool creation_gone = false;
      if (creation_can_go(t->id)) {
        creation_gone = hit(row.stamps[0]) && row.stamps[0].prev == 0;
        if (!creation_gone)
          for (const auto& r : runner_ups(t->id, row.id, 0))
            creation_gone = creation_gone || (hit(r.stamp) && r.stamp.prev == 0);
      }
      if (!t->insert_only()) {
        for (size_t f = 0; f < row.fields.size(); ++f) {
          if (!hit(row.stamps[f])) continue;
          // The retracted version replaced another (prev set): that one, or a version that
          // competed with it, may be one this device never held (it was superseded before it
          // got here, while the vector counts its sequence number). The runner-up is the best
          // this device saw; bundles read in full bring anything better (import skips no bundle
          // as "already known" while a revocation is in force).
          if (row.stamps[f].prev != 0) result.earlier_unknown = true;
          // The best version kept aside that no revocation in force takes back: versions of
          // devices revoked before were removed when they were (below), and the revocation
          // filter lets none past a cut-off in since.
          std::optional<RunnerUp> back;
          for (auto& r : runner_ups(t->id, row.id, f))
            if (!hit(r.stamp)) {
              back = std::move(r);
              break;
            }
          if (back) {
            row.fields[f] = back->value;
            row.stamps[f] = back->stamp;
            auto& low =
                restored_from.try_emplace(back->stamp.origin, back->stamp.seq).first->second;
            low = std::min(low, back->stamp.seq);
            ++result.fields_restored;
            gave_back = true;
          } else {
            row.fields[f] = default_value(t->fields[f].type);
            row.stamps[f] = Stamp{};
            ++result.fields_cleared;
          }
          // The digest of the version it went back to goes (held again); those of versions
          // newer than it stay, for writes this device never held the value of: core/
          // gone_ahead.hpp.
          moved_back[{t->id, row.id, t->fields[f].id}] = row.stamps[f];
          // The restored version is the winner now; the others stay for a later revocation
          // (two devices revoked in a row on one field).
          if (back) {
            auto del = cached(
                "DELETE FROM runner_ups WHERE tbl = ?1 AND row = ?2 AND field = ?3 AND hlc = ?4"
                " AND origin = ?5");
            del.bind(1, static_cast<int64_t>(t->id))
                .bind_blob(2, row.id.bytes.data(), 16)
                .bind(3, static_cast<int64_t>(f))
                .bind(4, static_cast<int64_t>(back->stamp.hlc))
                .bind_blob(5, back->stamp.origin.bytes.data(), 16)
                .run();
          }
        }
        for (const auto& s : row.stamps) keep = keep || s.hlc != 0;
      }
      if (creation_gone) {
        // The others' writes on it stay as lost writes, with the digests of those superseded
        // here (theirs, not the revoked device's past its cut-off): their chains still need them.
        // Kept once the row is gone (a lost write fits only where no row carries it).
        keep = false;
        if (auto network = signing_network()) {
          std::vector<GoneField> gone;
          for (const auto& g : take_gone_of_row(*this, t->id, row.id))
            if (!hit(g.version)) gone.push_back({g.field, g.version, g.digest});
          auto made = lost_writes(*network, row, gone);
          lost_of_removed.insert(lost_of_removed.end(), made.begin(), made.end());
        }
      }
      {
        Row& slim = touched.emplace_back();
        slim.table = before.table;
        slim.id = before.id;
        slim.fixed = before.fixed;
      }
      if (keep) {
        store_row(row, true);
        after_row_change(row);
        ++result.rows_changed;
        sent_back.emplace_back(t->id, row.id);
        if (gave_back) given_back.insert({t->id, row.id});
        continue;
      }
      drop_row(t->id, row.id);
      ++result.rows_removed;
      removed.push_back(row.id);
      after_row_change(before);
    }
    // The digests of superseded versions of the rows removed go with them. Those of the
    // creations they had won over stay (core/lost_creation.hpp): such a write is its device's,
    // and its chain still needs it where no row carries it now (the spreadsheet row a revoked
    // device imported too, whose creation won here and is taken back). Those of the origin past
    // its cut-off go below, with its other records.
    forget_gone_of_rows(*this, t->id, removed);
  }
  // What the take-back removed may have been all that allowed another device's record here: a
  // handover of 2 on a need of 1, within the limit only while a revoked device's offer of 6 was
  // held (core/handover_limits.hpp). A device that never held that offer sets the handover aside;
  // kept here, the two would differ for good (seed 5926 of the long property test with
  // revocations). So it is judged again and, refused now, removed and noted as set aside, as an
  // import would have: a bundle that brings it once it fits again (a reinstatement gives the
  // offer back) is read for it.
  if (observer_ && !touched.empty())
    result.refused = set_aside_held(observer_->refused_after(touched), lost_of_removed);
  for (const auto& w : lost_of_removed)
    if (lost_fits(*this, w)) keep_lost(*this, w);
  // A record given back a version kept aside may now carry a write kept here as lost (kept while
  // the record held a later version, or none): it goes, as a record that takes that write in an
  // import makes it go (core/lost_creation.hpp). Kept, it made this device differ from one that
  // never kept it (seed 6433 of the long property test with revocations).
  forget_lost_carried(*this, given_back);
  {
    // (The origin's own, past the cut-off, go below with its other records.)
    auto ahead = forget_gone_held_again(*this, moved_back);
    std::erase_if(ahead, [&](const GoneDigest& g) { return hit(g.version); });
    keep_gone_ahead(*this, ahead);
  }
  // Records of known tables whose extra values of the origin go below: what they replaced may
  // come only in a bundle that looks known too. Those of a newer Mutua's tables may be left
  // with no value: seen to below.
  std::vector<RowKey> unknown_touched;
  {
    auto st = cached(
        "SELECT DISTINCT tbl, row FROM extra_fields WHERE fixed = 0 AND origin = ?1 AND seq > ?2");
    st.bind_blob(1, origin.bytes.data(), 16).bind(2, static_cast<int64_t>(cutoff));
    while (st.step()) {
      const auto table = static_cast<TableId>(st.int64(0));
      const auto row = st.blob_view(1);
      if (row.size() != 16) continue;
      Id id;
      std::copy(row.begin(), row.end(), id.bytes.begin());
      (is_known_table(table) ? sent_back : unknown_touched).emplace_back(table, id);
    }
    st.reset();
  }
  // The origin's revocation records past the cut-off that it signed stay (table 12,
  // core/revocation_records.hpp): every device keeps them, whoever is revoked, so that all hold
  // the same inputs of the rule that decides who is. Others of that table go with the rest.
  std::vector<Id> records_unsigned;
  for_each_unknown_row(
      [&](const Row& r) {
        if (!r.stamps.empty() && r.stamps[0].origin == origin && r.stamps[0].seq > cutoff &&
            check_revocation_record(*this, r) != RecordCheck::valid)
          records_unsigned.push_back(r.id);
        return true;
      },
      kRevocationRecordsTable);
  // Versions of the origin kept aside, and in columns and tables of a newer Mutua (the fixed
  // values of a row of an insert-only one with it: a digest of a superseded version, a gap).
  for (const char* sql :
       {"DELETE FROM runner_ups WHERE origin = ?1 AND seq > ?2",
        "DELETE FROM extra_fields WHERE fixed = 0 AND origin = ?1 AND seq > ?2",
        "DELETE FROM extra_fields WHERE fixed = 1 AND (tbl, row) IN (SELECT tbl, row FROM "
        "extra_rows WHERE insert_only = 1 AND origin = ?1 AND seq > ?2 AND tbl != ?3)",
        "DELETE FROM extra_rows WHERE origin = ?1 AND seq > ?2 AND tbl != ?3"}) {
    auto st = cached(sql);
    st.bind_blob(1, origin.bytes.data(), 16).bind(2, static_cast<int64_t>(cutoff));
    if (std::string_view(sql).find("?3") != std::string_view::npos)
      st.bind(3, static_cast<int64_t>(kRevocationRecordsTable));
    st.run();
  }
  for (const Id& id : records_unsigned) forget_unknown_row(kRevocationRecordsTable, id);
  // A newer Mutua's record of last-writer-wins values left with none goes whole, as a record of
  // a known table whose every version is taken back does (import drops the same record from a
  // relay that has not heard: sync/revocation_filter.cpp).
  for (const auto& [table, id] : unknown_touched) {
    auto left = cached(
        "SELECT 1 FROM extra_rows r WHERE r.tbl = ?1 AND r.row = ?2 AND r.insert_only = 0 AND NOT "
        "EXISTS (SELECT 1 FROM extra_fields f WHERE f.tbl = r.tbl AND f.row = r.row AND f.fixed = "
        "0)");
    left.bind(1, static_cast<int64_t>(table)).bind_blob(2, id.bytes.data(), 16);
    const bool empty = left.step();
    left.reset();
    if (empty) forget_unknown_row(table, id);
  }
  // Its signed sequence claims (SEQ-1 and SEQ-2), whatever number they claim: devices that
  // heard of its later writes hold later ones, which are taken back above; without this the
  // others would keep earlier ones, and differ (core/seq_claim.hpp). Imports drop claims of a
  // revoked device. A claim at or before the cut-off is a version the vector counts: the vector
  // goes below it, so that once the device is reinstated, a bundle carrying the claim is read
  // and not passed over as already known (seed 2877: a device that revoked and reinstated
  // another before anyone heard never held its claim again).
  // The latest claim at or before the cut-off is kept aside, locally (core/kept_claim.hpp): the
  // chain check goes on checking the versions the cut-off lets in against it. (Where only a
  // later claim was held, none is kept until a bundle brings one: this device took the
  // origin's versions up to that later claim, checked, so what comes of it at or before the
  // cut-off is a version a take-back gives back, taken unchecked as before.)
  forget_kept_claim_past(*this, origin, cutoff);
  if (auto c = claim_in_extras(origin, extras_of_row(TableId::devices, origin)))
    keep_claim(*this, *c, cutoff);
  uint64_t lowest = cutoff;
  {
    auto st = cached(
        "SELECT min(seq) FROM extra_fields WHERE tbl = ?1 AND row = ?2 AND col IN "
        "(?3, ?4) AND fixed = 0 AND origin = ?2 AND seq > 0");
    st.bind(1, static_cast<int64_t>(TableId::devices))
        .bind_blob(2, origin.bytes.data(), 16)
        .bind(3, static_cast<int64_t>(kDeviceSeqClaimColumn))
        .bind(4, static_cast<int64_t>(kDeviceSeq2ClaimColumn));
    if (st.step() && !st.is_null(0))
      lowest = std::min(lowest, static_cast<uint64_t>(st.int64(0)) - 1);
    st.reset();
  }
  forget_claims_in_record(origin);
  // A better version of a field sent back may come only in a bundle that looks known: such a
  // bundle is read for these records (sync/set_aside.hpp, answers_set_aside).
  note_taken_back(*this, sent_back, took_back_before);
  lower_vector(origin, lowest);
  forget_peers_past_cutoff(origin, cutoff);
  for (const auto& [from, seq] : restored_from) lower_peer_vectors(from, seq - 1);
  return result;
}

void Replica::forget_claims_in_record(const Id& device) {
  for (uint16_t column : {kDeviceSeqClaimColumn, kDeviceSeq2ClaimColumn}) {
    auto st = cached("DELETE FROM extra_fields WHERE tbl = ?1 AND row = ?2 AND col = ?3");
    st.bind(1, static_cast<int64_t>(TableId::devices))
        .bind_blob(2, device.bytes.data(), 16)
        .bind(3, static_cast<int64_t>(column))
        .run();
  }
}

}  // namespace mutua
