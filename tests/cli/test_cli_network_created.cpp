// At the command line (issue 11): `network show` names the day the network was created, two
// networks of one name are told apart by id and day in the import refusal, a device that joined
// with an old join code learns the day from its network's bundles, and counts carry digit
// separators in human output only.
#include <doctest/doctest.h>

#include <fstream>

#include "core/store.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync/network.hpp"
#include "sync/network_created.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;
using namespace mutua;

namespace {

// Sets the day a device holds for its network ("" forgets it), as a device of each kind would.
void set_created(const std::string& db, const std::string& iso) {
  auto s = Store::open(db);
  REQUIRE(s.ok());
  (*s)->replica().local_set("network_created", iso);
}
std::string short_id_of(const std::string& db) {
  auto s = Store::open(db);
  REQUIRE(s.ok());
  return load_network((*s)->replica())->id.hex().substr(0, 8);
}

}  // namespace

TEST_CASE("network show names the day the network was created, or says it is not known yet") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), file = dir.file("a.mutua");
  const std::string code = trim(ok({"--db", a, "network", "create", "Riverside Relief"}).out);
  set_created(a, "2026-11-12");
  CHECK(contains(ok({"--db", a, "network", "show"}).out, "created        12 Nov 2026\n"));
  CHECK(contains(ok({"--db", a, "network", "show", "--json"}).out,
                 "\"network_created\":\"2026-11-12\""));

  // B joins with a code made before join code version 3 (no day in it).
  auto n = decode_join_code(code);
  REQUIRE(n);
  n->created_day.reset();
  ok({"--db", b, "network", "join", encode_join_code(*n)});
  CHECK(contains(ok({"--db", b, "network", "show"}).out, "created        not known here yet"));
  CHECK(contains(ok({"--db", b, "network", "show", "--json"}).out, "\"network_created\":null"));
  // The first bundle of its own network brings it.
  ok({"--db", a, "sync", "export", file});
  ok({"--db", b, "sync", "import", file});
  CHECK(contains(ok({"--db", b, "network", "show"}).out, "created        12 Nov 2026\n"));
}

TEST_CASE(
    "an import from another network of the same name names both ids and, where known, both "
    "days") {
  TempDir dir;
  const std::string a = dir.file("a.db"), c = dir.file("c.db"), file = dir.file("a.mutua");
  ok({"--db", a, "network", "create", "Riverside Relief"});
  ok({"--db", c, "network", "create", "Riverside Relief"});
  set_created(a, "2026-11-12");
  set_created(c, "2026-11-14");
  const std::string theirs = short_id_of(a), ours = short_id_of(c);
  ok({"--db", a, "sync", "export", file});
  auto r = run_mutua({"--db", c, "sync", "import", file});
  CHECK(r.code == 1);
  CHECK_MESSAGE(contains(r.err,
                         "This bundle is from another network also called 'Riverside "
                         "Relief' (id " +
                             theirs +
                             ", created 12 Nov 2026). This device is in 'Riverside "
                             "Relief' (id " +
                             ours + ", created 14 Nov 2026)."),
                r.err);
  // A bundle from a device that does not know its network's day: the id alone for that side.
  set_created(a, "");
  ok({"--db", a, "sync", "export", file});
  r = run_mutua({"--db", c, "sync", "import", file});
  CHECK(r.code == 1);
  CHECK_MESSAGE(contains(r.err, "(id " + theirs + "). This device is in 'Riverside Relief' (id " +
                                    ours + ", created 14 Nov 2026)."),
                r.err);
}

TEST_CASE("counts in human output are grouped; CSV keeps plain digits") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), csv = dir.file("all.csv");
  auto demo = ok({"--db", a, "demo", "--entries", "1200"});
  CHECK_MESSAGE(contains(demo.err, "added 1,200 demo entries"), demo.err);
  auto exported = ok({"--db", a, "export-csv", csv});
  CHECK_MESSAGE(contains(exported.err, "wrote 1,200 entries"), exported.err);
  auto imported = ok({"--db", b, "import-csv", csv});
  CHECK_MESSAGE(contains(imported.out, "1,200 new, 0 updated, 0 already known"), imported.out);
  std::ifstream in(csv);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_FALSE(contains(text, "1,200"));
}
