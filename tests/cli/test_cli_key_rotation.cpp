// What a volunteer sees of a key rotation at the command line: `network show` names the key's
// generation, and the import line says when this device learned the network's new key.
#include <doctest/doctest.h>

#include "core/store.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync/key_ring.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;

TEST_CASE(
    "network show names the key generation, and the import line says when a new key was learned") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db");
  std::string code = ok({"--db", a, "network", "create", "Riverside Relief"}).out;
  while (!code.empty() && code.back() == '\n') code.pop_back();
  ok({"--db", b, "network", "join", code});
  auto carry = [&](const std::string& from, const std::string& to, const std::string& name) {
    ok({"--db", from, "sync", "export", dir.file(name)});
    return ok({"--db", to, "sync", "import", dir.file(name)}).out;
  };
  carry(b, a, "b1.bundle");  // A learns B's key, so a rotation on A can seal to B
  CHECK(contains(ok({"--db", a, "network", "show"}).out, "network key    generation 0\n"));
  CHECK(contains(ok({"--db", a, "network", "show"}).out,
                 "key status     never changed; this device has the current key\n"));
  CHECK(contains(ok({"--db", a, "network", "show", "--json"}).out, "\"key_generation\":0"));

  {
    auto store = mutua::Store::open(a);
    REQUIRE(store.ok());
    auto r = mutua::rotate_network_key((*store)->replica(), {});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  }
  auto line = carry(a, b, "a1.bundle");
  CHECK_MESSAGE(contains(line, "learned the network's new key from "), line);
  auto shown = ok({"--db", b, "network", "show"}).out;
  CHECK_MESSAGE(contains(shown, "network key    generation 1 (changed since the network was made"),
                shown);
  CHECK(contains(ok({"--db", b, "network", "show", "--json"}).out, "\"key_generation\":1"));
  CHECK_MESSAGE(contains(shown, "key status     changed 1 time; this device has the current key\n"),
                shown);
  CHECK(contains(ok({"--db", b, "network", "show", "--json"}).out, "\"key_waiting_for\":[]"));
  // Once learned, not again.
  CHECK_FALSE(contains(carry(a, b, "a2.bundle"), "learned"));
}
