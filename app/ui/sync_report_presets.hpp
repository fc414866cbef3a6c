#pragma once
// --screen presets for the Sync and Reports screens: signed in as a demo coordinator, with an
// example sync result (sync, sync-foreign) or the store's own figures (reports).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

std::vector<std::string> sync_report_preset_names();
// Fills `state` for the preset and returns its screen; nullopt when `name` is not one of these.
std::optional<Screen> apply_sync_report_preset(std::string_view name, UiState& state,
                                               const Store& store);

}  // namespace mutua
