// EntryPager: keyset pages fetched on demand, a bounded amount per frame.
#include <doctest/doctest.h>

#include "app/ui/entry_pager.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

TEST_CASE("the pager reaches a far row over several frames and in list order") {
  TempDir dir;
  auto opened = Store::open(dir.file("a.db"));
  REQUIRE(opened.ok());
  Store& store = **opened;
  for (int i = 0; i < 1000; ++i) {
    Entry e;
    e.kind = Kind::need;
    e.category = "food";
    e.item = "Thing " + std::to_string(i);
    REQUIRE(store.entries().add(e).ok());
  }
  EntryQuery q;
  q.kind = Kind::need;
  q.active_only = true;

  EntryPager pager;
  pager.reset(q);
  const size_t far = 900;  // page 14: more than one frame's fetch budget away
  const Entry* e = nullptr;
  int frames = 0;
  while (!e && frames < 10) {
    pager.begin_frame();
    e = pager.at(store, far);
    ++frames;
    if (!e) CHECK(pager.pending());
  }
  REQUIRE(e != nullptr);
  CHECK(frames == 2);
  CHECK(pager.fetches() == 15);

  // The same row, reached by reading every page in order.
  std::optional<PageCursor> cursor;
  std::vector<Entry> all;
  do {
    EntryPage page = store.entries().list(q, 100, cursor);
    all.insert(all.end(), page.entries.begin(), page.entries.end());
    cursor = page.next;
  } while (cursor);
  REQUIRE(all.size() == 1000);
  CHECK(e->id == all[far].id);

  // Past the end there is nothing, and nothing left to wait for.
  pager.begin_frame();
  CHECK(pager.at(store, 1000) == nullptr);
  pager.begin_frame();
  CHECK(pager.at(store, 1000) == nullptr);
  CHECK_FALSE(pager.pending());
}
