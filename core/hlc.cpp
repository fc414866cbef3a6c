#include "core/hlc.hpp"

#include <chrono>

namespace mutua {

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

HlcValue HybridClock::now() {
  int64_t wall = wall_();
  uint64_t w = wall < 0 ? 0 : static_cast<uint64_t>(wall);
  HlcValue candidate = hlc_make(w, 0);
  // When the wall clock has not moved past the last value (or jumped back), count up instead.
  last_ = candidate > last_ ? candidate : last_ + 1;
  return last_;
}

void HybridClock::observe(HlcValue remote) {
  if (remote > last_) last_ = remote;
}

}  // namespace mutua
