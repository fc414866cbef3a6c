// Networks and join codes: the code carries the name and key and catches typos; a device belongs
// to one network; keys stay on the device.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/files.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {
bool has_piece(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}
std::string raw(const std::array<uint8_t, 32>& k) {
  return std::string(reinterpret_cast<const char*>(k.data()), 32);
}
std::string raw(const std::array<uint8_t, 64>& k) {
  return std::string(reinterpret_cast<const char*>(k.data()), 64);
}
}  // namespace

TEST_CASE("a join code carries the network's name and key, and derives the same network id") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  for (std::string name : {"Riverside Relief", "Табір на пагорбі", "Z"}) {
    CAPTURE(name);
    Network n;
    n.name = name;
    random_bytes(n.key.data(), n.key.size());
    n.id = derive_network_id(n.key);
    auto code = encode_join_code(n);
    auto back = decode_join_code(code);
    REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()));
    CHECK(back->name == name);
    CHECK(back->key == n.key);
    CHECK(back->id == n.id);
    // Groups of five, in letters and digits that survive being read aloud.
    for (size_t i = 0; i < code.size(); ++i) {
      if (i % 6 == 5)
        CHECK(code[i] == '-');
      else
        CHECK(std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").find(code[i]) != std::string::npos);
    }
    // Lower case, spaces instead of dashes, and line breaks are all accepted.
    std::string relaxed;
    for (char c : code)
      relaxed += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto again = decode_join_code(relaxed);
    REQUIRE(again.ok());
    CHECK(again->id == n.id);
  }
  auto created = found(*a);
  auto loaded = load_network(a->replica());
  REQUIRE(loaded);
  CHECK(loaded->id == created.id);
  CHECK(loaded->name == "Riverside Relief");
  CHECK(derive_network_id(created.key) == created.id);
}

TEST_CASE("joining with the code puts two devices in the same network") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto n = found(*a);
  auto j = join_network(b->replica(), encode_join_code(n));
  REQUIRE(j.ok());
  CHECK(j->name == "Riverside Relief");
  CHECK(load_network(b->replica())->id == n.id);
  CHECK(load_network(b->replica())->key == n.key);
  // Joining the same network again is harmless.
  CHECK(join_network(b->replica(), encode_join_code(n)).ok());
}

TEST_CASE("a one-character typo anywhere in the join code is caught, with a clear message") {
  Network n;
  n.name = "Riverside Relief";
  random_bytes(n.key.data(), n.key.size());
  n.id = derive_network_id(n.key);
  const std::string code = encode_join_code(n);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  int checked = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '-') continue;
    // Replace the character with a different one that is not a forgiven look-alike.
    char c = alphabet[(alphabet.find(code[i]) + 7) % alphabet.size()];
    std::string typo = code;
    typo[i] = c;
    auto r = decode_join_code(typo);
    CAPTURE(i);
    CAPTURE(typo);
    REQUIRE_MESSAGE(!r.ok(), "a mistyped code was accepted");
    INFO("message: ", r.error());
    CHECK(
        (has_piece(r.error(), "has a typo") || has_piece(r.error(), "check it letter by letter")));
    CHECK(!has_piece(r.error(), "newer Mutua"));  // a typo must not send anyone to update
    ++checked;
  }
  CHECK(checked > 50);
  // A character dropped, or one added.
  for (size_t i : {size_t{0}, code.size() / 2, code.size() - 1}) {
    std::string shorter = code;
    shorter.erase(i, 1);
    CHECK(!decode_join_code(shorter).ok());
  }
  CHECK(!decode_join_code(code + "A").ok());
  auto junk = decode_join_code("hello world");
  REQUIRE(!junk.ok());
  CHECK(has_piece(junk.error(), "join code is not valid"));
  CHECK(!decode_join_code("").ok());
}

TEST_CASE("the usual misreadings 0/O, 1/I and 8/B are forgiven") {
  Network n;
  n.name = "Hill Camp";
  random_bytes(n.key.data(), n.key.size());
  n.id = derive_network_id(n.key);
  std::string code = encode_join_code(n), misread = code;
  for (auto& c : misread) {
    if (c == 'O')
      c = '0';
    else if (c == 'I')
      c = '1';
    else if (c == 'B')
      c = '8';
  }
  auto r = decode_join_code(misread);
  REQUIRE(r.ok());
  CHECK(r->id == n.id);
}

TEST_CASE("a device already in one network cannot join another") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto hill = open_store(dir.file("hill.db"));
  auto riverside = found(*a, "Riverside Relief");
  found(*hill, "Hill Camp");
  auto r = join_network(hill->replica(), encode_join_code(riverside));
  REQUIRE(!r.ok());
  CHECK(r.error() ==
        "this device is already in network 'Hill Camp'; a device belongs to one network");
  CHECK(load_network(hill->replica())->name == "Hill Camp");
  auto again = create_network(a->replica(), "Second");
  REQUIRE(!again.ok());
  CHECK(has_piece(again.error(), "already in network 'Riverside Relief'"));
  CHECK(load_network(a->replica())->id == riverside.id);
}

TEST_CASE("network names are checked: empty, too long or control characters are refused") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  CHECK(!create_network(a->replica(), "").ok());
  CHECK(!create_network(a->replica(), std::string(65, 'x')).ok());
  CHECK(!create_network(a->replica(), "bad\x01name").ok());
  CHECK(!create_network(a->replica(), "bad \xC3\x28").ok());
  CHECK(!load_network(a->replica()));
}

TEST_CASE("keys stay on the device: neither the network key nor a secret key travels in a bundle") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto n = found(*a);
  join(*b, n);
  add(*a, sample_need("rice"));
  auto keys = device_keys(a->replica());
  auto bundle = bundle_of(*a);
  CHECK(!has_piece(bundle, raw(n.key)));
  CHECK(!has_piece(bundle, raw(keys.secret_key)));
  import_ok(*b, bundle);
  // Everything B received, decoded: the public key is published, the secrets are not.
  std::string received;
  for (const auto* t : all_tables())
    b->replica().for_each_row(t->id, [&](const Row& r) {
      for (const auto& v : r.fields)
        if (auto s = std::get_if<std::string>(&v)) received += *s + "\n";
      return true;
    });
  CHECK(has_piece(received, public_key_hex(keys.public_key)));
  CHECK(!has_piece(received, raw(keys.secret_key)));
  CHECK(!has_piece(received, raw(n.key)));
  std::string sk_hex;
  for (auto byte : keys.secret_key) {
    static const char* d = "0123456789abcdef";
    sk_hex += d[byte >> 4];
    sk_hex += d[byte & 15];
  }
  CHECK(!has_piece(received, sk_hex.substr(0, 64)));
  // B's own database never holds A's secret key.
  b.reset();
  CHECK(!has_piece(read_file(dir.file("b.db")), raw(keys.secret_key)));
  CHECK(!has_piece(read_file(dir.file("b.db") + "-wal"), raw(keys.secret_key)));
}

TEST_CASE("each device's signing key is made once and its public half is published") {
  TempDir dir;
  auto path = dir.file("a.db");
  std::array<uint8_t, 32> pk{};
  {
    auto a = open_store(path);
    found(*a);
    pk = device_keys(a->replica()).public_key;
    CHECK(device_keys(a->replica()).public_key == pk);
    CHECK(a->devices().get(a->replica().device_id())->public_key == public_key_hex(pk));
  }
  auto again = open_store(path);
  CHECK(device_keys(again->replica()).public_key == pk);
}
