#pragma once
// `--screen` presets for the console's own screens, signed in without a PIN so they can be
// looked at: console (a coordinator's menu), console-volunteer (a volunteer's menu: no
// Settings), settings (as a coordinator), settings-pad (its idle timeout's number pad open) and
// settings-<field>-keyboard (the keyboard open on a field: site, address, hours, printer,
// category, volunteer, pin). The signed-in person is the first coordinator (or volunteer) in the
// database, else a demo name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

std::vector<std::string> console_preset_names();
std::optional<Screen> apply_console_preset(std::string_view name, UiState& state,
                                           const Store& store);

}  // namespace mutua
