// MERGE POINT (issue 12): the one place where the app's LAN sync meets the real transport
// ("lan": sync/lan_client.*, sync/lan_server.*, sync/lan_peers.hpp) and discovery ("disc":
// sync/lan_discovery.*). Until those are on the branch, real_lan_seams() returns empty seams:
// the loop then serves nothing, finds nobody and syncs with nobody, and the screens say so. The
// block below is the wiring, written against the APIs the brief names; it compiles in by itself
// once all four headers exist. Check each call against the merged headers (marked CHECK).
#include "app/ui/lan_seams.hpp"

#if __has_include("sync/lan_client.hpp") &&                            \
                  __has_include("sync/lan_server.hpp") &&              \
                                __has_include("sync/lan_peers.hpp") && \
                                              __has_include("sync/lan_discovery.hpp")
#define MUTUA_LAN_WIRED 1
#include <memory>
#include <mutex>

#include "core/store.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_discovery.hpp"
#include "sync/lan_peers.hpp"
#include "sync/lan_server.hpp"
#endif

namespace mutua {

LanSeams real_lan_seams() {
  LanSeams seams;
#ifdef MUTUA_LAN_WIRED
  // The server and discovery live as long as any copy of the seams (the loop holds one).
  struct Live {
    std::mutex mutex;
    std::unique_ptr<LanServer> server;
    std::unique_ptr<LanDiscovery> discovery;
  };
  auto live = std::make_shared<Live>();
  seams.sync = [](Store& own, const LanAddress& address, SyncFailure* why) {
    return lan_sync(own.replica(), address, why);
  };
  seams.peer_states = [](const Store& ui_store) { return lan_peer_states(ui_store.replica()); };
  seams.start_serving = [live](const std::string& db_path, const LanSettings& settings,
                               std::function<void()> after_import) -> Result<uint16_t> {
    std::lock_guard<std::mutex> lock(live->mutex);
    live->server = std::make_unique<LanServer>();
    live->server->on_import = std::move(after_import);      // CHECK: the "after an import" callback
    auto started = live->server->start(db_path, settings);  // CHECK: returns Result<...>
    if (!started) {
      live->server.reset();
      return fail(started.error());
    }
    return live->server->port();
  };
  seams.stop_serving = [live] {
    std::lock_guard<std::mutex> lock(live->mutex);
    if (live->server) live->server->stop();
    live->server.reset();
  };
  seams.start_discovery = [live](const Store& ui_store, const LanSettings& settings,
                                 uint16_t http_port) {
    std::lock_guard<std::mutex> lock(live->mutex);
    live->discovery = std::make_unique<LanDiscovery>();
    // CHECK: Options defaults; a start that fails leaves discovery empty (typed peers still sync).
    if (!live->discovery->start(ui_store.replica(), settings, http_port, LanDiscovery::Options{}))
      live->discovery.reset();
  };
  seams.stop_discovery = [live] {
    std::lock_guard<std::mutex> lock(live->mutex);
    if (live->discovery) live->discovery->stop();
    live->discovery.reset();
  };
  seams.discovered_peers = [live]() -> std::vector<DiscoveredPeer> {
    std::lock_guard<std::mutex> lock(live->mutex);
    return live->discovery ? live->discovery->peers() : std::vector<DiscoveredPeer>{};
  };
  seams.local_addresses = [] { return local_ipv4_addresses(); };
#endif
  return seams;
}

}  // namespace mutua
