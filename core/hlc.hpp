#pragma once
// Hybrid logical clock: wall-clock milliseconds in the top 48 bits, a counter in the low 16.
// It never goes backwards while the device runs, and a remote stamp moves it at most `max_lead`
// past this device's own wall clock: a tablet whose date is years off must not drag everyone's
// clock with it. All arithmetic saturates at kHlcMax; nothing wraps to 0 ("not carried").
#include <cstdint>
#include <functional>
#include <limits>

namespace mutua {

using HlcValue = uint64_t;

inline constexpr uint64_t kHlcMaxWallMs = (uint64_t{1} << 48) - 1;
inline constexpr HlcValue kHlcMax = std::numeric_limits<HlcValue>::max();
// The first value of the year 10000 (UTC). No device's own clock stamps past it: its clock
// stays within a day of its wall clock, and a wall clock that far off is out of reach. A
// version there was stamped on purpose: an insider's, which a revocation takes back
// (core/revocation.cpp), and which no local write supersedes (Replica::can_supersede), or, by
// an older Mutua, one that superseded it (docs/security.md, "A clock at the end of time").
inline constexpr uint64_t kImpossibleWallMs = 253'402'300'800'000;
inline constexpr HlcValue kHlcImpossible = kImpossibleWallMs << 16;
// How far past its own wall clock a device lets a remote stamp move its clock, unless set.
inline constexpr int64_t kDefaultMaxClockLeadMs = 86'400'000;  // one day

inline constexpr uint64_t hlc_wall_ms(HlcValue v) {
  return v >> 16;
}
// Walls beyond 48 bits saturate rather than lose their top bits.
inline constexpr HlcValue hlc_make(uint64_t wall_ms, uint16_t counter) {
  return ((wall_ms > kHlcMaxWallMs ? kHlcMaxWallMs : wall_ms) << 16) | counter;
}
// The next value after v, or v itself at kHlcMax.
inline constexpr HlcValue hlc_next(HlcValue v) {
  return v == kHlcMax ? v : v + 1;
}
// The first value of millisecond wall_ms + lead_ms (saturating, never below 0): the latest
// remote stamp a clock folds in.
HlcValue hlc_limit(int64_t wall_ms, int64_t lead_ms);

// Milliseconds since the Unix epoch, from the system clock.
int64_t system_now_ms();

class HybridClock {
 public:
  using WallSource = std::function<int64_t()>;
  explicit HybridClock(WallSource wall = system_now_ms,
                       int64_t max_lead_ms = kDefaultMaxClockLeadMs)
      : wall_(std::move(wall)), max_lead_(max_lead_ms) {}

  // A new timestamp, greater than every one issued or observed before (saturating at kHlcMax,
  // which the bound on observe keeps out of reach).
  HlcValue now();
  // Folds in a timestamp seen on another device, so later local ones sort after it. A stamp
  // beyond wall + max_lead is left out (returns false): it cannot drag this clock forward.
  bool observe(HlcValue remote);
  HlcValue last() const { return last_; }
  // Restores the saved clock at start-up. A saved value beyond wall + max_lead was dragged there
  // (by an older Mutua, or the wall clock was reset by more than the bound): it is cut back to
  // the bound, so this device stops stamping far-future versions.
  void restore(HlcValue last);
  int64_t wall_ms() const { return wall_(); }
  int64_t max_lead_ms() const { return max_lead_; }
  void set_max_lead_ms(int64_t ms) { max_lead_ = ms < 0 ? 0 : ms; }
  // The latest remote stamp this clock folds in, now.
  HlcValue limit() const { return hlc_limit(wall_(), max_lead_); }

 private:
  WallSource wall_;
  int64_t max_lead_;
  HlcValue last_ = 0;
};

}  // namespace mutua
