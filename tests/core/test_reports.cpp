// The figures behind the Reports charts, on a small data set worked out by hand.
#include <doctest/doctest.h>

#include "core/matching.hpp"
#include "core/reports.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kToday = 20'000;  // UTC day number of "today" (2024-10-04)

int64_t at(int64_t day, int64_t hours, int64_t minutes = 0) {
  return day * kDayMs + hours * kHour + minutes * kMinute;
}

Entry need(std::string category, Urgency u, std::string site, int64_t qty = 1) {
  Entry e;
  e.kind = Kind::need;
  e.category = std::move(category);
  e.item = "something";
  e.quantity = qty;
  e.urgency = u;
  e.site = std::move(site);
  return e;
}

Entry offer(std::string category, int64_t qty) {
  Entry e;
  e.kind = Kind::offer;
  e.category = std::move(category);
  e.item = "something";
  e.quantity = qty;
  e.site = "Depot";
  return e;
}

struct Fixture {
  TempDir dir;
  int64_t wall = 0;
  std::unique_ptr<Store> store;
  Fixture() {
    auto s = Store::open(dir.file("r.db"), {[this] { return wall; }});
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  Id add(const Entry& e, int64_t when) {
    wall = when;
    auto r = store->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return r->id;
  }
  // A need created at `created` and marked met by hand at `met`.
  void met_by_hand(int64_t created, int64_t met) {
    Id id = add(need("food", Urgency::normal, "Hall"), created);
    wall = met;
    REQUIRE(store->entries().set_status(id, Status::met).ok());
  }
  void hand_over(const Id& n, const Id& o, int64_t qty, int64_t when) {
    wall = when;
    auto m = store->matches().add(n, o, qty, MatchStatus::confirmed);
    REQUIRE(m.ok());
    REQUIRE(store->matches().add_handover(m->id, qty).ok());
  }
};

}  // namespace

TEST_CASE("report figures match a small data set worked out by hand") {
  Fixture f;
  // Met needs, in time order (the clock only moves forward). Durations: 2 h, 30 min, 30 min,
  // 6 h and 3 h, so the median is 2 h.
  f.met_by_hand(at(kToday - 20, 10), at(kToday - 20, 12));      // before the 14 days
  f.met_by_hand(at(kToday - 14, 23), at(kToday - 14, 23, 30));  // the day before the window
  f.met_by_hand(at(kToday - 13, 0), at(kToday - 13, 0, 30));    // first day of the window
  f.met_by_hand(at(kToday - 3, 10), at(kToday - 3, 16));
  // Met by a handover after midnight: the need's own row still says yesterday 22:00.
  Id late = f.add(need("water", Urgency::high, "Hall", 2), at(kToday - 1, 22));
  Id water = f.add(offer("water", 5), at(kToday - 1, 22));
  f.hand_over(late, water, 2, at(kToday, 1));
  REQUIRE(f.store->entries().get(late)->status == Status::met);

  // Open needs this morning.
  const int64_t morning = at(kToday, 8);
  f.add(need("food", Urgency::critical, "Hall"), morning);
  f.add(need("food", Urgency::critical, "Hall"), morning);
  f.add(need("food", Urgency::normal, "Clinic"), morning);
  Id partly = f.add(need("water", Urgency::high, "Hall", 3), morning);
  f.add(need("water", Urgency::low, ""), morning);
  Entry expiring = need("health", Urgency::critical, "Clinic");
  expiring.expires_at = at(kToday, 9);  // past by 10:00, though no write has re-derived it
  f.add(expiring, morning);
  Id cancelled = f.add(need("food", Urgency::high, "Hall"), morning);
  REQUIRE(f.store->entries().set_status(cancelled, Status::cancelled).ok());
  f.add(offer("food", 4), morning);  // offers are not needs
  Id bottles = f.add(offer("water", 1), morning);
  f.hand_over(partly, bottles, 1, morning);
  REQUIRE(f.store->entries().get(partly)->status == Status::partly_met);  // still open

  const ReportFigures r = f.store->reports().compute(at(kToday, 10));

  CHECK(r.open_needs == 5);
  REQUIRE(r.open_by_category.size() == 2);
  CHECK(r.open_by_category[0].category == "food");
  CHECK(r.open_by_category[0].total == 3);
  CHECK(r.open_by_category[0].by_urgency == std::array<int64_t, 4>{2, 0, 1, 0});
  CHECK(r.open_by_category[1].category == "water");
  CHECK(r.open_by_category[1].total == 2);
  CHECK(r.open_by_category[1].by_urgency == std::array<int64_t, 4>{0, 1, 0, 1});

  REQUIRE(r.open_by_site.size() == 3);
  CHECK(r.open_by_site[0].site == "Hall");
  CHECK(r.open_by_site[0].count == 3);
  CHECK(r.open_by_site[1].site == "");  // ties go by name; no site sorts first
  CHECK(r.open_by_site[1].count == 1);
  CHECK(r.open_by_site[2].site == "Clinic");
  CHECK(r.open_by_site[2].count == 1);

  REQUIRE(r.met_per_day.size() == 14);
  CHECK(r.met_per_day.front().day_start_ms == (kToday - 13) * kDayMs);
  CHECK(r.met_per_day.back().day_start_ms == kToday * kDayMs);
  std::array<int64_t, 14> expected{};
  expected[0] = 1;   // kToday - 13, at 00:30
  expected[10] = 1;  // kToday - 3
  expected[13] = 1;  // today, by the handover at 01:00
  for (size_t i = 0; i < 14; ++i) CHECK_MESSAGE(r.met_per_day[i].count == expected[i], "day " << i);

  CHECK(r.met_needs == 5);
  REQUIRE(r.median_ms_to_met);
  CHECK(*r.median_ms_to_met == 2 * kHour);
}

TEST_CASE("the median of an even number of met needs is the mean of the middle two") {
  Fixture f;
  f.met_by_hand(at(kToday, 1), at(kToday, 2));      // 1 h
  f.met_by_hand(at(kToday, 3), at(kToday, 6));      // 3 h
  f.met_by_hand(at(kToday, 7), at(kToday, 7, 10));  // 10 min
  f.met_by_hand(at(kToday, 8), at(kToday, 18));     // 10 h
  const ReportFigures r = f.store->reports().compute(at(kToday, 20));
  REQUIRE(r.median_ms_to_met);
  CHECK(*r.median_ms_to_met == 2 * kHour);
  CHECK(r.met_per_day.back().count == 4);
}

TEST_CASE("an empty store has no open needs, fourteen empty days and no median") {
  Fixture f;
  const ReportFigures r = f.store->reports().compute(at(kToday, 12));
  CHECK(r.open_needs == 0);
  CHECK(r.open_by_category.empty());
  CHECK(r.open_by_site.empty());
  CHECK(r.met_per_day.size() == 14);
  for (const auto& d : r.met_per_day) CHECK(d.count == 0);
  CHECK_FALSE(r.median_ms_to_met);
  CHECK(r.met_needs == 0);
}

namespace {
// The day index in met_per_day of a UTC day number (the window ends today).
size_t slot(int64_t day) {
  return size_t(day - (kToday - (kReportDays - 1)));
}

std::array<int64_t, kReportDays> met_days(const ReportFigures& r) {
  std::array<int64_t, kReportDays> days{};
  REQUIRE(r.met_per_day.size() == days.size());
  for (size_t i = 0; i < days.size(); ++i) days[i] = r.met_per_day[i].count;
  return days;
}
}  // namespace

TEST_CASE("a need met by two handovers on different days counts on the day of the second") {
  Fixture f;
  Id n = f.add(need("water", Urgency::high, "Hall", 5), at(kToday - 6, 9));
  Id o = f.add(offer("water", 20), at(kToday - 6, 9));
  f.wall = at(kToday - 5, 10);
  auto m = f.store->matches().add(n, o, 5, MatchStatus::confirmed);
  REQUIRE(m.ok());
  REQUIRE(f.store->matches().add_handover(m->id, 2).ok());
  CHECK(f.store->entries().get(n)->status == Status::partly_met);
  CHECK(f.store->reports().compute(at(kToday - 5, 12)).met_needs == 0);
  f.wall = at(kToday - 2, 15);
  REQUIRE(f.store->matches().add_handover(m->id, 3).ok());
  REQUIRE(f.store->entries().get(n)->status == Status::met);
  // Two devices that each recorded the last units: the one after the need was covered changes
  // nothing about when it was met.
  f.wall = at(kToday - 1, 8);
  REQUIRE(f.store->matches().add_handover(m->id, 1).ok());

  const ReportFigures r = f.store->reports().compute(at(kToday, 12));
  std::array<int64_t, kReportDays> expected{};
  expected[slot(kToday - 2)] = 1;
  CHECK(met_days(r) == expected);
  CHECK(r.met_needs == 1);
  REQUIRE(r.median_ms_to_met);
  CHECK(*r.median_ms_to_met == at(kToday - 2, 15) - at(kToday - 6, 9));  // 4 days 6 hours
}

TEST_CASE("a need edited after it was met still counts on the day it was met") {
  Fixture f;
  // One met by a handover, one marked met by hand; both edited days later, and their contact
  // details purged, which moves each entry's last change.
  Entry by_handover = need("food", Urgency::normal, "Hall", 2);
  by_handover.contact_name = "Olena";
  by_handover.contact_consent = true;
  Id h = f.add(by_handover, at(kToday - 9, 8));
  Id o = f.add(offer("food", 2), at(kToday - 9, 8));
  f.hand_over(h, o, 2, at(kToday - 8, 11));
  Id by_hand = f.add(need("food", Urgency::low, "Hall"), at(kToday - 7, 10));
  f.wall = at(kToday - 6, 14);
  REQUIRE(f.store->entries().set_status(by_hand, Status::met).ok());

  f.wall = at(kToday - 2, 9);
  for (const Id& id : {h, by_hand}) {
    Entry e = *f.store->entries().get(id);
    e.details = "picked up by her neighbour";
    REQUIRE(f.store->entries().update(e).ok());
    CHECK(f.store->entries().get(id)->updated_at == at(kToday - 2, 9));
  }
  f.wall = at(kToday - 1, 9);
  REQUIRE(f.store->entries().purge_contacts(0).ok());
  CHECK(f.store->entries().get(h)->contact_name.empty());

  const ReportFigures r = f.store->reports().compute(at(kToday, 12));
  std::array<int64_t, kReportDays> expected{};
  expected[slot(kToday - 8)] = 1;
  expected[slot(kToday - 6)] = 1;
  CHECK(met_days(r) == expected);
  CHECK(r.met_needs == 2);
  REQUIRE(r.median_ms_to_met);
  // 1 day 3 hours and 1 day 4 hours: the mean of the two.
  CHECK(*r.median_ms_to_met == (27 * kHour + 28 * kHour) / 2);
}

TEST_CASE("an undone handover un-meets a need, and the handover that meets it again sets its day") {
  Fixture f;
  Id n = f.add(need("shelter", Urgency::high, "Hall", 2), at(kToday - 5, 9));
  Id o = f.add(offer("shelter", 4), at(kToday - 5, 9));
  f.wall = at(kToday - 4, 10);
  auto m = f.store->matches().add(n, o, 2, MatchStatus::confirmed);
  REQUIRE(m.ok());
  auto wrong = f.store->matches().add_handover(m->id, 2);
  REQUIRE(wrong.ok());
  REQUIRE(f.store->entries().get(n)->status == Status::met);
  CHECK(f.store->reports().compute(at(kToday - 4, 11)).met_needs == 1);
  // Recorded against the wrong need: undone a minute later by a compensating record.
  f.wall = at(kToday - 4, 10, 1);
  REQUIRE(undo_handover(*f.store, wrong->id).ok());
  REQUIRE(f.store->entries().get(n)->status == Status::open);
  {
    const ReportFigures r = f.store->reports().compute(at(kToday - 4, 12));
    CHECK(r.met_needs == 0);
    CHECK_FALSE(r.median_ms_to_met);
    for (const auto& d : r.met_per_day) CHECK(d.count == 0);
  }
  // Met for real two days later, in two handovers on the same afternoon.
  f.wall = at(kToday - 2, 16);
  REQUIRE(f.store->matches().add_handover(m->id, 1).ok());
  f.wall = at(kToday - 2, 17);
  REQUIRE(f.store->matches().add_handover(m->id, 1).ok());
  REQUIRE(f.store->entries().get(n)->status == Status::met);

  const ReportFigures r = f.store->reports().compute(at(kToday, 12));
  std::array<int64_t, kReportDays> expected{};
  expected[slot(kToday - 2)] = 1;
  CHECK(met_days(r) == expected);
  REQUIRE(r.median_ms_to_met);
  CHECK(*r.median_ms_to_met == at(kToday - 2, 17) - at(kToday - 5, 9));
}
