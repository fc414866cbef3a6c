#pragma once
// --screen presets for what tasks and the frame boundary show: "failure" (the failure screen
// with an example reason, a full disk) and "sync-running" (the Sync screen with a sync part way,
// its bar, status and Cancel). For screenshots; see README.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

struct UiState;

std::vector<std::string> task_preset_names();
// Fills `state` for the preset and returns its screen; nullopt when `name` is not one of these.
std::optional<Screen> apply_task_preset(std::string_view name, UiState& state);

}  // namespace mutua
