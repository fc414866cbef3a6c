// One validator for every write: a local write passes the same row check a peer's import runs,
// so nothing this device stores can make its bundles unreadable elsewhere.
#include <doctest/doctest.h>

#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/validate.hpp"

using namespace mutua;

namespace {

std::unique_ptr<Store> memory_store() {
  auto s = Store::open(":memory:");
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

Entry rice() {
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = "rice";
  e.quantity = 3;
  return e;
}

// What a refused write must leave as it was: the content, the version vector, the history.
struct Snapshot {
  std::string hash;
  VersionVector vector;
  explicit Snapshot(const Store& s)
      : hash(s.replica().content_hash()), vector(s.replica().version_vector()) {}
  bool operator==(const Snapshot&) const = default;
};

}  // namespace

TEST_CASE(
    "a local write of text that is not UTF-8 is refused with the import's reason and changes "
    "nothing") {
  auto store = memory_store();
  auto e = store->entries().add(rice());
  REQUIRE(e.ok());
  const Snapshot before(*store);
  auto w = store->replica().write(TableId::entries, e->id, nullptr,
                                  {{entry_field::item, std::string("ri\xD0")}});
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "entries.item is not valid UTF-8");
  CHECK(Snapshot(*store) == before);
  CHECK(store->entries().get(e->id)->item == "rice");
}

TEST_CASE(
    "a local write of an unknown urgency is refused with the import's reason and changes nothing") {
  auto store = memory_store();
  auto e = store->entries().add(rice());
  REQUIRE(e.ok());
  const Snapshot before(*store);
  auto w = store->replica().write(TableId::entries, e->id, nullptr,
                                  {{entry_field::urgency, int64_t{9}}});
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "entries.urgency has an unknown value (9)");
  CHECK(Snapshot(*store) == before);
  CHECK(store->entries().get(e->id)->urgency == Urgency::normal);
}

TEST_CASE("a new record that a peer would refuse is not created") {
  auto store = memory_store();
  const Snapshot before(*store);
  const size_t devices = store->devices().all().size();
  Device d;
  d.id = Id::random();
  d.name = "Tablet \xE2\x82";  // half a euro sign
  auto w = store->devices().put(d);
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "devices.name is not valid UTF-8");
  CHECK(store->devices().all().size() == devices);
  CHECK(Snapshot(*store) == before);
}

TEST_CASE("settings out of range are refused by the write path itself") {
  auto store = memory_store();
  const Snapshot before(*store);
  static const std::vector<Value> no_fixed;
  auto w = store->replica().write(TableId::settings, Id{}, &no_fixed,
                                  {{settings_field::retention_days, int64_t{99'999}}});
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "settings.retention_days has an unknown value (99999)");
  CHECK(Snapshot(*store) == before);
}

TEST_CASE("a spreadsheet row a peer would refuse is not imported, and nothing of its file is") {
  auto store = memory_store();
  auto first = rice();
  first.id = Id::random();
  auto second = rice();
  second.id = Id::random();
  second.ticket = std::string(40, 'T');  // tickets replicate with a bound of 32 bytes
  const Snapshot before(*store);
  auto r = store->entries().import({first, second});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "entry 2: entries.ticket is too long");
  CHECK(store->entries().count(EntryQuery{}) == 0);
  CHECK(Snapshot(*store) == before);
}

TEST_CASE("a language of 16 Cyrillic letters is refused where it is typed, not on the peer") {
  auto store = memory_store();
  auto e = rice();
  e.language = "українськамоваaa";  // 16 characters, 29 bytes
  auto added = store->entries().add(e);
  REQUIRE_FALSE(added.ok());
  CHECK(added.error() == "language is too long: give a short code such as uk or en-GB");
  e.language = "uk";
  CHECK(store->entries().add(e).ok());
}

TEST_CASE("every entry the entry validator accepts passes the import's row check") {
  // The two validators must agree at the limits: characters counted one way, bytes the other.
  auto e = rice();
  e.id = Id::random();
  e.item.clear();
  for (size_t i = 0; i < limits::item_chars; ++i) e.item += "\xF0\x9F\x8D\x9A";  // 🍚
  e.details.clear();
  for (size_t i = 0; i < limits::details_chars; ++i) e.details += "\xF0\x9F\x8D\x9A";
  for (auto* s : {&e.unit, &e.site, &e.area, &e.contact_name}) {
    s->clear();
    for (size_t i = 0; i < limits::short_chars; ++i) *s += "\xF0\x9F\x91\xAA";
  }
  e.contact_phone = std::string(limits::phone_chars, '7');
  e.language = std::string(limits::language_chars, 'u');
  REQUIRE_FALSE(validate_entry(e, {"food"}).has_value());
  e.ticket = "RIC-001";  // given when it is stored; a blank ticket is refused by the row check
  Row r = entry_to_row(e);
  r.stamps.assign(r.fields.size(), Stamp{hlc_make(1'750'000'000'000, 0), Id::random(), 1, 0});
  CHECK_FALSE(validate_row(r).has_value());
}
