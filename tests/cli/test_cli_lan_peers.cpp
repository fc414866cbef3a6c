// mutua lan config and mutua lan peers, as a coordinator types them; loopback only.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/store.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync/lan.hpp"
#include "sync/lan_discovery.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;

namespace {

uint16_t free_udp_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("lan config shows the defaults, changes each setting, and keeps them") {
  TempDir dir;
  const auto db = dir.file("a.db");
  auto shown = ok({"--db", db, "lan", "config"}).out;
  CHECK(contains(shown, "LAN sync       off\n"));
  CHECK(contains(shown, "listen on      0.0.0.0:47147\n"));
  CHECK(contains(shown, "announce to    255.255.255.255 on UDP port 47148\n"));
  CHECK(contains(shown, "DNS-SD         on\n"));
  CHECK(contains(shown, "typed peers    none\n"));
  CHECK(contains(shown, "this device    "));

  shown = ok({"--db", db, "lan", "config", "--on", "--bind", "127.0.0.1", "--port", "0",
              "--announce", "127.255.255.255", "--announce-port", "47200", "--dns-sd", "off",
              "--add-peer", " 192.168.43.1 "})
              .out;
  CHECK(contains(shown, "LAN sync       on\n"));
  CHECK(contains(shown, "listen on      127.0.0.1:0 (any free port)\n"));
  CHECK(contains(shown, "announce to    127.255.255.255 on UDP port 47200"));
  CHECK(contains(shown, "DNS-SD         off\n"));
  CHECK(contains(shown, "typed peers    192.168.43.1:47147\n"));
  ok({"--db", db, "lan", "config", "--add-peer", "kiosk.local:8080"});
  auto again = ok({"--db", db, "lan", "config", "--add-peer", "192.168.43.1:47147"});
  CHECK(contains(again.err, "already a typed peer"));

  {
    auto store = mutua::Store::open(db);
    REQUIRE(store.ok());
    auto s = mutua::load_lan_settings((*store)->replica());
    CHECK(s.enabled);
    CHECK(s.bind == "127.0.0.1");
    CHECK(s.port == 0);
    CHECK(s.announce_address == "127.255.255.255");
    CHECK(s.announce_port == 47200);
    CHECK_FALSE(s.dns_sd);
    CHECK(s.manual_peers == std::vector<std::string>{"192.168.43.1:47147", "kiosk.local:8080"});
  }

  shown = ok({"--db", db, "lan", "config", "--remove-peer", "192.168.43.1", "--off"}).out;
  CHECK(contains(shown, "LAN sync       off\n"));
  CHECK(contains(shown, "typed peers    kiosk.local:8080\n"));

  // Mistakes: one line each, nothing changed.
  auto bad = run_mutua({"--db", db, "lan", "config", "--add-peer", "192.168.43.1:99999"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "is not an address"));
  bad = run_mutua({"--db", db, "lan", "config", "--remove-peer", "10.0.0.9"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "not among the typed peers"));
  bad = run_mutua({"--db", db, "lan", "config", "--announce", "everyone"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "--announce needs an IPv4 address"));
  bad = run_mutua({"--db", db, "lan", "config", "--bind", "kiosk.local"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "--bind needs an IPv4 address"));
  CHECK(run_mutua({"--db", db, "lan", "config", "--on", "--off"}).code == 2);
  CHECK(run_mutua({"--db", db, "lan", "config", "--dns-sd", "maybe"}).code == 2);
  CHECK(run_mutua({"--db", db, "lan", "config", "--announce-port", "0"}).code == 2);
  CHECK(run_mutua({"--db", db, "lan", "config", "--port", "70000"}).code == 2);
  shown = ok({"--db", db, "lan", "config"}).out;
  CHECK(contains(shown, "typed peers    kiosk.local:8080\n"));
  CHECK(contains(shown, "announce to    127.255.255.255 on UDP port 47200"));

  auto help = ok({"--help"}).out;
  CHECK(contains(help, "lan peers"));
  CHECK(contains(help, "lan config"));
}

TEST_CASE("lan peers lists a second process announcing on loopback, and the typed peers") {
  TempDir dir;
  const auto a = dir.file("a.db"), b = dir.file("b.db");
  CHECK(run_mutua({"--db", a, "lan", "peers"}).code == 1);  // not in a network yet
  const auto code = trim(ok({"--db", a, "network", "create", "Riverside Relief"}).out);
  ok({"--db", b, "network", "join", code});
  const uint16_t port = free_udp_port();
  ok({"--db", a, "lan", "config", "--bind", "127.0.0.1", "--announce", "127.255.255.255",
      "--announce-port", std::to_string(port), "--dns-sd", "off", "--add-peer", "127.0.0.9"});

  // Nobody announcing yet: only the typed peer (LAN sync is off; lan peers runs anyway).
  auto quiet = ok({"--db", a, "lan", "peers", "--wait", "0"}).out;
  CHECK(contains(quiet, "unknown device  127.0.0.9:47147  typed in\n"));

  // This test process is device B, announcing on loopback five times a second.
  auto store = mutua::Store::open(b);
  REQUIRE(store.ok());
  mutua::LanSettings s;
  s.enabled = true;
  s.bind = "127.0.0.1";
  s.announce_address = "127.255.255.255";
  s.announce_port = port;
  s.dns_sd = false;
  mutua::LanDiscovery::Options o;
  o.interval_ms = 200;
  o.listen = false;
  o.log = [](const std::string&) {};
  auto announcing = mutua::LanDiscovery::start((*store)->replica(), s, 40321, o);
  REQUIRE(announcing.ok());
  const auto b_id = (*store)->replica().device_id().hex();

  auto json = ok({"--db", a, "lan", "peers", "--json", "--wait", "2"}).out;
  CHECK(contains(json, "\"device_id\":\"" + b_id + "\""));
  CHECK(contains(json, "\"name\":\"" + b_id.substr(0, 8) + "\""));  // A has no record of B yet
  CHECK(contains(json, "\"address\":\"127.0.0.1:40321\""));
  CHECK(contains(json, "\"source\":\"broadcast\""));
  CHECK(contains(json, "\"address\":\"127.0.0.9:47147\""));
  CHECK(contains(json, "\"source\":\"typed\""));

  auto text = ok({"--db", a, "lan", "peers", "--wait", "1"}).out;
  CHECK(contains(text, b_id.substr(0, 8) + "  127.0.0.1:40321  found by its announce, heard "));
  (*announcing)->stop();
}
