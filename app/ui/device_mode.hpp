#pragma once
// Kiosk device or volunteer device. A volunteer device (a tablet at a distribution table) starts
// at the PIN pad and returns there on sign-out and idle; a kiosk device (and one never told
// otherwise) starts at the kiosk home. The choice is local to the device ("device_mode" in the
// local table): `--volunteer` or `--kiosk` sets and remembers it.
namespace mutua {

class Store;
struct UiState;

enum class DeviceMode { kiosk, volunteer };

DeviceMode device_mode(const Store& store);
void set_device_mode(Store& store, DeviceMode mode);
// At UI start: remembers a mode given by flag, and starts a volunteer device at the PIN pad
// unless a screen was asked for with --screen.
void apply_device_mode(UiState& state, Store& store, bool kiosk_flag, bool volunteer_flag,
                       bool screen_given);

}  // namespace mutua
