// LAN settings (kept per device), typed addresses, and "behind by N changes".
#include <doctest/doctest.h>

#include "sync/lan.hpp"
#include "sync_fixture.hpp"

using namespace mutua;

TEST_CASE("LAN sync is off on a new device, and its settings are kept per device across restarts") {
  test::TempDir dir;
  const std::string path = (dir.path() / "a.db").string();
  {
    auto store = test::open_store(path);
    const LanSettings fresh = load_lan_settings(store->replica());
    CHECK_FALSE(fresh.enabled);
    CHECK(fresh.port == kLanPort);
    CHECK(fresh.manual_peers.empty());

    LanSettings s = fresh;
    s.enabled = true;
    s.bind = "127.0.0.1";
    s.port = 0;
    s.announce_address = "127.255.255.255";
    s.dns_sd = false;
    s.manual_peers = {" 192.168.43.1 ", "", "kiosk.local:8080", "bad\nline"};
    save_lan_settings(store->replica(), s);
  }
  auto store = test::open_store(path);
  const LanSettings s = load_lan_settings(store->replica());
  CHECK(s.enabled);
  CHECK(s.bind == "127.0.0.1");
  CHECK(s.port == 0);
  CHECK(s.announce_address == "127.255.255.255");
  CHECK_FALSE(s.dns_sd);
  // Blank lines are dropped, spaces trimmed, and a value that would split into two is not kept.
  CHECK(s.manual_peers == std::vector<std::string>{"192.168.43.1", "kiosk.local:8080"});
}

TEST_CASE("a typed address takes a host and an optional port, and refuses what is not one") {
  auto a = parse_lan_address(" 192.168.43.1 ");
  REQUIRE(a);
  CHECK(a->host == "192.168.43.1");
  CHECK(a->port == kLanPort);
  CHECK(a->text() == "192.168.43.1:47147");

  auto b = parse_lan_address("kiosk.local:8080");
  REQUIRE(b);
  CHECK(b->host == "kiosk.local");
  CHECK(b->port == 8080);

  for (const char* bad : {"", "   ", ":80", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536",
                          "10.0.0.1:8x", "http://10.0.0.1", "host name", "-host", "ho/st"})
    CHECK_MESSAGE(!parse_lan_address(bad), bad);
}

TEST_CASE("a peer is behind by the changes it lacks, counted over every origin") {
  Id a, b, c;
  a.bytes[0] = 1;
  b.bytes[0] = 2;
  c.bytes[0] = 3;
  const VersionVector ours{{a, 10}, {b, 4}};
  CHECK(changes_behind(ours, ours) == 0);
  CHECK(changes_behind({{a, 7}}, ours) == 3 + 4);
  // What the holder has beyond the reference does not count.
  CHECK(changes_behind({{a, 12}, {b, 4}, {c, 9}}, ours) == 0);
  CHECK(changes_behind({}, ours) == 14);
}
