#include "core/reports.hpp"

#include <algorithm>
#include <string_view>

#include "core/store.hpp"

namespace mutua {

namespace {

// Needs (kind 0) in state open (0) or partly met (1) and not past their expiry.
constexpr const char* kOpenNeed =
    "kind = 0 AND state IN (0, 1) AND (expires_at = 0 OR expires_at > ?1)";

// Each met need (state 2) with what says when it was met: the moment its handovers first covered
// its quantity, and its manual status. Handovers count as handed_over() counts them: an undone
// one and the record undoing it both drop out, so the need was met by the handovers that stand.
// One pass over the handovers (a running total per need, oldest first) and one over the entries;
// the entries are scanned and joined to the covered needs, never the other way round, which
// would read every handover once per met need.
constexpr const char* kMetNeeds = R"sql(
WITH standing AS (
  SELECT m.need AS need, h.created_at AS at,
         sum(h.quantity) OVER (PARTITION BY m.need ORDER BY h.created_at, h.id
                               ROWS UNBOUNDED PRECEDING) AS total
  FROM handovers h JOIN matches m ON m.id = h.match
  WHERE h.undoes = zeroblob(16) AND NOT EXISTS (SELECT 1 FROM handovers u WHERE u.undoes = h.id)
), covered AS (
  SELECT s.need AS need, min(s.at) AS at FROM standing s JOIN entries n ON n.id = s.need
  WHERE s.total >= n.quantity GROUP BY s.need
)
SELECT e.id, e.created_at, e.status, e.updated_at, c.at
FROM entries e LEFT JOIN covered c ON c.need = e.id
WHERE e.kind = 0 AND e.state = 2)sql";

struct MetNeed {
  int64_t created_at = 0;
  int64_t met_at = 0;
};

// When each met need was met: the earlier of the handover that covered it and, for a need
// marked met by hand, the version stamp of its status field. Neither moves when another field
// is edited later, or when the contact purge blanks its contact details.
std::vector<MetNeed> met_needs(const Db& db, const Replica& replica) {
  std::vector<MetNeed> out;
  auto st = db.prepare(kMetNeeds);
  while (st.step()) {
    MetNeed n;
    n.created_at = st.int64(1);
    std::optional<int64_t> at;
    if (!st.is_null(4)) at = st.int64(4);
    if (static_cast<Status>(st.int64(2)) == Status::met) {
      Id id;
      const std::string_view b = st.blob_view(0);
      if (b.size() == id.bytes.size()) std::copy(b.begin(), b.end(), id.bytes.begin());
      if (auto row = replica.read_row(TableId::entries, id)) {
        const auto by_hand =
            static_cast<int64_t>(hlc_wall_ms(row->stamps[entry_field::status].hlc));
        at = at ? std::min(*at, by_hand) : by_hand;
      }
    }
    n.met_at = at.value_or(st.int64(3));  // neither: its last change is the best there is
    out.push_back(n);
  }
  return out;
}

int64_t floor_day(int64_t ms) {
  return (ms >= 0 ? ms : ms - kDayMs + 1) / kDayMs;
}

}  // namespace

ReportFigures ReportService::compute(int64_t now_ms) const {
  ReportFigures r;
  const Db& db = db_;

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
    std::sort(r.open_by_category.begin(), r.open_by_category.end(),
              [](const auto& a, const auto& b) {
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
  const std::vector<MetNeed> met = met_needs(db, replica_);
  for (const MetNeed& n : met) {
    const int64_t day = floor_day(n.met_at);
    if (day >= first_day && day <= today) r.met_per_day[size_t(day - first_day)].count++;
  }

  // The median of met_at - created_at: the middle value, or the mean of the two middle ones.
  r.met_needs = static_cast<int64_t>(met.size());
  if (!met.empty()) {
    std::vector<int64_t> took;
    took.reserve(met.size());
    for (const MetNeed& n : met) took.push_back(std::max<int64_t>(0, n.met_at - n.created_at));
    const size_t mid = took.size() / 2;
    std::nth_element(took.begin(), took.begin() + mid, took.end());
    int64_t median = took[mid];
    if (took.size() % 2 == 0) {
      const int64_t below = *std::max_element(took.begin(), took.begin() + mid);
      median = (below + median) / 2;
    }
    r.median_ms_to_met = median;
  }
  return r;
}

}  // namespace mutua
