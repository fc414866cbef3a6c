#pragma once
// The drives a screen offers (Sync, Export to USB), re-listed every couple of seconds while the
// screen is open so a stick that is plugged in shows up without a tap. Listing reads one small
// file (/proc/self/mounts), never the drives themselves.
#include <algorithm>
#include <chrono>
#include <vector>

#include "platform/drives.hpp"

namespace mutua {

inline constexpr int kDrivePollMs = 2000;

struct DriveWatch {
  std::vector<Drive> drives;
  std::chrono::steady_clock::time_point checked{};
  bool listed = false;
};

// Lists the drives again when kDrivePollMs have passed since the last time (or `force`).
// Returns true when the list changed.
bool refresh_drives(DriveWatch& watch, bool force = false);

}  // namespace mutua
