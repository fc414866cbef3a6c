// mutua list --matched: the matches waiting for a handover, oldest first, with contacts to call.
#include <doctest/doctest.h>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::run_mutua;
using mutua::test::TempDir;

namespace {

struct MatchedDesk {
  TempDir dir;
  std::string db = dir.file("l.db");
  mutua::test::ProcessResult run(std::vector<std::string> words) {
    words.insert(words.begin(), {"--db", db});
    return run_mutua(words);
  }
  std::string line(std::vector<std::string> words) {
    auto r = run(std::move(words));
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return r.out.substr(0, r.out.find('\n'));
  }
};

}  // namespace

TEST_CASE("list --matched: oldest first, what is left, who offered and whom to call") {
  MatchedDesk d;
  const std::string rice =
      d.line({"need", "add", "--category", "food", "--item", "Rice", "--qty", "10",
              "--contact-name", "Olga", "--contact-phone", "+380501112233", "--consent"});
  const std::string oil = d.line({"need", "add", "--category", "food", "--item", "Oil"});
  const std::string sacks = d.line({"offer", "add", "--category", "food", "--item", "Rice sacks",
                                    "--qty", "10", "--contact-name", "Marta", "--consent"});
  const std::string bottle = d.line({"offer", "add", "--category", "food", "--item", "Oil"});
  CHECK(d.run({"list", "--matched"}).out == "no matches waiting for a handover\n");
  const std::string m_rice = d.line({"match", "confirm", rice, sacks, "--qty", "6"});
  const std::string m_oil = d.line({"match", "confirm", oil, bottle, "--qty", "1"});
  REQUIRE(d.run({"handover", m_rice, "--qty", "2"}).code == 0);

  auto r = d.run({"list", "--matched"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto at_rice = r.out.find(rice + "  Rice  4  waiting ");
  const auto at_oil = r.out.find(oil + "  Oil  1  waiting ");
  CHECK(at_rice != std::string::npos);
  CHECK(at_oil != std::string::npos);
  CHECK(at_rice < at_oil);  // the older match first
  CHECK(r.out.find("    from offer " + sacks + "  Marta\n") != std::string::npos);
  CHECK(r.out.find("    call Olga  +380501112233\n") != std::string::npos);

  auto json = d.run({"list", "--matched", "--json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"left\":4") != std::string::npos);
  CHECK(json.out.find("\"given\":2") != std::string::npos);
  CHECK(json.out.find("\"contact_phone\":\"+380501112233\"") != std::string::npos);
  CHECK(json.out.find("\"match\":\"" + m_rice) < json.out.find("\"match\":\"" + m_oil));

  auto found = d.run({"list", "--matched", "--search", "marta"});
  CHECK(found.out.find(rice) != std::string::npos);
  CHECK(found.out.find(oil + " ") == std::string::npos);

  // The rest handed over: the row goes.
  REQUIRE(d.run({"handover", m_rice, "--qty", "4"}).code == 0);
  auto after = d.run({"list", "--matched"});
  CHECK(after.out.find(rice) == std::string::npos);
  CHECK(after.out.find(oil) != std::string::npos);

  auto bad = d.run({"list", "--matched", "--kind", "need"});
  CHECK(bad.code != 0);
}
