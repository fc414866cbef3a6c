// Evolvability (PRODUCT.md section 4, property 9; docs/bundle-format.md "Compatibility rules"):
// bundles written by devices already in the field still read, a newer minor layout imports, a
// newer major is refused with "update this device", and what a newer Mutua added passes through
// an older device unchanged, with its versions.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "bundle_surgery.hpp"
#include "core/seq_claim.hpp"
#include "sync/codec.hpp"
#include "sync/codec_frame.hpp"
#include "sync/relayed_chains.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool has_text(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

std::string read_test_file(const std::string& name) {
  std::ifstream in(std::string(MUTUA_TEST_DATA) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing tests/data/" << name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --- A newer Mutua, played by the test ------------------------------------------------------
// Body layout 3.1 gave entries a "pickup window" (a last-writer-wins text, column 40) and a fixed
// "pickup point" number (column 41), and added two tables: vehicles (registers, table 20) and
// deliveries (insert-only, table 21). Its known data lives in an ordinary store; what it added
// is held here and woven into its bundles by a future encoder.
constexpr uint16_t kPickupWindow = 40, kPickupPoint = 41;
constexpr auto kVehicles = static_cast<TableId>(20);
constexpr auto kDeliveries = static_cast<TableId>(21);

ExtraValue window(const std::string& text, const Stamp& s) {
  return {kPickupWindow, false, FieldType::text, IntCoding::plain, text, s};
}
ExtraValue point(int64_t n) {
  return {kPickupPoint, true, FieldType::integer, IntCoding::plain, n, Stamp{}};
}

struct FutureDevice {
  Store& store;
  std::map<Id, ExtraValue> windows;
  std::map<Id, int64_t> points;
  std::vector<Row> new_tables;

  // What build_bundle of a 3.1 device would write against `base`.
  std::string bundle(const VersionVector& base = {}) {
    auto lacks = [&](const Stamp& s) {
      auto it = base.find(s.origin);
      return s.hlc != 0 && (it == base.end() || s.seq > it->second);
    };
    auto genuine = bundle_of(store, base);
    auto opened = open_bundle(store.replica(), genuine);
    REQUIRE(opened);
    auto decoder = BodyDecoder::parse(opened->plain);
    REQUIRE(decoder);
    BodyEncoder enc(3, 1);
    Row row;
    while (*(*decoder)->next(row)) {
      uint64_t mask = 0;
      for (size_t f = 0; f < row.stamps.size() && !row.insert_only; ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      if (row.table == TableId::entries) {
        if (auto p = points.find(row.id); p != points.end()) row.extras.push_back(point(p->second));
        if (auto w = windows.find(row.id); w != windows.end() && lacks(w->second.stamp))
          row.extras.push_back(w->second);
      }
      enc.add(row, mask);
    }
    for (const auto& r : new_tables)
      if (r.insert_only ? lacks(r.stamps[0]) : true) enc.add(r, 0);
    auto body = enc.finish();
    return seal(store, genuine, zstd(body), body.size());
  }
};

// What a newer Mutua reads from a bundle: every row, extras included, by (table, id).
std::map<std::pair<int, Id>, Row> read_as_newer(Store& reader, const std::string& bundle) {
  auto opened = open_bundle(reader.replica(), bundle);
  REQUIRE_MESSAGE(opened, (opened ? "" : opened.error()));
  auto decoder = BodyDecoder::parse(opened->plain);
  REQUIRE_MESSAGE(decoder, (decoder ? "" : decoder.error()));
  std::map<std::pair<int, Id>, Row> rows;
  Row row;
  for (;;) {
    auto more = (*decoder)->next(row);
    REQUIRE_MESSAGE(more, (more ? "" : more.error()));
    if (!*more) break;
    rows[{static_cast<int>(row.table), row.id}] = row;
  }
  return rows;
}

const ExtraValue* extra(const Row& r, uint16_t column) {
  for (const auto& e : r.extras)
    if (e.column == column) return &e;
  return nullptr;
}

Row vehicle(const Id& id, const std::string& plate, int64_t seats, const Stamp& s) {
  Row r;
  r.table = kVehicles;
  r.id = id;
  r.extras = {{1, false, FieldType::text, IntCoding::plain, plate, s},
              {2, false, FieldType::integer, IntCoding::plain, seats, s}};
  return r;
}
Row delivery(const Id& id, const Id& entry, const std::string& note, int64_t at, const Stamp& s) {
  Row r;
  r.table = kDeliveries;
  r.id = id;
  r.insert_only = true;
  r.stamps = {s};
  r.extras = {{1, true, FieldType::id, IntCoding::plain, id_value(entry), Stamp{}},
              {2, true, FieldType::integer, IntCoding::before_version, at, Stamp{}},
              {3, true, FieldType::text, IntCoding::plain, note, Stamp{}}};
  return r;
}

Stamp stamp_of(Store& store, const Id& entry, uint16_t field) {
  auto r = store.replica().read_row(TableId::entries, entry);
  REQUIRE(r);
  return r->stamps[field];
}

struct Trio {
  TempDir dir;
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));  // newer
  std::unique_ptr<Store> b = open_store(dir.file("b.db"));  // this version, in the middle
  std::unique_ptr<Store> c = open_store(dir.file("c.db"));  // newer again
  Network net = found(*a);
  FutureDevice future{*a, {}, {}, {}};
  std::vector<Entry> entries;
  Trio() {
    join(*b, net);
    join(*c, net);
    for (const char* item : {"Гречка 5 кг", "Підгузки розмір 4", "Ковдра тепла"})
      entries.push_back(add(*a, sample_need(item)));
    for (size_t i = 0; i < entries.size(); ++i) {
      auto s = stamp_of(*a, entries[i].id, entry_field::item);
      future.windows[entries[i].id] = window("пн–пт 10:00–12:00, двір №" + std::to_string(i), s);
      future.points[entries[i].id] = 7 + static_cast<int64_t>(i);
    }
    auto s = stamp_of(*a, entries[0].id, entry_field::item);
    future.new_tables.push_back(vehicle(Id::random(), "Газель АА 1234 ВК", 3, s));
    future.new_tables.push_back(vehicle(Id::random(), "Sprinter", 2, s));
    future.new_tables.push_back(
        delivery(Id::random(), entries[0].id, "залишено в сусідів", 1'750'000'000'000, s));
  }
};

}  // namespace

TEST_CASE(
    "a layout-2 bundle written by a device in the field imports with every value it carried") {
  TempDir dir;
  // The stores read the time as it was an hour after the bundle was written, so its needs and
  // its offer have not expired whenever this runs.
  auto written = read_bundle_header(read_test_file("layout2.mutua"));
  REQUIRE(written);
  const auto then = static_cast<int64_t>(hlc_wall_ms(written->created)) + 3'600'000;
  auto at_then = [&](const std::string& path) {
    auto s = Store::open(path, Store::Options{[then] { return then; }});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
    return std::move(*s);
  };
  auto store = at_then(dir.file("new.db"));
  std::string code = read_test_file("layout2.joincode");
  while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.pop_back();
  auto joined = join_network(store->replica(), code);
  REQUIRE_MESSAGE(joined, (joined ? "" : joined.error()));
  auto summary = import_ok(*store, read_test_file("layout2.mutua"));
  CHECK(summary.new_entries == 21);
  CHECK(entry_count(*store) == 21);

  auto first = store->entries().by_ticket("LLA-001");
  REQUIRE(first);
  CHECK(first->item == "Гречка");
  CHECK(first->unit == "кг");
  CHECK(first->site == "Школа №5");
  CHECK(first->area == "Оболонь");
  CHECK(first->details == "Потрібно терміново для родини з дітьми — дякуємо");
  CHECK(first->contact_name == "Олена Петренко 0");
  CHECK(first->contact_phone == "+380671234500");
  CHECK(first->contact_consent);
  CHECK(first->language == "uk");
  CHECK(first->urgency == Urgency::high);
  CHECK(first->status == Status::met);  // through the match and the handover
  CHECK(first->expires_at - first->created_at == 30LL * 24 * 3600 * 1000 - 1);
  auto twentieth = store->entries().by_ticket("LLA-020");
  REQUIRE(twentieth);
  CHECK(twentieth->item == "Павербанк");
  CHECK(twentieth->quantity == 20);
  CHECK(twentieth->people == 5);
  CHECK(twentieth->contact_phone == "+380671234519");
  CHECK(store->entries().by_ticket("LLA-003")->status == Status::cancelled);
  auto offer = store->entries().by_ticket("LLA-021");
  REQUIRE(offer);
  CHECK(offer->status == Status::partly_taken);
  CHECK(offer->quantity == 50);
  CHECK(offer->contact_phone == "0501112233");
  auto matches = store->matches().for_entry(first->id);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].id.hex() == "5df06972d4fe2ad731c28ebbe17ab59c");
  CHECK(matches[0].quantity == 1);
  CHECK(store->matches().handed_over(first->id) == 1);
  // Nothing kept as an unknown column but this device's own sequence claims (SEQ-1 and SEQ-2,
  // core/seq_claim.hpp).
  for (const auto* t : all_tables())
    for (const auto& [row, extras] : store->replica().extras_of(t->id))
      for (const auto& e : extras)
        CHECK((t->id == TableId::devices && row == store->replica().device_id() &&
               (e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn)));
  // And what it became goes on in this version's layout, to a device that reads it back whole.
  auto onward = at_then(dir.file("onward.db"));
  REQUIRE(join_network(onward->replica(), code));
  import_ok(*onward, bundle_of(*store));
  CHECK(entry_count(*onward) == 21);
  CHECK(onward->entries().by_ticket("LLA-001")->status == Status::met);
  CHECK(onward->entries().by_ticket("LLA-020")->contact_name == "Олена Петренко 19");
}

TEST_CASE(
    "a newer device's new column and tables pass through an older device unchanged, with their "
    "versions") {
  Trio t;
  // The newer device's rows of new tables are made up here with stamps of A's real writes, so no
  // chain of A covers them (a real newer Mutua signs them, docs/bundle-format.md): C, a newer
  // device receiving them through B, takes A's versions unchecked (sync/relayed_chains.hpp).
  t.c->replica().local_set(kChainCheckKey, "off");
  import_ok(*t.b, t.future.bundle());
  CHECK(entry_count(*t.b) == 3);
  CHECK(t.b->replica().has_extras());

  // The device in the middle edits the same entries, then writes a full bundle.
  Entry edited = *t.b->entries().get(t.entries[0].id);
  edited.item = "Гречка 10 кг";
  REQUIRE(t.b->entries().update(edited));
  REQUIRE(t.b->entries().set_status(t.entries[1].id, Status::cancelled));
  auto full = bundle_of(*t.b);
  auto seen = read_as_newer(*t.c, full);
  for (const auto& e : t.entries) {
    CAPTURE(e.item);
    auto it = seen.find({0, e.id});
    REQUIRE(it != seen.end());
    const auto* w = extra(it->second, kPickupWindow);
    REQUIRE(w);
    CHECK(*w == t.future.windows[e.id]);
    const auto* p = extra(it->second, kPickupPoint);
    REQUIRE(p);
    CHECK(std::get<int64_t>(p->value) == t.future.points[e.id]);
  }
  CHECK(std::get<std::string>(seen[{0, t.entries[0].id}].fields[entry_field::item]) ==
        "Гречка 10 кг");
  for (const auto& r : t.future.new_tables) {
    auto it = seen.find({static_cast<int>(r.table), r.id});
    REQUIRE(it != seen.end());
    CHECK(it->second.insert_only == r.insert_only);
    CHECK(it->second.extras == r.extras);
    if (r.insert_only) CHECK(it->second.stamps == r.stamps);
  }
  import_ok(*t.c, full);
  CHECK(entry_count(*t.c) == 3);
  CHECK(t.c->replica().extras_of(TableId::entries).size() == 3);

  // The newer device edits a pickup window again; the middle device relays only what is new.
  Entry more = *t.a->entries().get(t.entries[2].id);
  more.quantity = 9;
  REQUIRE(t.a->entries().update(more));
  auto s = stamp_of(*t.a, t.entries[2].id, entry_field::quantity);
  t.future.windows[t.entries[2].id] = window("сб 09:00–11:00", s);
  import_ok(*t.b, t.future.bundle(t.b->replica().version_vector()));
  auto delta = bundle_of(*t.b, t.c->replica().version_vector());
  auto relayed = read_as_newer(*t.c, delta);
  auto it = relayed.find({0, t.entries[2].id});
  REQUIRE(it != relayed.end());
  const auto* w = extra(it->second, kPickupWindow);
  REQUIRE(w);
  CHECK(*w == t.future.windows[t.entries[2].id]);
  CHECK(w->stamp == s);
  // Nothing C already holds is sent again: the other entries' windows are not in the delta.
  for (size_t i = 0; i < 2; ++i) {
    auto other = relayed.find({0, t.entries[i].id});
    if (other != relayed.end()) CHECK(extra(other->second, kPickupWindow) == nullptr);
  }
  import_ok(*t.c, delta);
  auto kept = t.c->replica().extras_of(TableId::entries)[t.entries[2].id];
  REQUIRE(kept.size() == 2);
  CHECK(kept[0] == t.future.windows[t.entries[2].id]);
  // An older window arriving late loses to the newer one, by the same (hlc, origin) rule.
  import_ok(*t.c, full);
  CHECK(t.c->replica().extras_of(TableId::entries)[t.entries[2].id][0] ==
        t.future.windows[t.entries[2].id]);
}

TEST_CASE("a bundle in a higher minor layout imports; a higher major asks to update this device") {
  Trio t;
  auto genuine = bundle_of(*t.a);
  auto encode = [&](uint32_t major, uint32_t minor) {
    BodyEncoder enc(major, minor);
    auto opened = open_bundle(t.a->replica(), genuine);
    REQUIRE(opened);
    auto d = BodyDecoder::parse(opened->plain);
    REQUIRE(d);
    Row row;
    while (*(*d)->next(row)) {
      uint64_t mask = 0;
      for (size_t f = 0; f < row.stamps.size() && !row.insert_only; ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      enc.add(row, mask);
    }
    auto body = enc.finish();
    return seal(*t.a, genuine, zstd(body), body.size());
  };
  import_ok(*t.b, encode(3, 9));
  CHECK(entry_count(*t.b) == 3);
  auto r = import_bundle(t.c->replica(), encode(4, 0));
  REQUIRE(!r);
  CHECK(r.error() == "bundle was made by a newer Mutua (body layout 4); update this device");
  CHECK(entry_count(*t.c) == 0);
}

namespace {

// The frame of a layout-3 body, to damage its descriptors by hand.
struct Frame {
  uint32_t major = 0, minor = 0;
  codec::WireBody body;
};
Frame frame_of(const std::string& plain) {
  Frame f;
  codec::g_budget = plain.size();
  std::istringstream in(plain, std::ios::binary);
  cereal::PortableBinaryInputArchive ar(in);
  ar(f.major, f.minor, f.body);
  return f;
}
std::string bytes_of(const Frame& f) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(f.major, f.minor, f.body);
  }
  return std::move(out).str();
}
codec::WireTable& entries_of(Frame& f) {
  for (auto& t : f.body.tables.items)
    if (t.table == 0) return t;
  FAIL("no entries table");
  return f.body.tables.items[0];
}
codec::WireColumn& column(codec::WireTable& t, uint16_t id) {
  for (auto& c : t.columns.items)
    if (c.id == id) return c;
  FAIL("no column " << id);
  return t.columns.items[0];
}

// Every row decoded: the first refusal, or "" when it all reads.
std::string decode_problem_of(std::string_view body) {
  auto d = BodyDecoder::parse(body);
  if (!d) return d.error();
  Row row;
  for (;;) {
    auto more = (*d)->next(row);
    if (!more) return more.error();
    if (!*more) return "";
  }
}

}  // namespace

TEST_CASE(
    "descriptors: unknown columns are kept, duplicates and wrong types refused, unknown encodings "
    "ask to update") {
  Trio t;
  auto genuine = bundle_of(*t.a);
  auto plain = open_bundle(t.a->replica(), genuine)->plain;
  REQUIRE(decode_problem_of(plain).empty());
  const auto item = table_def(TableId::entries).fields[entry_field::item].id;
  const auto quantity = table_def(TableId::entries).fields[entry_field::quantity].id;
  struct Case {
    std::string what;
    std::function<void(Frame&)> change;
    std::string reason;  // "" = imports
  };
  std::vector<Case> cases{
      {"a fixed integer column this device does not know",
       [](Frame& f) {
         auto& e = entries_of(f);
         std::string data;
         varint::put(data, 1);  // scale
         varint::put(data, 0);  // varints
         for (uint64_t i = 0; i < e.rows; ++i)
           varint::put(data, codec::zz(static_cast<int64_t>(i) + 5));
         e.columns.items.push_back(
             {77, 0, 0, static_cast<uint8_t>(codec::Encoding::int_plain), {data}});
       },
       ""},
      {"a column listed twice",
       [&](Frame& f) {
         auto& e = entries_of(f);
         e.columns.items.push_back(column(e, item));
       },
       "bundle is damaged (entries column " + std::to_string(item) + " appears twice)"},
      {"a known column with another type",
       [&](Frame& f) {
         auto& c = column(entries_of(f), item);
         c.type = 0;
         c.encoding = static_cast<uint8_t>(codec::Encoding::int_plain);
       },
       "bundle is damaged (column entries.item has the wrong type)"},
      {"a known field said to be fixed",
       [&](Frame& f) { column(entries_of(f), quantity).role = 0; },
       "bundle is damaged (column entries.quantity has the wrong role)"},
      {"an encoding that does not fit its type",
       [&](Frame& f) {
         column(entries_of(f), quantity).encoding =
             static_cast<uint8_t>(codec::Encoding::text_plain);
       },
       "has an encoding that does not fit its type"},
      {"an encoding this device does not know, in a column it knows",
       [&](Frame& f) { column(entries_of(f), item).encoding = 99; },
       "bundle was made by a newer Mutua (body layout 3.0, an encoding this device cannot read); "
       "update this device"},
      {"an encoding this device does not know, in a column it does not know",
       [](Frame& f) {
         entries_of(f).columns.items.push_back({78, 1, 1, 99, {}});
       },
       "bundle was made by a newer Mutua (body layout 3.0, an encoding this device cannot read); "
       "update this device"},
      {"a kind of table this device does not know", [](Frame& f) { entries_of(f).kind = 5; },
       "bundle was made by a newer Mutua (body layout 3.0, a kind of table this device does not "
       "know); update this device"},
      {"a table listed twice", [](Frame& f) { f.body.tables.items.push_back(entries_of(f)); },
       "bundle is damaged (table 0 appears twice)"},
      {"entries said to be insert-only", [](Frame& f) { entries_of(f).kind = 1; },
       "bundle is damaged (entries has the wrong kind)"},
      {"more than 64 field columns",
       [](Frame& f) {
         for (uint16_t i = 0; i < 60; ++i)
           entries_of(f).columns.items.push_back({static_cast<uint16_t>(200 + i), 1, 1, 5, {}});
       },
       "bundle is damaged (column count)"},
  };
  size_t n = 0;
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto f = frame_of(plain);
    c.change(f);
    auto body = bytes_of(f);
    auto bundle = seal(*t.a, genuine, zstd(body), body.size());
    // Each on a device that has not seen these records yet, so that the body is read.
    auto fresh = open_store(t.dir.file("fresh" + std::to_string(n++) + ".db"));
    join(*fresh, t.net);
    auto before = fresh->replica().content_hash();
    auto r = import_bundle(fresh->replica(), bundle);
    if (c.reason.empty()) {
      CHECK_MESSAGE(r, (r ? "" : r.error()));
      import_ok(*t.b, bundle);
    } else {
      REQUIRE(!r);
      CHECK_MESSAGE(has_text(r.error(), c.reason), r.error());
      CHECK(fresh->replica().content_hash() == before);
    }
  }
  // The unknown fixed column was kept for every entry, to be passed on.
  auto kept = t.b->replica().extras_of(TableId::entries);
  REQUIRE(kept.size() == 3);
  for (const auto& [id, extras] : kept) {
    REQUIRE(extras.size() == 1);
    CHECK(extras[0].column == 77);
    CHECK(extras[0].fixed);
  }
}

TEST_CASE(
    "a layout-3 body cut at any byte, descriptors included, is refused and never read past its "
    "end") {
  Trio t;
  auto plain = open_bundle(t.a->replica(), t.future.bundle())->plain;
  REQUIRE(decode_problem_of(plain).empty());
  for (size_t cut = 0; cut < plain.size(); ++cut) {
    CAPTURE(cut);
    auto why = decode_problem_of(std::string_view(plain).substr(0, cut));
    CHECK_MESSAGE(has_text(why, "bundle is damaged ("), why);
  }
}
