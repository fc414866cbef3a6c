#include "app/ui/task_presets.hpp"

#include "app/ui/state.hpp"

namespace mutua {

std::vector<std::string> task_preset_names() {
  return {"failure", "sync-running"};
}

std::optional<Screen> apply_task_preset(std::string_view name, UiState& state) {
  if (name == "failure") {
    state.failure = FrameFailure{"database or disk is full"};
    return state.screen;
  }
  if (name == "sync-running") {
    SignedIn s;
    s.name = "Amira";
    s.role = Role::coordinator;
    state.signed_in = s;
    Drive drive;
    drive.label = "KINGSTON";
    state.sync.job = SyncJob::example(drive, 2, 5);
    state.screen = Screen::sync;
    return state.screen;
  }
  return std::nullopt;
}

}  // namespace mutua
