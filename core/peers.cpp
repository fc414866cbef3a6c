// Peers (what each device is known to hold) and the sync log.
#include "core/db.hpp"
#include "core/replica.hpp"
#include "core/varint.hpp"

namespace mutua {

std::string encode_vector(const VersionVector& v) {
  std::string out;
  varint::put(out, v.size());
  for (const auto& [id, seq] : v) {
    out.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
    varint::put(out, seq);
  }
  return out;
}

std::optional<VersionVector> decode_vector(std::string_view bytes) {
  size_t pos = 0;
  auto n = varint::get(bytes, pos);
  if (!n || *n > bytes.size() / 17) return std::nullopt;
  VersionVector v;
  for (uint64_t i = 0; i < *n; ++i) {
    if (bytes.size() - pos < 16) return std::nullopt;
    Id id;
    std::copy_n(bytes.data() + pos, 16, id.bytes.begin());
    pos += 16;
    auto seq = varint::get(bytes, pos);
    if (!seq) return std::nullopt;
    v[id] = *seq;
  }
  if (pos != bytes.size()) return std::nullopt;
  return v;
}

std::optional<Peer> Replica::peer(const Id& device) const {
  auto st = cached("SELECT vector, last_heard FROM peers WHERE device = ?1");
  st.bind_blob(1, device.bytes.data(), 16);
  if (!st.step()) return std::nullopt;
  Peer p;
  p.device = device;
  p.vector = decode_vector(st.blob_view(0)).value_or(VersionVector{});
  p.last_heard = st.int64(1);
  st.reset();
  return p;
}

std::vector<Peer> Replica::peers() const {
  std::vector<Peer> out;
  auto st = db_.prepare("SELECT device, vector, last_heard FROM peers ORDER BY last_heard DESC");
  while (st.step()) {
    Peer p;
    p.device = id_from_value(st.blob(0));
    p.vector = decode_vector(st.blob_view(1)).value_or(VersionVector{});
    p.last_heard = st.int64(2);
    out.push_back(std::move(p));
  }
  return out;
}

void Replica::record_peer(const Id& device, const VersionVector& v) {
  // A claim past a revocation's cut-off says nothing of what the peer will hold once it hears
  // (core/replica_delta.cpp): it is recorded as holding nothing, and an older record that did
  // the same is not merged in.
  VersionVector merged = delta_base(v);
  if (auto old = peer(device); old && !merged.empty() && !claims_past_cutoff(old->vector))
    for (const auto& [id, seq] : old->vector) merged[id] = std::max(merged[id], seq);
  auto bytes = encode_vector(merged);
  auto st = cached(
      "INSERT INTO peers(device, vector, last_heard) VALUES(?1, ?2, ?3) ON CONFLICT(device) DO "
      "UPDATE SET vector = excluded.vector, last_heard = excluded.last_heard");
  st.bind_blob(1, device.bytes.data(), 16)
      .bind_blob(2, bytes.data(), bytes.size())
      .bind(3, now_ms())
      .run();
}

namespace {
// "<device hex>:<offset ms>" per device, space-separated: facts the screen words later.
std::string encode_skews(const std::vector<ClockSkew>& skews) {
  std::string out;
  for (const auto& k : skews) {
    if (!out.empty()) out += ' ';
    out += k.device.hex() + ":" + std::to_string(k.offset_ms);
  }
  return out;
}

std::vector<ClockSkew> decode_skews(std::string_view text) {
  std::vector<ClockSkew> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    auto word = text.substr(start, end - start);
    auto colon = word.find(':');
    if (colon != std::string_view::npos)
      if (auto id = Id::from_hex(word.substr(0, colon))) {
        try {
          out.push_back({*id, std::stoll(std::string(word.substr(colon + 1)))});
        } catch (const std::exception&) {
          // A garbled fact is left out; the rest of the row still reads.
        }
      }
    start = end + 1;
  }
  return out;
}
}  // namespace

void Replica::log_sync(const SyncLogEntry& e) {
  auto st = cached(
      "INSERT INTO sync_log(at, source, sender, added, updated, conflicts, known, error,"
      " new_entries, updated_entries, problem, detail, clock_skews, refused_revoked, refused_from,"
      " set_aside, set_aside_from, set_aside_why, taken_back, taken_back_from)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
      " ?19, ?20)");
  st.bind(1, e.at ? e.at : now_ms()).bind(2, e.source);
  st.bind_blob(3, e.sender.bytes.data(), 16);
  st.bind(4, e.added).bind(5, e.updated).bind(6, e.conflicts).bind(7, e.known).bind(8, e.error);
  st.bind(9, e.new_entries).bind(10, e.updated_entries).bind(11, int64_t{e.problem});
  st.bind(12, e.detail).bind(13, encode_skews(e.clock_skews));
  st.bind(14, e.refused_revoked).bind(15, e.refused_from);
  st.bind(16, e.set_aside).bind(17, e.set_aside_from).bind(18, e.set_aside_why);
  st.bind(19, e.taken_back).bind(20, e.taken_back_from).run();
}

std::vector<SyncLogEntry> Replica::sync_log(size_t limit) const {
  std::vector<SyncLogEntry> out;
  auto st = db_.prepare(
      "SELECT at, source, sender, added, updated, conflicts, known, error, new_entries,"
      " updated_entries, problem, detail, clock_skews, refused_revoked, refused_from,"
      " set_aside, set_aside_from, set_aside_why, taken_back, taken_back_from FROM sync_log"
      " ORDER BY id DESC LIMIT ?1");
  st.bind(1, static_cast<int64_t>(limit));
  while (st.step()) {
    SyncLogEntry e;
    e.at = st.int64(0);
    e.source = st.text(1);
    e.sender = id_from_value(st.blob(2));
    e.added = st.int64(3);
    e.updated = st.int64(4);
    e.conflicts = st.int64(5);
    e.known = st.int64(6);
    e.error = st.text(7);
    e.new_entries = st.int64(8);
    e.updated_entries = st.int64(9);
    e.problem = static_cast<int>(st.int64(10));
    e.detail = st.text(11);
    e.clock_skews = decode_skews(st.text(12));
    e.refused_revoked = st.int64(13);
    e.refused_from = st.text(14);
    e.set_aside = st.int64(15);
    e.set_aside_from = st.text(16);
    e.set_aside_why = st.text(17);
    e.taken_back = st.int64(18);
    e.taken_back_from = st.text(19);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace mutua
