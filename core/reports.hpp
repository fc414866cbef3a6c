#pragma once
// The figures behind the Reports charts, computed with read-only SQL over the store's tables.
//
// Days are UTC days (milliseconds since the epoch divided by 86,400,000), counted back from the
// store's clock, so the figures are the same on every device whatever its time zone.
//
// When a need was met is not recorded as such; it is read from records that never move:
// - met by handovers: the time of the handover that brought the standing total (undone
//   handovers and their undo records left out) up to the need's quantity;
// - marked met by hand: the version stamp of its status field.
// A later edit of a met need, or the contact purge, changes neither, so its day stays put. The
// median time to met uses the same moment.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/services.hpp"

namespace mutua {

inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int kReportDays = 14;

// Open needs of one category, split by urgency (index = Urgency: critical, high, normal, low).
struct CategoryUrgencyCount {
  std::string category;
  std::array<int64_t, 4> by_urgency{};
  int64_t total = 0;
};

struct DayCount {
  int64_t day_start_ms = 0;  // UTC midnight that starts the day
  int64_t count = 0;
};

struct SiteCount {
  std::string site;  // empty: entries with no site given
  int64_t count = 0;
};

struct ReportFigures {
  int64_t open_needs = 0;
  // Most open needs first (ties by category id).
  std::vector<CategoryUrgencyCount> open_by_category;
  // kReportDays days, oldest first; the last one is today.
  std::vector<DayCount> met_per_day;
  // Most open needs first (ties by site name).
  std::vector<SiteCount> open_by_site;
  // Over every met need the store holds; empty when none is met.
  std::optional<int64_t> median_ms_to_met;
  int64_t met_needs = 0;
};

// Reads only; the composition root (core/store.hpp) gives it the database.
class ReportService : public ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  // "Open" means a need whose status is open or partly met and whose expiry has not passed.
  ReportFigures compute(int64_t now_ms) const;
};

}  // namespace mutua
