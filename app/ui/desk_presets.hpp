#pragma once
// `--screen` presets for the volunteer desk: queue, entry-detail, match, handover, offers-stock,
// shown as a signed-in volunteer on whatever data the database holds (try `mutua demo` first).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

std::vector<std::string> desk_preset_names();
// Fills `state` for the preset and returns its screen; nullopt if `name` is not a desk preset.
// Reads the store, never writes to it.
std::optional<Screen> apply_desk_preset(std::string_view name, UiState& state, const Store& store);

}  // namespace mutua
