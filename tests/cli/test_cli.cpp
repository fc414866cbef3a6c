#include <doctest/doctest.h>

#include <algorithm>

#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;

TEST_CASE("need add prints the new ticket alone, and show finds it with contacts") {
  TempDir dir;
  auto db = dir.file("m.db");
  auto r = run_mutua({"--db", db, "need", "add", "--category", "water", "--item", "bottled water",
                      "--qty", "6", "--urgency", "critical", "--people", "4", "--contact-name",
                      "Zoë 👋", "--contact-phone", "+380 67 123 4567", "--consent"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  std::string ticket = trim(r.out);
  CHECK(ticket.size() == 7);
  CHECK(ticket[3] == '-');
  auto show = run_mutua({"show", ticket, "--db", db});
  CHECK(show.code == 0);
  CHECK(show.out.find("bottled water") != std::string::npos);
  CHECK(show.out.find("+380 67 123 4567") != std::string::npos);
  CHECK(show.out.find("Zoë 👋") != std::string::npos);
  auto json = run_mutua({"show", ticket, "--json", "--db", db});
  CHECK(json.out.find("\"contact_phone\":\"+380 67 123 4567\"") != std::string::npos);
}

TEST_CASE("list shows entries without contacts, as a table or as JSON") {
  TempDir dir;
  auto db = dir.file("m.db");
  REQUIRE(run_mutua({"--db", db, "need", "add", "--category", "food", "--item", "rice",
                     "--contact-phone", "0712345678", "--consent"})
              .code == 0);
  REQUIRE(run_mutua({"--db", db, "offer", "add", "--category", "skills", "--item",
                     "translation uk-en", "--unit", "hours", "--qty", "3"})
              .code == 0);
  auto table = run_mutua({"--db", db, "list"});
  CHECK(table.code == 0);
  CHECK(table.out.find("rice") != std::string::npos);
  CHECK(table.out.find("translation uk-en") != std::string::npos);
  CHECK(table.out.find("0712345678") == std::string::npos);
  auto offers = run_mutua({"--db", db, "list", "--kind", "offer", "--json"});
  CHECK(offers.code == 0);
  CHECK(offers.out.rfind("[{", 0) == 0);
  CHECK(offers.out.find("\"kind\":\"offer\"") != std::string::npos);
  CHECK(offers.out.find("\"kind\":\"need\"") == std::string::npos);
  CHECK(offers.out.find("0712345678") == std::string::npos);
  auto none = run_mutua({"--db", db, "list", "--category", "pets", "--json"});
  CHECK(trim(none.out) == "[]");
}

TEST_CASE("the database comes from MUTUA_DB when --db is not given") {
  TempDir dir;
  auto db = dir.file("env.db");
  auto r = run_mutua({"offer", "add", "--category", "food", "--item", "bread"}, {"MUTUA_DB=" + db});
  REQUIRE(r.code == 0);
  auto l = run_mutua({"list", "--db", db});
  CHECK(l.out.find("bread") != std::string::npos);
}

TEST_CASE("status refuses a transition that makes no sense, with exit 1") {
  TempDir dir;
  auto db = dir.file("m.db");
  auto t = trim(run_mutua({"--db", db, "need", "add", "--category", "food", "--item", "rice"}).out);
  auto bad = run_mutua({"--db", db, "status", t, "available"});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("a need cannot be 'available'") != std::string::npos);
  auto good = run_mutua({"--db", db, "status", t, "met"});
  CHECK(good.code == 0);
  CHECK(run_mutua({"--db", db, "list", "--status", "met"}).out.find(t) != std::string::npos);
  auto missing = run_mutua({"--db", db, "status", "ZZZ-999", "met"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("no entry with ticket ZZZ-999") != std::string::npos);
}

TEST_CASE("user errors exit 1 with one line, usage errors exit 2") {
  TempDir dir;
  auto db = dir.file("m.db");
  auto cat = run_mutua({"--db", db, "need", "add", "--category", "fod", "--item", "x"});
  CHECK(cat.code == 1);
  CHECK(cat.err == "mutua: unknown category 'fod'\n");
  auto huge = run_mutua(
      {"--db", db, "need", "add", "--category", "food", "--item", "x", "--qty", "99999999999"});
  CHECK(huge.code == 2);
  CHECK(huge.err.find("--qty must be a whole number from 1 to 1000000") != std::string::npos);
  CHECK(run_mutua({"--db", db, "need", "add", "--bogus"}).code == 2);
  CHECK(run_mutua({"--db", db, "frobnicate"}).code == 2);
  CHECK(run_mutua({"--db", db, "show"}).code == 2);
  auto no_consent = run_mutua({"--db", db, "need", "add", "--category", "food", "--item", "x",
                               "--contact-phone", "0712345678"});
  CHECK(no_consent.code == 1);
  CHECK(no_consent.err.find("consent") != std::string::npos);
  CHECK(run_mutua({"--db", db, "list", "--json"}).out == "[]\n");
}

TEST_CASE("help is available for the program and for each subcommand") {
  auto main_help = run_mutua({"--help"});
  CHECK(main_help.code == 0);
  CHECK(main_help.out.find("need add") != std::string::npos);
  CHECK(main_help.out.find("import-csv") != std::string::npos);
  auto sub = run_mutua({"need", "add", "--help"});
  CHECK(sub.code == 0);
  CHECK(sub.out.find("--urgency") != std::string::npos);
  CHECK(run_mutua({"offer", "add", "--help"}).out.find("--urgency") == std::string::npos);
}

TEST_CASE("check-layout --help lists every kind of problem the check reports") {
  // The help named only clipped labels, small or unreachable targets and overlaps: not the
  // unnamed field, the cut hint nor a target under "more below". It is made from the check's
  // own table of kinds (app/ui/layout_check.hpp), whose every entry test_app checks is listed.
  auto help = run_mutua({"check-layout", "--help"});
  CHECK(help.code == 0);
  for (const char* kind :
       {"clipped-label", "cut-short", "cut-at-edge", "out-of-reach", "small-target", "overlap",
        "unnamed-field", "under-more-below", "not-drawn", "pad-not-open", "keyboard-not-shown",
        "field-under-keyboard", "question-out-of-view"}) {
    CAPTURE(kind);
    CHECK(help.out.find(std::string("\n  ") + kind + "  ") != std::string::npos);
  }
  CHECK(help.out.find("hint") != std::string::npos);
}

TEST_CASE("categories lists the default ids") {
  TempDir dir;
  auto r = run_mutua({"--db", dir.file("m.db"), "categories", "--json"});
  CHECK(r.code == 0);
  for (auto id : {"food", "water", "hygiene", "shelter", "clothing", "health", "baby", "mobility",
                  "transport", "power", "skills", "info", "pets", "other"})
    CHECK(r.out.find(std::string("\"id\":\"") + id + "\"") != std::string::npos);
}

TEST_CASE("demo, export-csv and import-csv move entries between devices") {
  TempDir dir;
  auto a = dir.file("a.db"), b = dir.file("b.db"), csv = dir.file("e.csv");
  auto demo = run_mutua({"--db", a, "demo", "--entries", "60", "--seed", "7"});
  REQUIRE_MESSAGE(demo.code == 0, demo.err);
  REQUIRE(run_mutua({"--db", a, "export-csv", csv, "--hxl"}).code == 0);
  auto text = mutua::test::read_file(csv);
  CHECK(text.find("#item") != std::string::npos);
  CHECK(text.find("contact_phone") == std::string::npos);
  auto imp = run_mutua({"--db", b, "import-csv", csv});
  REQUIRE_MESSAGE(imp.code == 0, imp.err);
  CHECK(imp.out.find("60 new") != std::string::npos);
  auto again = run_mutua({"--db", b, "import-csv", csv});
  CHECK(again.out.find("0 new, 0 updated, 60 already known") != std::string::npos);
  auto bad = run_mutua({"--db", b, "import-csv", dir.file("missing.csv")});
  CHECK(bad.code == 1);
  auto la = run_mutua({"--db", a, "list", "--limit", "1000", "--json"}).out;
  auto lb = run_mutua({"--db", b, "list", "--limit", "1000", "--json"}).out;
  CHECK(std::count(la.begin(), la.end(), '{') == 60);
  CHECK(std::count(lb.begin(), lb.end(), '{') == 60);
}
