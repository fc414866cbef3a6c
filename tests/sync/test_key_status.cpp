// Where a device stands with the network key (sync/key_status.hpp): how many times it changed,
// and whether this device waits for a key another device already uses. Read from the network
// and the sync log, as Settings and `mutua network show` show it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/key_ring.hpp"
#include "sync/key_status.hpp"
#include "sync/mailbox.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("the key status counts the key's changes and names who uses a key this device lacks") {
  TempDir dir;
  auto net = make_network(3, dir.path().string());
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  Store& c = *net[2]->store;
  const std::string stick = (dir.path() / "stick").string();
  std::filesystem::create_directories(stick);
  // Everyone hears of everyone, so a rotation can seal the key to each.
  for (int round = 0; round < 2; ++round)
    for (Store* s : {&a, &b, &c}) REQUIRE(sync_mailbox(s->replica(), stick).ok());
  auto before = key_status(c.replica());
  CHECK(before.in_network);
  CHECK(before.generation == 0);
  CHECK(before.waiting_on.empty());
  CHECK(key_status_line(before) == "never changed; this device has the current key");

  // A changes the key twice, leaving C out of the second change.
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  REQUIRE(rotate_network_key(a.replica(), {c.replica().device_id()}).ok());
  REQUIRE(sync_mailbox(a.replica(), stick).ok());
  REQUIRE(sync_mailbox(b.replica(), stick).ok());
  CHECK(key_status(b.replica()).generation == 2);
  CHECK(key_status(b.replica()).waiting_on.empty());
  CHECK(key_status_line(key_status(b.replica())) ==
        "changed 2 times; this device has the current key");

  // C cannot read A's file (nor B's, now on the new key): it waits for the new key.
  REQUIRE(sync_mailbox(c.replica(), stick).ok());
  auto waiting = key_status(c.replica());
  CHECK(waiting.generation < 2);
  REQUIRE(waiting.waiting_on.size() == 2);
  const std::string a_name = a.replica().device(a.replica().device_id())->name;
  CHECK(std::find(waiting.waiting_on.begin(), waiting.waiting_on.end(), a_name) !=
        waiting.waiting_on.end());
  CHECK(key_status_line(waiting).find("this device waits for the new key ('") != std::string::npos);

  // Once A seals the key to C, C reads the files and waits no more.
  REQUIRE(grant_current_keys(a.replica(), c.replica().device_id()).ok());
  REQUIRE(sync_mailbox(a.replica(), stick).ok());
  // (twice: B's file may come before A's, which brings the key)
  for (int round = 0; round < 2; ++round) REQUIRE(sync_mailbox(c.replica(), stick).ok());
  auto caught_up = key_status(c.replica());
  CHECK(caught_up.generation == 2);
  CHECK(caught_up.waiting_on.empty());
}
