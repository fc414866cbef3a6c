// Search (issue 14, "Find things"): the full-text index of migration 18 (core/search.hpp) finds
// entries by item and details words on the public board, and also by ticket and contact name in
// the queue and on the command line; it follows every local write path (add, edit, CSV import,
// the contact purge); bad input never fails; and a query uses the index, not a scan of entries.
// Bundle imports and revocation take-backs: tests/sync/test_search_sync.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "core/csv.hpp"
#include "core/search.hpp"
#include "core/store.hpp"
#include "support/clocked_store.hpp"
#include "support/search_index_check.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::check_in_step;
using mutua::test::TempDir;
using mutua::test::TestClock;

namespace {

constexpr int64_t kSearchStart = 1'760'000'000'000;
constexpr int64_t kSearchDay = 86'400'000;

struct SearchDesk {
  TempDir dir;
  TestClock clock{kSearchStart};
  std::unique_ptr<Store> store = mutua::test::open_store(dir.file("s.db"), clock);
  Entry add(std::string item, std::string details = "", std::string name = "",
            Kind kind = Kind::need) {
    Entry e;
    e.kind = kind;
    e.category = "other";
    e.item = std::move(item);
    e.details = std::move(details);
    e.quantity = 1;
    e.contact_name = std::move(name);
    e.contact_consent = !e.contact_name.empty();
    auto r = store->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    return *r;
  }
  // The tickets found, in queue order.
  std::vector<std::string> find(const std::string& text, bool people = true) const {
    EntryQuery q;
    q.search = text;
    q.search_people = people;
    std::vector<std::string> tickets;
    for (const auto& e : store->entries().list(q, 100).entries) tickets.push_back(e.ticket);
    CHECK(store->entries().count(q) == int64_t(tickets.size()));
    return tickets;
  }
  bool finds(const std::string& text, const Entry& e, bool people = true) const {
    for (const auto& t : find(text, people))
      if (t == e.ticket) return true;
    return false;
  }
};

using Tickets = std::vector<std::string>;

}  // namespace

TEST_CASE("search: item, details, name and ticket, case and accents folded, any script") {
  SearchDesk d;
  Entry soap = d.add("Jabón de manos", "para 3 niños", "Olga Kovalenko");
  Entry water = d.add("Питна вода", "5 літрів", "Ірина");
  Entry bread = d.add("خبز", "للعائلة", "فاطمة");
  Entry cafe = d.add("Café moulu", "", "Élodie");
  CHECK(d.find("jabon") == Tickets{soap.ticket});
  CHECK(d.find("JABÓN") == Tickets{soap.ticket});
  CHECK(d.find("ninos") == Tickets{soap.ticket});  // details
  CHECK(d.find("вода") == Tickets{water.ticket});
  CHECK(d.find("ВОДА") == Tickets{water.ticket});
  CHECK(d.find("літр") == Tickets{water.ticket});  // a prefix: the word being typed
  CHECK(d.find("خبز") == Tickets{bread.ticket});
  CHECK(d.find("فاطمة") == Tickets{bread.ticket});
  CHECK(d.find("cafe") == Tickets{cafe.ticket});
  CHECK(d.find("elodie") == Tickets{cafe.ticket});
  CHECK(d.find("jab man") == Tickets{soap.ticket});  // every word, each a prefix
  CHECK(d.find("jabon вода").empty());
  CHECK(d.find("olga") == Tickets{soap.ticket});
  CHECK(d.find("kovalenko olga") == Tickets{soap.ticket});
  // Tickets with or without the dash, in any case, or their start.
  const std::string t = soap.ticket;  // "ABC-001"
  REQUIRE(t.find('-') != std::string::npos);
  std::string bare = t;
  bare.erase(bare.find('-'), 1);
  CHECK(d.find(t) == Tickets{t});
  CHECK(d.find(bare) == Tickets{t});
  std::string lower = t;
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  CHECK(d.find(lower) == Tickets{t});
  CHECK(d.find(t.substr(0, t.size() - 1)).size() == 4);  // "ABC-00": all four so far
  // One letter is a whole word, not a prefix (a prefix that short would be slow on 100,000).
  CHECK(d.find("j").empty());
  CHECK(d.find("3") == Tickets{soap.ticket});  // "para 3 niños"
  // Blank text filters nothing.
  CHECK(d.find("").size() == 4);
  CHECK(d.find("   ").size() == 4);
}

TEST_CASE("the public board finds item words only: never a ticket, a name or the details") {
  SearchDesk d;
  Entry soap = d.add("Soap", "for Olga's family", "Olga");
  Entry rice = d.add("Rice", "", "Maria Soap");
  CHECK(d.find("soap", false) == Tickets{soap.ticket});  // not Maria Soap's rice
  CHECK(d.find("maria", false).empty());
  CHECK(d.find(rice.ticket, false).empty());
  std::string bare = rice.ticket;
  bare.erase(bare.find('-'), 1);
  CHECK(d.find(bare, false).empty());
  // Details may hold personal data, and the board never shows them: they are not searched there.
  CHECK(d.find("olga", false).empty());
  CHECK(d.find("family", false).empty());
  CHECK(d.find("olga", true) == Tickets{soap.ticket});
  CHECK(d.find("maria", true) == Tickets{rice.ticket});
  CHECK(d.find(rice.ticket, true) == Tickets{rice.ticket});
  // The expression itself names only the public columns.
  CHECK(search_match_expression("xy z", SearchScope::board) == "fts_item : (\"xy\"* AND \"z\")");
}

TEST_CASE("search: quotes, FTS syntax, 10,000 characters, emoji and broken bytes never fail") {
  SearchDesk d;
  Entry a = d.add("Rice \"basmati\" (2 kg)", "NEAR the door: AND OR NOT *", "O'Brien");
  d.add("Beans");
  const std::string inputs[] = {"\"",
                                "\"\"",
                                "\"rice",
                                "rice\"",
                                "(",
                                ")",
                                "rice)",
                                "*",
                                "rice*",
                                "-",
                                "--",
                                "^rice",
                                "+",
                                "{fts_name}: o",
                                "fts_name:olga",
                                "NEAR(rice beans)",
                                "rice AND",
                                "OR",
                                "NOT rice",
                                "AND OR NOT",
                                ":",
                                "a:b",
                                "rice:",
                                "'",
                                "O'Brien",
                                "\xF0\x9F\x98\x80",
                                "\xF0\x9F\x8D\x9A rice",
                                "\xE2\x9D\xA4\xEF\xB8\x8F",
                                "\xFF\xFE rice \xC3",
                                std::string(10'000, 'a'),
                                std::string(10'000, '"'),
                                std::string(5'000, '(') + "rice",
                                [] {
                                  std::string s;
                                  for (int i = 0; i < 2'500; ++i) s += "ri* ";
                                  return s;
                                }(),
                                std::string("rice\0beans", 10)};
  for (const auto& s : inputs) {
    CAPTURE(s.substr(0, 40));
    for (bool people : {true, false}) {
      EntryQuery q;
      q.search = s;
      q.search_people = people;
      CHECK_NOTHROW((void)d.store->entries().list(q, 10));
      CHECK_NOTHROW((void)d.store->entries().count(q));
    }
  }
  // Syntax characters are plain text: the words around them are found.
  CHECK(d.find("\"rice") == Tickets{a.ticket});
  CHECK(d.find("rice)") == Tickets{a.ticket});
  CHECK(d.find("basmati\"") == Tickets{a.ticket});
  CHECK(d.find("(2") == Tickets{a.ticket});
  CHECK(d.find("NEAR") == Tickets{a.ticket});
  CHECK(d.find("not rice") == Tickets{a.ticket});  // "not" is a word of the details here
  CHECK(d.find("o'brien") == Tickets{a.ticket});
  CHECK(d.find("\xF0\x9F\x8D\x9A rice") == Tickets{a.ticket});  // the emoji is left out
  CHECK(d.find("\xF0\x9F\x98\x80").empty());                    // nothing to find: nothing found
  CHECK(d.find("***").empty());
  CHECK(d.find(std::string(10'000, 'a')).empty());
  // At most kMaxSearchWords words count.
  std::string many = "rice";
  for (size_t i = 0; i < 20; ++i) many += " zzz";
  CHECK(search_match_expression(many, SearchScope::people).size() < 200);
}

TEST_CASE(
    "the index follows adds, edits, status changes and CSV imports: new text found, old not") {
  SearchDesk d;
  Entry e = d.add("Lentils", "red", "Ana");
  CHECK(d.finds("lentils", e));
  e.item = "Chickpeas";
  e.details = "dried";
  e.contact_name = "Bea";
  REQUIRE(d.store->entries().update(e).ok());
  CHECK(d.finds("chickpeas", e));
  CHECK(d.finds("dried", e));
  CHECK(d.finds("bea", e));
  CHECK_FALSE(d.finds("lentils", e));
  CHECK_FALSE(d.finds("red", e));
  CHECK_FALSE(d.finds("ana", e));
  REQUIRE(d.store->entries().set_status(e.id, Status::cancelled).ok());  // rewrites the row
  CHECK(d.finds("chickpeas", e));
  CHECK(d.find("chickpeas").size() == 1);
  check_in_step(*d.store);

  // CSV: a new row, then the same id with a newer updated_at and other words.
  const std::string path = d.dir.file("in.csv");
  auto import = [&](const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    auto r = import_csv_file(*d.store, path);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  };
  const std::string id = "0123456789abcdef0123456789abcdef";
  import("id,kind,category,item,details,quantity,contact_name,updated_at\n" + id +
         ",need,food,Tinned tomatoes,,2,Carla,2025-10-01T10:00:00Z\n");
  CHECK(d.find("tomatoes").size() == 1);
  CHECK(d.find("carla").size() == 1);
  import("id,kind,category,item,details,quantity,contact_name,updated_at\n" + id +
         ",need,food,Olive oil,,2,Dora,2025-10-02T10:00:00Z\n");
  CHECK(d.find("tomatoes").empty());
  CHECK(d.find("carla").empty());
  CHECK(d.find("olive").size() == 1);
  CHECK(d.find("dora").size() == 1);
  check_in_step(*d.store);
}

TEST_CASE("the contact purge takes names out of the index, and out of its file") {
  SearchDesk d;
  Entry e = d.add("Blankets", "", "Zbigniew Quorrelbacker");
  CHECK(d.finds("quorrelbacker", e));
  REQUIRE(d.store->entries().set_status(e.id, Status::met).ok());
  d.clock.now += 2 * kSearchDay;
  auto purged = d.store->entries().purge_contacts(1);
  REQUIRE(purged.ok());
  CHECK(*purged == 1);
  CHECK_FALSE(d.finds("quorrelbacker", e));
  CHECK_FALSE(d.finds("zbigniew", e));
  CHECK(d.finds("blankets", e));
  check_in_step(*d.store);
  // Nor does the word stay in the index's own tables (a merged index keeps no deleted words).
  const Db& db = StoreTestAccess::db(*d.store);
  auto st =
      db.prepare("SELECT count(*) FROM entry_search_data WHERE instr(block, 'quorrelbacker') > 0");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 0);
}

TEST_CASE("writes do not touch the index; the next search catches up, once") {
  SearchDesk d;
  for (int i = 0; i < 50; ++i) d.add("Tinned beans " + std::to_string(i));
  const Db& db = StoreTestAccess::db(*d.store);
  auto count = [&](const char* table) {
    auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
    REQUIRE(st.step());
    return st.int64(0);
  };
  CHECK(count("entry_search") == 0);  // 50 writes paid nothing for search
  CHECK(d.find("beans").size() == 50);
  CHECK(count("entry_search") == 50);
  CHECK(refresh_entry_search(db) == 0);  // nothing new: nothing indexed again
  Entry e = d.add("Powdered milk");
  CHECK(refresh_entry_search(db) == 1);
  CHECK(d.finds("powdered", e));
  check_in_step(*d.store);
}

TEST_CASE("an entry stored with the change number already indexed is still found") {
  // Two connections writing outside a transaction can give their rows the same change number;
  // the one stored after a search had indexed that number must not be missed.
  SearchDesk d;
  Entry a = d.add("Lentils");
  CHECK(d.finds("lentils", a));
  const Db& db = StoreTestAccess::db(*d.store);
  int64_t top = 0;
  {
    auto st = db.prepare("SELECT chg FROM entry_search_state");
    REQUIRE(st.step());
    top = st.int64(0);
  }
  Entry b = d.add("Chickpeas");
  auto st = db.prepare("UPDATE entries SET chg = ?1 WHERE id = ?2");
  st.bind(1, top).bind_blob(2, b.id.bytes.data(), b.id.bytes.size()).run();
  CHECK(d.finds("chickpeas", b));
  CHECK(d.finds("lentils", a));
  check_in_step(*d.store);
}

TEST_CASE("an entry stored again with the change number already indexed is indexed again") {
  // Its row is stored anew (a higher rowid) under the number the last search indexed, as a
  // second connection writing outside a transaction can store it.
  SearchDesk d;
  Entry a = d.add("Lentils");
  CHECK(d.finds("lentils", a));
  const Db& db = StoreTestAccess::db(*d.store);
  auto chg_of = [&](const Entry& e) {
    auto st = db.prepare("SELECT chg FROM entries WHERE id = ?1");
    st.bind_blob(1, e.id.bytes.data(), e.id.bytes.size());
    REQUIRE(st.step());
    return st.int64(0);
  };
  const int64_t indexed = chg_of(a);
  a.item = "Chickpeas";
  REQUIRE(d.store->entries().update(a).ok());
  auto st = db.prepare("UPDATE entries SET chg = ?1 WHERE id = ?2");
  st.bind(1, indexed).bind_blob(2, a.id.bytes.data(), a.id.bytes.size()).run();
  CHECK(d.finds("chickpeas", a));
  CHECK_FALSE(d.finds("lentils", a));
  check_in_step(*d.store);
}

TEST_CASE("after an entry of the number indexed is deleted, a row reusing its rowid is found") {
  // SQLite gives a new row the highest rowid plus one: once the highest is deleted (a take-back),
  // a row stored later with the number already indexed can get a rowid it had.
  SearchDesk d;
  Entry a = d.add("Lentils");
  Entry b = d.add("Beans");
  const Db& db = StoreTestAccess::db(*d.store);
  auto rowid_of = [&](const Entry& e) {
    auto st = db.prepare("SELECT rowid FROM entries WHERE id = ?1");
    st.bind_blob(1, e.id.bytes.data(), e.id.bytes.size());
    REQUIRE(st.step());
    return st.int64(0);
  };
  auto renumber = [&](const Entry& e, const Entry& like) {
    auto st = db.prepare(
        "UPDATE entries SET chg = (SELECT chg FROM entries WHERE id = ?2)"
        " WHERE id = ?1");
    st.bind_blob(1, e.id.bytes.data(), 16).bind_blob(2, like.id.bytes.data(), 16).run();
  };
  renumber(a, b);  // one number for both, as one transaction gives
  CHECK(d.finds("beans", b));
  const int64_t b_rowid = rowid_of(b);
  auto del = db.prepare("DELETE FROM entries WHERE id = ?1");
  del.bind_blob(1, b.id.bytes.data(), 16).run();
  Entry c = d.add("Chickpeas");
  REQUIRE(rowid_of(c) == b_rowid);
  renumber(c, a);
  CHECK(d.finds("chickpeas", c));
  CHECK(d.finds("lentils", a));
  CHECK(d.find("beans").empty());
  check_in_step(*d.store);
}

TEST_CASE("migration 18 indexes the entries already there, and can run again") {
  TempDir dir;
  std::string ticket;
  {
    auto s = Store::open(dir.file("m.db"));
    REQUIRE(s.ok());
    Entry e;
    e.kind = Kind::need;
    e.category = "food";
    e.item = "Powdered milk";
    e.quantity = 1;
    ticket = (*s)->entries().add(e)->ticket;
    // As a database of version 16 was: no index.
    const Db& db = StoreTestAccess::db(**s);
    db.exec(
        "DROP TABLE entry_search; DROP TABLE entry_search_rows; DROP TABLE entry_search_state;"
        " PRAGMA user_version = 17");
  }
  auto s = Store::open(dir.file("m.db"));
  REQUIRE(s.ok());
  EntryQuery q;
  q.search = "powder";
  auto page = (*s)->entries().list(q, 10);
  REQUIRE(page.entries.size() == 1);
  CHECK(page.entries[0].ticket == ticket);
  // Again over an index already there: it starts over, nothing doubled.
  const Db& db = StoreTestAccess::db(**s);
  add_entry_search(db);
  CHECK((*s)->entries().count(q) == 1);
  auto st = db.prepare("SELECT count(*) FROM entry_search");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 1);
}

TEST_CASE("a search reads the index, not every entry (EXPLAIN QUERY PLAN)") {
  SearchDesk d;
  d.add("Rice");
  // The queue's query (open needs, this site), the board's, the command line's, and one filtered
  // on a column the search map does not hold (updated_at), which looks each entry up.
  EntryQuery queue;
  queue.kind = Kind::need;
  queue.active_only = true;
  queue.site = "Harbor Hall";
  queue.search = "rice";
  queue.search_people = true;
  EntryQuery board = queue;
  board.site.reset();
  board.search_people = false;
  EntryQuery all;
  all.search = "K7Q-042 rice";
  EntryQuery changed = all;
  changed.updated_since = kSearchStart;
  auto first_read = [](const std::string& plan) {
    size_t at = plan.find("SCAN ");
    at = std::min(at, plan.find("SEARCH "));
    return at == std::string::npos ? plan : plan.substr(at);
  };
  for (const EntryQuery& q : {queue, board, all, changed}) {
    std::string plan;
    for (const auto& line : d.store->entries().list_plan(q)) plan += line + "\n";
    CAPTURE(plan);
    CHECK(first_read(plan).rfind("SCAN entry_search VIRTUAL TABLE INDEX", 0) == 0);  // the MATCH
    CHECK(plan.find("SEARCH entry_search_rows USING INTEGER PRIMARY KEY (rowid=?)") !=
          std::string::npos);
    CHECK(plan.find("SEARCH entries USING INDEX") != std::string::npos);
    CHECK(plan.find("SCAN entries") == std::string::npos);
    CHECK(plan.find("USING INDEX entries_active") == std::string::npos);
    // A count reads the index and its map, and entries only for a filter the map lacks.
    std::string count;
    for (const auto& line : count_plan(StoreTestAccess::db(*d.store), q, d.clock.now))
      count += line + "\n";
    CAPTURE(count);
    CHECK(first_read(count).rfind("SCAN entry_search VIRTUAL TABLE INDEX", 0) == 0);
    CHECK(count.find("SEARCH entry_search_rows USING INTEGER PRIMARY KEY (rowid=?)") !=
          std::string::npos);
    CHECK(count.find("SCAN entries") == std::string::npos);
    CHECK((count.find("SEARCH entries") != std::string::npos) == q.updated_since.has_value());
  }
}
