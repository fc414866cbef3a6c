// Replica: device identity, local bookkeeping and the version vector; Store: opening and wiring.
#include "core/store.hpp"
#include "core/save_failure.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <cstring>
#include <set>

#include "core/db.hpp"
#include "core/device_identity.hpp"
#include "core/handover_limits.hpp"
#include "core/migrations.hpp"
#include "core/reports.hpp"
#include "core/seq_claim.hpp"
#include "core/write_chain.hpp"

namespace mutua {

namespace {
// Ticket prefixes avoid characters that are easy to misread (0/O, 1/I, 5/S, 2/Z, 8/B).
constexpr std::string_view kPrefixAlphabet = "ACDEFGHJKLMNPQRTUVWXY3479";

std::string random_prefix() {
  std::string p;
  for (int i = 0; i < 3; ++i) {
    uint8_t b;
    random_bytes(&b, 1);
    p.push_back(kPrefixAlphabet[b % kPrefixAlphabet.size()]);
  }
  return p;
}
}  // namespace

struct Replica::Statements {
  std::map<std::string, Statement, std::less<>> by_sql;
};

Replica::Replica(Db& db, Options options, RowObserver* observer)
    : db_(db),
      clock_(std::move(options.wall), options.max_clock_lead_ms.value_or(kDefaultMaxClockLeadMs)),
      boot_(std::move(options.boot)),
      observer_(observer),
      statements_(std::make_unique<Statements>()) {
  if (!options.max_clock_lead_ms)
    if (auto v = local_get("max_clock_lead_ms")) {
      try {
        clock_.set_max_lead_ms(std::stoll(*v));
      } catch (const std::exception&) {
        // A garbled setting keeps the default.
      }
    }
  reload_caches();
  init_identity();
  db_.before_commit = [this] { sign_seq_claim(); };
  db_.after_rollback = [this] {
    stamps_issued_ = false;
    forget_pending_leaves(0);  // no trace of a rolled-back transaction's writes in the chain
    forget_signing_key();      // a key or network id set in what was rolled back is gone
    forget_revocations();
  };
}

Replica::~Replica() {
  db_.before_commit = nullptr;
  db_.after_rollback = nullptr;
}

void Replica::sign_seq_claim() {
  if (!stamps_issued_) return;
  write_seq_claim(*this);  // issues the number it claims, and folds the chain
  stamps_issued_ = false;
  forget_pending_leaves(0);
}

void Replica::set_max_clock_lead_ms(int64_t ms) {
  clock_.set_max_lead_ms(ms);
  local_set("max_clock_lead_ms", std::to_string(clock_.max_lead_ms()));
}

// The engine's derived-state hook, answered by the entries and matches services.
class Store::Hooks : public RowObserver {
 public:
  explicit Hooks(Store& store) : store_(store) {}
  int64_t derived_state(const Row& entry_row) const override {
    return static_cast<int64_t>(store_.entries().derive_state(entry_row));
  }
  void row_changed(const Row& row) override {
    // A match or handover changes what its need and offer show.
    if (row.table == TableId::matches) {
      store_.entries().refresh_state(id_from_value(row.fixed[match_fixed::need]));
      store_.entries().refresh_state(id_from_value(row.fixed[match_fixed::offer]));
    } else if (row.table == TableId::handovers) {
      if (auto m = store_.matches().get(id_from_value(row.fixed[handover_fixed::match]))) {
        store_.entries().refresh_state(m->need);
        store_.entries().refresh_state(m->offer);
      }
    }
  }
  std::optional<std::string> refuse_incoming(const Row& row, bool* later) const override {
    if (auto claim = handover_claim(row)) return handover_too_large(store_, *claim, later);
    return std::nullopt;
  }
  // The handovers on every match whose need, offer, match or quantity history a take-back
  // touched, judged again against what is held now.
  std::vector<std::pair<std::pair<TableId, Id>, std::string>> refused_after(
      const std::vector<Row>& touched) const override {
    std::set<Id> matches, entries;
    for (const auto& row : touched) {
      if (row.table == TableId::entries) {
        entries.insert(row.id);
      } else if (row.table == TableId::matches) {
        matches.insert(row.id);
      } else if (row.table == TableId::events && row.fixed.size() > event_fixed::entry) {
        entries.insert(id_from_value(row.fixed[event_fixed::entry]));
      }
    }
    // One read of the matches, not a lookup per entry: a take-back may touch every entry of a
    // device that imported a whole sheet (bench_takeback: 20,000 lookups cost 0.17 s).
    if (!entries.empty())
      store_.replica().for_each_row(TableId::matches, [&](const Row& m) {
        if (entries.count(id_from_value(m.fixed[match_fixed::need])) ||
            entries.count(id_from_value(m.fixed[match_fixed::offer])))
          matches.insert(m.id);
        return true;
      });
    std::vector<std::pair<std::pair<TableId, Id>, std::string>> refused;
    for (const auto& match : matches)
      for (const auto& h : store_.matches().handovers_for(match)) {
        if (!h.undoes.is_zero())
          continue;  // an undo repeats the quantity it undoes (handover_claim)
        if (auto why = handover_too_large(store_, {match, h.quantity}))
          refused.push_back({{TableId::handovers, h.id}, *why});
      }
    return refused;
  }
  void conflict_resolved(TableId table, const Id& row, uint16_t field, const Value* kept) override {
    if (table != TableId::entries) return;
    EventFacts e;
    e.what = EventKind::conflict_resolved;
    e.field = field;
    e.amount = static_cast<int64_t>(kept ? ConflictKept::other_value : ConflictKept::value_in_use);
    if (kept) set_event_value(e, field, *kept, true);
    store_.history().log(row, e);
  }

 private:
  Store& store_;
};

Store::Store(std::string path) : path_(std::move(path)) {}
Store::~Store() = default;

Store::DataStamp Store::data_stamp() const {
  DataStamp s;
  // Parsed once, not for every page the phone pages serve (sqlite3_prepare was a few percent of
  // the server's CPU a page). Reset after the step: no read is left open.
  if (!data_version_)
    data_version_ = std::make_unique<Statement>(db_->prepare("PRAGMA data_version"));
  CachedStatement st(*data_version_);
  if (st.step()) s.data_version = st.int64(0);
  s.own_changes = sqlite3_total_changes64(db_->handle());
  return s;
}

namespace {
// An empty database with every migration applied, as bytes, made once per process. A new
// in-memory database (the tests' devices, check-layout's scratch ones) starts as a copy of it:
// running the 22 migrations again for each of them was over 40 % of the convergence tests' time.
// A file on disk is always migrated step by step (its first start happens once).
const std::string& migrated_empty_image() {
  static const std::string image = [] {
    Db db(":memory:");
    db.migrate(store_migrations());
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db.handle(), "main", &size, 0);
    if (!bytes) throw DbError("cannot copy the empty database");
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return out;
  }();
  return image;
}

// Replaces the new in-memory database with a copy of `image`.
void start_from(Db& db, std::string_view image) {
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!copy) throw DbError("out of memory copying the empty database");
  std::memcpy(copy, image.data(), image.size());
  const auto size = static_cast<sqlite3_int64>(image.size());
  // SQLite frees the copy when the connection closes, or at once if this fails.
  if (sqlite3_deserialize(db.handle(), "main", copy, size, size,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK)
    throw DbError(std::string("cannot start from the empty database: ") +
                  sqlite3_errmsg(db.handle()));
}
}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Options options) {
  try {
    auto db = std::make_unique<Db>(path);
    // (Its rollback journal stays in memory, as any in-memory database's does.)
    if (path == ":memory:") start_from(*db, migrated_empty_image());
    if (db->user_version() > static_cast<int64_t>(store_migrations().size()))
      return fail("database " + path + " was made by a newer Mutua; update this device");
    db->migrate(store_migrations());
    std::unique_ptr<Store> store(new Store(db->filename()));
    store->db_ = std::move(db);
    const Db& db_ref = *store->db_;
    Store& s = *store;
    s.hooks_ = std::make_unique<Hooks>(s);
    // The hook is set before the identity's first write, so that write sees it as every later one.
    s.replica_ = std::make_unique<Replica>(*s.db_, std::move(options), s.hooks_.get());
    s.history_ = std::make_unique<HistoryService>(s, *s.replica_, db_ref);
    s.entries_ = std::make_unique<EntryService>(s, *s.replica_, db_ref);
    s.matches_ = std::make_unique<MatchService>(s, *s.replica_, db_ref);
    s.devices_ = std::make_unique<DeviceService>(s, *s.replica_, db_ref);
    s.settings_ = std::make_unique<SettingsService>(s, *s.replica_, db_ref);
    s.reports_ = std::make_unique<ReportService>(s, *s.replica_, db_ref);
    return store;
  } catch (const DbError& e) {
    return save_failed(e, "cannot open the database: ");
  }
}

CachedStatement ServiceBase::cached(std::string_view sql) const {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(std::string(sql), db_.prepare(sql)).first;
  it->second.reset();
  return CachedStatement(it->second);
}

ReplicaTransaction::ReplicaTransaction(Replica& replica) : replica_(replica) {
  // BEGIN IMMEDIATE first: with the write lock held, no other process commits between the
  // caches' check and this transaction's writes.
  tx_ = std::make_unique<Transaction>(replica.db_);
  replica_.ensure_caches();
  leaves_before_ = replica_.pending_leaves_.size();
  replica_.enter_bulk_scope();
}

// Runs while an exception unwinds (a full disk, say), so it must not throw: that would end the
// process. Rolling back cannot fail here (Transaction's destructor ignores errors); re-reading
// the caches can, and is then left to the next transaction or write (ensure_caches).
ReplicaTransaction::~ReplicaTransaction() {
  if (committed_) return;
  if (!left_) replica_.leave_bulk_scope(false);
  tx_.reset();
  replica_.forget_pending_leaves(leaves_before_);  // what this (nested) scope signed is gone
  try {
    replica_.reload_caches();
    replica_.caches_stale_ = false;
  } catch (...) {
    replica_.caches_stale_ = true;
  }
}

void ReplicaTransaction::commit() {
  // The claim of this device's sequence number (Replica::sign_seq_claim) is written before the
  // change marks are.
  if (replica_.bulk_depth_ == 1) replica_.sign_seq_claim();
  // Indexes dropped for a bulk import are built again inside the transaction.
  replica_.leave_bulk_scope(true);
  left_ = true;
  tx_->commit();
  committed_ = true;
}

void Replica::reset_statements() {
  for (auto& [sql, st] : statements_->by_sql) st.reset();
}

CachedStatement Replica::cached(std::string_view sql) const {
  auto& map = statements_->by_sql;
  auto it = map.find(sql);
  if (it == map.end()) it = map.emplace(std::string(sql), db_.prepare(sql)).first;
  it->second.reset();
  return CachedStatement(it->second);
}

void Replica::ensure_caches() {
  if (bulk_depth_ > 0 && !caches_stale_) return;  // checked when the transaction began
  if (!caches_stale_) {
    auto st = cached("PRAGMA data_version");
    if (st.step() && st.int64(0) == seen_data_version_) return;
  }
  reload_caches();
  caches_stale_ = false;
}

void Replica::reload_caches() {
  {
    auto v = db_.prepare("PRAGMA data_version");
    seen_data_version_ = v.step() ? v.int64(0) : -1;
  }
  origins_.assign(1, Id{});
  origin_of_.clear();
  forget_signing_key();  // the key or the network may have changed with what was rolled back
  forget_revocations();
  auto st = db_.prepare("SELECT idx, device FROM origins ORDER BY idx");
  while (st.step()) {
    auto idx = static_cast<uint32_t>(st.int64(0));
    Id id;
    auto b = st.blob_view(1);
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    if (origins_.size() <= idx) origins_.resize(idx + 1);
    origins_[idx] = id;
    origin_of_[id] = idx;
  }
  if (auto h = local_get("hlc")) clock_.restore(std::stoull(*h));
  if (!pending_leaves_.empty() || chain_first_ != 0) {
    // Numbers a rollback took back are issued again: what was signed under them is gone.
    auto vv = db_.prepare("SELECT seq FROM vv WHERE origin = ?1");
    vv.bind(1, static_cast<int64_t>(self_origin_));
    const uint64_t issued = vv.step() ? static_cast<uint64_t>(vv.int64(0)) : 0;
    pending_leaves_.drop_after(issued);
    if (chain_first_ > issued) chain_first_ = 0;
  }
}

void Replica::init_identity() {
  if (auto id = local_get("device_id")) {
    device_id_ = *Id::from_hex(*id);
    ticket_prefix_ = local_get("ticket_prefix").value_or("MUT");
    self_origin_ = origin_index(device_id_);
    return;
  }
  Transaction tx(db_);
  // The signing key first: the device id is derived from it, and carries the mark of a device
  // whose chain starts at its first write (core/device_identity.hpp).
  auto keys = marked_device_keys();
  const auto& pk = keys.public_key;
  secret_set("sign_pk", std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  secret_set("sign_sk", std::string_view(reinterpret_cast<const char*>(keys.secret_key.data()),
                                         keys.secret_key.size()));
  sodium_memzero(keys.secret_key.data(), keys.secret_key.size());
  device_id_ = device_id_for_key(pk);
  ticket_prefix_ = random_prefix();
  local_set("device_id", device_id_.hex());
  local_set("ticket_prefix", ticket_prefix_);
  local_set("ticket_counter", "0");
  // Its chain will start at 0 (core/write_chain.hpp): nothing of this device has left it yet.
  local_set(kChainFromStartKey, "1");
  self_origin_ = origin_index(device_id_);
  // This device's own record, as DeviceService::put would write it.
  static const std::vector<Value> no_fixed;
  auto r = write(TableId::devices, device_id_, &no_fixed,
                 {{device_field::name, "Device " + ticket_prefix_},
                  {device_field::ticket_prefix, ticket_prefix_},
                  {device_field::public_key, std::string()},
                  {device_field::site, std::string()},
                  {device_field::revoked, int64_t{0}}});
  if (!r) throw DbError(r.error());
  tx.commit();
}

const std::string& Replica::refresh_ticket_prefix() {
  ticket_prefix_ = local_get("ticket_prefix").value_or(ticket_prefix_);
  return ticket_prefix_;
}

bool Replica::checkpoint() {
  return db_.checkpoint_truncate();
}

int64_t Replica::page_cache_kib() const {
  // Negative: KiB; positive: pages.
  auto size = cached("PRAGMA cache_size");
  const int64_t n = size.step() ? size.int64(0) : -2000;
  size.reset();
  if (n <= 0) return -n;
  auto page = cached("PRAGMA page_size");
  const int64_t bytes = page.step() ? page.int64(0) : 4096;
  page.reset();
  return n * bytes / 1024;
}

void Replica::set_page_cache_kib(int64_t kib) {
  db_.exec("PRAGMA cache_size=-" + std::to_string(std::max<int64_t>(kib, 1)));
}

void Replica::ensure_unique_ticket_prefix() {
  std::set<std::string> taken;
  for_each_row(TableId::devices, [&](const Row& d) {
    if (d.id != device_id_)
      taken.insert(std::get<std::string>(d.fields[device_field::ticket_prefix]));
    return true;
  });
  if (!taken.count(ticket_prefix_)) return;
  std::string fresh;
  do fresh = random_prefix();
  while (taken.count(fresh));
  ticket_prefix_ = fresh;
  local_set("ticket_prefix", fresh);
  if (read_row(TableId::devices, device_id_)) {
    // Peers pick their own prefixes against this record: a prefix in use here but not in the
    // record would let two devices print the same tickets. The caller's transaction rolls back.
    auto r = write(TableId::devices, device_id_, nullptr, {{device_field::ticket_prefix, fresh}});
    if (!r) throw DbError("this device's new ticket prefix could not be recorded: " + r.error());
  }
}

std::optional<std::string> Replica::local_get(std::string_view key) const {
  auto st = cached("SELECT value FROM local WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

void Replica::local_set(std::string_view key, std::string_view value) {
  auto st = cached(
      "INSERT INTO local(key, value) VALUES(?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind_blob(2, value.data(), value.size()).run();
  if (key == kSeqClaimNetworkKey) forget_signing_key();
}

std::optional<std::string> Replica::secret_get(std::string_view name) const {
  return mutua::secret_get(db_, name);
}

void Replica::secret_set(std::string_view name, std::string_view value) {
  mutua::secret_set(db_, name, value);
  if (name == "sign_sk") forget_signing_key();
}

uint32_t Replica::origin_index(const Id& origin) {
  if (auto it = origin_of_.find(origin); it != origin_of_.end()) return it->second;
  auto st = cached("INSERT INTO origins(device) VALUES(?1)");
  st.bind_blob(1, origin.bytes.data(), 16).run();
  auto idx = static_cast<uint32_t>(db_.last_insert_rowid());
  if (origins_.size() <= idx) origins_.resize(idx + 1);
  origins_[idx] = origin;
  origin_of_[origin] = idx;
  return idx;
}

const Id& Replica::origin_id(uint32_t index) const {
  static const Id none{};
  if (index == 0) return none;
  if (index >= origins_.size() || origins_[index] == none) {
    // An origin another process added since the caches were read.
    auto st = cached("SELECT device FROM origins WHERE idx = ?1");
    st.bind(1, static_cast<int64_t>(index));
    if (!st.step()) return none;
    Id id;
    auto b = st.blob_view(0);
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    if (origins_.size() <= index) origins_.resize(index + 1);
    origins_[index] = id;
    origin_of_[id] = index;
  }
  return origins_[index];
}

uint64_t Replica::next_seq() {
  auto st = cached(
      "INSERT INTO vv(origin, seq) VALUES(?1, 1) "
      "ON CONFLICT(origin) DO UPDATE SET seq = seq + 1 RETURNING seq");
  st.bind(1, static_cast<int64_t>(self_origin_));
  st.step();
  auto seq = static_cast<uint64_t>(st.int64(0));
  st.reset();
  stamps_issued_ = true;
  note_issued_for_chain(seq);
  return seq;
}

namespace {
// A vector kept as (origin index, seq) rows: `vv` and `attested`.
VersionVector read_vector(CachedStatement st) {
  VersionVector v;
  while (st.step()) {
    Id id;
    auto b = st.blob_view(0);
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    v[id] = static_cast<uint64_t>(st.int64(1));
  }
  return v;
}
}  // namespace

VersionVector Replica::version_vector() const {
  return read_vector(cached("SELECT o.device, v.seq FROM vv v JOIN origins o ON o.idx = v.origin"));
}

void Replica::raise_vector(const VersionVector& v) {
  auto st = cached(
      "INSERT INTO vv(origin, seq) VALUES(?1, ?2) "
      "ON CONFLICT(origin) DO UPDATE SET seq = max(seq, excluded.seq)");
  for (const auto& [origin, seq] : v) {
    st.bind(1, static_cast<int64_t>(origin_index(origin))).bind(2, static_cast<int64_t>(seq)).run();
  }
  local_set("hlc", std::to_string(clock_.last()));
}

VersionVector Replica::attested() const {
  return read_vector(
      cached("SELECT o.device, a.seq FROM attested a JOIN origins o ON o.idx = a.origin"));
}

void Replica::raise_attested(const VersionVector& v) {
  auto st = cached(
      "INSERT INTO attested(origin, seq) VALUES(?1, ?2) "
      "ON CONFLICT(origin) DO UPDATE SET seq = max(seq, excluded.seq)");
  for (const auto& [origin, seq] : v)
    st.bind(1, static_cast<int64_t>(origin_index(origin))).bind(2, static_cast<int64_t>(seq)).run();
}

std::vector<std::string> SettingsService::category_ids() const {
  std::vector<std::string> ids;
  for (const auto& c : default_categories()) ids.push_back(c.id);
  // Categories the group added travel in the settings record, one per line: the id, then
  // "|enabled|lang=label..." (core/settings.hpp). Disabled ones stay valid for old entries.
  auto extra = settings_categories_text();
  size_t start = 0;
  while (start < extra.size()) {
    size_t end = extra.find('\n', start);
    if (end == std::string::npos) end = extra.size();
    std::string id = extra.substr(start, std::min(end, extra.find('|', start)) - start);
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    start = end + 1;
  }
  return ids;
}

Settings SettingsService::get() const {
  Settings s;
  if (auto row = read_row(TableId::settings, Id{})) {
    s.retention_days = std::get<int64_t>(row->fields[settings_field::retention_days]);
    s.kiosk_timeout_s = std::get<int64_t>(row->fields[settings_field::kiosk_timeout_s]);
  }
  return s;
}

std::string SettingsService::settings_categories_text() const {
  if (auto row = read_row(TableId::settings, Id{}))
    return std::get<std::string>(row->fields[settings_field::categories]);
  return {};
}

std::string Replica::content_hash() const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  auto feed = [&](std::string_view s) {
    uint64_t n = s.size();
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&n), sizeof n);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  auto feed_value = [&](const Value& v) {
    if (auto i = std::get_if<int64_t>(&v))
      feed(std::to_string(*i));
    else
      feed(std::get<std::string>(v));
  };
  for (const auto* t : all_tables()) {
    feed(t->name);
    for_each_row(t->id, [&](const Row& r) {
      feed(std::string_view(reinterpret_cast<const char*>(r.id.bytes.data()), 16));
      for (const auto& v : r.fixed) feed_value(v);
      for (const auto& v : r.fields) feed_value(v);
      for (const auto& s : r.stamps) {
        feed(std::to_string(s.hlc));
        feed(s.origin.hex());
      }
      return true;
    });
  }
  // What a newer Mutua added and this device carries converges too.
  for (const char* sql :
       {"SELECT tbl, row, insert_only, hlc, origin, '' FROM extra_rows ORDER BY tbl, row",
        "SELECT tbl, row, col, value, hlc, origin FROM extra_fields ORDER BY tbl, row, col"}) {
    auto st = db_.prepare(sql);
    feed(sql);
    while (st.step())
      for (int c = 0; c < 6; ++c) feed(st.blob_view(c));
  }
  unsigned char out[32];
  crypto_generichash_final(&state, out, sizeof out);
  std::string hex;
  for (auto b : out) {
    static const char* d = "0123456789abcdef";
    hex.push_back(d[b >> 4]);
    hex.push_back(d[b & 15]);
  }
  return hex;
}

}  // namespace mutua
