// Short join codes: 12 symbols a person can read aloud, that unlock the long join code sealed in a
// join file on a USB stick (sync/join_stick.hpp, docs/join-codes.md).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "sync/join_stick.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {
bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}
Network sample_network(const std::string& name = "Riverside Relief") {
  Network n;
  n.name = name;
  random_bytes(n.key.data(), n.key.size());
  n.id = derive_network_id(n.key);
  n.key_id = derive_key_id(n.key);
  n.created_day = 20'000;
  return n;
}
// A code with the same check symbols but one data symbol changed is (nearly) never valid; this
// one keeps the checksum right so the AEAD is what refuses it.
std::string other_valid_code(const std::string& code) {
  for (int tries = 0; tries < 1000; ++tries) {
    auto c = new_short_code();
    if (c != code) return c;
  }
  return code;
}
}  // namespace

TEST_CASE("a short join code is 12 readable symbols in three groups, and fresh each time") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string code = new_short_code();
    CAPTURE(code);
    REQUIRE(code.size() == 14);
    CHECK(code[4] == '-');
    CHECK(code[9] == '-');
    for (size_t k = 0; k < code.size(); ++k)
      if (k != 4 && k != 9)
        CHECK(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[k]) != std::string::npos);
    CHECK(parse_short_code(code).ok());
    CHECK(looks_like_short_code(code));
    seen.insert(code);
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("a short code forgives case, spaces and look-alikes, and catches a typo in words") {
  const std::string code = new_short_code();
  std::string relaxed;
  for (char c : code)
    relaxed += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto r = parse_short_code(relaxed);
  REQUIRE(r.ok());
  CHECK(group_short_code(*r) == code);
  // O for 0, I and L for 1, U for V.
  std::string misread = code;
  for (auto& c : misread) {
    if (c == '0') c = 'O';
    if (c == '1') c = 'l';
    if (c == 'V') c = 'U';
  }
  CHECK(parse_short_code(misread).ok());

  // Every single-symbol substitution: nearly all are caught by the check symbols (10 bits);
  // the rest are refused by the join file itself (see below).
  const std::string symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  int caught = 0, tried = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '-') continue;
    for (char s : symbols) {
      if (s == code[i]) continue;
      std::string typo = code;
      typo[i] = s;
      ++tried;
      auto t = parse_short_code(typo);
      if (!t.ok()) {
        ++caught;
        CHECK(contains(t.error(), "typo"));
      }
    }
  }
  CHECK(caught >= tried * 98 / 100);

  auto shorter = parse_short_code(code.substr(0, code.size() - 1));
  REQUIRE(!shorter.ok());
  CHECK(contains(shorter.error(), "12 letters and digits"));
  auto odd = parse_short_code("ABCD-EFGH-JK#M");
  REQUIRE(!odd.ok());
  CHECK(contains(odd.error(), "only the letters"));
}

TEST_CASE("a long join code is never taken for a short one") {
  for (uint32_t gen : {0u, 3u}) {
    auto n = sample_network("Z");
    n.generation = gen;
    n.created_day.reset();
    CHECK(!looks_like_short_code(encode_join_code(n)));
    n.created_day = 20'000;
    CHECK(!looks_like_short_code(encode_join_code(n)));
  }
  CHECK(!looks_like_short_code(""));
}

TEST_CASE("a join file opens with its short code only, and holds the whole network") {
  const auto n = sample_network("Табір на пагорбі");
  const std::string code = new_short_code();
  auto file = seal_join_file(n, code, fast_seal_cost());
  REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error()));
  // Neither the key nor the name is readable on the stick.
  const std::string key(reinterpret_cast<const char*>(n.key.data()), 32);
  CHECK(!contains(*file, key));
  CHECK(!contains(*file, n.name));
  CHECK(!contains(*file, encode_join_code(n)));

  auto back = open_join_file(*file, code);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()));
  CHECK(back->id == n.id);
  CHECK(back->key == n.key);
  CHECK(back->name == n.name);
  CHECK(back->created_day == n.created_day);

  // Another valid code (right check symbols) is refused by the seal, in words.
  auto wrong = open_join_file(*file, other_valid_code(code));
  REQUIRE(!wrong.ok());
  CHECK(contains(wrong.error(), "does not open the join file"));
  // A changed byte anywhere is refused.
  for (size_t i : {size_t{12}, file->size() / 2, file->size() - 1}) {
    std::string bent = *file;
    bent[i] = static_cast<char>(bent[i] ^ 0x01);
    CHECK(!open_join_file(bent, code).ok());
  }
  auto junk = open_join_file("hello", code);
  REQUIRE(!junk.ok());
  CHECK(contains(junk.error(), "not a Mutua join file"));
  std::string newer = *file;
  newer[9] = 2;
  auto later = open_join_file(newer, code);
  REQUIRE(!later.ok());
  CHECK(contains(later.error(), "newer Mutua"));
}

TEST_CASE("a join file that asks for an absurd Argon2id cost is refused before any hashing") {
  const auto n = sample_network();
  const std::string code = new_short_code();
  SealCost cheap = fast_seal_cost();
  cheap.ops = 1;
  auto file = seal_join_file(n, code, cheap);
  REQUIRE(file.ok());
  auto r = open_join_file(*file, code);
  REQUIRE(!r.ok());
  CHECK(contains(r.error(), "not a Mutua join file"));
}

TEST_CASE("joining by a short code and a join file on a stick; the old long code still works") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto b = open_store(dir.file("b.db"));
  auto c = open_store(dir.file("c.db"));
  auto n = found(*a);
  const std::string stick = dir.file("stick");
  std::filesystem::create_directories(stick);
  CHECK(!find_join_file({stick}));
  auto code = write_join_file(n, stick, fast_seal_cost());
  REQUIRE_MESSAGE(code.ok(), (code.ok() ? "" : code.error()));
  auto path = find_join_file({dir.file("nowhere"), stick});
  REQUIRE(path);
  CHECK(*path == (std::filesystem::path(stick) / kJoinFileName).string());
  CHECK(find_join_file({*path}) == path);

  auto typo = join_with_short_code(b->replica(), code->substr(0, 13) + "#", *path);
  REQUIRE(!typo.ok());
  CHECK(!load_network(b->replica()));

  auto j = join_with_short_code(b->replica(), *code, *path);
  REQUIRE_MESSAGE(j.ok(), (j.ok() ? "" : j.error()));
  CHECK(load_network(b->replica())->id == n.id);
  CHECK(load_network(b->replica())->key == n.key);
  CHECK(load_network(b->replica())->created_day == n.created_day);

  // The long code from before short codes existed joins as it always did.
  auto old = join_network(c->replica(), encode_join_code(n));
  REQUIRE(old.ok());
  CHECK(load_network(c->replica())->id == n.id);
}

TEST_CASE("a join file written by this version opens forever (tests/data/join/)") {
  // Made once with `mutua network invite` (default cost); its short code is below. The network
  // inside: "Riverside Relief", created 2026-12-02.
  const std::string path = std::string(MUTUA_TEST_DATA) + "/join/mutua-join.mutua";
  std::ifstream code_in(std::string(MUTUA_TEST_DATA) + "/join/short-code.txt");
  std::string code;
  std::getline(code_in, code);
  REQUIRE(code.size() == 14);
  auto n = read_join_file(path, code);
  REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error()));
  CHECK(n->name == "Riverside Relief");
  REQUIRE(n->created_day);
  CHECK(derive_network_id(n->key) == n->id);
  CHECK(n->id.hex() == "04237466471a988ac3e564a9e96b68f0");
}
