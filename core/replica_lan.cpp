// The LAN transport's local record of each peer (migration 13): never replicated.
#include "core/db.hpp"
#include "core/replica.hpp"

namespace mutua {
namespace {
constexpr const char* kLanPeerColumns =
    "device, name, host, port, last_exchange, behind, last_attempt, problem, detail";

Replica::LanPeerRecord read_record(const Statement& st) {
  Replica::LanPeerRecord r;
  r.device = id_from_value(st.blob(0));
  r.name = st.text(1);
  r.host = st.text(2);
  r.port = static_cast<uint16_t>(st.int64(3));
  r.last_exchange = st.int64(4);
  r.behind = static_cast<uint64_t>(st.int64(5));
  r.last_attempt = st.int64(6);
  r.problem = static_cast<int>(st.int64(7));
  r.detail = st.text(8);
  return r;
}
}  // namespace

std::optional<Replica::LanPeerRecord> Replica::lan_peer_record(const Id& device) const {
  auto st = cached(std::string("SELECT ") + kLanPeerColumns + " FROM lan_peers WHERE device = ?1");
  st.bind_blob(1, device.bytes.data(), 16);
  if (!st.step()) return std::nullopt;
  auto r = read_record(st.get());
  st.reset();
  return r;
}

std::vector<Replica::LanPeerRecord> Replica::lan_peer_records() const {
  std::vector<LanPeerRecord> out;
  auto st = db_.prepare(std::string("SELECT ") + kLanPeerColumns +
                        " FROM lan_peers ORDER BY last_attempt DESC");
  while (st.step()) out.push_back(read_record(st));
  return out;
}

void Replica::save_lan_peer_record(const LanPeerRecord& r) {
  auto st = cached(std::string("INSERT OR REPLACE INTO lan_peers(") + kLanPeerColumns +
                   ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind_blob(1, r.device.bytes.data(), 16);
  st.bind(2, r.name).bind(3, r.host).bind(4, int64_t{r.port}).bind(5, r.last_exchange);
  st.bind(6, static_cast<int64_t>(r.behind)).bind(7, r.last_attempt).bind(8, int64_t{r.problem});
  st.bind(9, r.detail).run();
}

}  // namespace mutua
