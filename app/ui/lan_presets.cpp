#include "app/ui/lan_presets.hpp"

#include <memory>

#include "app/ui/lan_sync_loop.hpp"
#include "app/ui/state.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

constexpr int64_t kMinute = 60'000;

LanPeerState example_peer(const char* name, const char* host, int64_t last_exchange,
                          uint64_t behind, int64_t last_attempt, SyncFailure failure = {}) {
  LanPeerState p;
  p.device = Id::random();
  p.name = name;
  p.address = LanAddress{host, kLanPort};
  p.last_exchange = last_exchange;
  p.behind = behind;
  p.last_attempt = last_attempt;
  p.last_failure = std::move(failure);
  return p;
}

std::shared_ptr<LanSyncLoop> example_loop(int64_t now) {
  LanSeams seams;  // no transport, no discovery: the preset syncs with nobody
  const std::vector<LanPeerState> peers = {
      example_peer("Kiosk", "192.168.43.10", now - 2 * kMinute, 0, now - 2 * kMinute),
      example_peer("Tablet 3", "192.168.43.13", now - 4 * kMinute, 12, now - 4 * kMinute),
      example_peer("Tablet 4", "192.168.43.14", now - kMinute, 0, now - kMinute),
      example_peer("Coordinator laptop", "192.168.43.20", now - 47 * kMinute, 0, now - kMinute),
  };
  seams.peer_states = [peers](const Store&) { return peers; };
  seams.local_addresses = [] { return std::vector<std::string>{"192.168.43.1"}; };
  auto loop = std::make_shared<LanSyncLoop>(std::move(seams));
  LanSettings settings;
  settings.enabled = true;
  settings.manual_peers = {"192.168.43.20", "10.0.0.5:8080"};
  loop->show_example(settings, {});
  return loop;
}

}  // namespace

std::vector<std::string> lan_preset_names() {
  return {"sync-lan", "settings-lan"};
}

std::optional<Screen> apply_lan_preset(std::string_view name, UiState& state, const Store& store) {
  std::optional<Screen> screen;
  if (name == "sync-lan")
    screen = Screen::sync;
  else if (name == "settings-lan")
    screen = Screen::settings;
  if (!screen) return std::nullopt;
  state.sync.lan = example_loop(store.replica().now_ms());
  state.console.settings.lan_scroll_here = name == "settings-lan" ? 5 : 0;
  state.signed_in = SignedIn{Id::random(), "Amira", Role::coordinator};
  state.screen = *screen;
  state.entered = *screen;  // the preset is the state; enter() must not reset it
  return screen;
}

}  // namespace mutua
