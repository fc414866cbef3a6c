// mutua volunteer add / list / reset-pin / remove, run as processes. PINs only on stdin.
#include <doctest/doctest.h>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::read_file;
using mutua::test::run_mutua;
using mutua::test::TempDir;

TEST_CASE("volunteer add reads the PIN from stdin and list shows the volunteer, never the hash") {
  TempDir dir;
  const auto db = dir.file("m.db");
  auto r = run_mutua(
      {"--db", db, "volunteer", "add", "Bea Okafor", "--role", "coordinator", "--pin-stdin"}, {},
      "864209\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("added coordinator Bea Okafor") != std::string::npos);
  CHECK(r.out.find("864209") == std::string::npos);

  auto list = run_mutua({"--db", db, "volunteer", "list"});
  REQUIRE_MESSAGE(list.code == 0, list.err);
  CHECK(list.out.find("Bea Okafor") != std::string::npos);
  CHECK(list.out.find("coordinator") != std::string::npos);
  CHECK(list.out.find("argon2") == std::string::npos);

  auto json = run_mutua({"--db", db, "volunteer", "list", "--json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"name\":\"Bea Okafor\"") != std::string::npos);
  CHECK(json.out.find("\"role\":\"coordinator\"") != std::string::npos);
  CHECK(json.out.find("\"has_pin\":true") != std::string::npos);
  CHECK(json.out.find("argon2") == std::string::npos);
  CHECK(json.out.find("pin_hash") == std::string::npos);

  // The database holds the Argon2id hash and not the PIN.
  const std::string bytes = read_file(db) + read_file(db + "-wal");
  CHECK(bytes.find("$argon2id$") != std::string::npos);
  CHECK(bytes.find("864209") == std::string::npos);
}

TEST_CASE("volunteer add refuses a PIN on the command line, a bad PIN and a PIN in use") {
  TempDir dir;
  const auto db = dir.file("m.db");
  // No --pin-stdin: usage error, and there is no --pin option to leak a PIN into argv.
  auto r = run_mutua({"--db", db, "volunteer", "add", "Ana"}, {}, "4821\n");
  CHECK(r.code == 2);
  CHECK(r.err.find("--pin-stdin") != std::string::npos);
  r = run_mutua({"--db", db, "volunteer", "add", "Ana", "--pin", "4821"});
  CHECK(r.code == 2);

  r = run_mutua({"--db", db, "volunteer", "add", "Ana", "--pin-stdin"}, {}, "48a1\n");
  CHECK(r.code == 1);
  CHECK(r.err.find("digits only") != std::string::npos);
  r = run_mutua({"--db", db, "volunteer", "add", "Ana", "--pin-stdin"}, {}, "123\n");
  CHECK(r.code == 1);
  CHECK(r.err.find("4 to 12 digits") != std::string::npos);
  r = run_mutua({"--db", db, "volunteer", "add", "Ana", "--role", "boss", "--pin-stdin"}, {},
                "4821\n");
  CHECK(r.code == 2);

  r = run_mutua({"--db", db, "volunteer", "add", "Ana", "--pin-stdin"}, {}, "4821\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  r = run_mutua({"--db", db, "volunteer", "add", "Bo", "--pin-stdin"}, {}, "4821\n");
  CHECK(r.code == 1);
  CHECK(r.err.find("already uses that PIN") != std::string::npos);
  auto list = run_mutua({"--db", db, "volunteer", "list"});
  CHECK(list.out.find("Ana") != std::string::npos);
  CHECK(list.out.find("Bo") == std::string::npos);
}

TEST_CASE("volunteer remove and reset-pin find the volunteer by name") {
  TempDir dir;
  const auto db = dir.file("m.db");
  REQUIRE(run_mutua({"--db", db, "volunteer", "add", "Ana", "--pin-stdin"}, {}, "4821\n").code ==
          0);
  auto r = run_mutua({"--db", db, "volunteer", "reset-pin", "Ana", "--pin-stdin"}, {}, "97531\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("PIN changed for Ana") != std::string::npos);
  r = run_mutua({"--db", db, "volunteer", "remove", "Nobody"});
  CHECK(r.code == 1);
  r = run_mutua({"--db", db, "volunteer", "remove", "Ana"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto list = run_mutua({"--db", db, "volunteer", "list", "--json"});
  CHECK(list.out == "[]\n");
}
