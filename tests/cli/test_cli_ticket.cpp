// mutua ticket print and mutua ticket place: the slip printed to a file and decoded.
#include <doctest/doctest.h>

#include "support/escpos_decoder.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::decode_escpos;
using mutua::test::read_file;
using mutua::test::run_mutua;
using mutua::test::TempDir;

namespace {

struct Kiosk {
  TempDir dir;
  std::string db = dir.file("m.db");
  mutua::test::ProcessResult run(std::vector<std::string> words) {
    words.insert(words.begin(), {"--db", db});
    return run_mutua(words);
  }
  std::string add_need() {
    auto r = run({"need", "add", "--category", "food", "--item", "Rice", "--qty", "3"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return r.out.substr(0, r.out.find('\n'));
  }
};

}  // namespace

TEST_CASE("mutua ticket print writes the slip: code, QR of the ticket page, item, place, cut") {
  Kiosk k;
  const std::string ticket = k.add_need();
  auto place = k.run({"ticket", "place", "--address", "12 Harbor Road", "--hours", "Mon-Fri 9-17",
                      "--paper", "58"});
  REQUIRE_MESSAGE(place.code == 0, place.err);
  CHECK(place.out.find("12 Harbor Road") != std::string::npos);
  const std::string slip = k.dir.file("slip.bin");
  auto r = k.run({"ticket", "print", ticket, "--printer", slip, "--phone-address",
                  "http://192.168.43.1:8080"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("printed ticket " + ticket) != std::string::npos);
  CHECK(r.out.find("58 mm") != std::string::npos);
  const auto d = decode_escpos(read_file(slip));
  CAPTURE(d.all_text());
  REQUIRE(d.errors.empty());
  CHECK(d.init_first);
  CHECK(d.cut_last);
  CHECK(d.code_page == 2);
  CHECK(d.has_line(ticket));
  CHECK(d.qr_printed);
  CHECK(d.qr_data == "http://192.168.43.1:8080/ticket/" + ticket);
  CHECK(d.has_line("Rice"));
  CHECK(d.has_line("3"));
  CHECK(d.has_line("Address: 12 Harbor Road"));
  CHECK(d.has_line("Opening hours: Mon-Fri 9-17"));
  CHECK(d.has_line("What happens next"));
  for (const auto& l : d.lines)
    if (l.size == 0) CHECK(l.text.size() <= 32);  // 58 mm paper

  // --json, and the printer remembered by ticket place.
  REQUIRE(k.run({"ticket", "place", "--printer", slip}).code == 0);
  auto j = k.run({"ticket", "print", ticket, "--json"});
  REQUIRE_MESSAGE(j.code == 0, j.err);
  CHECK(j.out.find("\"ticket\":\"" + ticket + "\"") != std::string::npos);
  CHECK(j.out.find("\"code_page\":\"PC850\"") != std::string::npos);
  CHECK(j.out.find("\"qr\":\"\"") != std::string::npos);  // phone pages off: no QR
  CHECK_FALSE(decode_escpos(read_file(slip)).qr_printed);
}

TEST_CASE("mutua ticket print: exit 1 for a user error, 2 for bad usage") {
  Kiosk k;
  const std::string ticket = k.add_need();
  auto none = k.run({"ticket", "print", ticket});
  CHECK(none.code == 1);  // no printer set
  CHECK(none.err.find("no printer") != std::string::npos);
  CHECK(k.run({"ticket", "print", "ZZZ-999", "--printer", k.dir.file("x.bin")}).code == 1);
  CHECK(k.run({"ticket", "print", ticket, "--printer", k.dir.file("no/dir/x.bin")}).code == 1);
  CHECK(
      k.run({"ticket", "print", ticket, "--printer", k.dir.file("x.bin"), "--paper", "70"}).code ==
      2);
  CHECK(k.run({"ticket", "print"}).code == 2);
  CHECK(k.run({"ticket", "place", "--printer", "no such;queue"}).code == 1);
}
