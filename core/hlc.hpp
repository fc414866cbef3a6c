#pragma once
// Hybrid logical clock: wall-clock milliseconds in the top 48 bits, a counter in the low 16.
// It never goes backwards, even when a tablet's clock is reset after a power loss.
#include <cstdint>
#include <functional>

namespace mutua {

using HlcValue = uint64_t;

inline constexpr uint64_t hlc_wall_ms(HlcValue v) { return v >> 16; }
inline constexpr HlcValue hlc_make(uint64_t wall_ms, uint16_t counter) { return (wall_ms << 16) | counter; }

// Milliseconds since the Unix epoch, from the system clock.
int64_t system_now_ms();

class HybridClock {
 public:
  using WallSource = std::function<int64_t()>;
  explicit HybridClock(WallSource wall = system_now_ms) : wall_(std::move(wall)) {}

  // A new timestamp, greater than every one issued or observed before.
  HlcValue now();
  // Folds in a timestamp seen on another device, so later local ones sort after it.
  void observe(HlcValue remote);
  HlcValue last() const { return last_; }
  void restore(HlcValue last) { if (last > last_) last_ = last; }
  int64_t wall_ms() const { return wall_(); }

 private:
  WallSource wall_;
  HlcValue last_ = 0;
};

}  // namespace mutua
