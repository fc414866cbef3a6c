// The LAN peers' record (sync/lan_peers.hpp), on Replica's lan_peers table.
#include "sync/lan_peers.hpp"

namespace mutua {

SyncFailure lan_stored_failure(int problem, std::string detail) {
  if (problem == static_cast<int>(SyncProblem::cannot_read))
    problem = int(SyncProblem::unreachable);
  return SyncFailure{static_cast<SyncProblem>(problem), std::move(detail)};
}

bool is_lan_source(std::string_view source) {
  return source.starts_with("lan ");
}

std::vector<LanPeerState> lan_peer_states(const Replica& store) {
  std::vector<LanPeerState> out;
  for (const auto& r : store.lan_peer_records()) {
    LanPeerState s;
    s.device = r.device;
    auto d = store.device(r.device);
    s.name = d && !d->name.empty() ? d->name
             : !r.name.empty()     ? r.name
                                   : r.device.hex().substr(0, 8);
    s.address = LanAddress{r.host, r.port};
    s.last_exchange = r.last_exchange;
    s.behind = r.behind;
    s.last_attempt = r.last_attempt;
    s.last_failure = lan_stored_failure(r.problem, r.detail);
    out.push_back(std::move(s));
  }
  return out;
}

void record_lan_exchange(Replica& store, const LanExchange& e, bool called_us) {
  Replica::LanPeerRecord r;
  if (auto old = store.lan_peer_record(e.peer)) r = *old;
  r.device = e.peer;
  r.name = e.peer_name;
  if (!called_us || r.host.empty() || r.host != e.address.host) {
    r.host = e.address.host;
    r.port = e.address.port;
  }
  r.last_exchange = e.finished_at;
  r.last_attempt = e.finished_at;
  r.behind = e.peer_behind;
  r.problem = 0;
  r.detail.clear();
  store.save_lan_peer_record(r);
}

void record_lan_failure(Replica& store, const std::optional<Id>& device, const LanAddress& address,
                        const SyncFailure& failure) {
  std::optional<Replica::LanPeerRecord> r;
  if (device) {
    r = store.lan_peer_record(*device);
    if (!r) {
      r.emplace();
      r->device = *device;
    }
  } else {
    for (const auto& old : store.lan_peer_records())
      if (old.host == address.host && old.port == address.port) {
        r = old;
        break;
      }
  }
  if (!r) return;
  r->host = address.host;
  r->port = address.port;
  r->last_attempt = store.now_ms();
  r->problem = static_cast<int>(failure.problem == SyncProblem::none ? SyncProblem::cannot_read
                                                                     : failure.problem);
  r->detail = failure.detail;
  store.save_lan_peer_record(*r);
}

}  // namespace mutua
