#include "app/ui/housekeeping.hpp"

#include "app/ui/daily_backup.hpp"
#include "app/ui/format.hpp"
#include "app/ui/state.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {
constexpr int64_t kCheckEveryMs = 60'000;  // the purge is daily; a minute's lateness is fine
}

void run_housekeeping(UiContext& ctx) {
  ConsoleState& c = ctx.state.console;
  const bool due = ctx.now_ms >= c.next_housekeeping_ms;
  run_daily_backup(ctx, due);  // polls a running copy every frame
  if (!due) return;
  c.next_housekeeping_ms = ctx.now_ms + kCheckEveryMs;
  purge_if_due(ctx.store);
  std::map<std::string, std::map<std::string, std::string>> names;
  for (auto& cat : category_settings(ctx.store))
    if (!cat.labels.empty()) names[cat.id] = std::move(cat.labels);
  set_category_renames(std::move(names));
}

void refresh_category_names_soon(UiContext& ctx) {
  ctx.state.console.next_housekeeping_ms = 0;
}

}  // namespace mutua
