// The day a network was created (issue 11): recorded when it is made, carried by join code
// version 3 and the bundle header's nonce tail, learned from the network's own bundles by a
// device that joined with an older code, and shown when two networks of one name meet.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sync/network_created.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

std::string read_created_file(const std::string& name) {
  std::ifstream in(std::string(MUTUA_TEST_DATA) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing tests/data/" << name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

NetworkDay day(const char* iso) {
  auto d = parse_day_iso(iso);
  REQUIRE(d);
  return *d;
}

// Sets (or, with nullptr, forgets) the day a device holds for its network.
void set_created(Store& s, const char* iso) {
  if (iso)
    s.replica().local_set("network_created", iso);
  else
    s.replica().local_set("network_created", "");
}

// The join code a device of today's release (before version 3) made: no day in it.
std::string old_code(Network n) {
  n.created_day.reset();
  return encode_join_code(n);
}

std::string short_id(const Network& n) {
  return n.id.hex().substr(0, 8);
}

}  // namespace

TEST_CASE("days read and write as ISO dates and as English words") {
  CHECK(day_iso(0) == "1970-01-01");
  CHECK(day("2026-11-12") == 20769);
  CHECK(day_iso(20769) == "2026-11-12");
  CHECK(day_english(day("2026-11-12")) == "12 Nov 2026");
  CHECK(day_english(day("2024-02-29")) == "29 Feb 2024");
  CHECK(day_english(day("2000-01-01")) == "1 Jan 2000");
  CHECK_FALSE(parse_day_iso("2026-02-30"));
  CHECK_FALSE(parse_day_iso("2026-1-12"));
  CHECK_FALSE(parse_day_iso(""));
  CHECK_FALSE(parse_day_iso("1969-12-31"));
}

TEST_CASE("the nonce tail carries a day, and a random nonce carries none") {
  std::array<uint8_t, 24> nonce{};
  random_bytes(nonce.data(), nonce.size());
  const auto random_part = std::vector<uint8_t>(nonce.begin(), nonce.begin() + 16);
  CHECK_FALSE(nonce_day(nonce));
  stamp_nonce_day(nonce, day("2026-11-12"));
  CHECK(nonce_day(nonce) == day("2026-11-12"));
  CHECK(std::vector<uint8_t>(nonce.begin(), nonce.begin() + 16) == random_part);
  nonce[3] ^= 1;  // any change to what the tag covers voids it
  CHECK_FALSE(nonce_day(nonce));
  int read_as_dated = 0;
  for (int i = 0; i < 2000; ++i) {
    random_bytes(nonce.data(), nonce.size());
    read_as_dated += nonce_day(nonce).has_value();
  }
  CHECK(read_as_dated == 0);
}

TEST_CASE("a new network records today; join code version 3 carries the day to a joiner") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  const Network n = found(*a);
  REQUIRE(n.created_day);
  CHECK(*n.created_day == today_utc(a->replica()));
  CHECK(network_created_day(a->replica()) == n.created_day);
  const std::string code = encode_join_code(n);
  auto back = decode_join_code(code);
  REQUIRE(back);
  CHECK(back->created_day == n.created_day);
  CHECK(back->id == n.id);
  CHECK(back->key == n.key);
  CHECK(back->name == n.name);
  join(*b, n);
  CHECK(load_network(b->replica())->created_day == n.created_day);
  // A code of a device that does not know the day is the old one: older devices still read it.
  CHECK(old_code(n).size() < code.size());
  auto plain = decode_join_code(old_code(n));
  REQUIRE(plain);
  CHECK_FALSE(plain->created_day);
  CHECK(plain->id == n.id);
}

TEST_CASE("join code version 3 after a rotation keeps the network id and generation") {
  Network n;
  n.name = "Riverside Relief";
  random_bytes(n.key.data(), n.key.size());
  n.id = Id::random();
  n.generation = 3;
  n.created_day = day("2026-11-14");
  auto back = decode_join_code(encode_join_code(n));
  REQUIRE(back);
  CHECK(back->id == n.id);
  CHECK(back->generation == 3);
  CHECK(back->created_day == n.created_day);
}

TEST_CASE(
    "a join code made before version 3 still joins, with the day unknown until a bundle "
    "of the network brings it") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto c = open_store(dir.file("c.db"));
  const Network n = found(*a);
  set_created(*a, "2026-11-12");
  auto j = join_network(b->replica(), old_code(n));
  REQUIRE(j);
  CHECK_FALSE(load_network(b->replica())->created_day);
  add(*a, sample_need("rice"));

  // Not from a bundle of another network, even one of the same name (it is refused).
  const Network other = found(*c);
  (void)other;
  set_created(*c, "2026-11-20");
  REQUIRE_FALSE(import_bundle(b->replica(), bundle_of(*c)).ok());
  CHECK_FALSE(network_created_day(b->replica()));

  // Nor from a bundle whose header was changed (the nonce is inside the signed bytes).
  std::string tampered = bundle_of(*a);
  REQUIRE_FALSE(import_bundle(b->replica(), tampered.substr(0, tampered.size() - 1)).ok());
  CHECK_FALSE(network_created_day(b->replica()));

  import_ok(*b, bundle_of(*a));
  CHECK(network_created_day(b->replica()) == day("2026-11-12"));
  // The first day learned stays; a later bundle does not move it.
  auto d = open_store(dir.file("d.db"));
  REQUIRE(join_network(d->replica(), old_code(n)));
  set_created(*d, "2026-12-01");
  import_ok(*b, bundle_of(*d));
  CHECK(network_created_day(b->replica()) == day("2026-11-12"));
  // A device already in the network that enters a dated code learns the day from it.
  auto e = open_store(dir.file("e.db"));
  REQUIRE(join_network(e->replica(), old_code(n)));
  Network dated = n;
  dated.created_day = day("2026-11-12");
  REQUIRE(join_network(e->replica(), encode_join_code(dated)));
  CHECK(network_created_day(e->replica()) == day("2026-11-12"));
}

TEST_CASE("a device that learned the day from a bundle passes it on in its own bundles") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto c = open_store(dir.file("c.db"));
  const Network n = found(*a);
  set_created(*a, "2026-11-12");
  REQUIRE(join_network(b->replica(), old_code(n)));
  REQUIRE(join_network(c->replica(), old_code(n)));
  import_ok(*b, bundle_of(*a));
  auto h = read_bundle_header(bundle_of(*b));
  REQUIRE(h);
  CHECK(nonce_day(h->nonce) == day("2026-11-12"));
  import_ok(*c, bundle_of(*b));
  CHECK(network_created_day(c->replica()) == day("2026-11-12"));
}

TEST_CASE("two networks of one name are told apart by id and creation day, where known") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto c = open_store(dir.file("c.db"));
  const Network theirs = found(*a);
  const Network ours = found(*c);
  set_created(*a, "2026-11-12");
  set_created(*c, "2026-11-14");
  SyncFailure why;
  auto r = import_bundle(c->replica(), bundle_of(*a), "test", &why);
  REQUIRE_FALSE(r);
  CHECK(r.error() == "This bundle is from another network also called 'Riverside Relief' (id " +
                         short_id(theirs) + ", created 12 Nov 2026). This device is in " +
                         "'Riverside Relief' (id " + short_id(ours) + ", created 14 Nov 2026).");
  CHECK(why.problem == SyncProblem::other_network);
  // The name first (what older sync logs hold), then each side: short id, space, ISO day.
  CHECK(why.detail ==
        "Riverside Relief\t" + short_id(theirs) + " 2026-11-12\t" + short_id(ours) + " 2026-11-14");

  SUBCASE(
      "the bundle's writer does not know its day (joined with an old code, or an older "
      "Mutua)") {
    set_created(*a, nullptr);
    r = import_bundle(c->replica(), bundle_of(*a), "test", &why);
    REQUIRE_FALSE(r);
    CHECK(r.error() == "This bundle is from another network also called 'Riverside Relief' (id " +
                           short_id(theirs) + "). This device is in 'Riverside Relief' (id " +
                           short_id(ours) + ", created 14 Nov 2026).");
    CHECK(why.detail ==
          "Riverside Relief\t" + short_id(theirs) + "\t" + short_id(ours) + " 2026-11-14");
  }
  SUBCASE("this device does not know its own day") {
    set_created(*c, nullptr);
    r = import_bundle(c->replica(), bundle_of(*a), "test", &why);
    REQUIRE_FALSE(r);
    CHECK(r.error() == "This bundle is from another network also called 'Riverside Relief' (id " +
                           short_id(theirs) + ", created 12 Nov 2026). This device is in " +
                           "'Riverside Relief' (id " + short_id(ours) + ").");
  }
}

TEST_CASE("a bundle written before the creation day existed still imports (tests/data fixture)") {
  // tests/data/day-unknown.mutua: written by an encoder whose header has no day in its nonce
  // (today's release), network "Riverside Relief" (tests/data/day-unknown.joincode).
  TempDir dir;
  const std::string bytes = read_created_file("day-unknown.mutua");
  auto h = read_bundle_header(bytes);
  REQUIRE(h);
  CHECK_FALSE(nonce_day(h->nonce));
  const int64_t then = static_cast<int64_t>(hlc_wall_ms(h->created)) + 3'600'000;
  for (bool dated_code : {false, true}) {
    CAPTURE(dated_code);
    auto s = Store::open(dir.file(dated_code ? "dated.db" : "plain.db"),
                         Store::Options{[then] { return then; }});
    REQUIRE(s.ok());
    auto& store = **s;
    auto code = decode_join_code(trimmed(read_created_file("day-unknown.joincode")));
    REQUIRE(code);
    CHECK_FALSE(code->created_day);  // a version-1 code
    Network n = *code;
    if (dated_code) n.created_day = day("2026-11-12");
    REQUIRE(join_network(store.replica(), encode_join_code(n)));
    auto summary = import_ok(store, bytes);
    CHECK(summary.new_entries == 3);
    CHECK(entry_count(store) == 3);
    if (dated_code)
      CHECK(network_created_day(store.replica()) == day("2026-11-12"));
    else
      CHECK_FALSE(network_created_day(store.replica()));
  }
}
