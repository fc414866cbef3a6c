// Issue 10, "Costs are bounded before they are paid": bundles made by an insider (a member's
// real keys, sealed by bundle_surgery.hpp's seal()) that tried to make a device pay in memory,
// disk, time or broken exports. Each is refused before the transaction writes.
#include <doctest/doctest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <zstd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include "bundle_surgery.hpp"
#include "core/csv.hpp"
#include "core/history_event.hpp"
#include "core/matching.hpp"
#include "core/validate.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "sync/codec.hpp"
#include "sync/codec_frame.hpp"
#include "sync/import_budget.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool has_words(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Every row of `store` with every version it holds, then `extra` adds rows to each table.
std::string body_of(Store& store, const std::function<void(TableId, BodyEncoder&)>& extra = {}) {
  BodyEncoder enc;
  for (const auto* t : all_tables()) {
    store.replica().for_each_row(t->id, [&](const Row& row) {
      uint64_t mask = 0;
      for (size_t f = 0; f < row.fields.size(); ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      if (!t->insert_only() && !mask) return true;
      enc.add(row, mask);
      return true;
    });
    if (extra) extra(t->id, enc);
  }
  return enc.finish();
}

uint64_t all_fields(const Row& row) {
  return row.fields.size() >= 64 ? ~uint64_t{0} : (uint64_t{1} << row.fields.size()) - 1;
}

// Two devices of one network; A holds a need and an offer.
struct CostPair {
  TempDir dir;
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));
  std::unique_ptr<Store> b = open_store(dir.file("b.db"));
  Network net = found(*a);
  Entry need;
  CostPair() {
    join(*b, net);
    need = add(*a, sample_need("rice"));
    add(*a, sample_offer("bottled water"));
  }
  Row entry_row() { return *a->replica().read_row(TableId::entries, need.id); }
  std::string refused(const std::string& bytes, SyncProblem problem) {
    auto before = b->replica().content_hash();
    SyncFailure why;
    auto r = import_bundle(b->replica(), bytes, "insider", &why);
    REQUIRE_MESSAGE(!r.ok(), "the hostile bundle was accepted");
    CHECK(why.problem == problem);
    CHECK(b->replica().content_hash() == before);
    return r.error();
  }
  // The bundle imports, and its one bad record is set aside whole (it never reaches B): the
  // reason given.
  std::string set_aside(const std::string& bytes, TableId table, const Id& record) {
    auto r = import_bundle(b->replica(), bytes, "insider");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    REQUIRE(r->set_aside.size() == 1);
    CHECK(r->set_aside[0].count == 1);
    CHECK(r->set_aside[0].from == b->replica().device(a->replica().device_id())->name);
    CHECK_FALSE(b->replica().read_row(table, record));
    return r->set_aside[0].reason;
  }
};

std::string repeat(std::string_view unit, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += unit;
  return s;
}

// Ids that compress to nothing: no genuine encoder writes them (Id::random is 16 random bytes).
Id counted_id(uint64_t i) {
  Id id;
  id.bytes.fill(0x5A);
  std::memcpy(id.bytes.data(), &i, sizeof i);
  return id;
}

uint64_t file_size_bytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

uint64_t peak_rss_kb_now() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  return 0;
}
bool reset_peak_rss_now() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

TEST_CASE("control: a hand-sealed copy of a genuine body is accepted") {
  CostPair p;
  auto genuine = bundle_of(*p.a);
  auto body = body_of(*p.a);
  import_ok(*p.b, seal(*p.a, genuine, zstd(body), body.size()));
  CHECK(p.b->entries().get(p.need.id));
}

TEST_CASE("a body that unpacks to one huge column costs at most twice its size in memory") {
  // The finding: an 8 KB bundle with an empty 250 MiB body peaked at 779 MB (three copies).
  // Here the body is one 64 MB column of zeros: the column is the one copy of the buffer.
  CostPair p;
  auto genuine = bundle_of(*p.a);
  const size_t column = 64u << 20;
  std::string frame;
  {
    std::ostringstream out(std::ios::binary);
    {
      cereal::PortableBinaryOutputArchive ar(out);
      ar(codec::kLayoutMajor, codec::kLayoutMinor, uint64_t{0}, uint64_t{0});
      codec::Bytes zeros;
      zeros.data.assign(column, '\0');
      ar(zeros);
    }
    std::string body = out.str();
    out.str({});
    REQUIRE(body.size() <= bundle_limits::max_body_bytes);
    frame = zstd(body);
    auto bomb = seal(*p.a, genuine, frame, body.size());
    std::string().swap(body);
    CHECK(bomb.size() < (64u << 10));
    const uint64_t declared_kb = (column >> 10);
    bool measured = reset_peak_rss_now();
    uint64_t before_kb = peak_rss_kb_now();
    auto why = p.refused(bomb, SyncProblem::damaged);
    CHECK(has_words(why, "bundle is damaged"));
    if (measured && before_kb > 0) {
      uint64_t grew_kb = peak_rss_kb_now() - before_kb;
      MESSAGE("peak grew by " << grew_kb / 1024 << " MB for a body of " << declared_kb / 1024
                              << " MB");
      CHECK(grew_kb <= declared_kb * 2 + (32u << 10));
    }
  }
}

TEST_CASE("the declared body and the bundle file are capped at sizes far above a real network") {
  // The 10,000-entry sample's genuine bundle, for scale.
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  found(*a);
  auto counts = import_csv_file(*a, std::string(MUTUA_SHARED_DATA) + "/sample-10k.csv");
  REQUIRE_MESSAGE(counts.ok(), (counts.ok() ? "" : counts.error()));
  auto bytes = bundle_of(*a);
  auto h = read_bundle_header(bytes);
  REQUIRE(h);
  MESSAGE("sample-10k: bundle " << bytes.size() << " bytes, body " << h->plain_size << " bytes");
  // A million entries (PRODUCT.md's upper scale) fits under both caps with room to spare.
  CHECK(bytes.size() * 100 * 2 < kMaxBundleFileBytes);
  CHECK(h->plain_size * 100 < bundle_limits::max_body_bytes);

  // And what it would add to a database is well within the import budget for its size.
  auto opened = open_bundle(a->replica(), bytes);
  REQUIRE(opened);
  auto decoder = BodyDecoder::parse(opened->plain);
  REQUIRE(decoder);
  ImportBudget budget(bytes.size());
  CHECK(!budget.rows((*decoder)->total_rows()));
  CHECK((*decoder)->total_rows() * 4 < budget.max_rows());
  Row row;
  for (;;) {
    auto more = (*decoder)->next(row);
    REQUIRE(more);
    if (!*more) break;
    REQUIRE(!budget.add(row));
  }
  MESSAGE("sample-10k: " << (*decoder)->total_rows() << " rows, " << budget.text_bytes()
                         << " bytes of text; budget " << budget.max_rows() << " rows, "
                         << budget.max_text_bytes() << " bytes");
}

TEST_CASE("rows whose ids compress to nothing cannot grow a database past the bundle's worth") {
  // The finding: a 38 KB bundle became a 177 MB database. Here 3,000 needs, each with the
  // longest details allowed (2,000 emoji, 8,000 bytes), under ids that count 1, 2, 3...
  CostPair p;
  auto genuine = bundle_of(*p.a);
  Row templ = p.entry_row();
  templ.fields[entry_field::details] = repeat("\xF0\x9F\x8D\x9E", limits::details_chars);  // 🍞
  templ.stamps[entry_field::details] = templ.stamps[entry_field::item];
  auto body = body_of(*p.a, [&](TableId t, BodyEncoder& enc) {
    if (t != TableId::entries) return;
    for (uint64_t i = 0; i < 3000; ++i) {
      Row r = templ;
      r.id = counted_id(i);
      enc.add(r, all_fields(r));
    }
  });
  auto compressed = zstd(body);
  auto bomb = seal(*p.a, genuine, compressed, body.size());
  MESSAGE("growth bomb: " << bomb.size() << " bytes, body " << body.size() << " bytes");
  CHECK(bomb.size() < (64u << 10));
  auto db_before = file_size_bytes(p.dir.file("b.db"));
  auto why = p.refused(bomb, SyncProblem::too_large);
  CHECK(has_words(why, "more than any genuine bundle of that size can hold"));
  CHECK(file_size_bytes(p.dir.file("b.db")) < db_before + (1u << 20));
}

TEST_CASE("text that compresses to nothing cannot grow a database past the bundle's worth") {
  // Genuine random ids this time, so the rows pass; the repeated longest text does not.
  CostPair p;
  auto genuine = bundle_of(*p.a);
  Row templ = p.entry_row();
  templ.fields[entry_field::details] = repeat("\xF0\x9F\x8D\x9E", limits::details_chars);
  templ.stamps[entry_field::details] = templ.stamps[entry_field::item];
  auto body = body_of(*p.a, [&](TableId t, BodyEncoder& enc) {
    if (t != TableId::entries) return;
    for (int i = 0; i < 1500; ++i) {
      Row r = templ;
      r.id = Id::random();
      enc.add(r, all_fields(r));
    }
  });
  auto bomb = seal(*p.a, genuine, zstd(body), body.size());
  MESSAGE("text bomb: " << bomb.size() << " bytes, " << body.size() << " bytes of body");
  auto why = p.refused(bomb, SyncProblem::too_large);
  CHECK(has_words(why, "its text unpacks to more than"));
}

TEST_CASE("a PIN hash from a bundle that asks for more than Mutua's own cost is set aside") {
  CostPair p;
  add_cheap_volunteer(*p.a, "Mykola", Role::volunteer, "4821");
  auto genuine = bundle_of(*p.a);
  // A valid hash of the cheapest kind, then the same string asking for 1 GiB and 8 passes.
  char cheap[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(cheap, "4821", 4, crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  std::string costly = cheap;
  auto at = costly.find("m=");
  costly = costly.substr(0, at) + "m=1048576,t=8,p=1" + costly.substr(costly.find('$', at));
  CHECK(pin_hash_cost_ok(cheap));
  CHECK_FALSE(pin_hash_cost_ok(costly));
  const Id insider = Id::random();
  auto body = body_of(*p.a, [&](TableId t, BodyEncoder& enc) {
    if (t != TableId::volunteers) return;
    Row r = *p.a->replica().read_row(TableId::volunteers, list_volunteers(*p.a).front().id);
    r.id = insider;
    r.fields[volunteer_field::name] = std::string("Insider");
    r.fields[volunteer_field::pin_hash] = costly;
    enc.add(r, all_fields(r));
  });
  auto why =
      p.set_aside(seal(*p.a, genuine, zstd(body), body.size()), TableId::volunteers, insider);
  CHECK(has_words(why, "volunteers.pin_hash asks for a cost outside what Mutua uses"));
}

TEST_CASE("the app's own PIN hashes and libsodium's cheapest lie within the allowed range") {
  auto own = [](unsigned long long ops, size_t mem) {
    char h[crypto_pwhash_STRBYTES];
    REQUIRE(crypto_pwhash_str(h, "1234", 4, ops, mem) == 0);
    return pin_hash_cost_ok(h);
  };
  CHECK(own(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE));
  CHECK(own(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN));
  CHECK_FALSE(own(crypto_pwhash_OPSLIMIT_INTERACTIVE + 1, crypto_pwhash_MEMLIMIT_INTERACTIVE));
  CHECK_FALSE(own(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE * 2));
  CHECK_FALSE(pin_hash_cost_ok(""));
  CHECK_FALSE(pin_hash_cost_ok("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
  CHECK_FALSE(pin_hash_cost_ok("$argon2id$v=19$m=8,t=1,p=2$c2FsdHNhbHQ$aGFzaA"));
  CHECK_FALSE(pin_hash_cost_ok("$argon2id$v=19$m=08,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
  CHECK_FALSE(pin_hash_cost_ok("$argon2id$v=19$m=99999999999999999999999,t=1,p=1$x$y"));
}

TEST_CASE("a costly PIN hash already stored is never run: the check is instant and fails") {
  TempDir dir;
  auto s = open_store(dir.file("s.db"));
  char cheap[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(cheap, "4821", 4, crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  std::string costly = cheap;
  auto at = costly.find("m=");
  costly = costly.substr(0, at) + "m=1048576,t=8,p=1" + costly.substr(costly.find('$', at));
  // A row stored before import checked the cost (the write path itself now refuses it).
  add_cheap_volunteer(*s, "Insider", Role::coordinator, "4821");
  s.reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("s.db").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "UPDATE volunteers SET pin_hash = ?1", -1, &st, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_text(st, 1, costly.c_str(), -1, SQLITE_TRANSIENT);
  CHECK(sqlite3_step(st) == SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);
  s = open_store(dir.file("s.db"));
  auto t0 = std::chrono::steady_clock::now();
  auto r = sign_in(*s, "4821");
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  CHECK_FALSE(r.volunteer);
  CHECK(ms < 1000);
}

namespace {
std::string chars(std::string_view one, size_t n) {
  return repeat(one, n);
}
}  // namespace

TEST_CASE(
    "the longest allowed text in every field round-trips write, bundle, CSV export, CSV import") {
  for (std::string_view letter : {std::string_view("\xD0\x96"), std::string_view("\xD8\xB9"),
                                  std::string_view("\xF0\x9F\x8D\x9E")}) {  // Ж, ع, 🍞
    CAPTURE(letter);
    CostPair p;
    Entry e = sample_need("x");
    e.item = chars(letter, limits::item_chars);
    e.details = chars(letter, limits::details_chars - 1) + "\n";
    e.unit = chars(letter, limits::short_chars);
    e.site = chars(letter, limits::short_chars);
    e.area = chars(letter, limits::short_chars);
    e.contact_name = chars(letter, limits::short_chars);
    e.contact_phone = chars("7", limits::phone_chars);
    e.language = chars("u", limits::language_chars);
    auto written = add(*p.a, e);
    import_ok(*p.b, bundle_of(*p.a));
    auto on_b = p.b->entries().get(written.id);
    REQUIRE(on_b);
    CHECK(on_b->item == e.item);
    CHECK(on_b->details == e.details);
    const std::string csv = p.dir.file("b.csv");
    CsvExportOptions with_contacts;
    with_contacts.with_contacts = true;
    auto n = export_csv_file(*p.b, csv, with_contacts);
    REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error()));
    auto c = open_store(p.dir.file("c.db"));
    auto counts = import_csv_file(*c, csv);
    REQUIRE_MESSAGE(counts.ok(), (counts.ok() ? "" : counts.error()));
    auto on_c = c->entries().get(written.id);
    REQUIRE(on_c);
    CHECK(on_c->item == e.item);
    CHECK(on_c->details == e.details);
    CHECK(on_c->unit == e.unit);
    CHECK(on_c->site == e.site);
    CHECK(on_c->area == e.area);
    CHECK(on_c->contact_name == e.contact_name);
    CHECK(on_c->contact_phone == e.contact_phone);
    CHECK(on_c->language == e.language);
  }
}

TEST_CASE("text one character over its limit is set aside from a bundle, in any script") {
  // The finding: items of 480 characters and details of 8,000 got in (a bound in bytes).
  struct Case {
    uint16_t field;
    std::string value;
    const char* why;
  };
  const Case cases[] = {
      {entry_field::item, chars("a", 480), "entries.item is too long (at most 120 characters)"},
      {entry_field::item, chars("\xD0\x96", limits::item_chars + 1), "entries.item is too long"},
      {entry_field::details, chars("a", 8000),
       "entries.details is too long (at most 2000 characters)"},
      {entry_field::unit, chars("\xD8\xB9", limits::short_chars + 1), "entries.unit is too long"},
      {entry_field::contact_name, chars("a", limits::short_chars + 1),
       "entries.contact_name is too long"},
      {entry_field::contact_phone, chars("7", limits::phone_chars + 1),
       "entries.contact_phone is too long"},
      {entry_field::contact_phone, "call me", "entries.contact_phone may hold only digits"},
      {entry_field::site, "Riverside\x01School", "entries.site contains a control character"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.why);
    CostPair p;
    auto genuine = bundle_of(*p.a);
    const Id bad = Id::random();
    auto body = body_of(*p.a, [&](TableId t, BodyEncoder& enc) {
      if (t != TableId::entries) return;
      Row r = p.entry_row();
      r.id = bad;
      r.fields[c.field] = c.value;
      r.stamps[c.field] = r.stamps[entry_field::item];
      enc.add(r, all_fields(r));
    });
    auto why = p.set_aside(seal(*p.a, genuine, zstd(body), body.size()), TableId::entries, bad);
    CHECK(has_words(why, c.why));
    CHECK(p.b->entries().get(p.need.id));  // the rest of the bundle came in
  }
}

namespace {
// A and B share a 6-unit need and a 6-unit offer, matched for all 6.
struct Matched : CostPair {
  Entry n6, o6;
  Match m;
  Matched() {
    Entry need = sample_need("blankets");
    need.quantity = 6;
    Entry offer = sample_offer("blankets");
    offer.quantity = 6;
    n6 = add(*a, need);
    o6 = add(*a, offer);
    auto r = confirm_match(*a, n6, o6, 6);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    m = *r;
    import_ok(*b, bundle_of(*a));
    import_ok(*a, bundle_of(*b));
  }
};
// `genuine`, A's bundle after its handover `real`, sealed again with one more handover under the
// id `copy`: the same match, `quantity` units.
std::string with_handover_copy(Matched& p, const std::string& genuine, const Id& real,
                               const Id& copy, int64_t quantity) {
  auto body = body_of(*p.a, [&](TableId t, BodyEncoder& enc) {
    if (t != TableId::handovers) return;
    Row r = *p.a->replica().read_row(TableId::handovers, real);
    r.id = copy;
    r.fixed[handover_fixed::quantity] = quantity;
    enc.add(r, 0);
  });
  return seal(*p.a, genuine, zstd(body), body.size());
}

}  // namespace

TEST_CASE("a handover of 1,000,000 against a 6-unit need is set aside from a bundle") {
  Matched p;
  auto h = record_handover(*p.a, p.m.id, 2);
  REQUIRE_MESSAGE(h.ok(), (h.ok() ? "" : h.error()));
  auto genuine = bundle_of(*p.a);
  const Id bad = Id::random();
  const auto hostile = with_handover_copy(p, genuine, h->id, bad, 1'000'000);
  auto why = p.set_aside(hostile, TableId::handovers, bad);
  CHECK(has_words(why, "a handover of 1000000 against need " + p.n6.ticket));
  // The honest handover of 2 the same bundle carried came in (the import was applied again
  // without the bad one).
  CHECK(allocation(*p.b, *p.b->entries().get(p.n6.id)).given == 2);
  import_ok(*p.b, genuine);
  CHECK(allocation(*p.b, *p.b->entries().get(p.n6.id)).given == 2);
  // The hostile bundle again looks known, and its handover is still over the limit here: it is
  // not applied again (sync/set_aside.hpp), so nothing is set aside a second time.
  CHECK(import_ok(*p.b, hostile).set_aside.empty());
}

TEST_CASE(
    "a handover set aside for its limit is taken from a bundle that looks known once this "
    "device's data allow it") {
  Matched p;
  auto h = record_handover(*p.a, p.m.id, 2);
  REQUIRE(h.ok());
  auto genuine = bundle_of(*p.a);
  const Id over = Id::random();
  // 8: the need, offer and match hold 6.
  const auto bundle = with_handover_copy(p, genuine, h->id, over, 8);
  p.set_aside(bundle, TableId::handovers, over);
  // Still over the limit: the bundle, which looks known, is not applied.
  CHECK(import_ok(*p.b, bundle).set_aside.empty());
  CHECK_FALSE(p.b->replica().read_row(TableId::handovers, over));
  // B raises the need to 10: the same bundle now brings the handover.
  Entry n = *p.b->entries().get(p.n6.id);
  n.quantity = 10;
  REQUIRE(p.b->entries().update(n).ok());
  auto got = import_ok(*p.b, bundle);
  CHECK(got.set_aside.empty());
  CHECK(p.b->replica().read_row(TableId::handovers, over));
  CHECK(allocation(*p.b, *p.b->entries().get(p.n6.id)).given == 10);
}

TEST_CASE("honest concurrent handovers and quantity changes are never refused") {
  Matched p;
  // Offline, each device hands over all 6 against the same match; B also lowers both sides.
  REQUIRE(record_handover(*p.a, p.m.id, 6).ok());
  REQUIRE(record_handover(*p.b, p.m.id, 6).ok());
  Entry n = *p.b->entries().get(p.n6.id), o = *p.b->entries().get(p.o6.id);
  n.quantity = 1;
  o.quantity = 1;
  REQUIRE(p.b->entries().update(n).ok());
  REQUIRE(p.b->entries().update(o).ok());
  import_ok(*p.b, bundle_of(*p.a));
  import_ok(*p.a, bundle_of(*p.b));
  CHECK(allocation(*p.a, *p.a->entries().get(p.n6.id)).given == 12);
  CHECK(allocation(*p.b, *p.b->entries().get(p.n6.id)).given == 12);
  // A third device that hears both at once accepts them too.
  auto c = open_store(p.dir.file("c.db"));
  join(*c, p.net);
  import_ok(*c, bundle_of(*p.b));
  CHECK(allocation(*c, *c->entries().get(p.n6.id)).given == 12);
}

TEST_CASE(
    "a quantity lowered by a CSV re-import leaves the event an edit leaves, and an honest "
    "handover made meanwhile elsewhere is not refused") {
  Matched p;
  REQUIRE(record_handover(*p.a, p.m.id, 6).ok());
  // Meanwhile B lowers the need and the offer from a spreadsheet (a newer updated_at: not a
  // correction but the row as the file has it) and the match by hand.
  std::vector<Entry> sheet;
  for (const Id& id : {p.n6.id, p.o6.id}) {
    Entry e = *p.b->entries().get(id);
    e.quantity = 1;
    e.updated_at = e.updated_at + 60'000;
    sheet.push_back(e);
  }
  auto imported = p.b->entries().import(sheet);
  REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error()));
  REQUIRE(imported->updated == 2);
  REQUIRE(p.b->entries().get(p.n6.id)->quantity == 1);
  size_t events = 0;
  for (const auto& ev : p.b->history().of(p.n6.id))
    if (ev.what == EventKind::field_changed && ev.field == entry_field::quantity) {
      CHECK(ev.before_number == 6);
      CHECK(ev.after_number == 1);
      ++events;
    }
  CHECK(events == 1);
  REQUIRE(p.b->matches().set(p.m.id, 1, MatchStatus::confirmed).ok());
  auto r = import_bundle(p.b->replica(), bundle_of(*p.a));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->set_aside.empty());
  CHECK(allocation(*p.b, *p.b->entries().get(p.n6.id)).given == 6);
}
