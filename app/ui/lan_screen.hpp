#pragma once
// Local Wi-Fi sync on screen (issue 12): the LAN peers on the Sync screen (each peer's state in
// words, the time of its last exchange, "Sync now", and one line saying whether every device
// has everything), the "Local Wi-Fi sync" section of Settings (the switch, this device's address
// as text and QR code, the typed peer addresses), and the once-a-frame poll of the background
// loop (app/ui/lan_sync_loop.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "app/ui/lan_sync_loop.hpp"
#include "sync/lan.hpp"

namespace mutua {

struct UiContext;
class Store;

// One line of the LAN peers list: what the transport remembers of a peer (LanPeerState), with
// what this session's loop has seen since laid over it.
struct LanPeerRow {
  std::string name;  // its device name, or its address when it never answered
  std::string address;
  int64_t last_exchange = 0;  // 0: never synced
  uint64_t behind = 0;        // changes it lacked after the last exchange
  int64_t last_attempt = 0;
  bool failed = false;  // the last try did not work
  SyncFailure failure;
  std::string error;  // the transport's English line, when the failure has no code
};
std::vector<LanPeerRow> lan_peer_rows(const std::vector<LanPeerState>& stored,
                                      const std::vector<LanTarget>& targets);

// "Up to date", "Behind by 12 changes", "Not synced yet", or why the last try failed.
std::string lan_peer_state_words(const LanPeerRow& row);
// "Last synced 2 min ago", "Never synced".
std::string lan_peer_time_words(const LanPeerRow& row, int64_t now_ms);
// "All 4 devices are up to date", "3 of 4 devices are up to date", or that none is known yet.
std::string lan_overall_words(const std::vector<LanPeerRow>& rows);

// Typed peer addresses, kept in this device's LanSettings. Add refuses a bad or repeated address
// with a message and saves nothing; both tell `loop` (may be null) to follow the new settings.
bool lan_add_typed_peer(Store& store, LanSyncLoop* loop, const std::string& text, int64_t now_ms,
                        std::string* message);
void lan_remove_typed_peer(Store& store, LanSyncLoop* loop, const std::string& text,
                           int64_t now_ms);
void lan_set_enabled(Store& store, LanSyncLoop* loop, bool on, int64_t now_ms);

// Once a frame, whatever screen shows: ticks the loop, re-reads the store when an exchange
// changed it, and asks for a frame when the loop next has something to do.
void poll_lan(UiContext& ctx);
// The Sync screen's LAN part, `width` wide.
void draw_lan_peers(UiContext& ctx, float width);
// The body of Settings' "Local Wi-Fi sync" section (its heading drawn by Settings).
void draw_lan_settings(UiContext& ctx);

}  // namespace mutua
