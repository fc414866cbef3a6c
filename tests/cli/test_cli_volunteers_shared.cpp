// mutua volunteer list flags volunteers a sign-in found sharing one PIN (core/pin_sharing.hpp).
#include <doctest/doctest.h>

#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cheap_volunteers.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::run_mutua;
using mutua::test::TempDir;

TEST_CASE("volunteer list flags two volunteers a sign-in found with the same PIN") {
  TempDir dir;
  const auto db = dir.file("m.db");
  Id amina, bob;
  {
    auto store = Store::open(db);
    REQUIRE(store.ok());
    // Given on two devices before a sync.
    amina = test::add_cheap_volunteer(**store, "Amina", Role::coordinator, "2468").id;
    bob = test::add_cheap_volunteer(**store, "Bob", Role::volunteer, "2468").id;
    test::add_cheap_volunteer(**store, "Cleo", Role::volunteer, "1357");
    auto list = run_mutua({"--db", db, "volunteer", "list"});
    CHECK(list.out.find("same PIN") == std::string::npos);  // nobody typed it yet
    CHECK(sign_in(**store, "2468").error == SignInError::shared_pin);
  }
  auto list = run_mutua({"--db", db, "volunteer", "list"});
  REQUIRE_MESSAGE(list.code == 0, list.err);
  CHECK(list.out.find("Amina  (Riverside School)  [same PIN as Bob: give a new PIN with mutua "
                      "volunteer reset-pin]\n") != std::string::npos);
  CHECK(list.out.find("Bob  (Riverside School)  [same PIN as Amina: ") != std::string::npos);
  CHECK(list.out.find("Cleo  (Riverside School)\n") != std::string::npos);
  auto json = run_mutua({"--db", db, "volunteer", "list", "--json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"shares_pin_with\":[\"" + bob.hex() + "\"]") != std::string::npos);
  CHECK(json.out.find("\"shares_pin_with\":[]") != std::string::npos);
}
