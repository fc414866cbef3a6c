// EntryStore: opening, device identity, local bookkeeping and the version vector.
#include "core/store.hpp"

#include <sodium.h>

#include <set>

#include "core/device_identity.hpp"
#include "core/migrations.hpp"

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

EntryStore::EntryStore(Db db, Options options)
    : db_(std::move(db)),
      clock_(std::move(options.wall), options.max_clock_lead_ms.value_or(kDefaultMaxClockLeadMs)) {
  if (!options.max_clock_lead_ms)
    if (auto v = local_get("max_clock_lead_ms")) {
      try {
        clock_.set_max_lead_ms(std::stoll(*v));
      } catch (const std::exception&) {
        // A garbled setting keeps the default.
      }
    }
}

void EntryStore::set_max_clock_lead_ms(int64_t ms) {
  clock_.set_max_lead_ms(ms);
  local_set("max_clock_lead_ms", std::to_string(clock_.max_lead_ms()));
}

Result<std::unique_ptr<EntryStore>> EntryStore::open(const std::string& path, Options options) {
  try {
    Db db(path);
    if (db.user_version() > static_cast<int64_t>(store_migrations().size()))
      return fail("database " + path + " was made by a newer Mutua; update this device");
    db.migrate(store_migrations());
    std::unique_ptr<EntryStore> store(new EntryStore(std::move(db), std::move(options)));
    store->reload_caches();
    store->init_identity();
    return store;
  } catch (const DbError& e) {
    return fail(std::string("cannot open the database: ") + e.what());
  }
}

Statement& EntryStore::cached(std::string_view sql) const {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(std::string(sql), db_.prepare(sql)).first;
  it->second.reset();
  return it->second;
}

void EntryStore::reload_caches() {
  origins_.assign(1, Id{});
  origin_of_.clear();
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
}

void EntryStore::init_identity() {
  if (auto id = local_get("device_id")) {
    device_id_ = *Id::from_hex(*id);
    ticket_prefix_ = local_get("ticket_prefix").value_or("MUT");
    self_origin_ = origin_index(device_id_);
    return;
  }
  Transaction tx(db_);
  // The signing key first: the device id is derived from it (core/device_identity.hpp).
  if (sodium_init() < 0) throw DbError("libsodium failed to initialise");
  std::array<uint8_t, 32> pk{};
  std::array<uint8_t, 64> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  local_set("sign_pk", std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  local_set("sign_sk", std::string_view(reinterpret_cast<const char*>(sk.data()), sk.size()));
  sodium_memzero(sk.data(), sk.size());
  device_id_ = device_id_for_key(pk);
  ticket_prefix_ = random_prefix();
  local_set("device_id", device_id_.hex());
  local_set("ticket_prefix", ticket_prefix_);
  local_set("ticket_counter", "0");
  self_origin_ = origin_index(device_id_);
  Device self;
  self.id = device_id_;
  self.name = "Device " + ticket_prefix_;
  self.ticket_prefix = ticket_prefix_;
  auto r = put_device(self);
  if (!r) throw DbError(r.error());
  tx.commit();
}

void EntryStore::checkpoint() {
  db_.checkpoint_truncate();
}

void EntryStore::ensure_unique_ticket_prefix() {
  std::set<std::string> taken;
  for (const auto& d : devices())
    if (d.id != device_id_) taken.insert(d.ticket_prefix);
  if (!taken.count(ticket_prefix_)) return;
  std::string fresh;
  do fresh = random_prefix();
  while (taken.count(fresh));
  ticket_prefix_ = fresh;
  local_set("ticket_prefix", fresh);
  if (auto self = device(device_id_)) {
    self->ticket_prefix = fresh;
    put_device(*self);
  }
}

std::optional<std::string> EntryStore::local_get(std::string_view key) const {
  auto& st = cached("SELECT value FROM local WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

void EntryStore::local_set(std::string_view key, std::string_view value) {
  auto& st = cached("INSERT INTO local(key, value) VALUES(?1, ?2) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind_blob(2, value.data(), value.size()).run();
}

uint32_t EntryStore::origin_index(const Id& origin) {
  if (auto it = origin_of_.find(origin); it != origin_of_.end()) return it->second;
  auto& st = cached("INSERT INTO origins(device) VALUES(?1)");
  st.bind_blob(1, origin.bytes.data(), 16).run();
  auto idx = static_cast<uint32_t>(db_.last_insert_rowid());
  if (origins_.size() <= idx) origins_.resize(idx + 1);
  origins_[idx] = origin;
  origin_of_[origin] = idx;
  return idx;
}

const Id& EntryStore::origin_id(uint32_t index) const {
  static const Id none{};
  return index < origins_.size() ? origins_[index] : none;
}

uint64_t EntryStore::next_seq() {
  auto& st = cached("INSERT INTO vv(origin, seq) VALUES(?1, 1) "
                    "ON CONFLICT(origin) DO UPDATE SET seq = seq + 1 RETURNING seq");
  st.bind(1, static_cast<int64_t>(self_origin_));
  st.step();
  auto seq = static_cast<uint64_t>(st.int64(0));
  st.reset();
  return seq;
}

VersionVector EntryStore::version_vector() const {
  VersionVector v;
  auto& st = cached("SELECT o.device, v.seq FROM vv v JOIN origins o ON o.idx = v.origin");
  while (st.step()) {
    Id id;
    auto b = st.blob_view(0);
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    v[id] = static_cast<uint64_t>(st.int64(1));
  }
  return v;
}

void EntryStore::raise_vector(const VersionVector& v) {
  auto& st = cached("INSERT INTO vv(origin, seq) VALUES(?1, ?2) "
                    "ON CONFLICT(origin) DO UPDATE SET seq = max(seq, excluded.seq)");
  for (const auto& [origin, seq] : v) {
    st.bind(1, static_cast<int64_t>(origin_index(origin))).bind(2, static_cast<int64_t>(seq)).run();
  }
  local_set("hlc", std::to_string(clock_.last()));
}

std::vector<std::string> EntryStore::category_ids() const {
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

Settings EntryStore::settings() const {
  Settings s;
  if (auto row = read_row(TableId::settings, Id{})) {
    s.retention_days = std::get<int64_t>(row->fields[settings_field::retention_days]);
    s.kiosk_timeout_s = std::get<int64_t>(row->fields[settings_field::kiosk_timeout_s]);
  }
  return s;
}

std::string EntryStore::settings_categories_text() const {
  if (auto row = read_row(TableId::settings, Id{}))
    return std::get<std::string>(row->fields[settings_field::categories]);
  return {};
}

std::string EntryStore::content_hash() const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  auto feed = [&](std::string_view s) {
    uint64_t n = s.size();
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&n), sizeof n);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  auto feed_value = [&](const Value& v) {
    if (auto i = std::get_if<int64_t>(&v)) feed(std::to_string(*i));
    else feed(std::get<std::string>(v));
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
  for (const char* sql : {"SELECT tbl, row, insert_only, hlc, origin, '' FROM extra_rows ORDER BY tbl, row",
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
