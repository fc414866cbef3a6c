#include "app/ui/console_presets.hpp"

#include "app/ui/state.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

namespace {

// Settings with the keyboard open on one of its fields: the preset's name and the field's id.
struct SettingsField {
  const char* preset;
  const char* field;
};
constexpr SettingsField kSettingsFields[] = {
    {"settings-site-keyboard", "##site_name"},      {"settings-address-keyboard", "##address"},
    {"settings-hours-keyboard", "##hours"},         {"settings-printer-keyboard", "##printer"},
    {"settings-category-keyboard", "##new_cat_id"}, {"settings-volunteer-keyboard", "##new_name"},
    {"settings-pin-keyboard", "##new_pin"},
};

}  // namespace

std::vector<std::string> console_preset_names() {
  std::vector<std::string> names = {"console", "console-volunteer", "settings", "settings-pad"};
  for (const SettingsField& f : kSettingsFields) names.emplace_back(f.preset);
  return names;
}

std::optional<Screen> apply_console_preset(std::string_view name, UiState& state,
                                           const Store& store) {
  const Role role = name == "console-volunteer" ? Role::volunteer : Role::coordinator;
  Screen screen;
  if (name == "console" || name == "console-volunteer") {
    screen = Screen::console;
  } else if (name == "settings") {
    screen = Screen::settings;
  } else if (name == "settings-pad") {  // the kiosk's idle timeout typed on the number pad
    screen = Screen::settings;
    open_number_pad_for("##timeout");
  } else {
    const SettingsField* typed = nullptr;
    for (const SettingsField& f : kSettingsFields)
      if (name == f.preset) typed = &f;
    if (!typed) return std::nullopt;
    screen = Screen::settings;
    focus_text_field_when_drawn(typed->field);
  }
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
