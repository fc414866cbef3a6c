#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/codec.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("a bundle imported twice changes nothing the second time") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  for (int i = 0; i < 5; ++i)
    REQUIRE(a.entries().add(make_entry(Kind::need, "rice " + std::to_string(i))).ok());
  auto bundle = build_bundle(a.replica());
  REQUIRE(bundle.ok());
  auto first = import_bundle(b.replica(), bundle->bytes);
  REQUIRE(first.ok());
  CHECK(first->added == 6);  // five entries and device A's own record
  CHECK(first->new_entries == 5);
  CHECK(first->line() ==
        "5 new, 0 updated (needs and offers), 0 conflicts; 6 records, 0 already known");
  auto hash = b.replica().content_hash();
  auto second = import_bundle(b.replica(), bundle->bytes);
  REQUIRE(second.ok());
  CHECK(second->added == 0);
  CHECK(second->updated == 0);
  CHECK(second->known == 6);
  CHECK(second->new_entries == 0);
  CHECK(second->line() ==
        "0 new, 0 updated (needs and offers), 0 conflicts; 6 records, 6 already known");
  CHECK(b.replica().content_hash() == hash);
}

TEST_CASE("new and updated count needs and offers; matches and device records are counted apart") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto need = a.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(need.ok());
  REQUIRE(import_bundle(b.replica(), build_bundle(a.replica())->bytes).ok());
  // On A: the need changes, an offer arrives, and the two are matched.
  Entry edited = *need;
  edited.quantity += 4;
  REQUIRE(a.entries().update(edited).ok());
  auto offer = a.entries().add(make_entry(Kind::offer, "rice", "food"));
  REQUIRE(offer.ok());
  REQUIRE(a.matches().add(need->id, offer->id, 1).ok());
  auto r =
      import_bundle(b.replica(), build_bundle(a.replica(), b.replica().version_vector())->bytes);
  REQUIRE(r.ok());
  CHECK(r->new_entries == 1);      // the offer
  CHECK(r->updated_entries == 1);  // the need
  CHECK(r->added >= 2);            // the offer and the match, at least
  CHECK(r->added > r->new_entries);
  // The sync log keeps the same facts for the Sync screen's history.
  auto log = b.replica().sync_log(1);
  REQUIRE(log.size() == 1);
  CHECK(log[0].new_entries == 1);
  CHECK(log[0].updated_entries == 1);
  CHECK(log[0].added == static_cast<int64_t>(r->added));
  CHECK(log[0].problem == 0);
}

TEST_CASE("device B carries device A's data to device C, which never sees A") {
  auto net = make_network(3);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto& c = *net[2]->store;
  auto e = a.entries().add(make_entry(Kind::offer, "camping stove", "shelter"));
  REQUIRE(e.ok());
  send(a, b);
  auto r = send(b, c);
  CHECK(r.added >= 1);
  auto there = c.entries().by_ticket(e->ticket);
  REQUIRE(there);
  CHECK(there->item == "camping stove");
  CHECK(c.replica().read_row(TableId::entries, e->id)->stamps ==
        a.replica().read_row(TableId::entries, e->id)->stamps);
  // Devices' own records differ until everyone has heard from everyone.
  send(c, b);
  send(b, a);
  CHECK(c.replica().content_hash() == b.replica().content_hash());
  CHECK(a.replica().content_hash() == b.replica().content_hash());
}

TEST_CASE("a delta for a known peer carries only what it lacks") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  std::vector<Entry> added;
  for (int i = 0; i < 200; ++i)
    added.push_back(*a.entries().add(make_entry(Kind::need, "item " + std::to_string(i))));
  send(a, b);
  send(b, a);  // A now knows what B holds
  for (int i = 0; i < 3; ++i) {
    Entry e = added[static_cast<size_t>(i)];
    e.quantity = 99;
    REQUIRE(a.entries().update(e).ok());
  }
  auto full = build_bundle(a.replica());
  auto delta = build_bundle(a.replica(), a.replica().peer(b.replica().device_id())->vector);
  REQUIRE(full.ok());
  REQUIRE(delta.ok());
  CHECK(delta->header.counts[static_cast<size_t>(TableId::entries)] == 3);
  CHECK(delta->header.counts[static_cast<size_t>(TableId::events)] == 3);  // their history lines
  // And A's devices record, for its signed sequence claim (core/seq_claim.hpp).
  CHECK(delta->header.counts[static_cast<size_t>(TableId::devices)] == 1);
  CHECK(delta->records == 7);
  CHECK(delta->bytes.size() < full->bytes.size() / 5);
  auto r = import_bundle(b.replica(), delta->bytes);
  REQUIRE(r.ok());
  CHECK(r->updated_entries == 3);
  CHECK(b.entries().get(added[0].id)->quantity == 99);
  CHECK(b.replica().content_hash() == a.replica().content_hash());
}

TEST_CASE("two devices each hand over 2 units while apart: both report 4") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto need = a.entries().add(make_entry(Kind::need, "blankets", "shelter", 6));
  auto offer = a.entries().add(make_entry(Kind::offer, "blankets", "shelter", 10));
  auto m = a.matches().add(need->id, offer->id, 6, MatchStatus::confirmed);
  REQUIRE(m.ok());
  send(a, b);
  REQUIRE(a.matches().add_handover(m->id, 2).ok());
  REQUIRE(b.matches().add_handover(m->id, 2).ok());
  send(a, b);
  send(b, a);
  CHECK(a.matches().handed_over(need->id) == 4);
  CHECK(b.matches().handed_over(need->id) == 4);
  CHECK(a.entries().get(need->id)->status == Status::partly_met);
  CHECK(b.entries().get(need->id)->status == Status::partly_met);
  CHECK(a.replica().content_hash() == b.replica().content_hash());
}

TEST_CASE(
    "concurrent edits of one field resolve the same way everywhere and keep the loser visible") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.entries().add(make_entry(Kind::need, "water"));
  send(a, b);
  Entry ea = *e, eb = *e;
  ea.item = "water, 10 litres";
  eb.item = "bottled water";
  net[0]->wall += 1000;
  net[1]->wall += 2000;  // B writes later, so B's value wins
  REQUIRE(a.entries().update(ea).ok());
  REQUIRE(b.entries().update(eb).ok());
  // Each side sees the other's value arrive, so each records the conflict it resolved.
  auto rb = send(a, b);
  auto ra = send(b, a);
  CHECK(ra.conflicts == 1);
  CHECK(rb.conflicts == 1);
  CHECK(a.entries().get(e->id)->item == "bottled water");
  CHECK(b.entries().get(e->id)->item == "bottled water");
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  auto ca = a.replica().conflicts();
  REQUIRE(ca.size() == 1);
  CHECK(ca[0].field == "item");
  CHECK(ca[0].losing_value == "water, 10 litres");
  CHECK(ca[0].winning_value == "bottled water");
  CHECK(b.replica().conflicts().size() == 1);
}

TEST_CASE("a sequential overwrite is not reported as a conflict") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto e = a.entries().add(make_entry(Kind::need, "soap", "hygiene"));
  send(a, b);
  Entry eb = *b.entries().get(e->id);
  eb.quantity = 12;
  REQUIRE(b.entries().update(eb).ok());
  auto r = send(b, a);
  CHECK(r.conflicts == 0);
  CHECK(a.entries().get(e->id)->quantity == 12);
  CHECK(a.replica().conflicts().empty());
}

namespace {
bool file_contains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str().find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("a purged phone number survives nowhere: database files, conflicts or later bundles") {
  TempDir dir;
  const std::string phone = "0799123456";
  const std::string other_phone = "0788654321";
  {
    auto net = make_network(3, dir.path().string());
    auto& c = *net[2]->store;  // a device that only ever gets the bundles made after the purge
    auto& a = *net[0]->store;
    auto& b = *net[1]->store;
    auto e = make_entry(Kind::need, "insulin", "health", 1);
    e.contact_name = "Marta";
    e.contact_phone = phone;
    e.contact_consent = true;
    auto added = a.entries().add(e);
    REQUIRE(added.ok());
    send(a, b);
    // A concurrent phone edit on B puts a phone number into a conflict record too.
    Entry eb = *b.entries().get(added->id);
    eb.contact_phone = other_phone;
    net[1]->wall += 10;
    REQUIRE(b.entries().update(eb).ok());
    send(b, a);
    send(a, b);
    REQUIRE(a.entries().set_status(added->id, Status::met).ok());
    net[0]->wall += 40LL * 86'400'000;
    auto purged = a.entries().purge_contacts(30);
    REQUIRE(purged.ok());
    CHECK(*purged == 1);
    CHECK(a.entries().get(added->id)->contact_phone.empty());
    send(a, b);
    CHECK(b.entries().get(added->id)->contact_phone.empty());
    CHECK(b.entries().get(added->id)->contact_name.empty());
    for (auto* s : {&a, &b}) {
      for (const auto& c : s->replica().conflicts()) {
        CHECK(c.losing_value.find("07") == std::string::npos);
        CHECK(c.winning_value.find("07") == std::string::npos);
      }
      auto later = build_bundle(s->replica());
      REQUIRE(later.ok());
      auto opened = open_bundle(s->replica(), later->bytes);
      REQUIRE(opened.ok());
      CHECK(opened->plain.find(phone) == std::string::npos);
      CHECK(opened->plain.find(other_phone) == std::string::npos);
      CHECK(opened->plain.find("Marta") == std::string::npos);
      // Searching the body for the text only works while phones travel as text (small
      // bundles); applying the bundle on a fresh device shows what it carries, whatever the
      // encoding.
      auto applied = import_bundle(c.replica(), later->bytes);
      REQUIRE_MESSAGE(applied.ok(), (applied.ok() ? "" : applied.error()));
      REQUIRE(c.entries().get(added->id));
      CHECK(c.entries().get(added->id)->contact_phone.empty());
      CHECK(c.entries().get(added->id)->contact_name.empty());
      for (const auto& conflict : c.replica().conflicts()) {
        CHECK(conflict.losing_value.find("07") == std::string::npos);
        CHECK(conflict.winning_value.find("07") == std::string::npos);
      }
    }
  }
  for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
    CAPTURE(f.path().string());
    CHECK_FALSE(file_contains(f.path().string(), phone));
    CHECK_FALSE(file_contains(f.path().string(), other_phone));
  }
}

TEST_CASE("the phone-number search above would find a phone that was not purged") {
  // Guards the purge test: the same search does see contact data that is still there.
  TempDir dir;
  const std::string phone = "0799123456";
  {
    auto net = make_network(1, dir.path().string());
    auto e = make_entry(Kind::need, "insulin", "health", 1);
    e.contact_phone = phone;
    e.contact_consent = true;
    REQUIRE(net[0]->store->entries().add(e).ok());
    net[0]->store->replica().checkpoint();
    auto bundle = build_bundle(net[0]->store->replica());
    auto opened = open_bundle(net[0]->store->replica(), bundle->bytes);
    REQUIRE(opened.ok());
    CHECK(opened->plain.find(phone) != std::string::npos);
  }
  bool found = false;
  for (const auto& f : std::filesystem::directory_iterator(dir.path()))
    found = found || file_contains(f.path().string(), phone);
  CHECK(found);
}

TEST_CASE("a revocation replicates, and then the revoked device's bundles are refused by name") {
  auto net = make_network(3);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto& c = *net[2]->store;
  REQUIRE(c.entries().add(make_entry(Kind::offer, "bread")).ok());
  send(c, a);
  send(a, b);
  auto dev = a.devices().get(c.replica().device_id());
  REQUIRE(dev);
  dev->revoked = true;
  REQUIRE(a.devices().put(*dev).ok());
  send(a, b);
  REQUIRE(c.entries().add(make_entry(Kind::offer, "more bread")).ok());
  auto bundle = build_bundle(c.replica());
  REQUIRE(bundle.ok());
  auto r = import_bundle(b.replica(), bundle->bytes);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("revoked device 'Device " + c.replica().ticket_prefix() + "'") !=
        std::string::npos);
}

// --- The columnar codec on its own: what goes in comes out, whichever encoding a column picks.

namespace {

uint64_t all_field_bits(const Row& r) {
  return r.fields.empty() ? 0 : (uint64_t{1} << r.fields.size()) - 1;
}

// A row of `table` holding each field's default value and version `stamp`.
Row blank_row(TableId table, const Stamp& stamp) {
  const auto& def = table_def(table);
  Row r;
  r.table = table;
  r.id = Id::random();
  for (const auto& f : def.fixed) r.fixed.push_back(default_value(f.type));
  for (const auto& f : def.fields) r.fields.push_back(default_value(f.type));
  r.stamps.assign(def.insert_only() ? 1 : def.fields.size(), stamp);
  return r;
}

struct Decoded {
  std::vector<Row> rows;
  std::vector<BodyColumn> columns;
  size_t body_bytes = 0;
};

Decoded round_trip(const std::vector<Row>& rows, const std::vector<uint64_t>& masks = {}) {
  BodyEncoder enc;
  for (size_t i = 0; i < rows.size(); ++i)
    enc.add(rows[i], masks.empty() ? all_field_bits(rows[i]) : masks[i]);
  auto body = enc.finish();
  auto dec = BodyDecoder::parse(body);
  REQUIRE_MESSAGE(dec.ok(), (dec.ok() ? "" : dec.error()));
  Decoded out;
  out.body_bytes = body.size();
  out.columns = (*dec)->columns();
  CHECK((*dec)->total_rows() == rows.size());
  Row row;
  for (;;) {
    auto more = (*dec)->next(row);
    REQUIRE_MESSAGE(more.ok(), (more.ok() ? "" : more.error()));
    if (!*more) break;
    out.rows.push_back(row);
  }
  return out;
}

void check_same(const Row& want, const Row& got) {
  CHECK(static_cast<int>(got.table) == static_cast<int>(want.table));
  CHECK(got.id == want.id);
  CHECK(got.fixed == want.fixed);
  CHECK(got.fields == want.fields);
  CHECK(got.stamps == want.stamps);
}

bool has_column(const Decoded& d, const std::string& name) {
  return std::any_of(d.columns.begin(), d.columns.end(),
                     [&](const BodyColumn& c) { return c.name == name; });
}

Stamp stamp_at(uint64_t ms, const Id& origin, uint64_t seq) {
  return Stamp{hlc_make(ms, 0), origin, seq, 0};
}

}  // namespace

TEST_CASE("every text encoding round-trips exactly, whichever one the column's data picks") {
  Id origin = Id::random();
  const std::vector<std::string> categories{"food", "water", "health", "shelter"};
  const std::vector<std::string> words{"gate",   "morning", "pickup",    "Київ",
                                       "sealed", "x",       "wheelchair"};
  const std::vector<std::string> odd_details{"",      " ", "  gate", "gate  ", "gate   morning",
                                             " x x ", "x"};
  const std::vector<std::string> phones{"0079",
                                        "0",
                                        "1234567890123456789",
                                        "",
                                        "9999999999999999999",
                                        "+380 67 123 4567",
                                        "00000000000000000000"};
  std::vector<Row> rows;
  uint64_t seed = 7;
  auto rnd = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (size_t i = 0; i < 64; ++i) {
    Row r = blank_row(TableId::entries, stamp_at(1'750'000'000'000 + i * 977, origin, 5));
    r.fixed[entry_fixed::ticket] = "RIV-" + std::to_string(1000 + i * 7);
    r.fixed[entry_fixed::created_at] =
        int64_t(1'750'000'000'000 + static_cast<int64_t>(i * 977) - 3000);
    r.fields[entry_field::category] = categories[i % categories.size()];
    std::string details;
    if (i < odd_details.size()) {
      details = odd_details[i];
    } else {
      for (size_t w = rnd() % 9; w > 0; --w)
        details += (details.empty() ? "" : " ") + words[rnd() % words.size()];
    }
    r.fields[entry_field::details] = details;
    r.fields[entry_field::item] = "item " + std::to_string(rnd());
    r.fields[entry_field::contact_phone] =
        i < phones.size() ? phones[i] : std::to_string(2'000'000'000 + rnd() % 7'000'000'000);
    rows.push_back(r);
  }
  auto d = round_trip(rows);
  REQUIRE(d.rows.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    check_same(rows[i], d.rows[i]);
  }
  CHECK(has_column(d, "entries.category (values)"));
  CHECK(has_column(d, "entries.details (words)"));
  CHECK(has_column(d, "entries.contact_phone (numbers)"));
  CHECK(has_column(d, "entries.item (plain)"));
}

TEST_CASE("numbers, times and versions round-trip at their extremes") {
  Id a = Id::random(), b = Id::random(), c = Id::random();
  std::vector<Row> rows;
  const std::vector<int64_t> extremes{INT64_MIN, INT64_MAX, -1, 0, 1, INT64_MIN + 1, 1000};
  for (size_t i = 0; i < 40; ++i) {
    // Versions from three devices, out of order, with counters, overwrites and per-field stamps.
    const Id& origin = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
    uint64_t ms = 1'750'000'000'000 + (i % 5) * 86'400'000 - i * 1000;
    Stamp s{hlc_make(ms, static_cast<uint16_t>(i % 2 ? 65535 : i)), origin,
            100 - i * 2 + (i % 4) * 50,
            i % 3 ? hlc_make(ms + (i % 2 ? 5000 : -5000), static_cast<uint16_t>(i)) : 0};
    Row r = blank_row(TableId::entries, s);
    // Whole seconds, before and after the row's version, and at the extremes of the type.
    r.fixed[entry_fixed::created_at] =
        i < extremes.size() ? extremes[i] : static_cast<int64_t>(ms) + (i % 2 ? 7000 : -86'400'000);
    r.fixed[entry_fixed::kind] = int64_t(i % 2);
    r.fields[entry_field::quantity] = extremes[i % extremes.size()];
    r.fields[entry_field::expires_at] = extremes[(i + 3) % extremes.size()];
    r.stamps[entry_field::status] = Stamp{hlc_make(ms + 1, 1), c, 7 + i, 0};
    r.stamps[entry_field::item] = Stamp{hlc_make(ms - 1, 0), b, 900 - i, hlc_make(ms - 2, 3)};
    rows.push_back(r);
  }
  for (size_t i = 0; i < 20; ++i) {
    Row h = blank_row(TableId::handovers,
                      Stamp{hlc_make(1'750'000'000'000 + i * 1000, 0), a, 50 + i, 0});
    h.fixed[handover_fixed::match] = id_value(Id::random());
    h.fixed[handover_fixed::quantity] = int64_t(i) - 10;
    h.fixed[handover_fixed::created_at] = int64_t(1'750'000'000'000 + i * 1000);
    rows.push_back(h);
    Row e = blank_row(TableId::events, Stamp{hlc_make(1'750'000'000'000 + i * 3, 2), b, 3 + i, 0});
    e.fixed[event_fixed::entry] = id_value(rows[i].id);
    e.fixed[event_fixed::at] = static_cast<int64_t>(hlc_make(1'750'000'000'000 + i * 3, 2));
    e.fixed[event_fixed::summary] = i % 2 ? "status changed" : "quantity changed";
    rows.push_back(e);
  }
  auto d = round_trip(rows);
  REQUIRE(d.rows.size() == rows.size());
  // The decoder returns each table's rows together, in the order they were added.
  std::vector<Row> want;
  for (auto t : {TableId::entries, TableId::handovers, TableId::events})
    for (const auto& r : rows)
      if (r.table == t) want.push_back(r);
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    check_same(want[i], d.rows[i]);
  }
}

TEST_CASE("a row carries only the fields in its mask, and the fixed times still come back") {
  Id origin = Id::random();
  std::vector<Row> rows;
  std::vector<uint64_t> masks;
  for (size_t i = 0; i < 30; ++i) {
    Row r = blank_row(TableId::entries, stamp_at(1'750'000'000'000 + i * 60'000, origin, 10 + i));
    r.fixed[entry_fixed::created_at] = int64_t(1'749'000'000'000 + i * 1000);
    r.fields[entry_field::category] = i % 2 ? "food" : "water";
    r.fields[entry_field::status] = int64_t(i % 3);
    r.fields[entry_field::details] = "checked again at the warehouse";
    r.stamps[entry_field::status] = stamp_at(1'750'000'500'000 + i, origin, 500 + i);
    rows.push_back(r);
    // Nothing, one field, or a field whose version is not the row's first.
    masks.push_back(i % 3 == 0   ? 0
                    : i % 3 == 1 ? uint64_t{1} << entry_field::status
                                 : (uint64_t{1} << entry_field::category) |
                                       (uint64_t{1} << entry_field::status));
  }
  auto d = round_trip(rows, masks);
  REQUIRE(d.rows.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    const auto& got = d.rows[i];
    CHECK(got.id == rows[i].id);
    CHECK(got.fixed == rows[i].fixed);
    for (size_t f = 0; f < rows[i].fields.size(); ++f) {
      CAPTURE(f);
      if (masks[i] >> f & 1) {
        CHECK(got.fields[f] == rows[i].fields[f]);
        CHECK(got.stamps[f] == rows[i].stamps[f]);
      } else {
        CHECK(got.fields[f] == default_value(table_def(TableId::entries).fields[f].type));
        CHECK(got.stamps[f] == Stamp{});
      }
    }
  }
}

TEST_CASE("a column of few distinct values travels as indexes, not as its text") {
  Id origin = Id::random();
  std::vector<Row> rows;
  const std::string site = "Riverside Community School, north gate";
  for (size_t i = 0; i < 1000; ++i) {
    Row r = blank_row(TableId::entries, stamp_at(1'750'000'000'000 + i, origin, 1));
    r.fields[entry_field::site] = site + std::to_string(i % 3);
    rows.push_back(r);
  }
  auto d = round_trip(rows);
  auto col = std::find_if(d.columns.begin(), d.columns.end(),
                          [](const BodyColumn& c) { return c.name.rfind("entries.site", 0) == 0; });
  REQUIRE(col != d.columns.end());
  CHECK(col->name == "entries.site (values)");
  // Three dictionary entries and a one-byte index per row, where plain text would take 40 bytes.
  CHECK(col->bytes.size() < 1000 + 3 * (site.size() + 3));
  CHECK(d.rows[999].fields[entry_field::site] == Value(site + "0"));
}

TEST_CASE("a full bundle of 300 varied entries arrives exactly as it left") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  const std::vector<std::string> sites{"Harbor Hall", "East Clinic", "Stadium Gate B"};
  const std::vector<std::string> names{"Jia Popescu", "Quinn Hernandez", "Elif Horvat",
                                       "Kwame Smith"};
  for (int i = 0; i < 300; ++i) {
    auto e = make_entry(i % 2 ? Kind::need : Kind::offer, "item " + std::to_string(i * 37 % 101),
                        i % 3 ? "food" : "water", 1 + i % 17);
    e.site = sites[static_cast<size_t>(i) % sites.size()];
    e.contact_name = names[static_cast<size_t>(i) % names.size()];
    e.contact_phone = i % 5 ? std::to_string(4'950'042'685LL + i * 7919) : "+380 67 123 4567";
    e.contact_consent = true;
    e.details = i % 4 ? "stairs cash shelter free good used" : "";
    net[0]->wall += 1000 + i;
    REQUIRE(a.entries().add(e).ok());
  }
  auto r = send(a, b);
  CHECK(r.added == 301);  // and device A's own record
  // A hears of B's own device record; then both hold the same, byte for byte.
  send(b, a);
  CHECK(b.replica().content_hash() == a.replica().content_hash());
}

TEST_CASE(
    "numbers spread evenly over a range travel packed to their width, and come back exactly") {
  Id origin = Id::random();
  std::vector<Row> rows;
  uint64_t seed = 11;
  auto rnd = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (size_t i = 0; i < 500; ++i) {
    uint64_t ms = 1'750'000'000'000 + i * 600'000 + rnd() % 600'000;
    Row r = blank_row(TableId::entries, stamp_at(ms, origin, 1 + i));
    // Created to the second, up to a week before the last change (as in sample-10k.csv).
    r.fixed[entry_fixed::created_at] =
        static_cast<int64_t>(ms) - static_cast<int64_t>(rnd() % 604'800) * 1000;
    r.fields[entry_field::quantity] = static_cast<int64_t>(1 + rnd() % 500);
    r.fields[entry_field::contact_phone] =
        std::to_string(2'000'000'000 + ((rnd() << 20) ^ rnd()) % 7'999'999'999);
    rows.push_back(r);
  }
  rows[7].fields[entry_field::contact_phone] = "0044";  // leading zeros survive packing too
  auto d = round_trip(rows);
  REQUIRE(d.rows.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    check_same(rows[i], d.rows[i]);
  }
  CHECK(has_column(d, "entries.created_at (packed 20 bits)"));  // 604,800 seconds
  CHECK(has_column(d, "entries.quantity (packed 9 bits)"));
  CHECK(has_column(d, "entries.contact_phone (numbers) (packed 34 bits)"));
}
