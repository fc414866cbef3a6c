// The "matched, not yet handed over" list (issue 14): exactly the live matches with units still
// to hand over, oldest match first; a handover or an undone match takes a row off.
#include <doctest/doctest.h>

#include <memory>

#include "core/matching.hpp"
#include "core/store.hpp"
#include "core/waiting_matches.hpp"
#include "support/clocked_store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

constexpr int64_t kWaitMinute = 60'000;
constexpr int64_t kWaitStart = 1'760'000'000'000;

struct WaitDesk {
  TempDir dir;
  test::TestClock clock{kWaitStart};
  std::unique_ptr<Store> store = test::open_store(dir.file("w.db"), clock);
  Entry add(Kind kind, std::string item, int64_t qty, std::string name = "",
            std::string phone = "") {
    Entry e;
    e.kind = kind;
    e.item = std::move(item);
    e.category = "food";
    e.quantity = qty;
    e.contact_name = std::move(name);
    e.contact_phone = std::move(phone);
    e.contact_consent = !e.contact_phone.empty();
    auto r = store->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return *r;
  }
  // A match made `minutes` after the start.
  Match match(const Entry& n, const Entry& o, int64_t qty, int64_t minutes,
              MatchStatus status = MatchStatus::confirmed) {
    clock.now = kWaitStart + minutes * kWaitMinute;
    auto r = status == MatchStatus::confirmed ? confirm_match(*store, n, o, qty)
                                              : store->matches().add(n.id, o.id, qty, status);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return *r;
  }
  std::vector<std::string> rows(std::string_view search = {}) {
    std::vector<std::string> out;
    for (const auto& w : waiting_matches(*store, search))
      out.push_back(w.need.item + "/" + w.offer.item + ":" + std::to_string(w.left()));
    return out;
  }
};

using Rows = std::vector<std::string>;

}  // namespace

TEST_CASE("matched, not handed over: the right rows, oldest match first, with what is left") {
  WaitDesk d;
  Entry rice = d.add(Kind::need, "Rice", 10, "Olga", "+380 50 111 2233");
  Entry oil = d.add(Kind::need, "Oil", 3);
  Entry milk = d.add(Kind::need, "Milk", 4);
  Entry bread = d.add(Kind::need, "Bread", 2);
  Entry beans = d.add(Kind::need, "Beans", 5);
  Entry rice_o = d.add(Kind::offer, "Rice sacks", 10, "Marta", "+34 600 000 111");
  Entry oil_o = d.add(Kind::offer, "Sunflower oil", 3);
  Entry milk_o = d.add(Kind::offer, "Milk cartons", 4);
  Entry bread_o = d.add(Kind::offer, "Bread loaves", 2);
  Entry beans_o = d.add(Kind::offer, "Beans tins", 5);

  const Match m_oil = d.match(oil, oil_o, 3, 30);       // confirmed, nothing given: a row
  const Match m_rice = d.match(rice, rice_o, 6, 10);    // confirmed, 2 of 6 given: 4 left
  d.match(milk, milk_o, 4, 20, MatchStatus::proposed);  // proposed: also waiting
  const Match m_bread = d.match(bread, bread_o, 2, 5);  // fully handed over: no row
  const Match m_beans = d.match(beans, beans_o, 5, 1);  // undone: no row
  d.clock.now = kWaitStart + 40 * kWaitMinute;
  REQUIRE(record_handover(*d.store, m_rice.id, 2).ok());
  REQUIRE(record_handover(*d.store, m_bread.id, 2).ok());
  REQUIRE(undo_match(*d.store, m_beans.id).ok());
  CHECK(d.store->matches().get(m_beans.id)->status == MatchStatus::cancelled);
  CHECK(allocation(*d.store, beans).unmatched() == 5);  // free to match again

  CHECK(d.rows() == Rows{"Rice/Rice sacks:4", "Milk/Milk cartons:4", "Oil/Sunflower oil:3"});
  CHECK(count_waiting_matches(*d.store) == 3);
  const auto all = waiting_matches(*d.store);
  REQUIRE(all.size() == 3);
  CHECK(all[0].given == 2);
  CHECK(all[0].need.contact_phone == "+380 50 111 2233");  // the person to call
  CHECK(all[0].offer.contact_name == "Marta");             // who offered

  // Search: a ticket with or without its dash, item words, a name, any case; every word.
  CHECK(d.rows("olga") == Rows{"Rice/Rice sacks:4"});
  CHECK(d.rows("MARTA rice") == Rows{"Rice/Rice sacks:4"});
  CHECK(d.rows("sunflower") == Rows{"Oil/Sunflower oil:3"});
  CHECK(d.rows(oil.ticket) == Rows{"Oil/Sunflower oil:3"});
  std::string no_dash = milk.ticket;
  std::erase(no_dash, '-');
  CHECK(d.rows(no_dash) == Rows{"Milk/Milk cartons:4"});
  CHECK(d.rows("rice oil").empty());
  size_t total = 0;
  CHECK(waiting_matches(*d.store, "", 2, &total).size() == 2);
  CHECK(total == 3);

  // Handing over the rest takes the row off; undoing the oil match does too.
  REQUIRE(record_handover(*d.store, m_rice.id, 4).ok());
  REQUIRE(undo_match(*d.store, m_oil.id).ok());
  CHECK(d.rows() == Rows{"Milk/Milk cartons:4"});
}

TEST_CASE("a match with units handed over on it cannot be undone; undo the handover first") {
  WaitDesk d;
  Entry n = d.add(Kind::need, "Tent", 2);
  Entry o = d.add(Kind::offer, "Tent", 2);
  const Match m = d.match(n, o, 2, 0);
  auto h = record_handover(*d.store, m.id, 1);
  REQUIRE(h.ok());
  auto refused = undo_match(*d.store, m.id);
  REQUIRE(!refused.ok());
  CHECK(refused.error() ==
        "1 already handed over on this match: undo that handover first, or record the rest");
  CHECK(d.store->matches().get(m.id)->status == MatchStatus::confirmed);
  REQUIRE(undo_handover(*d.store, h->id).ok());
  REQUIRE(undo_match(*d.store, m.id).ok());
  CHECK(!undo_match(*d.store, m.id).ok());  // not twice
  CHECK(d.rows().empty());
}
