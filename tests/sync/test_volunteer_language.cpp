// The volunteer's console language replicates with the volunteer (volunteers field 6, kept as an
// extra: core/volunteer_language.hpp; docs/bundle-format.md "Fields kept as extras"). It must
// pass through a device that does not read it with its version, arrive in deltas, leave bundles
// without it exactly as they were, and a bogus value must neither block a bundle nor be used.
#include <doctest/doctest.h>

#include "core/seq_claim.hpp"
#include "core/superseded.hpp"
#include "core/volunteer_language.hpp"
#include "core/volunteers.hpp"
#include "reread.hpp"
#include "support/cheap_volunteers.hpp"
#include "sync/codec.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct Devices {
  TempDir dir;
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));
  std::unique_ptr<Store> b = open_store(dir.file("b.db"));
  std::unique_ptr<Store> c = open_store(dir.file("c.db"));
  Network net = found(*a);
  VolunteerInfo amal = add_cheap_volunteer(*a, "Amal", Role::volunteer, "582913");
  Devices() {
    join(*b, net);
    join(*c, net);
    import_ok(*a, bundle_of(*b));  // A knows every device's record, and passes them on
    import_ok(*a, bundle_of(*c));
  }
};

// The records of a bundle besides its writers' devices records, which every delta with their
// news carries for their signed sequence claims (core/seq_claim.hpp).
std::vector<Row> news_of(Store& reader, const std::string& bundle) {
  auto rows = rows_of(reader, bundle);
  std::erase_if(rows, [](const Row& r) { return r.table == TableId::devices; });
  return rows;
}

const ExtraValue* language_of(const std::vector<Row>& rows, const Id& volunteer) {
  for (const auto& r : rows)
    if (r.table == TableId::volunteers && r.id == volunteer)
      for (const auto& e : r.extras)
        if (e.column == kVolunteerLanguageColumn) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("volunteers.language travels as column 6, through a device that does not read it") {
  Devices d;
  REQUIRE(set_volunteer_language(*d.a, d.amal.id, "ar").ok());
  const auto written = volunteer_language_value(*d.a, d.amal.id);
  REQUIRE(written);
  CHECK(written->stamp.origin == d.a->replica().device_id());

  // On the wire: a text field (role 1) of table 5 with id 6, its version A's.
  const auto bundle = bundle_of(*d.a);
  const auto rows = rows_of(*d.b, bundle);
  const ExtraValue* carried = language_of(rows, d.amal.id);
  REQUIRE(carried);
  CHECK(!carried->fixed);
  CHECK(carried->type == FieldType::text);
  CHECK(std::get<std::string>(carried->value) == "ar");
  CHECK(carried->stamp == written->stamp);

  // B keeps it as any Mutua since 3.0 keeps a column it does not know (extra_fields), changes
  // the volunteer's role meanwhile, and passes both on, in full and in deltas.
  import_ok(*d.b, bundle);
  REQUIRE(set_role(*d.b, d.amal.id, Role::coordinator).ok());
  auto to_c = build_bundle(d.b->replica(), {});
  REQUIRE(to_c.ok());
  import_ok(*d.c, to_c->bytes);
  const auto at_c = volunteer_language_value(*d.c, d.amal.id);
  REQUIRE(at_c);
  CHECK(*at_c == *written);  // value, type and version unchanged
  CHECK(volunteer_language(*d.c, d.amal.id) == "ar");
  CHECK(find_volunteer(*d.c, d.amal.id)->role == Role::coordinator);
  CHECK(d.c->replica().content_hash() == d.b->replica().content_hash());

  // A later choice on C reaches A through B, in deltas.
  REQUIRE(set_volunteer_language(*d.c, d.amal.id, "fa").ok());
  const auto c_to_b = build_bundle(d.c->replica(), d.b->replica().version_vector());
  REQUIRE(c_to_b.ok());
  CHECK(news_of(*d.b, c_to_b->bytes).size() == 1);
  import_ok(*d.b, c_to_b->bytes);
  const auto b_to_a = build_bundle(d.b->replica(), d.a->replica().version_vector());
  REQUIRE(b_to_a.ok());
  CHECK(news_of(*d.a, b_to_a->bytes).size() == 1);
  import_ok(*d.a, b_to_a->bytes);
  CHECK(volunteer_language(*d.a, d.amal.id) == "fa");
}

TEST_CASE("a delta carries a console language set since, and nothing more") {
  Devices d;
  for (int i = 0; i < 30; ++i) add(*d.a, sample_need("rice " + std::to_string(i)));
  import_ok(*d.b, bundle_of(*d.a));
  const VersionVector b_holds = d.b->replica().version_vector();
  CHECK(build_bundle(d.a->replica(), b_holds)->records == 0);  // in step

  REQUIRE(set_volunteer_language(*d.a, d.amal.id, "uk").ok());
  const auto delta = build_bundle(d.a->replica(), b_holds);
  REQUIRE(delta.ok());
  CHECK(news_of(*d.b, delta->bytes).size() == 1);  // the volunteer, for column 6 alone
  CHECK(news_of(*d.b, delta->bytes).at(0).table == TableId::volunteers);
  CHECK(delta->records == 2);  // and A's devices record, for its sequence claim
  import_ok(*d.b, delta->bytes);
  CHECK(volunteer_language(*d.b, d.amal.id) == "uk");
  // In step again: nothing, though B now keeps a column's version of its own.
  CHECK(build_bundle(d.a->replica(), d.b->replica().version_vector())->records == 0);
  CHECK(build_bundle(d.b->replica(), d.a->replica().version_vector())->records == 0);
}

TEST_CASE("a bundle without the language is what it was, and imports as before") {
  Devices d;
  add(*d.a, sample_need("rice"));
  // Nobody chose a language: no column 6, no extras but the devices' sequence claims (columns
  // 8 and 9, core/seq_claim.hpp), the same bytes a build without the field writes. (Rows of
  // table 9, digests of superseded writes, are all extras: the devices' records as they were
  // made, superseded once they joined, have them.)
  const auto bundle = bundle_of(*d.a);
  for (const auto& r : rows_of(*d.b, bundle))
    for (const auto& e : r.extras)
      if (r.table != kSupersededTable)
        CHECK((r.table == TableId::devices &&
               (e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn)));
  const auto summary = import_ok(*d.b, bundle);
  CHECK(summary.new_entries == 1);
  CHECK(d.b->replica().extras_of(TableId::volunteers).empty());
  CHECK(volunteer_language(*d.b, d.amal.id).empty());
}

TEST_CASE("bogus console languages in a bundle are carried, never used, and block nothing") {
  Devices d;
  const auto need = add(*d.a, sample_need("rice"));
  const Stamp s = d.a->replica().read_row(TableId::volunteers, d.amal.id)->stamps[0];
  const uint16_t col = kVolunteerLanguageColumn;
  // Senders that wrote column 6 wrongly (a column has one type and role in a bundle: one bundle
  // each): a long text of markup, a tag this Mutua has no language for, a number, a fixed value.
  struct Case {
    const char* what;
    ExtraValue value;
    std::string read;  // what volunteer_language gives
    bool can_set;      // a local choice can still be written over it
  };
  const std::vector<Case> cases{
      {"markup",
       {col, false, FieldType::text, IntCoding::plain,
        "<script>" + std::string(3000, 'x') + "</script>", s},
       "",
       true},
      {"an unknown tag",
       {col, false, FieldType::text, IntCoding::plain, std::string("tlh"), s},
       "tlh",
       true},
      {"a number", {col, false, FieldType::integer, IntCoding::plain, int64_t{7}, s}, "", false},
      {"a fixed value",
       {col, true, FieldType::text, IntCoding::plain, std::string("ar"), {}},
       "",
       false},
  };
  int n = 0;
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const auto bundle = rewritten(*d.a, bundle_of(*d.a), [&](Row& r) {
      if (r.table == TableId::volunteers && r.id == d.amal.id) r.extras.push_back(c.value);
    });
    auto fresh = open_store(d.dir.file("fresh" + std::to_string(n++) + ".db"));
    join(*fresh, d.net);
    const auto summary = import_ok(*fresh, bundle);
    CHECK(summary.new_entries == 1);
    CHECK(fresh->entries().by_ticket(need.ticket));
    CHECK(summary.set_aside.empty());
    CHECK(find_volunteer(*fresh, d.amal.id));
    const auto kept = volunteer_language_value(*fresh, d.amal.id);
    REQUIRE(kept);
    CHECK(*kept == c.value);  // carried as it came
    CHECK(volunteer_language(*fresh, d.amal.id) == c.read);
    CHECK(set_volunteer_language(*fresh, d.amal.id, "es").ok() == c.can_set);
    // Sync goes on both ways.
    add(*fresh, sample_need("beans"));
    import_ok(*d.b, bundle_of(*fresh));
    CHECK(entry_count(*d.b) == 2);
    CHECK(volunteer_language(*d.b, d.amal.id) == (c.can_set ? "es" : c.read));
    d.b = open_store(d.dir.file("b" + std::to_string(n) + ".db"));
    join(*d.b, d.net);
  }
}

TEST_CASE("set_volunteer_language refuses what is not a language tag, and unknown volunteers") {
  Devices d;
  for (const char* bad : {"", "a", "1a", "ar ", "ar_EG", "ar-\xD9\x85", "abcdefghijklmnopq"})
    CHECK_MESSAGE(!set_volunteer_language(*d.a, d.amal.id, bad).ok(), bad);
  for (const char* good : {"ar", "pt-BR", "zh-Hant-TW", "abcdefghijklmnop"})
    CHECK_MESSAGE(set_volunteer_language(*d.a, d.amal.id, good).ok(), good);
  CHECK(!set_volunteer_language(*d.a, Id::random(), "ar").ok());
  REQUIRE(remove_volunteer(*d.a, d.amal.id).ok());
  CHECK(!set_volunteer_language(*d.a, d.amal.id, "ar").ok());
}
