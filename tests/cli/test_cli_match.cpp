// match suggest / confirm / list, handover and handover undo, run as a person would.
#include <doctest/doctest.h>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::run_mutua;
using mutua::test::TempDir;

namespace {

std::string first_out_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

std::string add(const std::string& db, const std::vector<std::string>& words) {
  std::vector<std::string> args{"--db", db};
  args.insert(args.end(), words.begin(), words.end());
  auto r = run_mutua(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return first_out_line(r.out);
}

struct Board {
  TempDir dir;
  std::string db = dir.file("m.db");
  std::string need, blankets, sleeping_bags, rice;
  Board() {
    need = add(db, {"need", "add", "--category", "shelter", "--item", "Mantas", "--qty", "10",
                    "--site", "Riverside School"});
    sleeping_bags = add(
        db, {"offer", "add", "--category", "shelter", "--item", "Sleeping bags", "--qty", "10"});
    blankets = add(db, {"offer", "add", "--category", "shelter", "--item", "Warm blankets", "--qty",
                        "6", "--site", "Riverside School"});
    rice = add(db, {"offer", "add", "--category", "food", "--item", "Rice", "--qty", "9"});
  }
  mutua::test::ProcessResult run(std::vector<std::string> words) {
    words.insert(words.begin(), {"--db", db});
    return run_mutua(words);
  }
};

}  // namespace

TEST_CASE("match suggest ranks offers for a Spanish need with reasons in words") {
  Board b;
  auto r = b.run({"match", "suggest", b.need});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto first = r.out.find("1. " + b.blankets);
  const auto second = r.out.find("2. " + b.sleeping_bags);
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
  CHECK(r.out.find("item words in common: mantas = blankets") != std::string::npos);
  CHECK(r.out.find("same site (Riverside School)") != std::string::npos);
  CHECK(r.out.find("covers part: 6 of 10 still needed") != std::string::npos);
  CHECK(r.out.find(b.rice) == std::string::npos);  // food shares nothing with blankets

  auto json = b.run({"match", "suggest", b.need, "--json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"still_to_match\":10") != std::string::npos);
  CHECK(json.out.find("\"ticket\":\"" + b.blankets + "\"") <
        json.out.find("\"ticket\":\"" + b.sleeping_bags + "\""));
  CHECK(json.out.find("\"kind\":\"shared_words\"") != std::string::npos);
}

TEST_CASE("match confirm combines two offers partly and refuses more than is still needed") {
  Board b;
  auto m1 = b.run({"match", "confirm", b.need, b.blankets, "--qty", "6"});
  REQUIRE_MESSAGE(m1.code == 0, m1.err);
  CHECK(first_out_line(m1.out).size() == 32);  // the match id, alone on the first line
  CHECK(m1.out.find("4 still to match") != std::string::npos);
  auto too_many = b.run({"match", "confirm", b.need, b.sleeping_bags, "--qty", "5"});
  CHECK(too_many.code == 1);
  CHECK(too_many.err ==
        "mutua: need " + b.need + " still needs 4 that are not matched yet; use --qty 4 or less\n");
  auto m2 = b.run({"match", "confirm", b.need, b.sleeping_bags, "--qty", "4"});
  REQUIRE(m2.code == 0);
  CHECK(m2.out.find("0 still to match") != std::string::npos);
  auto wrong_way = b.run({"match", "confirm", b.blankets, b.need, "--qty", "1"});
  CHECK(wrong_way.code == 1);
  CHECK(wrong_way.err == "mutua: the first ticket must be a need\n");
  auto no_qty = b.run({"match", "confirm", b.need, b.sleeping_bags});
  CHECK(no_qty.code == 2);
  auto list = b.run({"match", "list", b.need});
  CHECK(list.out.find(first_out_line(m1.out)) != std::string::npos);
  CHECK(list.out.find(first_out_line(m2.out)) != std::string::npos);
}

TEST_CASE("handover by match id prefix derives statuses, and undo makes a compensating record") {
  Board b;
  auto m1 = first_out_line(b.run({"match", "confirm", b.need, b.blankets, "--qty", "6"}).out);
  auto m2 = first_out_line(b.run({"match", "confirm", b.need, b.sleeping_bags, "--qty", "4"}).out);
  auto h1 = b.run({"handover", m1.substr(0, 8), "--qty", "6"});
  REQUIRE_MESSAGE(h1.code == 0, h1.err);
  CHECK(h1.out.find("need " + b.need + " is now partly_met: 6 of 10 given") != std::string::npos);
  CHECK(h1.out.find("offer " + b.blankets + " is now taken: 6 of 6 given") != std::string::npos);
  auto h2 = b.run({"handover", m2, "--qty", "4"});
  REQUIRE(h2.code == 0);
  CHECK(h2.out.find("is now met: 10 of 10 given") != std::string::npos);
  CHECK(h2.out.find("offer " + b.sleeping_bags + " is now partly_taken") != std::string::npos);
  auto over = b.run({"handover", m2, "--qty", "1"});
  CHECK(over.code == 1);
  CHECK(over.err == "mutua: need " + b.need + " is already met\n");

  auto undo = b.run({"handover", "undo", first_out_line(h2.out).substr(0, 10)});
  REQUIRE_MESSAGE(undo.code == 0, undo.err);
  CHECK(undo.out.find("need " + b.need + " is now partly_met: 6 of 10 given") != std::string::npos);
  auto again = b.run({"handover", "undo", first_out_line(h2.out)});
  CHECK(again.code == 1);
  CHECK(again.err == "mutua: that handover was already undone\n");
  auto show = b.run({"show", b.need});
  CHECK(show.out.find("partly_met") != std::string::npos);
  // Nothing is deleted: the list shows the handover and the record that undoes it.
  auto list = b.run({"match", "list", b.need});
  CHECK(list.out.find("undoes " + first_out_line(h2.out).substr(0, 8)) != std::string::npos);
}

TEST_CASE("match and handover errors are one line a volunteer can act on") {
  Board b;
  auto unknown = b.run({"match", "suggest", "ZZZ-999"});
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "mutua: no entry with ticket ZZZ-999 on this device\n");
  auto offer = b.run({"match", "suggest", b.rice});
  CHECK(offer.code == 1);
  CHECK(offer.err == "mutua: " + b.rice + " is an offer; suggestions are made for a need\n");
  auto bad_id = b.run({"handover", "xyz", "--qty", "1"});
  CHECK(bad_id.code == 1);
  CHECK(bad_id.err == "mutua: a match id is 4 to 32 hex digits, e.g. 3fa9c2\n");
  auto none = b.run({"handover", "abcdef", "--qty", "1"});
  CHECK(none.code == 1);
  CHECK(none.err == "mutua: no match with id abcdef\n");
  auto usage = b.run({"match", "suggest"});
  CHECK(usage.code == 2);
}
