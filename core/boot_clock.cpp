#include "core/boot_clock.hpp"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace mutua {

namespace {

std::string read_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!(in >> id)) return {};
  if (id.size() > 64) id.resize(64);
  id.erase(std::remove_if(id.begin(), id.end(),
                          [](unsigned char c) { return !std::isxdigit(c) && c != '-'; }),
           id.end());
  return id;
}

}  // namespace

BootTime system_boot_time() {
  // The id cannot change while this process lives: read it once.
  static const std::string id = read_boot_id();
  timespec ts{};
#ifdef CLOCK_BOOTTIME
  if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
#endif
    clock_gettime(CLOCK_MONOTONIC, &ts);
  return BootTime{int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000, id};
}

}  // namespace mutua
