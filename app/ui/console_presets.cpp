#include "app/ui/console_presets.hpp"

#include "app/ui/state.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

std::vector<std::string> console_preset_names() {
  return {"console", "console-volunteer", "settings"};
}

std::optional<Screen> apply_console_preset(std::string_view name, UiState& state,
                                           const Store& store) {
  const Role role = name == "console-volunteer" ? Role::volunteer : Role::coordinator;
  Screen screen;
  if (name == "console" || name == "console-volunteer")
    screen = Screen::console;
  else if (name == "settings")
    screen = Screen::settings;
  else
    return std::nullopt;
  SignedIn who{Id{}, role == Role::coordinator ? "Demo coordinator" : "Demo volunteer", role};
  for (const auto& v : list_volunteers(store))
    if (v.role == role) {
      who = SignedIn{v.id, v.name, v.role};
      break;
    }
  state.signed_in = who;
  state.screen = screen;  // enter() still runs: Settings loads its fields from the store
  return screen;
}

}  // namespace mutua
