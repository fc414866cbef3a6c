// mutua list --search TEXT (issue 14, "Find things"): by ticket (with or without the dash), item
// or details words, contact name; with --json; bad input is plain text, never an error.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::run_mutua;
using mutua::test::TempDir;

namespace {

std::string add_searchable(const std::string& db, const std::vector<std::string>& words) {
  std::vector<std::string> args{"--db", db};
  args.insert(args.end(), words.begin(), words.end());
  auto r = run_mutua(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out.substr(0, r.out.find('\n'));
}

}  // namespace

TEST_CASE("mutua list --search finds by ticket, item word, details and name, table or JSON") {
  TempDir dir;
  const std::string db = dir.file("m.db");
  const std::string soap = add_searchable(
      db, {"need", "add", "--category", "hygiene", "--item", "Jabón de manos", "--details",
           "para la familia", "--contact-name", "Olga Kovalenko", "--consent"});
  const std::string water = add_searchable(
      db, {"offer", "add", "--category", "water", "--item", "Питна вода", "--qty", "5"});
  auto list = [&](std::vector<std::string> words) {
    words.insert(words.begin(), {"--db", db, "list"});
    return run_mutua(words);
  };
  auto r = list({"--search", "jabon"});
  CHECK(r.code == 0);
  CHECK(r.out.find(soap) != std::string::npos);
  CHECK(r.out.find(water) == std::string::npos);
  CHECK(list({"--search", "ВОДА"}).out.find(water) != std::string::npos);
  CHECK(list({"--search", "famil"}).out.find(soap) != std::string::npos);
  CHECK(list({"--search", "olga"}).out.find(soap) != std::string::npos);
  std::string bare = soap;
  bare.erase(bare.find('-'), 1);
  CHECK(list({"--search", bare}).out.find(soap) != std::string::npos);
  CHECK(list({"--search", soap}).out.find(soap) != std::string::npos);
  auto json = list({"--search", "olga", "--json"});
  CHECK(json.code == 0);
  CHECK(json.out.find("\"ticket\":\"" + soap + "\"") != std::string::npos);
  CHECK(json.out.find(water) == std::string::npos);
  CHECK(json.out.find("Kovalenko") == std::string::npos);  // list never prints contacts
  // With the other filters.
  CHECK(list({"--search", "olga", "--kind", "offer"}).out == "no entries match\n");
  // Bad input: words, not syntax.
  const std::vector<std::string> bad_inputs = {
      "\"", "(", "NEAR(a b)", "*", "a:b", "\xF0\x9F\x98\x80", std::string(10'000, 'x')};
  for (const std::string& bad : bad_inputs) {
    auto b = list({"--search", bad, "--json"});
    CHECK(b.code == 0);
    CHECK(b.out == "[]\n");
  }
}
