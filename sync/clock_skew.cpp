#include "sync/clock_skew.hpp"

#include <cmath>
#include <cstdlib>

namespace mutua {

namespace {
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;
}  // namespace

SkewSpan skew_span(int64_t offset_ms) {
  const double a = std::fabs(static_cast<double>(offset_ms));
  SkewSpan s;
  // From about eleven months on, a coordinator thinks in years.
  if (a >= 330.0 * kDayMs) {
    s.unit = SkewSpan::Unit::years;
    s.count = std::max<int64_t>(1, std::llround(a / (365.25 * kDayMs)));
  } else if (a >= 2.0 * kDayMs) {
    s.unit = SkewSpan::Unit::days;
    s.count = std::llround(a / kDayMs);
  } else {
    s.unit = SkewSpan::Unit::hours;
    s.count = std::max<int64_t>(1, std::llround(a / kHourMs));
  }
  return s;
}

std::string clock_skew_line(const Replica& store, const ClockSkew& skew) {
  auto d = store.device(skew.device);
  const std::string name = d && !d->name.empty() ? d->name : skew.device.hex().substr(0, 8);
  const SkewSpan span = skew_span(skew.offset_ms);
  const char* unit = span.unit == SkewSpan::Unit::years  ? "year"
                     : span.unit == SkewSpan::Unit::days ? "day"
                                                         : "hour";
  return name + "'s clock is " + std::to_string(span.count) + " " + unit +
         (span.count == 1 ? "" : "s") + (skew.offset_ms > 0 ? " ahead" : " behind") +
         "; set its date.";
}

ClockSkewWatch::ClockSkewWatch(const Replica& store, VersionVector held_before)
    : self_(store.device_id()),
      wall_ms_(store.now_ms()),
      lead_ms_(store.max_clock_lead_ms()),
      limit_(hlc_limit(wall_ms_, lead_ms_)),
      held_(std::move(held_before)) {}

void ClockSkewWatch::see(const Row& row) {
  for (const auto& s : row.stamps) {
    if (s.hlc == 0 || s.origin.is_zero()) continue;
    if (s.prev != 0 && s.hlc == hlc_next(s.prev)) continue;  // bumped past what it replaced
    if (s.hlc <= limit_) {
      newest_sane_ = std::max(newest_sane_, s.hlc);
      continue;
    }
    if (s.origin == self_) continue;
    auto held = held_.find(s.origin);
    if (held != held_.end() && s.seq <= held->second) continue;  // named when it first came
    const int64_t off = static_cast<int64_t>(hlc_wall_ms(s.hlc)) - wall_ms_;
    auto& worst = ahead_[s.origin];
    worst = std::max(worst, off);
  }
}

std::vector<ClockSkew> ClockSkewWatch::finish(const Id& sender, HlcValue sender_clock) const {
  std::vector<ClockSkew> out;
  for (const auto& [device, off] : ahead_) out.push_back({device, off});
  if (sender != self_ && !ahead_.count(sender) && sender_clock != 0) {
    const int64_t lag = static_cast<int64_t>(hlc_wall_ms(newest_sane_)) -
                        static_cast<int64_t>(hlc_wall_ms(sender_clock));
    if (lag > lead_ms_) out.push_back({sender, -lag});
  }
  return out;
}

}  // namespace mutua
