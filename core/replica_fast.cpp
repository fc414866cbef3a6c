// Bulk import into an empty table: its secondary indexes are dropped at the first row merged
// into it and built again, in one sort each, just before the ReplicaTransaction commits. Building
// an index from 100,000 rows at once costs a fraction of maintaining it row by row (measured: the
// three indexes of entries took a third of a first import). Only tables that nothing reads by
// index while an import runs qualify: entries and events (the merge of a match or handover
// looks matches and handovers up by their indexes).
//
// Safety: the DROP and the CREATE run in the same transaction, so no reader ever sees a table
// without its indexes; a rollback restores them with everything else. The CREATE statements are
// the database's own (sqlite_master), run with IF NOT EXISTS so that a nested rollback that
// already restored one cannot make the commit fail.
#include <sqlite3.h>

#include <string>

#include "core/db.hpp"
#include "core/replica.hpp"

namespace mutua {

namespace {
// The page cache while a bulk import fills an empty table: its rows and then each index built at
// the commit stay in memory instead of being spilled to the write-ahead log half-way and read
// back (100,000 entries take about 42 MB with their indexes; measured, issue 12). Set back to
// the usual size (core/db.cpp) once the outermost transaction ends, which frees the extra pages.
constexpr int kBulkCacheKib = 49152;
constexpr int kUsualCacheKib = 16000;
// In bulk_checked_, above the tables' bits: the cache was enlarged in this scope.
constexpr uint32_t kCacheEnlarged = uint32_t{1} << 31;
static_assert(kTableCount < 31);
}  // namespace

void Replica::enter_bulk_scope() {
  ++bulk_depth_;
}

void Replica::leave_bulk_scope(bool committing) {
  // The change marks of the rows stored (core/replica_changes.cpp), in the same transaction.
  if (committing) write_change_marks();
  if (committing && !bulk_indexes_.empty()) {
    for (const auto& sql : bulk_indexes_) db_.exec(sql);
    bulk_indexes_.clear();
  }
  if (bulk_depth_ > 0) --bulk_depth_;
  if (bulk_depth_ == 0) {
    // Without throwing: this also runs from a rolled back transaction's destructor. Should it
    // fail, the connection only keeps a larger cache.
    if (bulk_checked_ & kCacheEnlarged)
      sqlite3_exec(db_.handle(), ("PRAGMA cache_size=-" + std::to_string(kUsualCacheKib)).c_str(),
                   nullptr, nullptr, nullptr);
    // A rollback of the outermost transaction restored the indexes itself.
    bulk_indexes_.clear();
    bulk_checked_ = 0;
    empty_checked_ = empty_ = 0;
    change_ = 0;
    pending_changes_.clear();
  }
}

bool Replica::known_empty(TableId table) const {
  if (bulk_depth_ == 0 || !is_known_table(table)) return false;
  const auto bit = uint32_t{1} << static_cast<uint32_t>(table);
  if (!(empty_checked_ & bit)) {
    // Once per scope: the transaction holds the write lock, so only this connection's own
    // writes (store_row, which clears the bit) can add a row until it ends.
    auto any = db_.prepare("SELECT 1 FROM " + std::string(table_def(table).name) + " LIMIT 1");
    if (!any.step()) empty_ |= bit;
    empty_checked_ |= bit;
  }
  return (empty_ & bit) != 0;
}

void Replica::start_bulk_if_empty(TableId table) {
  const auto bit = uint32_t{1} << static_cast<uint32_t>(table);
  if (bulk_depth_ == 0 || (bulk_checked_ & bit)) return;
  bulk_checked_ |= bit;
  if (table != TableId::entries && table != TableId::events) return;
  const std::string name(table_def(table).name);
  {
    auto any = db_.prepare("SELECT 1 FROM " + name + " LIMIT 1");
    if (any.step()) return;
  }
  std::vector<std::pair<std::string, std::string>> indexes;  // name, CREATE statement
  {
    auto st = db_.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT "
        "NULL"
        " ORDER BY name");
    st.bind(1, std::string_view(name));
    while (st.step()) indexes.emplace_back(st.text(0), st.text(1));
  }
  // DROP INDEX needs every statement of this connection at rest; a cached one may have stopped
  // on a row (local_get, say) and is reset before its next use anyway.
  reset_statements();
  const std::string_view create = "CREATE INDEX ";
  for (auto& [index, sql] : indexes) {
    // Only plain indexes this code knows how to restore (a UNIQUE one also checks rows).
    if (sql.compare(0, create.size(), create) != 0) continue;
    try {
      db_.exec("DROP INDEX \"" + index + "\"");
    } catch (const DbError&) {
      // A statement of the caller's is still reading (SQLITE_LOCKED): keep this index and the
      // rest; the import goes on the ordinary way, only slower.
      return;
    }
    bulk_indexes_.push_back("CREATE INDEX IF NOT EXISTS " + sql.substr(create.size()));
  }
  if (!bulk_indexes_.empty() && !(bulk_checked_ & kCacheEnlarged)) {
    db_.exec("PRAGMA cache_size=-" + std::to_string(kBulkCacheKib));
    bulk_checked_ |= kCacheEnlarged;
  }
}

}  // namespace mutua
