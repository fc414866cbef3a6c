#include "core/reports.hpp"

#include <algorithm>

#include "core/store.hpp"

namespace mutua {

namespace {

// Needs (kind 0) in state open (0) or partly met (1) and not past their expiry.
constexpr const char* kOpenNeed =
    "kind = 0 AND state IN (0, 1) AND (expires_at = 0 OR expires_at > ?1)";

// When each met need (state 2) was met: its last change or its last handover, whichever is later.
constexpr const char* kMetAt =
    "SELECT e.created_at, max(e.updated_at, coalesce((SELECT max(h.created_at) FROM matches m"
    " JOIN handovers h ON h.match = m.id WHERE m.need = e.id), 0)) AS met_at"
    " FROM entries e WHERE e.kind = 0 AND e.state = 2";

int64_t floor_day(int64_t ms) { return (ms >= 0 ? ms : ms - kDayMs + 1) / kDayMs; }

}  // namespace

ReportFigures compute_reports(const EntryStore& store, int64_t now_ms) {
  ReportFigures r;
  const Db& db = store.db();

  {
    auto st = db.prepare(std::string("SELECT category, urgency, count(*) FROM entries WHERE ") +
                         kOpenNeed + " GROUP BY category, urgency");
    st.bind(1, now_ms);
    while (st.step()) {
      const std::string category = st.text(0);
      const int64_t urgency = std::clamp<int64_t>(st.int64(1), 0, 3);
      auto it = std::find_if(r.open_by_category.begin(), r.open_by_category.end(),
                             [&](const auto& c) { return c.category == category; });
      if (it == r.open_by_category.end())
        it = r.open_by_category.insert(r.open_by_category.end(), {category, {}, 0});
      it->by_urgency[size_t(urgency)] += st.int64(2);
      it->total += st.int64(2);
      r.open_needs += st.int64(2);
    }
    std::sort(r.open_by_category.begin(), r.open_by_category.end(), [](const auto& a, const auto& b) {
      return a.total != b.total ? a.total > b.total : a.category < b.category;
    });
  }

  {
    auto st = db.prepare(std::string("SELECT site, count(*) AS n FROM entries WHERE ") + kOpenNeed +
                         " GROUP BY site ORDER BY n DESC, site");
    st.bind(1, now_ms);
    while (st.step()) r.open_by_site.push_back({st.text(0), st.int64(1)});
  }

  const int64_t today = floor_day(now_ms);
  const int64_t first_day = today - (kReportDays - 1);
  for (int64_t d = first_day; d <= today; ++d) r.met_per_day.push_back({d * kDayMs, 0});
  {
    auto st = db.prepare(std::string("SELECT met_at FROM (") + kMetAt +
                         ") WHERE met_at >= ?1 AND met_at < ?2");
    st.bind(1, first_day * kDayMs).bind(2, (today + 1) * kDayMs);
    while (st.step()) r.met_per_day[size_t(floor_day(st.int64(0)) - first_day)].count++;
  }

  {
    // The median of met_at - created_at: the middle value, or the mean of the two middle ones.
    auto count = db.prepare(std::string("SELECT count(*) FROM (") + kMetAt + ")");
    count.step();
    r.met_needs = count.int64(0);
    if (r.met_needs > 0) {
      auto st = db.prepare(std::string("SELECT max(0, met_at - created_at) AS d FROM (") + kMetAt +
                           ") ORDER BY d LIMIT ?2 OFFSET ?1");
      const int64_t n = r.met_needs;
      st.bind(1, (n - 1) / 2).bind(2, n % 2 == 1 ? 1 : 2);
      int64_t sum = 0, rows = 0;
      while (st.step()) {
        sum += st.int64(0);
        ++rows;
      }
      if (rows > 0) r.median_ms_to_met = sum / rows;
    }
  }
  return r;
}

}  // namespace mutua
