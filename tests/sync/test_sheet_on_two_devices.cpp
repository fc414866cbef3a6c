// The honest case of issue 10's fixed fields: the council's spreadsheet imported at two sites,
// each site working on its copy, then the two syncing. The rows share their ids, so each is a
// record created twice, and one creation is kept. What a person did at the site whose creation
// lost must not be lost with it (a need marked met came back open), a resident's slip printed
// there must still find the entry, and rows that are the same on both sides are no conflict a
// coordinator must look at.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "core/db.hpp"
#include "core/fixed_fields.hpp"
#include "core/ticket_notes.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// Two devices of one network (a founded it), one at each site.
struct TwoSites : InsiderNet {
  explicit TwoSites(std::string_view sites = "ab") : InsiderNet(sites) {}
  // Bundles both ways until neither brings anything: every change made on import is sent on.
  void settle() {
    for (int round = 0; round < 4; ++round) {
      const auto to_a = import_ok(*a, bundle_of(*b));
      const auto to_b = import_ok(*b, bundle_of(*a));
      if (to_a.added + to_a.updated + to_b.added + to_b.updated == 0) return;
    }
    FAIL("the two sites still send each other changes after four rounds");
  }
};

// A row of the sheet as both sites import it: the same id, kind, times, and (when the sheet has
// a ticket column) ticket.
Entry council_row(const Id& id, Kind kind, const std::string& item, const std::string& ticket) {
  Entry e = kind == Kind::need ? sample_need(item) : sample_offer(item);
  e.id = id;
  e.ticket = ticket;
  e.status = initial_status(kind);
  e.created_at = 1'764'000'000'000;  // the sheet's own times, the same at both sites
  e.updated_at = 1'764'000'000'000;
  return e;
}

void sheet_imported(Store& s, const std::vector<Entry>& rows) {
  auto r = s.entries().import(rows);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
}

void status_set(Store& s, const Id& id, Status st) {
  auto r = s.entries().set_status(id, st);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
}

bool rows_agree(const Store& x, const Store& y, const Id& id) {
  auto rx = x.replica().read_row(TableId::entries, id),
       ry = y.replica().read_row(TableId::entries, id);
  return rx && ry && rx->fixed == ry->fixed && rx->fields == ry->fields && rx->stamps == ry->stamps;
}

// Whether `winner`'s creation of `id` is the one every device keeps over `other`'s.
bool creation_kept(const Store& winner, const Store& other, const Id& id) {
  auto w = winner.replica().read_row(TableId::entries, id);
  auto o = other.replica().read_row(TableId::entries, id);
  REQUIRE(w);
  REQUIRE(o);
  return creation_wins(table_def(TableId::entries), id, w->fixed, o->fixed);
}

}  // namespace

TEST_CASE("statuses set at either site on a sheet imported at both survive their sync") {
  TwoSites n;
  std::vector<Entry> sheet;
  for (int i = 0; i < 6; ++i)
    sheet.push_back(council_row(Id::random(), Kind::need, "blankets " + std::to_string(i),
                                "GD9-" + std::to_string(1000 + i)));
  sheet_imported(*n.a, sheet);
  sheet_imported(*n.b, sheet);
  // Each site works on its copy before they meet. One of the two creations of every row loses
  // (the same one for every row here: same times, so the smaller device), so one site's work
  // is on creations that lose: both sites' changes are checked.
  status_set(*n.a, sheet[0].id, Status::met);
  status_set(*n.a, sheet[1].id, Status::cancelled);
  status_set(*n.b, sheet[2].id, Status::met);
  status_set(*n.b, sheet[3].id, Status::cancelled);
  // The same row changed at both sites: the later change stands, as for any record. Later by
  // their versions: two changes within one millisecond on two devices are ordered by their
  // clocks' counters and device ids, not by which line ran first (the pause makes that rare).
  status_set(*n.a, sheet[4].id, Status::cancelled);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  status_set(*n.b, sheet[4].id, Status::met);
  const auto status_version = [&](const Store& s) {
    return s.replica().read_row(TableId::entries, sheet[4].id)->stamps[entry_field::status];
  };
  const Status later =
      status_version(*n.b).newer_than(status_version(*n.a)) ? Status::met : Status::cancelled;
  n.settle();

  const std::vector<Status> expected = {
      Status::met, Status::cancelled, Status::met, Status::cancelled, later, Status::open};
  for (size_t i = 0; i < sheet.size(); ++i) {
    CAPTURE(i);
    CHECK(rows_agree(*n.a, *n.b, sheet[i].id));
    for (Store* s : {n.a.get(), n.b.get()}) {
      auto e = s->entries().get(sheet[i].id);
      REQUIRE(e);
      CHECK(e->status == expected[i]);
      CHECK(e->ticket == sheet[i].ticket);
    }
  }
  // The same rows on both sides: nothing for a coordinator to decide.
  CHECK(n.a->replica().conflicts().empty());
  CHECK(n.b->replica().conflicts().empty());
  // A third device that hears only one of them holds the same.
  TempDir more;
  auto c = open_store(more.file("c.db"));
  join(*c, n.net);
  import_ok(*c, bundle_of(*n.a));
  for (const auto& e : sheet) CHECK(rows_agree(*c, *n.a, e.id));
}

TEST_CASE("the ticket a site gave a sheet row without tickets still finds it after the sync") {
  TwoSites n;
  std::vector<Entry> sheet;
  for (int i = 0; i < 3; ++i)
    sheet.push_back(council_row(Id::random(), Kind::need, "nappies " + std::to_string(i), ""));
  sheet_imported(*n.a, sheet);
  sheet_imported(*n.b, sheet);
  std::vector<std::string> from_a, from_b;
  for (const auto& e : sheet) {
    from_a.push_back(n.a->entries().get(e.id)->ticket);
    from_b.push_back(n.b->entries().get(e.id)->ticket);
    REQUIRE(from_a.back() != from_b.back());
  }
  n.settle();
  // The same times: the creations of the device with the smaller id are kept, with its tickets.
  const bool a_keeps = n.a->replica().device_id() < n.b->replica().device_id();
  Store& loser = a_keeps ? *n.b : *n.a;
  const auto& kept = a_keeps ? from_a : from_b;
  const auto& lost = a_keeps ? from_b : from_a;
  for (size_t i = 0; i < sheet.size(); ++i) {
    CAPTURE(i);
    CHECK(rows_agree(*n.a, *n.b, sheet[i].id));
    for (Store* s : {n.a.get(), n.b.get()}) CHECK(s->entries().get(sheet[i].id)->ticket == kept[i]);
    // Where the slip was printed, its ticket still finds the entry, typed as a person types it.
    auto e = loser.entries().by_ticket(lost[i]);
    REQUIRE_MESSAGE(e, lost[i]);
    CHECK(e->id == sheet[i].id);
    CHECK(e->ticket == kept[i]);
    std::string lower = lost[i];
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    CHECK(loser.entries().by_ticket(lower));
  }
  // The tickets differ: it is a conflict a coordinator sees there. Dismissing it does not take
  // the old tickets away.
  CHECK(loser.replica().conflicts().size() == sheet.size());
  // An entry's screen reads its own only.
  for (const auto& e : sheet) {
    const auto own = loser.replica().conflicts_of(e.id);
    REQUIRE(own.size() == 1);
    CHECK(own[0].row == e.id);
    CHECK(own[0].field == "ticket");
  }
  CHECK(loser.replica().conflicts_of(Id::random()).empty());
  for (const auto& c : loser.replica().conflicts())
    REQUIRE(loser.replica().resolve_conflict(c.id, false).ok());
  CHECK(loser.replica().conflicts().empty());
  for (size_t i = 0; i < sheet.size(); ++i) CHECK(loser.entries().by_ticket(lost[i]));
  CHECK_FALSE(loser.entries().by_ticket("ZZZ-999"));
}

TEST_CASE("a status set on the losing side of a need/offer collision is read for the kind kept") {
  for (const Kind lost_kind : {Kind::need, Kind::offer}) {
    CAPTURE(static_cast<int>(lost_kind));
    TwoSites n;
    const Id id = Id::random();
    // The sheet's times are the same, so the creation of the device with the smaller id is
    // kept: the other site imports the row as the kind under test.
    const bool a_keeps = n.a->replica().device_id() < n.b->replica().device_id();
    Store& keeper = a_keeps ? *n.a : *n.b;
    Store& loser = a_keeps ? *n.b : *n.a;
    const Kind kept_kind = lost_kind == Kind::need ? Kind::offer : Kind::need;
    sheet_imported(keeper, {council_row(id, kept_kind, "tarpaulin", "GD9-7")});
    sheet_imported(loser, {council_row(id, lost_kind, "tarpaulin", "GD9-7")});
    REQUIRE(creation_kept(keeper, loser, id));
    status_set(loser, id, lost_kind == Kind::need ? Status::cancelled : Status::withdrawn);
    n.settle();
    CHECK(rows_agree(*n.a, *n.b, id));
    for (Store* s : {n.a.get(), n.b.get()}) {
      auto kept = s->entries().get(id);
      REQUIRE(kept);
      CHECK(kept->kind == kept_kind);
      CHECK(kept->status == (kept_kind == Kind::need ? Status::cancelled : Status::withdrawn));
    }
    // A collision of kinds is a conflict a coordinator sees where the losing creation was.
    CHECK_FALSE(loser.replica().conflicts().empty());
  }
}

TEST_CASE("tickets lost in collisions before this version find their entry after the update") {
  TwoSites n;
  const Entry row = council_row(Id::random(), Kind::need, "torch", "");
  sheet_imported(*n.a, {row});
  sheet_imported(*n.b, {row});
  const bool a_keeps = n.a->replica().device_id() < n.b->replica().device_id();
  std::unique_ptr<Store>& loser = a_keeps ? n.b : n.a;
  const std::string lost = loser->entries().get(row.id)->ticket;
  n.settle();
  REQUIRE(loser->entries().by_ticket(lost));
  const std::string path = n.dir.file(a_keeps ? "b.db" : "a.db");
  loser.reset();
  {
    // As an older Mutua left it: the conflict record, and no table of lost tickets.
    Db db(path);
    // (nor the rows of table 11 this version writes: they would find the entry on their own).
    db.exec(
        "DROP TABLE ticket_aliases; DELETE FROM extra_fields WHERE tbl = 11;"
        " DELETE FROM extra_rows WHERE tbl = 11; PRAGMA user_version = 24;");
  }
  loser = open_store(path);
  auto e = loser->entries().by_ticket(lost);
  REQUIRE(e);
  CHECK(e->id == row.id);
}

namespace {
// The tickets written down that a store holds (those of `device` alone, when one is given).
size_t ticket_notes_held(const Store& s, const std::optional<Id>& device = std::nullopt) {
  size_t n = 0;
  s.replica().for_each_unknown_row([&](const Row& r) {
    if (r.table != kTicketNotesTable) return true;
    const auto note = ticket_note_of(r);
    n += note && (!device || note->device == *device);
    return true;
  });
  return n;
}
}  // namespace

TEST_CASE("a slip from the site whose creation lost finds the entry at a third site") {
  TwoSites n("abc");
  std::vector<Entry> sheet;
  for (int i = 0; i < 3; ++i)
    sheet.push_back(council_row(Id::random(), Kind::need, "formula " + std::to_string(i), ""));
  sheet_imported(*n.a, sheet);
  sheet_imported(*n.b, sheet);
  const bool a_keeps = n.a->replica().device_id() < n.b->replica().device_id();
  Store& keeper = a_keeps ? *n.a : *n.b;
  Store& loser = a_keeps ? *n.b : *n.a;
  std::vector<std::string> lost;
  for (const auto& e : sheet) lost.push_back(loser.entries().get(e.id)->ticket);
  // The third site hears of the sheet from the site whose creations are kept, before the two
  // sites meet: it never holds the other creation.
  import_ok(*n.c, bundle_of(keeper));
  n.settle();
  // The site whose creation lost wrote each of its tickets down, once, however often it syncs:
  // as one write (one stamp in a bundle, not one a row).
  CHECK(ticket_notes_held(loser) == sheet.size());
  std::set<uint64_t> writes;
  loser.replica().for_each_unknown_row([&](const Row& r) {
    if (r.table == kTicketNotesTable) writes.insert(r.stamps[0].seq);
    return true;
  });
  CHECK(writes.size() == 1);
  n.settle();
  import_ok(loser, bundle_of(keeper));
  CHECK(ticket_notes_held(loser) == sheet.size());
  // They reach the third site through the site kept, which relays them.
  import_ok(*n.c, bundle_of(keeper));
  CHECK(ticket_notes_held(*n.c) == sheet.size());
  for (size_t i = 0; i < sheet.size(); ++i) {
    CAPTURE(i);
    CHECK(rows_agree(*n.c, keeper, sheet[i].id));
    auto e = n.c->entries().by_ticket(lost[i]);
    REQUIRE_MESSAGE(e, lost[i]);
    CHECK(e->id == sheet[i].id);
    CHECK(e->ticket != lost[i]);
    // The queue's search finds it by that ticket too, typed as a person types it.
    EntryQuery q;
    q.search = " " + lost[i] + " ";
    q.search_people = true;
    const auto page = n.c->entries().list(q, 10);
    REQUIRE(page.entries.size() == 1);
    CHECK(page.entries[0].id == sheet[i].id);
    CHECK(n.c->entries().count(q) == 1);
    // Without its dash, in lower case, as the queue takes a ticket.
    std::string bare = lost[i];
    bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
    std::transform(bare.begin(), bare.end(), bare.begin(), ::tolower);
    q.search = bare;
    CHECK(n.c->entries().count(q) == 1);
  }
  CHECK(n.c->replica().conflicts().empty());  // nothing collided there
  CHECK_FALSE(n.c->entries().by_ticket("ZZZ-999"));
  // A fourth device that joins later gets them with its first bundle.
  TempDir later;
  auto d = open_store(later.file("d.db"));
  join(*d, n.net);
  import_ok(*d, bundle_of(*n.c));
  for (size_t i = 0; i < sheet.size(); ++i) CHECK(d->entries().by_ticket(lost[i]));
}

TEST_CASE("a ticket written down counts only in its own device's word, and never hides one") {
  TwoSites n;
  const Entry need = council_row(Id::random(), Kind::need, "insulin cool bag", "");
  sheet_imported(*n.a, {need});
  const auto other = n.a->entries().add(sample_need("rice"));
  REQUIRE(other.ok());
  const std::string taken = other.value().ticket;
  const Id x = Id::random(), y = Id::random();
  const auto as = [&](const TicketNote& note, const Id& origin) {
    Row r = ticket_note_row(note);
    r.stamps = {Stamp{n.a->replica().clock().now(), origin, 7, 0}};
    return r;
  };
  const TicketNote good{x, need.id, "QQQ-001"};
  CHECK(ticket_note_of(as(good, x)));
  // Another device's word about x's ticket, an id that does not fit, a ticket that no entry could
  // hold: each counts for nothing.
  CHECK_FALSE(ticket_note_of(as(good, y)));
  Row moved = as(good, x);
  moved.id.bytes[3] ^= 1;
  CHECK_FALSE(ticket_note_of(moved));
  CHECK_FALSE(ticket_note_of(as({x, need.id, std::string(33, 'Q')}, x)));
  CHECK_FALSE(ticket_note_of(as({x, need.id, "QQQ-\xff"}, x)));
  CHECK_FALSE(ticket_note_of(as({x, need.id, ""}, x)));
  {
    auto tx = n.a->replica().transaction();
    n.a->replica().merge(as(good, x));
    n.a->replica().merge(as({x, need.id, "QQQ-002"}, y));       // not x's own word
    n.a->replica().merge(as({x, need.id, taken}, x));           // a ticket an entry holds
    n.a->replica().merge(as({x, Id::random(), "QQQ-003"}, x));  // an entry not here
    tx.commit();
  }
  auto e = n.a->entries().by_ticket("qqq-001");
  REQUIRE(e);
  CHECK(e->id == need.id);
  CHECK_FALSE(n.a->entries().by_ticket("QQQ-002"));
  CHECK_FALSE(n.a->entries().by_ticket("QQQ-003"));
  e = n.a->entries().by_ticket(taken);
  REQUIRE(e);
  CHECK(e->id == other.value().id);
}

TEST_CASE("tickets a site gave before it wrote them down go with its next bundle, once") {
  TwoSites n("abc");
  Store& keeper = *n.a;
  const Entry e1 = add(keeper, sample_need("blankets")), e2 = add(keeper, sample_need("soap")),
              e3 = add(keeper, sample_need("candles"));
  const Entry e4 = add(*n.b, sample_need("torch"));
  n.settle();
  const std::string own = n.b->replica().refresh_ticket_prefix();
  const Id self = n.b->replica().device_id(), other = keeper.replica().device_id();
  std::string moved = "QQX", foreign = "QQZ";
  if (own == moved) moved = "QQY";
  if (own == foreign) foreign = "QQW";
  // The keeper's word that it gave the entry this site's ticket: a row that writes the ticket
  // down, but not this site's own, so this site still writes its own.
  {
    auto tx = keeper.replica().transaction();
    write_ticket_notes(keeper.replica(), {{other, e1.id, own + "-101"}});
    tx.commit();
  }
  n.settle();
  REQUIRE(ticket_notes_held(*n.b, other) == 1);
  const std::string path = n.dir.file("b.db");
  n.b.reset();
  {
    // As an older Mutua left the site whose creations lost: its tickets kept as local aliases
    // (migration 25), some with conflict records, and nothing written down for other devices.
    Db db(path);
    const auto alias = [&](const std::string& ticket, const Id& entry) {
      auto st = db.prepare("INSERT INTO ticket_aliases(ticket, entry) VALUES(?1, ?2)");
      st.bind(1, ticket).bind_blob(2, entry.bytes.data(), 16);
      st.step();
    };
    const auto conflict = [&](const Id& entry, const std::string& ticket, const Id& origin) {
      auto st = db.prepare(
          "INSERT INTO conflicts(tbl, row, field, losing_value, losing_hlc, losing_origin,"
          " winning_value, winning_hlc, winning_origin, recorded_at)"
          " VALUES(0, ?1, 256, CAST(?2 AS BLOB), 1, ?3, CAST('X' AS BLOB), 1, ?4, 0)");
      st.bind_blob(1, entry.bytes.data(), 16).bind(2, ticket);
      st.bind_blob(3, origin.bytes.data(), 16).bind_blob(4, other.bytes.data(), 16);
      st.step();
    };
    alias(own + "-101", e1.id);    // its own prefix
    alias(moved + "-102", e2.id);  // given before its prefix changed: the conflict says so
    conflict(e2.id, moved + "-102", self);
    alias(foreign + "-103", e3.id);  // another device's ticket, lost to this one
    conflict(e3.id, foreign + "-103", other);
    alias(e4.ticket, e4.id);  // the entry holds it: nothing lost
    db.exec("DELETE FROM local WHERE key = 'earlier_tickets_written'");
  }
  n.b = open_store(path);
  CHECK(ticket_notes_held(*n.b, self) == 0);
  SUBCASE("at its next bundle") {}
  SUBCASE("at its next import, before any bundle") {
    add(keeper, sample_need("matches"));
    import_ok(*n.b, bundle_of(keeper));
    CHECK(ticket_notes_held(*n.b, self) == 2);
  }
  const auto sent = import_ok(keeper, bundle_of(*n.b));
  CHECK(sent.set_aside.empty());
  CHECK(ticket_notes_held(*n.b, self) == 2);
  import_ok(*n.c, bundle_of(keeper));
  CHECK(ticket_notes_held(*n.c, self) == 2);
  const auto found = [&](const std::string& ticket) -> std::optional<Id> {
    auto e = n.c->entries().by_ticket(ticket);
    return e ? std::optional<Id>(e->id) : std::nullopt;
  };
  CHECK(found(own + "-101") == e1.id);
  CHECK(found(moved + "-102") == e2.id);
  CHECK_FALSE(found(foreign + "-103"));
  CHECK(found(e4.ticket) == e4.id);
  // Once: the next bundle writes nothing new.
  const auto before = n.b->replica().version_vector();
  (void)bundle_of(*n.b);
  CHECK(ticket_notes_held(*n.b, self) == 2);
  CHECK(n.b->replica().version_vector() == before);
}
