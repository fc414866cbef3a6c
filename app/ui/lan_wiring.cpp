// The one place where the app's LAN sync (app/ui/lan_sync_loop.*, through LanSeams) meets the
// real transport (sync/lan_client.*, sync/lan_server.*, sync/lan_peers.hpp) and discovery
// (sync/lan_discovery.*).
#include <memory>
#include <mutex>

#include "app/ui/lan_seams.hpp"
#include "core/store.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_discovery.hpp"
#include "sync/lan_peers.hpp"
#include "sync/lan_server.hpp"

namespace mutua {

LanSeams real_lan_seams() {
  LanSeams seams;
  // The server and discovery live as long as any copy of the seams (the loop holds one).
  struct Live {
    std::mutex mutex;
    std::unique_ptr<LanServer> server;
    std::unique_ptr<LanDiscovery> discovery;
  };
  auto live = std::make_shared<Live>();
  seams.sync = [](Store& own, const LanAddress& address, SyncFailure* why) {
    auto r = lan_sync(own.replica(), address, why);
    if (r) (void)own.entries().refresh_search();  // off the UI thread (core/search.hpp)
    return r;
  };
  seams.peer_states = [](const Store& ui_store) { return lan_peer_states(ui_store.replica()); };
  seams.start_serving = [live](const std::string& db_path, const LanSettings& settings,
                               std::function<void()> after_import) -> Result<uint16_t> {
    // Any earlier server is stopped first, outside the lock it does not need.
    std::unique_ptr<LanServer> old;
    {
      std::lock_guard<std::mutex> lock(live->mutex);
      old = std::move(live->server);
    }
    old.reset();
    LanServer::OnImported on_imported;
    if (after_import)
      on_imported = [after_import = std::move(after_import)](const LanExchange&) {
        after_import();
      };
    auto started = LanServer::start(db_path, settings, std::move(on_imported));
    if (!started) return started.error_value();
    const uint16_t port = (*started)->port();
    std::lock_guard<std::mutex> lock(live->mutex);
    live->server = std::move(*started);
    return port;
  };
  seams.stop_serving = [live] {
    std::unique_ptr<LanServer> server;
    {
      std::lock_guard<std::mutex> lock(live->mutex);
      server = std::move(live->server);
    }
    if (server) server->stop();
  };
  seams.start_discovery = [live](const Store& ui_store, const LanSettings& settings,
                                 uint16_t http_port) {
    // A start that fails (LAN off, no network, the announce port taken) leaves discovery empty:
    // typed peers still sync, and the log says why.
    auto started = LanDiscovery::start(ui_store.replica(), settings, http_port);
    std::unique_ptr<LanDiscovery> old;
    {
      std::lock_guard<std::mutex> lock(live->mutex);
      old = std::move(live->discovery);
      if (started) live->discovery = std::move(*started);
    }
    if (old) old->stop();
  };
  seams.stop_discovery = [live] {
    std::unique_ptr<LanDiscovery> discovery;
    {
      std::lock_guard<std::mutex> lock(live->mutex);
      discovery = std::move(live->discovery);
    }
    if (discovery) discovery->stop();
  };
  seams.refresh_discovery = [live](const Store& ui_store) {
    std::lock_guard<std::mutex> lock(live->mutex);
    if (live->discovery) live->discovery->refresh_keys(ui_store.replica());
  };
  seams.discovered_peers = [live]() -> std::vector<DiscoveredPeer> {
    std::lock_guard<std::mutex> lock(live->mutex);
    return live->discovery ? live->discovery->peers() : std::vector<DiscoveredPeer>{};
  };
  seams.local_addresses = [] { return local_ipv4_addresses(); };
  return seams;
}

}  // namespace mutua
