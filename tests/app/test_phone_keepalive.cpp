// The phone pages with browsers' keep-alive connections (issue 13): many clients that keep their
// connection open and pause between pages must all be served. Loopback only; bounded in clients,
// requests and time.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/web/phone_pages.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::open_test_store;
using mutua::test::TempDir;

TEST_CASE("keep-alive clients pausing between pages do not starve the phone pages' workers") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  const PhoneLimits limits;  // the shipped limits: 16 workers
  auto started = PhonePages::start(db, "127.0.0.1", 0, limits);
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  const uint16_t port = (*started)->port();

  // Six times as many clients as workers, each from its own address (as each phone on the
  // Wi-Fi has), each keeping its connection open and reading a page every 100 ms: more pages
  // than one connection serves (keep_alive_requests), so each connects again at least once.
  // Before idle connections gave up their workers, a worker was held 1.6 s per connection and
  // the last connections waited past queue_wait_ms (5 s) and were closed unserved.
  const int clients = static_cast<int>(limits.http.workers) * 6;
  const int kPages = static_cast<int>(limits.http.keep_alive_requests) + 4;
  std::atomic<int> served{0}, failed{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port);
      c.set_interface("127.0.3." + std::to_string(i + 1));
      c.set_keep_alive(true);
      c.set_connection_timeout(5);
      c.set_read_timeout(5);
      c.set_write_timeout(5);
      for (int k = 0; k < kPages; ++k) {
        auto r = c.Get(k % 2 ? "/board" : "/", httplib::Headers{{"Accept-Language", "en"}});
        if (r && r->status == 200)
          ++served;
        else
          ++failed;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE(clients << " keep-alive clients: " << served.load() << " pages served, " << failed.load()
                  << " failed, in " << seconds << " s");
  CHECK(failed.load() == 0);
  CHECK(served.load() == clients * kPages);
}
