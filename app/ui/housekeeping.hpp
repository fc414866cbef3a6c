#pragma once
// Work the UI does now and then, not per screen: the daily contact purge ("Purge runs daily"),
// the daily backup to the sync stick (app/ui/daily_backup.hpp) and re-reading the category names
// chosen in Settings (they may arrive by sync).
namespace mutua {
struct UiContext;
// Cheap when nothing is due; draw_ui calls it every frame.
void run_housekeeping(UiContext& ctx);
// Reads the category names again on the next frame (after Settings saved them).
void refresh_category_names_soon(UiContext& ctx);
}  // namespace mutua
