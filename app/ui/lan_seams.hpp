#pragma once
// What the app's LAN sync uses of the transport (sync/lan_client.*, sync/lan_server.*,
// sync/lan_peers.hpp) and of discovery (sync/lan_discovery.*), as plain functions, so the
// background loop and the screens can be tested with fakes. app/ui/lan_wiring.cpp fills them
// with the real calls (real_lan_seams()). An empty function means "not available": the loop and
// the screens then do without it. No ImGui here.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sync/lan.hpp"

namespace mutua {

class Store;

struct LanSeams {
  // On a worker thread, with the worker's own connection to the database: one exchange with the
  // peer at `address` (lan_sync). On failure, `why` says what went wrong as a fact.
  std::function<Result<LanExchange>(Store& own, const LanAddress& address, SyncFailure* why)> sync;
  // On the UI thread: what each LAN peer held at its last exchange, and the last try's failure
  // (lan_peer_states). Read on entering the Sync screen and after each exchange, never per frame.
  std::function<std::vector<LanPeerState>(const Store& ui_store)> peer_states;
  // On the UI thread: start serving the database file at `db_path` (LanServer::start). Returns
  // the port it listens on. `after_import` is called on a server thread after each import that
  // changed something; it must be cheap and thread-safe (it sets a flag and wakes the UI).
  std::function<Result<uint16_t>(const std::string& db_path, const LanSettings& settings,
                                 std::function<void()> after_import)>
      start_serving;
  // Stops serving; returns within the server's own bound (LanServer::stop).
  std::function<void()> stop_serving;
  // Start finding peers (LanDiscovery::start), announcing `http_port`; stop it (bounded).
  std::function<void(const Store& ui_store, const LanSettings& settings, uint16_t http_port)>
      start_discovery;
  std::function<void()> stop_discovery;
  // On the UI thread, while discovery runs: read the network keys and revoked devices again
  // (LanDiscovery::refresh_keys) after an exchange, a served import or a local change may have
  // brought a rotated key or a revocation, so the announce is sealed, and announces are opened,
  // with the current key ring.
  std::function<void(const Store& ui_store)> refresh_discovery;
  // The peers discovery has seen lately (LanDiscovery::peers); cheap, thread-safe.
  std::function<std::vector<DiscoveredPeer>()> discovered_peers;
  // This device's IPv4 addresses on its networks, loopback left out (local_ipv4_addresses).
  std::function<std::vector<std::string>()> local_addresses;
};

// The real transport and discovery (app/ui/lan_wiring.cpp).
LanSeams real_lan_seams();

}  // namespace mutua
