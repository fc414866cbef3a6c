#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/demo.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::TempDir;

namespace {

std::unique_ptr<Store> open_demo_store(const std::string& path, Store::Options o = {}) {
  auto s = Store::open(path, std::move(o));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

std::map<Id, Entry> by_id(const Store& store) {
  std::map<Id, Entry> out;
  std::optional<PageCursor> cursor;
  do {
    auto page = store.entries().list(EntryQuery{}, 500, cursor);
    for (auto& e : page.entries) out.emplace(e.id, e);
    cursor = page.next;
  } while (cursor);
  return out;
}

// Everything a person sees, except the ticket (each device has its own prefix).
std::string content(const Entry& e) {
  return std::string(to_string(e.kind)) + "|" + e.category + "|" + e.item + "|" + e.details + "|" +
         std::to_string(e.quantity) + "|" + e.unit + "|" + std::string(to_string(e.urgency)) + "|" +
         std::to_string(e.people) + "|" + e.site + "|" + e.area + "|" + e.contact_name + "|" +
         e.contact_phone + "|" + (e.contact_consent ? "y" : "n") + "|" + e.language + "|" +
         std::string(to_string(e.status)) + "|" + std::to_string(e.created_at) + "|" +
         std::to_string(e.expires_at) + "|" + std::to_string(e.updated_at);
}

const int64_t kWall = 1'740'000'000'000;  // a fixed clock, so times compare exactly

}  // namespace

TEST_CASE("demo data from the same seed has the same content") {
  TempDir dir;
  Store::Options fixed{[] { return kWall; }};
  auto a = open_demo_store(dir.file("a.db"), fixed);
  auto b = open_demo_store(dir.file("b.db"), fixed);
  REQUIRE(generate_demo(*a, {.entries = 300, .seed = 42}).ok());
  REQUIRE(generate_demo(*b, {.entries = 300, .seed = 42}).ok());
  auto ea = by_id(*a), eb = by_id(*b);
  REQUIRE(ea.size() == 300);
  REQUIRE(eb.size() == 300);
  for (const auto& [id, e] : ea) {
    auto it = eb.find(id);
    REQUIRE(it != eb.end());
    CHECK(content(e) == content(it->second));
  }
}

TEST_CASE("demo data from another seed differs") {
  TempDir dir;
  auto a = open_demo_store(dir.file("a.db"));
  REQUIRE(generate_demo(*a, {.entries = 50, .seed = 1}).ok());
  REQUIRE(generate_demo(*a, {.entries = 50, .seed = 2}).ok());
  CHECK(a->entries().count(EntryQuery{}) == 100);
}

TEST_CASE("generating the same seed twice adds nothing the second time") {
  TempDir dir;
  auto a = open_demo_store(dir.file("a.db"));
  auto first = generate_demo(*a, {.entries = 100, .seed = 5});
  REQUIRE(first.ok());
  CHECK(*first == 100);
  auto second = generate_demo(*a, {.entries = 100, .seed = 5});
  REQUIRE(second.ok());
  CHECK(*second == 0);
  CHECK(a->entries().count(EntryQuery{}) == 100);
}

TEST_CASE("fourteen demo entries cover every category and both kinds") {
  TempDir dir;
  auto a = open_demo_store(dir.file("a.db"));
  REQUIRE(generate_demo(*a, {.entries = 14, .seed = 9}).ok());
  std::set<std::string> categories;
  std::set<Kind> kinds;
  for (const auto& [id, e] : by_id(*a)) {
    categories.insert(e.category);
    kinds.insert(e.kind);
  }
  CHECK(categories.size() == default_categories().size());
  for (const auto& c : default_categories()) CHECK(categories.count(c.id) == 1);
  CHECK(kinds.size() == 2);
}

TEST_CASE(
    "demo data looks like a working board: recent, mostly active, with tickets and consented "
    "contacts") {
  TempDir dir;
  Store::Options fixed{[] { return kWall; }};
  auto a = open_demo_store(dir.file("a.db"), fixed);
  REQUIRE(generate_demo(*a, {.entries = 1000, .seed = 11}).ok());
  auto all = by_id(*a);
  REQUIRE(all.size() == 1000);
  size_t active = 0, recent = 0, with_contact = 0;
  std::set<std::string> tickets, sites;
  for (const auto& [id, e] : all) {
    CHECK(e.created_at <= kWall);
    CHECK(e.created_at >= kWall - 21 * 86'400'000LL);
    CHECK(e.updated_at <= kWall);
    CHECK(e.updated_at >= e.created_at);
    CHECK_FALSE(e.ticket.empty());
    tickets.insert(e.ticket);
    sites.insert(e.site);
    if (is_active(e.status)) ++active;
    if (e.created_at > kWall - 86'400'000) ++recent;
    if (!e.contact_name.empty()) {
      ++with_contact;
      CHECK(e.contact_consent);
    }
    if (e.kind == Kind::offer) CHECK(e.people == 0);
  }
  CHECK(tickets.size() == 1000);
  CHECK(sites.size() >= 5);
  CHECK(active > 500);
  CHECK(active < 1000);  // some met, taken, cancelled or withdrawn
  CHECK(recent > 50);    // something posted in the last day
  CHECK(with_contact > 200);
}
