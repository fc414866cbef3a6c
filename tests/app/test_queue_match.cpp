// The volunteer desk, tapped through headless: queue -> detail -> match two offers partly ->
// handovers (statuses derive) -> undo; contacts on the detail only, never on kiosk screens.
#include <doctest/doctest.h>

#include "app/ui/queue.hpp"
#include "app/ui/state.hpp"
#include "core/matching.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

constexpr const char* kQueuePhone = "+380 67 555 0101";
constexpr const char* kQueueName = "Olena Kovalenko";

struct QueueDesk {
  TempDir dir;
  std::unique_ptr<Store> store = test::open_test_store(dir.file("d.db"));
  Entry need, blankets, bags;
  QueueDesk() {
    Entry n;
    n.kind = Kind::need;
    n.category = "shelter";
    n.item = "Mantas";
    n.quantity = 10;
    n.urgency = Urgency::high;
    n.site = "Riverside School";
    n.contact_name = kQueueName;
    n.contact_phone = kQueuePhone;
    n.contact_consent = true;
    need = *store->entries().add(n);
    blankets = offer("Warm blankets", 6, "Riverside School");
    bags = offer("Sleeping bags", 10, "Hill Camp");
  }
  Entry offer(const char* item, int64_t qty, const char* site) {
    Entry o;
    o.kind = Kind::offer;
    o.category = "shelter";
    o.item = item;
    o.quantity = qty;
    o.site = site;
    return *store->entries().add(o);
  }
};

void sign_in_desk(Kiosk& k, Screen screen) {
  k.ui.state.signed_in = SignedIn{Id{}, "Ana", Role::volunteer};
  k.ui.state.screen = screen;
  k.frames(3);
}

}  // namespace

TEST_CASE("a volunteer matches a need to two offers partly and records the handovers") {
  QueueDesk d;
  Kiosk k(*d.store, 1280, 800);
  sign_in_desk(k, Screen::queue);
  REQUIRE_MESSAGE(k.find(d.need.ticket), k.drawn());
  CHECK(k.shows("Mantas"));
  CHECK(!k.shows(kQueuePhone));  // the queue is a list: no contacts
  k.tap(d.need.ticket);
  REQUIRE(k.ui.state.screen == Screen::entry_detail);
  CHECK(k.shows(kQueuePhone));
  CHECK(k.shows(kQueueName));

  k.tap("Find offers");
  REQUIRE(k.ui.state.screen == Screen::match);
  CHECK(k.shows("10 of 10 still to match"));
  // The blankets rank first (item word and site); their stepper starts at all 6 of them.
  const CapturedText* first = k.find("1.  " + d.blankets.ticket, 0, true);
  REQUIRE_MESSAGE(first, k.drawn());
  CHECK(k.shows("Item words in common: mantas = blankets"));
  k.tap("Match 6");
  CHECK(k.shows("Matched with " + d.blankets.ticket + "."));
  CHECK(k.shows("4 of 10 still to match"));
  // The sleeping bags are now the top suggestion, offered for the 4 still needed; one tap on
  // "−" makes it 3, a partial match of the rest.
  REQUIRE_MESSAGE(k.find("Match 4"), k.drawn());
  k.tap("\xE2\x88\x92");
  k.tap("Match 3");
  CHECK(k.shows("1 of 10 still to match"));
  auto matches = d.store->matches().for_entry(d.need.id);
  REQUIRE(matches.size() == 2);
  CHECK(allocation(*d.store, d.need).promised == 9);

  k.tap("Record a handover");
  REQUIRE(k.ui.state.screen == Screen::handover);
  k.tap("Given: 6");
  CHECK(d.store->entries().get(d.need.id)->status == Status::partly_met);
  CHECK(d.store->entries().get(d.blankets.id)->status == Status::taken);
  CHECK(k.shows("Partly met"));
  k.tap("Given: 3");
  CHECK(d.store->entries().get(d.need.id)->status == Status::partly_met);
  CHECK(d.store->entries().get(d.bags.id)->status == Status::partly_taken);
  CHECK(allocation(*d.store, d.need).given == 9);

  // Undo the last one: a compensating record, and the statuses derive back.
  REQUIRE(k.find("Undo"));
  k.tap("Undo", 1);
  CHECK(k.shows("Undone."));
  CHECK(d.store->entries().get(d.bags.id)->status == Status::available);
  CHECK(allocation(*d.store, d.need).given == 6);
  const auto& m2 = matches[0].offer == d.bags.id ? matches[0] : matches[1];
  CHECK(d.store->matches().handovers_for(m2.id).size() == 2);

  // Marking the need met from the detail.
  k.tap("\xE2\x80\xB9  Back");
  REQUIRE(k.ui.state.screen == Screen::entry_detail);
  k.tap("Mark met");
  CHECK(d.store->entries().get(d.need.id)->status == Status::met);
}

TEST_CASE("the detail shows contacts to a volunteer only; kiosk screens never do") {
  QueueDesk d;
  Kiosk k(*d.store, 800, 480);
  sign_in_desk(k, Screen::queue);
  k.tap(d.need.ticket);
  CHECK(k.shows(kQueuePhone));
  // Signed out (or never signed in): the same detail hides them.
  k.ui.state.signed_in.reset();
  open_entry_detail(k.ui.state, d.need.id, Screen::queue);
  k.frames(3);
  CHECK(!k.shows(kQueuePhone));
  CHECK(!k.shows(kQueueName));
  CHECK(k.shows("Contact details are shown to signed-in volunteers only."));
  // The kiosk's board lists the same need without them.
  k.ui.state.screen = Screen::board;
  k.ui.state.board.kind = Kind::need;
  k.frames(4);
  CHECK(k.shows("Mantas"));
  CHECK(!k.shows(kQueuePhone));
  CHECK(!k.shows(kQueueName));
}

TEST_CASE("the queue lists urgent needs first and filters by category and site") {
  QueueDesk d;
  Entry n;
  n.kind = Kind::need;
  n.category = "water";
  n.item = "Agua";
  n.urgency = Urgency::critical;
  n.site = "Hill Camp";
  const Entry water = *d.store->entries().add(n);
  Kiosk k(*d.store, 1280, 800);
  sign_in_desk(k, Screen::queue);
  const CapturedText* a = k.find(water.ticket);
  const CapturedText* b = k.find(d.need.ticket);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->min.y < b->min.y);  // critical before high
  k.tap("Water");
  CHECK(k.find(water.ticket));
  CHECK(!k.find(d.need.ticket));
  k.tap("All");
  CHECK(k.find(d.need.ticket));
  // This device's site: only the needs posted there.
  auto self = *d.store->devices().get(d.store->replica().device_id());
  self.site = "Riverside School";
  REQUIRE(d.store->devices().put(self).ok());
  k.ui.state.desk.queue.filter_changed = true;
  k.frames(2);
  k.tap("Riverside School");
  k.frames(2);
  CHECK(k.find(d.need.ticket));
  CHECK(!k.find(water.ticket));
}

TEST_CASE("stock from the supply van becomes an offer at this site") {
  QueueDesk d;
  auto self = *d.store->devices().get(d.store->replica().device_id());
  self.site = "Riverside School";
  REQUIRE(d.store->devices().put(self).ok());
  Kiosk k(*d.store, 1280, 800);
  sign_in_desk(k, Screen::offers_stock);
  CHECK(k.find(d.blankets.ticket));
  CHECK(!k.find(d.bags.ticket));  // at Hill Camp
  k.tap("Add stock from the van");
  k.tap("Water");
  k.type("What arrived", "Bottled water");
  k.tap("+");
  k.tap("+");
  k.tap("Add to stock");
  CHECK(k.shows("Added to stock as"));
  EntryQuery q;
  q.kind = Kind::offer;
  q.category = "water";
  auto page = d.store->entries().list(q, 10);
  REQUIRE(page.entries.size() == 1);
  CHECK(page.entries[0].item == "Bottled water");
  CHECK(page.entries[0].quantity == 3);
  CHECK(page.entries[0].site == "Riverside School");
}

TEST_CASE("the queue's site filter pages past the first 2,000 needs of a site") {
  QueueDesk d;
  auto self = *d.store->devices().get(d.store->replica().device_id());
  self.site = "Riverside School";
  REQUIRE(d.store->devices().put(self).ok());
  // 2,100 urgent needs at this site, 400 at another, then one low-urgency need typed with
  // another case: it sorts last of the site's list, past where a capped scan used to stop.
  std::vector<Entry> bulk;
  const int64_t t0 = d.store->replica().now_ms() - 3'600'000;
  for (int i = 0; i < 2500; ++i) {
    Entry e;
    e.id = Id::random();
    e.kind = Kind::need;
    e.category = "food";
    e.item = "Rice " + std::to_string(i);
    e.quantity = 1;
    e.urgency = Urgency::critical;
    e.site = i < 2100 ? "Riverside School" : "Hill Camp";
    e.created_at = e.updated_at = t0 + i;
    bulk.push_back(e);
  }
  Entry last = bulk.back();
  last.id = Id::random();
  last.item = "The last one";
  last.urgency = Urgency::low;
  last.site = "riverside school";
  bulk.push_back(last);
  REQUIRE(d.store->entries().import(bulk).ok());
  const Entry target = *d.store->entries().get(last.id);

  Kiosk k(*d.store, 1280, 800);
  k.ui.log_text = false;  // logging makes the clipper draw every row
  sign_in_desk(k, Screen::queue);
  k.tap("Riverside School");
  QueueState& q = k.ui.state.desk.queue;
  REQUIRE(q.this_site_only);
  // The 2,100 rice needs, the desk's own need (Riverside School) and the last one.
  CHECK(q.count == 2102);
  CHECK(!k.find(target.ticket));
  CHECK(q.pager.fetches() <= 2);  // only the rows on screen were read, not the site's list

  // Scroll to the very end; the pager walks there page by page over a few frames.
  ImGuiWindow* list = nullptr;
  for (ImGuiWindow* w : GImGui->Windows)
    if (std::string(w->Name).find("##queue_") != std::string::npos) list = w;
  REQUIRE(list);
  for (int i = 0; i < 20 && !k.find(target.ticket); ++i) {
    ImGui::SetScrollY(list, list->ScrollMax.y + 1e6f);
    k.frame();
  }
  REQUIRE_MESSAGE(k.find(target.ticket), k.drawn());
  CHECK(k.shows("The last one"));
  CHECK(k.shows("Rice 2099"));  // the last of the site's urgent ones sits just above
  CHECK(q.pager.fetches() < 2102 / EntryPager::kPageSize + 8);
  k.tap(target.ticket);
  CHECK(k.ui.state.screen == Screen::entry_detail);
  CHECK(k.ui.state.desk.detail.id == target.id);
}
