#include "core/hlc.hpp"

#include <chrono>

namespace mutua {

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

HlcValue hlc_limit(int64_t wall_ms, int64_t lead_ms) {
  uint64_t w = wall_ms < 0 ? 0 : static_cast<uint64_t>(wall_ms);
  uint64_t lead = lead_ms < 0 ? 0 : static_cast<uint64_t>(lead_ms);
  uint64_t top = w > kHlcMaxWallMs - lead ? kHlcMaxWallMs : w + lead;
  return hlc_make(top, 0);
}

HlcValue HybridClock::now() {
  int64_t wall = wall_();
  HlcValue candidate = hlc_make(wall < 0 ? 0 : static_cast<uint64_t>(wall), 0);
  // When the wall clock has not moved past the last value (or jumped back), count up instead.
  last_ = candidate > last_ ? candidate : hlc_next(last_);
  return last_;
}

bool HybridClock::observe(HlcValue remote) {
  // A stamp beyond the bound is not folded in at all: stopping at the bound instead would leave
  // this clock a whole bound ahead, and everything it stamps next would look ahead elsewhere.
  if (remote > limit()) return false;
  if (remote > last_) last_ = remote;
  return true;
}

void HybridClock::restore(HlcValue last) {
  // Our own stamps may have counted up within the bound's last millisecond.
  const HlcValue cap = limit() | 0xFFFF;
  if (last > cap) last = cap;
  if (last > last_) last_ = last;
}

}  // namespace mutua
