// Databases from before structured history: their English prose events are converted when they
// are opened, where the prose parses, and kept as stored where it does not.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/db.hpp"
#include "core/validate.hpp"
#include "support/network_fixture.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr const char* kNewColumns[] = {
    "what", "field", "ref", "amount", "before_number", "after_number", "before_text", "after_text"};

// Turns the database back into what migration 5 left, with one prose event per line of `prose`
// on `entry` (each a copy of an event the store wrote, so its clock blob is real).
void make_old_database(const std::string& path, const Id& entry,
                       const std::vector<std::string>& prose) {
  Db db(path);
  db.exec("DELETE FROM events WHERE rowid NOT IN (SELECT MIN(rowid) FROM events)");
  for (const char* c : kNewColumns) db.exec(std::string("ALTER TABLE events DROP COLUMN ") + c);
  // And what the later steps added (8: far-off clocks in the sync log, 9: a newer Mutua's data,
  // 12: a device's signature over its key).
  db.exec("ALTER TABLE sync_log DROP COLUMN clock_skews");
  db.exec("DROP TABLE extra_fields");
  db.exec("DROP TABLE extra_rows");
  db.exec("ALTER TABLE devices DROP COLUMN key_signature");
  // 12: revocation cut-offs, runner-up versions, refused records in the sync log.
  db.exec("ALTER TABLE devices DROP COLUMN revoked_cutoff");
  db.exec("DROP TABLE runner_ups");
  db.exec("ALTER TABLE sync_log DROP COLUMN refused_revoked");
  db.exec("ALTER TABLE sync_log DROP COLUMN refused_from");
  // 14: records set aside, in the sync log.
  db.exec("ALTER TABLE sync_log DROP COLUMN set_aside");
  db.exec("ALTER TABLE sync_log DROP COLUMN set_aside_from");
  db.exec("ALTER TABLE sync_log DROP COLUMN set_aside_why");
  db.exec("PRAGMA user_version = 5");
  auto insert = db.prepare(
      "INSERT INTO events(id, entry, at, device, actor, summary, clocks, updated_at)"
      " SELECT ?1, ?2, at + ?3, device, 'Ana', ?4, clocks, updated_at FROM events LIMIT 1");
  for (size_t i = 0; i < prose.size(); ++i) {
    Id id;
    id.bytes[0] = 0x40;
    id.bytes[15] = static_cast<uint8_t>(i + 1);
    insert.bind_blob(1, id.bytes.data(), 16)
        .bind_blob(2, entry.bytes.data(), 16)
        .bind(3, static_cast<int64_t>((i + 1) << 16))
        .bind(4, prose[i])
        .run();
  }
  db.exec("DELETE FROM events WHERE summary = ''");
}

std::string events_table(const Store& s) {
  std::string out;
  auto st = StoreTestAccess::db(s).prepare(
      "SELECT hex(id), hex(entry), at, hex(device), actor, summary, what, field, hex(ref), amount,"
      " before_number, after_number, before_text, after_text, hex(clocks), updated_at"
      " FROM events ORDER BY id");
  while (st.step()) {
    for (int c = 0; c < 16; ++c) out += st.text(c) + "|";
    out += "\n";
  }
  return out;
}

const std::vector<std::string> kProse = {
    "quantity: 3 → 5; item: rice; beans → rice: 5 kg; contact details changed",
    "status: open → met",
    "urgency: normal → critical",
    "matched with offer K7Q-042 (4, confirmed)",
    "match now 2, cancelled",
    "handed over 2",
    "handover of 2 undone",
    "contact details removed (retention 30 days)",
    "conflict on urgency resolved: kept '0'",
    "conflict on item resolved: kept the current value",
    "conflict on contact_phone resolved",
    "something a volunteer typed: not a shape",
    "handed over lots",
};

}  // namespace

TEST_CASE("prose events of an old database become typed events when it is opened") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  Id entry;
  {
    auto store = Store::open(path);
    REQUIRE(store.ok());
    auto e = (*store)->entries().add(make_entry(Kind::need, "rice", "food", 3));
    REQUIRE(e.ok());
    entry = e->id;
    Entry edited = *e;
    edited.quantity = 4;
    REQUIRE((*store)->entries().update(edited).ok());
  }
  make_old_database(path, entry, kProse);
  auto store = Store::open(path);
  REQUIRE(store.ok());
  auto h = (*store)->history().of(entry);
  // The first prose line stands for three changes: one event each.
  REQUIRE(h.size() == kProse.size() + 2);
  std::vector<EntryEvent> first(h.begin(), h.begin() + 3);
  std::vector<EntryEvent> rest(h.begin() + 3, h.end());
  auto by_field = [&](uint16_t f) -> const EntryEvent* {
    for (const auto& ev : first)
      if (ev.what == EventKind::field_changed && ev.field == f) return &ev;
    return nullptr;
  };
  REQUIRE(by_field(entry_field::quantity));
  CHECK(by_field(entry_field::quantity)->before_number == 3);
  CHECK(by_field(entry_field::quantity)->after_number == 5);
  REQUIRE(by_field(entry_field::item));
  CHECK(by_field(entry_field::item)->before_text == "rice; beans");
  CHECK(by_field(entry_field::item)->after_text == "rice: 5 kg");
  int contacts = 0;
  for (const auto& ev : first) {
    contacts += ev.what == EventKind::contact_details_changed;
    CHECK(ev.summary.empty());
    CHECK(ev.actor == "Ana");
  }
  CHECK(contacts == 1);

  CHECK(rest[0].what == EventKind::status_changed);
  CHECK(rest[0].before_number == int64_t(Status::open));
  CHECK(rest[0].after_number == int64_t(Status::met));
  CHECK(rest[1].what == EventKind::field_changed);
  CHECK(rest[1].after_number == int64_t(Urgency::critical));
  CHECK(rest[2].what == EventKind::matched);
  CHECK(rest[2].after_text == "K7Q-042");
  CHECK(rest[2].amount == 4);
  CHECK(rest[2].after_number == int64_t(MatchStatus::confirmed));
  CHECK(rest[3].what == EventKind::match_cancelled);
  CHECK(rest[3].amount == 2);
  CHECK(rest[4].what == EventKind::handed_over);
  CHECK(rest[5].what == EventKind::handover_undone);
  CHECK(rest[6].what == EventKind::contacts_removed);
  CHECK(rest[6].amount == 30);
  CHECK(rest[7].what == EventKind::conflict_resolved);
  CHECK(rest[7].field == entry_field::urgency);
  CHECK(rest[7].amount == int64_t(ConflictKept::other_value));
  CHECK(rest[7].after_number == 0);
  CHECK(rest[8].amount == int64_t(ConflictKept::value_in_use));
  CHECK(rest[9].field == entry_field::contact_phone);
  CHECK(rest[9].amount == int64_t(ConflictKept::not_said));
  // What does not parse stays prose, shown as stored.
  CHECK(rest[10].what == EventKind::legacy);
  CHECK(rest[10].summary == kProse[11]);
  CHECK(rest[11].what == EventKind::legacy);
  CHECK(rest[11].summary == kProse[12]);
  (*store)->replica().for_each_row(TableId::events, [](const Row& r) {
    CHECK_FALSE(validate_row(r).has_value());
    return true;
  });
}

TEST_CASE("devices that migrate the same events agree, and a fresh device converges with them") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  auto& a = *net[0]->store;
  auto e = a.entries().add(make_entry(Kind::need, "rice", "food", 3));
  REQUIRE(e.ok());
  Entry edited = *e;
  edited.quantity = 4;
  REQUIRE(a.entries().update(edited).ok());
  const Id entry = e->id;
  net[0]->store.reset();
  const std::string a_path = dir.file("device0.db");
  make_old_database(a_path, entry, kProse);
  const std::string copy_path = dir.file("copy.db");
  std::filesystem::copy_file(a_path, copy_path);

  auto wall = [] { return int64_t{1'750'000'000'000}; };
  auto migrated = Store::open(a_path, {wall});
  auto copy = Store::open(copy_path, {wall});
  REQUIRE(migrated.ok());
  REQUIRE(copy.ok());
  // The conversion is a pure function of the stored rows: no random ids, no clock reads.
  CHECK(events_table(**migrated) == events_table(**copy));

  auto& fresh = *net[1]->store;
  send(**migrated, fresh);
  send(fresh, **migrated);
  CHECK((*migrated)->replica().content_hash() == fresh.replica().content_hash());
  auto ha = (*migrated)->history().of(entry), hb = fresh.history().of(entry);
  REQUIRE(ha.size() == hb.size());
  for (size_t i = 0; i < ha.size(); ++i) {
    CAPTURE(i);
    CHECK(static_cast<const EventFacts&>(ha[i]) == static_cast<const EventFacts&>(hb[i]));
  }
}

TEST_CASE("a prose copy of a converted event, from a device not yet upgraded, changes nothing") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  auto e = a.entries().add(make_entry(Kind::need, "rice", "food", 3));
  Entry edited = *e;
  edited.quantity = 5;
  REQUIRE(a.entries().update(edited).ok());
  std::optional<Row> typed;
  a.replica().for_each_row(TableId::events, [&](const Row& r) {
    typed = r;
    return false;
  });
  REQUIRE(typed);
  // The same event as an old device holds it: prose, and the new columns at their defaults.
  Row prose = *typed;
  prose.fixed[event_fixed::summary] = std::string("quantity: 3 → 5");
  for (uint16_t c = event_fixed::what; c <= event_fixed::after_text; ++c)
    prose.fixed[c] = default_value(table_def(TableId::events).fixed[c].type);
  const std::string before = a.replica().content_hash();
  {
    auto tx = a.replica().transaction();
    a.replica().merge(prose);
    tx.commit();
  }
  CHECK(a.replica().content_hash() == before);
  CHECK(a.replica().read_row(TableId::events, typed->id)->fixed == typed->fixed);
}
