#pragma once
// Sync (volunteer console): the detected USB drives and mailbox folders, one big button each;
// a progress bar while the sync runs on its own thread; the result in words; the history of past
// syncs and the devices heard from; the LAN peers (app/ui/lan_screen.hpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ui/drive_watch.hpp"
#include "app/ui/sync_run.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "core/store.hpp"
#include "sync/lan.hpp"

namespace mutua {

struct UiContext;
class LanSyncLoop;

struct HeardFrom {
  std::string device;  // its name, or a short id when the name has not arrived yet
  int64_t last_heard = 0;
};

struct SyncScreenState {
  DriveWatch drives;
  std::shared_ptr<SyncJob> job;     // the sync running now, if any
  std::optional<SyncOutcome> last;  // the last sync's result, shown until the next one
  // Read on entering and after each sync, never per frame.
  std::vector<SyncLogEntry> history;
  std::vector<HeardFrom> heard;
  std::string network_name;  // empty: this device has not joined a network
  bool stale = true;
  DragScroll scroll;
  // Local Wi-Fi sync in the background (app/ui/lan_sync_loop.hpp); null: none (tests, presets
  // without LAN). Belongs to the device: a wiped session keeps it.
  std::shared_ptr<LanSyncLoop> lan;
  std::vector<LanPeerState> lan_stored;  // read when the loop's generation moves
  uint64_t lan_generation = ~uint64_t(0);
};

// The result line: "142 new, 17 updated, 2 conflicts, from 4 devices" (new and updated needs
// and offers; other records that came along are not counted).
std::string sync_summary_line(const MailboxResult& r);
// Why a file or a sync was refused, in the current language; `english` when there is no code.
std::string sync_problem_words(const SyncFailure& failure, const std::string& english);

// Takes a finished sync's outcome, whatever screen is showing, and makes the UI re-read what
// the worker's connection changed. Called by draw_ui every frame (one atomic load).
void poll_sync(UiContext& ctx);
// Another connection changed the database (a USB or LAN sync): the UI re-reads what it shows.
void sync_data_changed(UiContext& ctx);

void enter_sync(UiContext& ctx);
// Reads the past syncs, the devices heard from and the network's name (on entering, after a
// sync, and for the screenshot presets).
void load_sync_lists(const Store& store, SyncScreenState& s);
void draw_sync(UiContext& ctx);

}  // namespace mutua
