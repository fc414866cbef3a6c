// LAN discovery on loopback only (issue 12): two devices find each other through the announce;
// another network's, garbage, stale and replayed datagrams are ignored; the datagram names
// nothing; a loopback server announces to loopback only; DNS-SD without a daemon says so.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/revocation.hpp"
#include "support/network_fixture.hpp"
#include "sync/key_ring.hpp"
#include "sync/lan_announce.hpp"
#include "sync/lan_discovery.hpp"

using namespace mutua;
using mutua::test::make_network;

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A UDP port free on loopback right now (each test its own, so parallel runs do not mix).
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

LanSettings loopback_settings(uint16_t announce_port) {
  LanSettings s;
  s.enabled = true;
  s.bind = "127.0.0.1";
  s.announce_address = "127.255.255.255";
  s.announce_port = announce_port;
  s.dns_sd = false;
  return s;
}

LanDiscovery::Options fast(bool announce = true) {
  LanDiscovery::Options o;
  o.interval_ms = 100;
  o.announce = announce;
  o.log = [](const std::string&) {};
  return o;
}

std::unique_ptr<LanDiscovery> start(Store& store, const LanSettings& s, uint16_t http_port,
                                    LanDiscovery::Options o) {
  auto d = LanDiscovery::start(store.replica(), s, http_port, std::move(o));
  REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error()));
  return std::move(*d);
}

// Waits (at most 5 s, 10 ms steps) until `done` holds.
template <typename F>
bool eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

std::optional<DiscoveredPeer> find(const LanDiscovery& d, const Id& device) {
  for (const auto& p : d.peers())
    if (p.device == device) return p;
  return std::nullopt;
}

// Sends raw bytes to 127.255.255.255:port from loopback.
void send_raw(const std::string& bytes, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.255.255.255", &to.sin_addr);
  CHECK(::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
        static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

AnnounceKey announce_key_of(Store& s) {
  auto n = load_network(s.replica());
  REQUIRE(n);
  return derive_announce_key(n->key);
}

}  // namespace

TEST_CASE("announce: two devices on loopback find each other, with address and port") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  const auto settings = loopback_settings(free_udp_port());
  auto da = start(a, settings, 40001, fast());
  auto db = start(b, settings, 40002, fast());
  REQUIRE(eventually(
      [&] { return find(*da, b.replica().device_id()) && find(*db, a.replica().device_id()); }));
  auto pb = *find(*da, b.replica().device_id());
  CHECK(pb.address.host == "127.0.0.1");
  CHECK(pb.address.port == 40002);
  CHECK(pb.source == DiscoveredPeer::Source::broadcast);
  CHECK(pb.last_seen > 0);
  CHECK(find(*db, a.replica().device_id())->address.port == 40001);
  // Neither lists itself.
  CHECK_FALSE(find(*da, a.replica().device_id()));
  CHECK(da->stats().own > 0);

  // A peer that goes quiet is dropped after three intervals.
  db->stop();
  CHECK(eventually([&] { return !find(*da, b.replica().device_id()); }));
}

TEST_CASE("announce: another network's device is not found, and is counted") {
  auto net = make_network(1);
  auto other = make_network(1, "", "Hillside Pantry");
  auto& a = *net[0]->store;
  auto& c = *other[0]->store;
  const auto settings = loopback_settings(free_udp_port());
  auto da = start(a, settings, 40001, fast(false));
  auto dc = start(c, settings, 40003, fast());
  REQUIRE(eventually([&] { return da->stats().foreign >= 2; }));
  CHECK(da->peers().empty());
  CHECK(da->stats().accepted == 0);
}

TEST_CASE("announce: garbage, tampered, stale, future and replayed datagrams are ignored") {
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  const uint16_t port = free_udp_port();
  auto da = start(a, loopback_settings(port), 0, fast(false));
  const auto key = announce_key_of(b);
  const Id bid = b.replica().device_id();

  send_raw("hello", port);                // short
  send_raw(std::string(600, 'x'), port);  // too long
  std::string random(kAnnounceSize, '\0');
  random_bytes(random.data(), random.size());
  random.replace(0, 5, std::string("MTUA\x01", 5));
  send_raw(random, port);  // right shape, no key opens it
  auto tampered = seal_announce({bid, 40002, 0, wall_ms()}, key);
  tampered[40] ^= 1;
  send_raw(tampered, port);
  auto unknown_version = seal_announce({bid, 40002, 0, wall_ms()}, key);
  unknown_version[4] = 2;
  send_raw(unknown_version, port);
  send_raw(seal_announce({bid, 40002, 0, wall_ms() - 60 * 60'000}, key), port);  // an hour old
  send_raw(seal_announce({bid, 40002, 0, wall_ms() + 60 * 60'000}, key), port);  // from the future
  // Each datagram is counted as received before it is opened (outside the lock), and as what it
  // turned out to be after: wait for the seven verdicts, not the seven arrivals.
  REQUIRE(eventually([&] {
    const auto st = da->stats();
    return st.malformed + st.foreign + st.stale >= 7;
  }));
  auto s = da->stats();
  CHECK(s.received == 7);
  CHECK(s.malformed == 3);
  CHECK(s.foreign == 2);
  CHECK(s.stale == 2);
  CHECK(da->peers().empty());

  // A good one is taken; the same bytes again, or an older one, are replays.
  const int64_t t = wall_ms();
  const auto good = seal_announce({bid, 40002, 0, t}, key);
  send_raw(good, port);
  REQUIRE(eventually([&] { return da->stats().accepted == 1; }));
  send_raw(good, port);
  send_raw(seal_announce({bid, 40009, 0, t - 1000}, key), port);
  REQUIRE(eventually([&] { return da->stats().replayed == 2; }));
  REQUIRE(find(*da, bid));
  CHECK(find(*da, bid)->address.port == 40002);
  CHECK(da->stats().accepted == 1);
}

TEST_CASE("announce: the datagram holds no network or device name, nor either id") {
  auto net = make_network(2, "", "Riverside Relief");
  auto& b = *net[1]->store;
  auto self = b.devices().get(b.replica().device_id());
  REQUIRE(self);
  self->name = "Front desk tablet";
  REQUIRE(b.devices().put(*self).ok());
  auto n = load_network(b.replica());
  REQUIRE(n);

  // Capture what B really sends, on a raw socket sharing the port.
  const uint16_t port = free_udp_port();
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_port = htons(port);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any) == 0);
  auto db = start(b, loopback_settings(port), 40002, fast());
  char buf[1024];
  const ssize_t got = ::recv(fd, buf, sizeof buf, 0);
  ::close(fd);
  REQUIRE(got == static_cast<ssize_t>(kAnnounceSize));
  const std::string bytes(buf, static_cast<size_t>(got));
  auto holds = [&](std::string_view part) { return bytes.find(part) != std::string::npos; };
  auto raw = [](const Id& id) {
    return std::string(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
  };
  CHECK_FALSE(holds("Riverside"));
  CHECK_FALSE(holds("Front desk"));
  CHECK_FALSE(holds(raw(n->id)));
  CHECK_FALSE(holds(raw(b.replica().device_id())));
  CHECK_FALSE(holds(n->id.hex().substr(0, 8)));
  CHECK_FALSE(holds(b.replica().device_id().hex().substr(0, 8)));
  // Eight bytes of the device id would be a fingerprint too.
  CHECK_FALSE(holds(raw(b.replica().device_id()).substr(0, 8)));
  // Only the 5-byte header is readable; the key opens the rest.
  CHECK(bytes.substr(0, 5) == std::string("MTUA\x01", 5));
  auto opened = open_announce(bytes, {announce_key_of(b)});
  REQUIRE(opened.refusal == AnnounceRefusal::none);
  CHECK(opened.announce.device == b.replica().device_id());
  CHECK(opened.announce.http_port == 40002);
}

TEST_CASE("announce: a loopback server announces to loopback only, whatever is stored") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  LanSettings s;  // the defaults: 255.255.255.255 and DNS-SD on
  s.enabled = true;
  s.bind = "127.0.0.1";
  s.announce_port = free_udp_port();
  REQUIRE(s.announce_address == "255.255.255.255");
  REQUIRE(s.dns_sd);
  // Nothing is sent (announce off): what matters is the address it chose.
  auto o = fast(false);
  o.listen = false;
  auto d = start(a, s, 0, o);
  CHECK(d->loopback_only());
  CHECK_FALSE(d->dns_sd_wanted());
  CHECK_FALSE(d->dns_sd_running());
  REQUIRE(d->announce_targets().size() == 1);
  CHECK(d->announce_targets()[0] == "127.255.255.255:" + std::to_string(s.announce_port));

  // The plan itself, on a machine with a Wi-Fi interface.
  std::vector<Ipv4Interface> ifs = {{"lo", "127.0.0.1", "", true, true},
                                    {"wlan0", "192.168.43.12", "192.168.43.255", false, true},
                                    {"eth1", "10.1.1.2", "10.1.1.255", false, false}};
  auto p = plan_announce(s, ifs);
  REQUIRE(p.ok());
  CHECK(p->addresses == std::vector<std::string>{"127.255.255.255"});
  s.bind = "127.0.0.5";
  s.announce_address = "127.0.0.1";
  p = plan_announce(s, ifs);
  REQUIRE(p.ok());
  CHECK(p->addresses == std::vector<std::string>{"127.0.0.1"});
  CHECK_FALSE(p->dns_sd);
  s.bind = "localhost";
  s.announce_address = "192.168.43.255";
  p = plan_announce(s, ifs);
  REQUIRE(p.ok());
  CHECK(p->addresses == std::vector<std::string>{"127.255.255.255"});

  // A real site: every up interface's broadcast, then 255.255.255.255; DNS-SD as stored.
  s.bind = "0.0.0.0";
  s.announce_address = "255.255.255.255";
  p = plan_announce(s, ifs);
  REQUIRE(p.ok());
  CHECK(p->addresses == std::vector<std::string>{"192.168.43.255", "255.255.255.255"});
  CHECK(p->dns_sd);
  CHECK_FALSE(p->loopback_only);
  s.announce_address = "kiosk.local";
  CHECK_FALSE(plan_announce(s, ifs).ok());
}

TEST_CASE("announce: nothing starts while LAN sync is off, unless asked; nor outside a network") {
  auto net = make_network(1);
  auto& a = *net[0]->store;
  auto s = loopback_settings(free_udp_port());
  s.enabled = false;
  auto o = fast(false);
  auto refused = LanDiscovery::start(a.replica(), s, 0, o);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("LAN sync is off") != std::string::npos);
  o.requested = true;
  CHECK(LanDiscovery::start(a.replica(), s, 0, o).ok());

  auto lone = Store::open(":memory:");
  REQUIRE(lone.ok());
  auto outside =
      LanDiscovery::start((*lone)->replica(), loopback_settings(free_udp_port()), 0, fast(false));
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.error().find("not in a network") != std::string::npos);
}

TEST_CASE("announce: a peer still on an older key is found; a revoked device is not") {
  auto net = make_network(3);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  auto& x = *net[2]->store;
  // Pins and device records travel in bundles: everyone learns everyone's key first.
  mutua::test::send(b, a);
  mutua::test::send(x, a);
  mutua::test::send(a, b);
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  REQUIRE(load_network(a.replica())->generation == 1);
  REQUIRE(load_network(b.replica())->generation == 0);

  const uint16_t port = free_udp_port();
  auto da = start(a, loopback_settings(port), 40001, fast());
  auto db = start(b, loopback_settings(port), 40002, fast());
  // A still holds the genesis key: it hears B. B cannot read A's new key yet.
  REQUIRE(eventually([&] { return find(*da, b.replica().device_id()).has_value(); }));
  REQUIRE(eventually([&] { return db->stats().foreign >= 2; }));
  CHECK_FALSE(find(*db, a.replica().device_id()));
  // Once B imports A's bundle (its grant), refreshed keys open A's announces.
  mutua::test::send(a, b);
  REQUIRE(load_network(b.replica())->generation == 1);
  db->refresh_keys(b.replica());
  CHECK(eventually([&] { return find(*db, a.replica().device_id()).has_value(); }));

  // X is revoked on A: its announces are counted and dropped.
  REQUIRE(revoke_device(a, x.replica().device_id(), true).ok());
  da->refresh_keys(a.replica());
  auto dx = start(x, loopback_settings(port), 40003, fast());
  REQUIRE(eventually([&] { return da->stats().revoked >= 2; }));
  CHECK_FALSE(find(*da, x.replica().device_id()));
}

TEST_CASE("announce: stop returns in bounded time, even with a long interval") {
  auto net = make_network(1);
  auto o = fast();
  o.interval_ms = 3'600'000;
  auto d = start(*net[0]->store, loopback_settings(free_udp_port()), 40001, o);
  // Let its thread settle into its wait: the first announce is out, the next one an hour away.
  REQUIRE(eventually([&] { return d->stats().sent >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  d.reset();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("DNS-SD without an avahi-daemon: said once, no crash, the broadcast still works") {
  // The system bus is pointed at a socket that does not exist, so no daemon can answer and no
  // mDNS packet can leave, even on a machine that runs avahi-daemon.
  const char* old = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
  const std::string saved = old ? old : "";
  ::setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/mutua-test-no-bus", 1);
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  // Not a loopback bind (so DNS-SD is allowed), but the announce still goes to loopback only.
  auto s = loopback_settings(free_udp_port());
  s.bind = "0.0.0.0";
  s.dns_sd = true;
  std::vector<std::string> lines;
  auto o = fast();
  o.log = [&](const std::string& l) { lines.push_back(l); };
  auto da = start(a, s, 40001, o);
  CHECK(da->dns_sd_wanted());
  CHECK_FALSE(da->dns_sd_running());
  REQUIRE(da->announce_targets() ==
          std::vector<std::string>{"127.255.255.255:" + std::to_string(s.announce_port)});
  auto db = start(b, s, 40002, fast());
  CHECK(eventually([&] { return find(*da, b.replica().device_id()).has_value(); }));
  da.reset();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("no avahi-daemon") != std::string::npos);
  if (old)
    ::setenv("DBUS_SYSTEM_BUS_ADDRESS", saved.c_str(), 1);
  else
    ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
}

TEST_CASE("local addresses: loopback last; typed peers parsed") {
  auto list = local_ipv4_addresses();
  REQUIRE_FALSE(list.empty());
  CHECK(list.back().rfind("127.", 0) == 0);
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.200.1.1"));
  CHECK(is_loopback_host("localhost"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
  CHECK_FALSE(is_loopback_host("192.168.1.1"));
  LanSettings s;
  s.manual_peers = {"192.168.43.1", "kiosk.local:8080", "bad address!"};
  auto typed = typed_peers(s);
  REQUIRE(typed.size() == 2);
  CHECK(typed[0].address.text() == "192.168.43.1:47147");
  CHECK(typed[1].address.text() == "kiosk.local:8080");
  CHECK(typed[0].source == DiscoveredPeer::Source::manual);
}
