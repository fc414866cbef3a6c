// Slow clients (slowloris) from several addresses at once must not stall an honest sync: a
// request's headers are due within LanLimits::header_ms and its body at a minimum rate, so a
// slow client holds a worker for about a second here, not the connection's minute. Loopback only
// (each slow client binds its own 127.0.0.x); every loop is bounded in count and time.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_lan.hpp"
#include "support/loopback_socket.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_server.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("slow clients from several addresses do not stall an honest sync") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store &hub = *net[0]->store, &tablet = *net[1]->store;
  REQUIRE(hub.entries().add(make_entry(Kind::need, "rice")).ok());

  const LanSettings settings = loopback();
  LanLimits limits;
  limits.workers = 2;  // fewer workers than slow clients
  limits.queued = 16;
  limits.queue_wait_ms = 20000;
  limits.header_ms = 1000;
  auto server = LanServer::start(dir.file("device0.db"), settings, nullptr, limits);
  REQUIRE_MESSAGE(server.ok(), (server.ok() ? "" : server.error()));
  const uint16_t port = (*server)->port();

  // Four slow clients, each from its own address, send a request line a byte every 200 ms for
  // at most 12 s: without the header deadline each would hold a worker for all of that.
  std::vector<int> slow;
  for (int i = 0; i < 4; ++i) {
    const int fd = connect_from("127.0.0." + std::to_string(20 + i), port);
    REQUIRE(fd >= 0);
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::thread dripper([&] {
    drip(slow, "POST /mutua/lan/1/hello HTTP/1.1\r\nHost: x\r\nX-Slow: ", 200, 12000, done);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the slow ones are first

  const auto start = std::chrono::steady_clock::now();
  SyncFailure why;
  auto r = lan_sync(tablet.replica(), LanAddress{"127.0.0.1", port}, &why);
  const auto took = std::chrono::steady_clock::now() - start;
  done = true;
  dripper.join();
  for (int fd : slow) ::close(fd);

  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->received.new_entries == 1);
  // Two rounds of slow clients cut at about 1 s each, then the honest exchange.
  CHECK(took < std::chrono::seconds(6));
  (*server)->stop();
}
