#include "app/ui/device_mode.hpp"

#include "app/ui/state.hpp"
#include "core/store.hpp"

namespace mutua {

DeviceMode device_mode(const Store& store) {
  return store.replica().local_get("device_mode") == "volunteer" ? DeviceMode::volunteer
                                                                 : DeviceMode::kiosk;
}

void set_device_mode(Store& store, DeviceMode mode) {
  store.replica().local_set("device_mode", mode == DeviceMode::volunteer ? "volunteer" : "kiosk");
}

void apply_device_mode(UiState& state, Store& store, bool kiosk_flag, bool volunteer_flag,
                       bool screen_given) {
  if (volunteer_flag)
    set_device_mode(store, DeviceMode::volunteer);
  else if (kiosk_flag)
    set_device_mode(store, DeviceMode::kiosk);
  state.console.volunteer_device = device_mode(store) == DeviceMode::volunteer;
  if (state.console.volunteer_device && !screen_given) state.screen = Screen::pin;
}

}  // namespace mutua
