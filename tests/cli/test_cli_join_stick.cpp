// `mutua network invite DIR` writes a join file to a stick and prints a short code; `mutua network
// join CODE` on another device opens it (from --from, or from the drives it finds). The long code
// joins as before.
#include <doctest/doctest.h>

#include <filesystem>

#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;
namespace fs = std::filesystem;

namespace {
std::string network_id(const std::string& db) {
  auto shown = ok({"--db", db, "network", "show", "--json"}).out;
  auto k = shown.find("\"network_id\":\"");
  REQUIRE(k != std::string::npos);
  return shown.substr(k + 14, 32);
}
}  // namespace

TEST_CASE("a short code from `network invite` joins a second device through the stick") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), c = dir.file("c.db"),
                    d = dir.file("d.db"), stick = dir.file("KINGSTON");
  fs::create_directories(stick);
  const std::string long_code = trim(ok({"--db", a, "network", "create", "Riverside Relief"}).out);

  // Not in a network yet: nothing to invite to.
  auto lonely = run_mutua({"--db", b, "network", "invite", stick});
  CHECK(lonely.code == 1);

  auto invited = ok({"--db", a, "network", "invite", stick});
  const std::string code = trim(invited.out);
  CAPTURE(code);
  REQUIRE(code.size() == 14);
  CHECK(fs::exists(fs::path(stick) / "mutua-join.mutua"));
  CHECK(contains(invited.err, "Join a network"));

  // A mistyped code: told so, in words, and nothing joined.
  std::string typo = code;
  typo[2] = typo[2] == 'X' ? 'Y' : 'X';
  auto bad = run_mutua({"--db", b, "network", "join", typo, "--from", stick});
  CHECK(bad.code == 1);
  CHECK((contains(bad.err, "typo") || contains(bad.err, "does not open the join file")));
  auto short_one = run_mutua({"--db", b, "network", "join", code.substr(0, 9), "--from", stick});
  CHECK(short_one.code == 1);
  CHECK(contains(short_one.err, "12 letters and digits"));

  // No stick: says where the code's other half is.
  auto nostick = run_mutua({"--db", b, "network", "join", code}, {"MUTUA_DRIVES=" + dir.file("x")});
  CHECK(nostick.code == 1);
  CHECK(contains(nostick.err, "USB stick"));

  // With --from, and (read aloud, in lower case with spaces) from the drives found.
  auto joined = ok({"--db", b, "network", "join", code, "--from", stick});
  CHECK(contains(joined.out, "Riverside Relief"));
  std::string spoken;
  for (char ch : code)
    spoken += ch == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  ok({"--db", c, "network", "join", spoken}, {"MUTUA_DRIVES=" + stick});
  // The long code still joins as it always did.
  ok({"--db", d, "network", "join", long_code});

  const std::string id = network_id(a);
  CHECK(network_id(b) == id);
  CHECK(network_id(c) == id);
  CHECK(network_id(d) == id);
}
