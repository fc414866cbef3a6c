// The search index's map (migration 22, core/search.hpp) holds what a search filters and sorts on
// (kind, state, expiry, urgency, age, category, site), so a count never reads entries and a page
// reads only its own rows. It must follow every local change to those: a handover's derived
// state (changed in place, with no new change number), a status, an edit, expiry by time. Each
// search here is checked against the same query without the search, which reads entries.
// Bundles and a revocation's take-back: tests/sync/test_search_sync.cpp.
#include <doctest/doctest.h>

#include <memory>

#include "core/store.hpp"
#include "support/clocked_store.hpp"
#include "support/search_index_check.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::check_in_step;
using mutua::test::open_store;
using mutua::test::TempDir;
using mutua::test::TestClock;

namespace {

constexpr int64_t kMapStart = 1'760'000'000'000;
constexpr int64_t kMapDay = 86'400'000;

std::string join(const std::vector<std::string>& tickets) {
  std::string s;
  for (const auto& t : tickets) s += t + " ";
  return s;
}

struct MapDesk {
  TempDir dir;
  TestClock clock{kMapStart};
  std::unique_ptr<Store> store = open_store(dir.file("s.db"), clock);
  Entry add(Kind kind, std::string item, Urgency urgency = Urgency::normal, int64_t qty = 2,
            int64_t expires_at = 0) {
    Entry e;
    e.kind = kind;
    e.category = "food";
    e.item = std::move(item);
    e.quantity = qty;
    e.urgency = urgency;
    e.expires_at = expires_at;
    auto r = store->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    clock.now += 1000;  // each entry a second older than the next
    return *r;
  }
  // The tickets a query finds, paged two at a time through the cursor, in queue order.
  std::vector<std::string> tickets(const EntryQuery& q) const {
    std::vector<std::string> found;
    std::optional<PageCursor> after;
    for (int page = 0; page < 50; ++page) {
      auto p = store->entries().list(q, 2, after);
      for (const auto& e : p.entries) found.push_back(e.ticket);
      if (!p.next) break;
      after = p.next;
    }
    return found;
  }
  // What a search for `text` finds with the query's other filters (through the map), checked
  // against the same query without it (through entries), every entry's item holding `text`.
  std::vector<std::string> search(EntryQuery q, const std::string& text) const {
    const std::vector<std::string> all = tickets(q);
    q.search = text;
    const std::vector<std::string> found = tickets(q);
    CHECK(join(found) == join(all));
    CHECK(store->entries().count(q) == static_cast<int64_t>(found.size()));
    return found;
  }
};

EntryQuery board(Kind kind) {
  EntryQuery q;
  q.kind = kind;
  q.active_only = true;
  return q;
}

EntryQuery with_status(Status s) {
  EntryQuery q;
  q.status = s;
  return q;
}

}  // namespace

TEST_CASE("the search map follows the state a handover derives, in place, for counts and pages") {
  MapDesk d;
  const Entry need = d.add(Kind::need, "Rice", Urgency::normal, 2);
  const Entry offer = d.add(Kind::offer, "Rice", Urgency::normal, 5);
  CHECK(d.search(board(Kind::need), "rice") == std::vector<std::string>{need.ticket});
  auto match = d.store->matches().add(need.id, offer.id, 2, MatchStatus::confirmed);
  REQUIRE(match.ok());
  REQUIRE(d.store->matches().add_handover(match->id, 1).ok());
  CHECK(d.search(with_status(Status::partly_met), "rice") == std::vector<std::string>{need.ticket});
  CHECK(d.search(with_status(Status::partly_taken), "rice") ==
        std::vector<std::string>{offer.ticket});
  CHECK(d.search(with_status(Status::open), "rice").empty());
  check_in_step(*d.store);
  REQUIRE(d.store->matches().add_handover(match->id, 1).ok());
  // Met: off the board's needs, on the list of met ones; the offer still partly taken.
  CHECK(d.search(board(Kind::need), "rice").empty());
  CHECK(d.search(with_status(Status::met), "rice") == std::vector<std::string>{need.ticket});
  CHECK(d.search(board(Kind::offer), "rice") == std::vector<std::string>{offer.ticket});
  check_in_step(*d.store);
}

TEST_CASE("the search map follows statuses, edits of urgency, category and site, and expiry") {
  MapDesk d;
  const Entry a = d.add(Kind::need, "Rice", Urgency::low);
  const Entry b = d.add(Kind::need, "Rice", Urgency::normal, 2, kMapStart + kMapDay);
  const Entry c = d.add(Kind::need, "Rice", Urgency::high);
  const Entry e = d.add(Kind::need, "Rice", Urgency::normal);
  CHECK(d.search(board(Kind::need), "rice") ==
        std::vector<std::string>{c.ticket, b.ticket, e.ticket, a.ticket});

  // A status set by hand.
  REQUIRE(d.store->entries().set_status(e.id, Status::cancelled).ok());
  CHECK(d.search(board(Kind::need), "rice") ==
        std::vector<std::string>{c.ticket, b.ticket, a.ticket});
  CHECK(d.search(with_status(Status::cancelled), "rice") == std::vector<std::string>{e.ticket});

  // Urgency (the order), category and site, edited.
  Entry edited = *d.store->entries().get(a.id);
  edited.urgency = Urgency::critical;
  edited.category = "hygiene";
  edited.site = "Harbor Hall";
  REQUIRE(d.store->entries().update(edited).ok());
  CHECK(d.search(board(Kind::need), "rice") ==
        std::vector<std::string>{a.ticket, c.ticket, b.ticket});
  EntryQuery food = board(Kind::need);
  food.category = "food";
  CHECK(d.search(food, "rice") == std::vector<std::string>{c.ticket, b.ticket});
  EntryQuery here = board(Kind::need);
  here.site = "harbor hall";
  CHECK(d.search(here, "rice") == std::vector<std::string>{a.ticket});
  check_in_step(*d.store);

  // Expiry by time: nothing is written, the search compares with the clock.
  d.clock.now = kMapStart + 2 * kMapDay;
  CHECK(d.search(board(Kind::need), "rice") == std::vector<std::string>{a.ticket, c.ticket});
  CHECK(d.search(with_status(Status::expired), "rice") == std::vector<std::string>{b.ticket});
  CHECK(d.search(with_status(Status::open), "rice") ==
        std::vector<std::string>{a.ticket, c.ticket});
  // And an expiry moved later by an edit brings it back.
  Entry later = *d.store->entries().get(b.id);
  later.expires_at = kMapStart + 9 * kMapDay;
  REQUIRE(d.store->entries().update(later).ok());
  CHECK(d.search(board(Kind::need), "rice") ==
        std::vector<std::string>{a.ticket, c.ticket, b.ticket});
  check_in_step(*d.store);
}
