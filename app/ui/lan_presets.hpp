#pragma once
// --screen presets for local Wi-Fi sync, signed in as a demo coordinator with an example loop
// that runs nothing: sync-lan (the Sync screen with peers up to date, behind and not reached)
// and settings-lan (the Settings section: switch on, address and QR code, typed addresses).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

std::vector<std::string> lan_preset_names();
// Fills `state` for the preset and returns its screen; nullopt when `name` is not one of these.
// Never writes to the store.
std::optional<Screen> apply_lan_preset(std::string_view name, UiState& state, const Store& store);

}  // namespace mutua
