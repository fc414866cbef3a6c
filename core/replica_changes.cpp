// The change sequence (migration 15): which rows a peer may lack, found without reading every
// row's versions.
//
// Every stored row (a local write, a merged row, a restored one after a revocation, a CSV row)
// gets the change number of the transaction that stores it, in its indexed `chg` column. Beside
// it, the table change_marks holds for each origin device a few marks (chg, seq): "rows stored
// at change number chg held versions of this origin up to seq". Stored rows leave such a mark
// in the same transaction, and marks are only ever merged into one with the lower chg and the
// higher seq. So, for any version (O, s) a row holds: some mark of O has seq >= s and chg at
// most the row's chg.
//
// A peer with vector V lacks (O, s) when s > V[O]. Every row holding such a version then has
// chg >= the lowest chg among the marks of O with seq > V[O] (one of them has seq >= s). The
// lowest of these over all origins is the change floor: only rows at or above it can hold
// anything the peer lacks, and rows_since reads only those (through the index), then applies
// the very same test as the full scan. For a peer in step no mark qualifies and nothing is read.
// Which rows a bundle carries, and in what order, is what it was (tests/sync/
// test_change_sequence.cpp compares with the full scan on random histories).
//
// Existing rows (migration 15) have chg 0 and a mark per origin at 0 with the highest sequence
// number they hold. A row written by other means (a test writing SQL by hand) also has chg 0:
// it is found as long as a mark at 0 covers its versions, as for any row.
#include <algorithm>
#include <limits>

#include "core/db.hpp"
#include "core/lost_creation.hpp"
#include "core/replica.hpp"
#include "core/superseded.hpp"

namespace mutua {

namespace {
// Marks kept per origin: past kFoldAbove, all but the newest kKeep are folded into one (the
// lowest chg, the highest seq). A peer far behind then reads a little more than it must.
constexpr int64_t kFoldAbove = 96;
constexpr int64_t kKeep = 32;
}  // namespace

int64_t Replica::change_number() {
  if (change_ != 0) return change_;
  // Inside a ReplicaTransaction the write lock is held (BEGIN IMMEDIATE): no other connection
  // takes a number meanwhile. Duplicates would cost nothing but reading a few more rows.
  static const std::string sql = [] {
    std::string s = "SELECT max(m) FROM (SELECT max(chg) AS m FROM change_marks";
    for (const auto* t : all_tables())
      s += " UNION ALL SELECT max(chg) FROM " + std::string(t->name);
    return s + ")";
  }();
  auto st = cached(sql);
  int64_t top = st.step() ? st.int64(0) : 0;
  change_ = std::max<int64_t>(top, 0) + 1;
  return change_;
}

void Replica::note_change(uint32_t origin, uint64_t seq) {
  for (auto& [o, s] : pending_changes_)
    if (o == origin) {
      s = std::max(s, seq);
      return;
    }
  pending_changes_.emplace_back(origin, seq);
}

void Replica::write_change_marks() {
  if (pending_changes_.empty()) return;
  const int64_t chg = change_number();
  for (const auto& [origin, seq] : pending_changes_) {
    {
      auto st = cached(
          "INSERT INTO change_marks(origin, chg, seq) VALUES(?1, ?2, ?3)"
          " ON CONFLICT(origin, chg) DO UPDATE SET seq = max(seq, excluded.seq)");
      st.bind(1, static_cast<int64_t>(origin))
          .bind(2, chg)
          .bind(3, static_cast<int64_t>(std::min<uint64_t>(
                       seq, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))))
          .run();
    }
    int64_t count = 0;
    {
      auto st = cached("SELECT count(*) FROM change_marks WHERE origin = ?1");
      st.bind(1, static_cast<int64_t>(origin));
      if (st.step()) count = st.int64(0);
    }
    if (count <= kFoldAbove) continue;
    int64_t cut = 0, low = 0, high = 0;
    {
      auto st = cached(
          "SELECT chg FROM change_marks WHERE origin = ?1 ORDER BY chg DESC LIMIT 1 OFFSET ?2");
      st.bind(1, static_cast<int64_t>(origin)).bind(2, kKeep);
      if (!st.step()) continue;
      cut = st.int64(0);
    }
    {
      auto st =
          cached("SELECT min(chg), max(seq) FROM change_marks WHERE origin = ?1 AND chg <= ?2");
      st.bind(1, static_cast<int64_t>(origin)).bind(2, cut);
      if (!st.step()) continue;
      low = st.int64(0);
      high = st.int64(1);
    }
    cached("DELETE FROM change_marks WHERE origin = ?1 AND chg <= ?2")
        .bind(1, static_cast<int64_t>(origin))
        .bind(2, cut)
        .run();
    cached("INSERT INTO change_marks(origin, chg, seq) VALUES(?1, ?2, ?3)")
        .bind(1, static_cast<int64_t>(origin))
        .bind(2, low)
        .bind(3, high)
        .run();
  }
  pending_changes_.clear();
}

std::optional<int64_t> Replica::change_floor(const VersionVector& peer) const {
  std::optional<int64_t> floor;
  auto consider = [&](uint32_t origin, uint64_t seq, int64_t chg) {
    if (floor && *floor <= chg) return;
    if (lacks(peer, Stamp{1, origin_id(origin), seq, 0})) floor = chg;
  };
  {
    auto st = cached("SELECT origin, seq, chg FROM change_marks");
    while (st.step())
      consider(static_cast<uint32_t>(st.int64(0)), static_cast<uint64_t>(st.int64(1)), st.int64(2));
  }
  // Rows stored in the transaction still open, whose marks are written at its commit.
  for (const auto& [origin, seq] : pending_changes_)
    consider(origin, seq, change_ != 0 ? change_ : std::numeric_limits<int64_t>::max());
  return floor;
}

void Replica::for_each_row_of_origin(TableId table, const Id& origin, uint64_t after,
                                     bool before_this_transaction,
                                     const std::function<bool(const Row&)>& f) const {
  auto it = origin_of_.find(origin);
  if (it == origin_of_.end()) return;  // no row here holds a version of it
  const uint32_t index = it->second;
  std::optional<int64_t> floor;
  {
    auto st = cached("SELECT min(chg) FROM change_marks WHERE origin = ?1 AND seq > ?2");
    st.bind(1, static_cast<int64_t>(index))
        .bind(2, static_cast<int64_t>(std::min<uint64_t>(
                     after, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))));
    if (st.step() && !st.is_null(0)) floor = st.int64(0);
    st.reset();
  }
  // Rows stored in the transaction still open, whose marks are written at its commit.
  if (!before_this_transaction)
    for (const auto& [o, seq] : pending_changes_)
      if (o == index && seq > after) {
        const int64_t chg = change_ != 0 ? change_ : std::numeric_limits<int64_t>::max();
        floor = floor ? std::min(*floor, chg) : chg;
      }
  if (!floor) return;
  const int64_t below = before_this_transaction && change_ != 0 ? change_ : 0;
  if (below != 0 && *floor >= below) return;
  // A floor of 0 (rows from before migration 15, chg 0) reads every row before `below`.
  scan_rows(table, *floor, f, false, below);
}

std::vector<Row> Replica::unknown_rows_of(const Id& origin, uint64_t after, uint64_t upto) const {
  std::vector<Row> out;
  std::vector<std::pair<TableId, Id>> ids;
  {
    auto st = cached(
        "SELECT tbl, row FROM extra_rows WHERE (tbl < ?1 OR tbl > ?2) AND insert_only = 1"
        " AND origin = ?3 AND seq > ?4 AND seq <= ?5");
    st.bind(1, static_cast<int64_t>(kSupersededTable))
        .bind(2, static_cast<int64_t>(kLostTable))
        .bind_blob(3, origin.bytes.data(), 16)
        .bind(4, static_cast<int64_t>(std::min<uint64_t>(after, INT64_MAX)))
        .bind(5, static_cast<int64_t>(std::min<uint64_t>(upto, INT64_MAX)));
    while (st.step()) {
      const auto b = st.blob_view(1);
      if (b.size() != 16) continue;
      Id id;
      std::copy(b.begin(), b.end(), id.bytes.begin());
      ids.emplace_back(static_cast<TableId>(st.int64(0)), id);
    }
    st.reset();
  }
  for (const auto& [table, id] : ids)
    if (auto r = unknown_row(table, id)) out.push_back(std::move(*r));
  return out;
}

std::optional<std::vector<Id>> Replica::rows_since(TableId table, const VersionVector& peer,
                                                   size_t limit) const {
  auto floor = change_floor(peer);
  if (!floor) return std::vector<Id>{};
  return rows_changed_since(table, peer, limit, *floor);
}

std::optional<std::vector<Id>> Replica::rows_since_full_scan(TableId table,
                                                             const VersionVector& peer,
                                                             size_t limit) const {
  return rows_changed_since(table, peer, limit, 0);
}

}  // namespace mutua
