#pragma once
// The time since this machine booted (CLOCK_BOOTTIME: it keeps counting while suspended and never
// jumps when someone sets the date), with an id of the boot, so that a count saved in one boot can
// tell it was made in another. Used where the wall clock must not be trusted: the PIN lockout
// (core/pin_lockout.hpp). Tests inject their own source through Replica::Options::boot.
#include <cstdint>
#include <functional>
#include <string>

namespace mutua {

struct BootTime {
  int64_t ms = 0;  // milliseconds since boot
  std::string id;  // this boot's id (no spaces), or empty when the system does not say
};
using BootSource = std::function<BootTime()>;

// CLOCK_BOOTTIME (CLOCK_MONOTONIC where that is missing) and /proc/sys/kernel/random/boot_id.
BootTime system_boot_time();

}  // namespace mutua
