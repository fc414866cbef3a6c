// The phone pages with browsers' keep-alive connections (issue 13): many clients that keep their
// connection open, with or without a pause between pages, must all be served, and no request
// sent on a kept-alive connection may be lost to the server closing it. Loopback only; bounded in
// clients, requests and time.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/web/phone_pages.hpp"
#include "app/web/web_html.hpp"
#include "kiosk_driver.hpp"
#include "support/loopback_socket.hpp"
#include "support/temp_dir.hpp"
#include "sync/bounded_http.hpp"

using namespace mutua;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

// The CSRF token of a form page; empty when there is none.
std::string csrf_of(const std::string& html) {
  const std::string key = "name=\"csrf\" value=\"";
  const auto at = html.find(key);
  const auto end = at == std::string::npos ? at : html.find('"', at + key.size());
  return end == std::string::npos ? "" : html.substr(at + key.size(), end - at - key.size());
}

}  // namespace

TEST_CASE("keep-alive clients pausing between pages do not starve the phone pages' workers") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  const PhoneLimits limits;  // the shipped limits: 8 workers
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

TEST_CASE("a kept-alive connection stays open for its next page while another connection waits") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  PhoneLimits limits;
  limits.http.workers = 1;  // the second connection comes while the first is open and idle
  // Longer than the clients wait below: a worker held by the idle connection until then would
  // leave the second connection unserved.
  limits.http.keep_alive_ms = 20000;
  auto started = PhonePages::start(db, "127.0.0.1", 0, limits);
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  const uint16_t port = (*started)->port();
  const std::string get = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n\r\n";

  const int a = test::connect_from("127.0.4.1", port);
  REQUIRE(a >= 0);
  REQUIRE(test::send_all(a, get));
  const auto first = test::read_answer(a, 5000);
  REQUIRE(first);
  CHECK(first->status == 200);
  // The server keeps this connection: the answer does not end it.
  CHECK(first->headers.find("Connection: close") == std::string::npos);

  // Another phone's page is served while the first connection stays open and idle.
  const int b = test::connect_from("127.0.4.2", port);
  REQUIRE(b >= 0);
  REQUIRE(test::send_all(b, get));
  const auto other = test::read_answer(b, 5000);
  CHECK(other);
  if (other) CHECK(other->status == 200);

  // The first phone's next page, on its kept-alive connection: answered, not lost to a close
  // (the server used to close an idle connection 2 ms after another began to wait).
  const bool sent = test::send_all(a, get);
  const auto second = test::read_answer(a, 5000);
  CHECK(sent);
  CHECK(second);
  if (second) CHECK(second->status == 200);

  // The other phone's next page while the first connection is idle again: parked a second time
  // (its socket is watched again, not added again), so the one worker is free for it.
  REQUIRE(test::send_all(b, get));
  const auto other_again = test::read_answer(b, 5000);
  CHECK(other_again);
  if (other_again) CHECK(other_again->status == 200);
  ::close(a);
  ::close(b);
}

TEST_CASE("kept-alive connections lose no request, a post included, while others wait") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  PhoneLimits limits;
  limits.http.workers = 2;  // other connections wait whenever one is between two pages
  auto started = PhonePages::start(db, "127.0.0.1", 0, limits);
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  const uint16_t port = (*started)->port();

  // Each client, from its own address, keeps its connection while the answers do not say
  // `Connection: close`, and sends its next page 0 to 4 ms after the last answer without looking
  // whether the server closed the connection meanwhile: a request crossing such a close is lost
  // (a browser checks first, but a check and a send are never one step). Halfway it posts a need
  // (the form, then the post: 303 to its ticket).
  constexpr int kClients = 16, kPages = 24;
  std::atomic<int> answered{0}, failed{0}, posted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      const std::string source = "127.0.5." + std::to_string(i + 1);
      int fd = -1;
      // One request on the kept connection (a new one when there is none); the answer, if any.
      auto ask = [&](const std::string& request) -> std::optional<test::RawAnswer> {
        if (fd < 0) fd = test::connect_from(source, port);
        const bool sent = fd >= 0 && test::send_all(fd, request);
        auto a = sent ? test::read_answer(fd, 5000) : std::nullopt;
        if (!a || a->headers.find("Connection: close") != std::string::npos) {
          if (fd >= 0) ::close(fd);
          fd = -1;
        }
        if (a)
          ++answered;
        else
          ++failed;
        return a;
      };
      const std::string head = " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n";
      for (int k = 0; k < kPages; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(k % 5));
        if (k != kPages / 2) {
          (void)ask(std::string("GET ") + (k % 2 ? "/board" : "/") + head + "\r\n");
          continue;
        }
        auto f = ask("GET /need?category=water" + head + "\r\n");
        if (!f) continue;
        const std::string body = "csrf=" + web::url_encode(csrf_of(f->body)) +
                                 "&category=water&item=Water+" + std::to_string(i) +
                                 "&quantity=3&urgency=high&people=4&reach=come_back&action=post";
        std::this_thread::sleep_for(std::chrono::milliseconds(4));
        auto p = ask("POST /need" + head +
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
        if (p && p->status == 303) ++posted;
      }
      if (fd >= 0) ::close(fd);
    });
  for (auto& t : threads) t.join();
  MESSAGE(kClients << " kept-alive clients: " << answered.load() << " answered, " << failed.load()
                   << " lost, " << posted.load() << " posted");
  CHECK(failed.load() == 0);
  CHECK(answered.load() == kClients * (kPages + 1));
  CHECK(posted.load() == kClients);
}

TEST_CASE(
    "the listening socket gives its connections TCP_NODELAY, and the phone pages' defers accepts") {
  // Accepted sockets inherit TCP_NODELAY from the listening one (no setsockopt a connection), and
  // a parking server accepts a connection when its first request is there (TCP_DEFER_ACCEPT).
  for (const size_t park_idle : {size_t{512}, size_t{0}}) {
    CAPTURE(park_idle);
    HttpBounds bounds;
    bounds.park_idle = park_idle;
    auto http = make_bounded_http(bounds);
    REQUIRE(http->bind_to_any_port("127.0.0.1") > 0);
    REQUIRE(bounds.listen_fd >= 0);
    int nodelay = 0, defer = 0;
    socklen_t n = sizeof nodelay, m = sizeof defer;
    REQUIRE(getsockopt(bounds.listen_fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &n) == 0);
    REQUIRE(getsockopt(bounds.listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, &m) == 0);
    CHECK(nodelay != 0);
    CHECK((defer != 0) == (park_idle > 0));
    ::close(bounds.listen_fd);  // never listened on: the server has nothing to stop
  }
}

TEST_CASE("a connection whose request comes late, or in pieces, is still answered") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  auto started = PhonePages::start(db, "127.0.0.1", 0, PhoneLimits{});
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  const uint16_t port = (*started)->port();
  const std::string get = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n\r\n";

  // Connected, then silent for a while (a browser's connection opened ahead of a tap): the
  // deferred accept takes it when its request comes.
  const int late = test::connect_from("127.0.4.3", port);
  REQUIRE(late >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(test::send_all(late, get));
  const auto a = test::read_answer(late, 5000);
  CHECK(a);
  if (a) CHECK(a->status == 200);
  // Its next request in two pieces: the first read ahead by the worker, the rest 50 ms later.
  REQUIRE(test::send_all(late, get.substr(0, 20)));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(test::send_all(late, get.substr(20)));
  const auto b = test::read_answer(late, 5000);
  CHECK(b);
  if (b) CHECK(b->status == 200);
  // Two requests in one send (pipelined): the second is answered from what was read ahead. They
  // are the connection's 3rd and 4th (the last: the server closes it after), read to its end.
  REQUIRE(test::send_all(late, get + get));
  std::string both;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (int reads = 0; reads < 1000 && std::chrono::steady_clock::now() < until; ++reads) {
    pollfd p{late, POLLIN, 0};
    char buf[4096];
    const ssize_t n = ::poll(&p, 1, 100) > 0 ? ::recv(late, buf, sizeof buf, 0) : -1;
    if (n == 0) break;
    if (n > 0) both.append(buf, static_cast<size_t>(n));
  }
  size_t answers = 0;
  for (size_t at = both.find("HTTP/1.1 200 OK\r\n"); at != std::string::npos;
       at = both.find("HTTP/1.1 200 OK\r\n", at + 1))
    ++answers;
  CHECK(answers == 2);
  ::close(late);
}

TEST_CASE("slow clients sending a request a byte at a time hold none of the phone pages' workers") {
  TempDir dir;
  const std::string db = dir.file("kiosk.mutua");
  auto kiosk = open_test_store(db);
  const PhoneLimits limits;  // the shipped limits: 8 workers, 6 connections an address
  auto started = PhonePages::start(db, "127.0.0.1", 0, limits);
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  const uint16_t port = (*started)->port();

  // Every connection two addresses may open, more than the workers, each sending a request's
  // line and headers a byte every 100 ms for at most 3 s (under header_ms, 5 s). While a worker
  // waited on each, these held every worker until their header deadline.
  std::vector<int> slow;
  for (const char* from : {"127.0.6.1", "127.0.6.2"})
    for (size_t i = 0; i < limits.http.per_address; ++i) {
      const int fd = test::connect_from(from, port);
      REQUIRE(fd >= 0);
      slow.push_back(fd);
    }
  REQUIRE(slow.size() > limits.http.workers);
  REQUIRE(limits.http.header_ms > 3000);
  std::atomic<bool> done{false}, dripping{true};
  std::thread drip([&] {
    test::drip(slow, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", 100, 3000, done);
    dripping = false;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the slow ones are first

  // An honest phone from a third address is answered while the slow ones still drip.
  const int honest = test::connect_from("127.0.6.3", port);
  REQUIRE(honest >= 0);
  REQUIRE(test::send_all(honest,
                         "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: "
                         "en\r\nConnection: close\r\n\r\n"));
  const auto a = test::read_answer(honest, 2500);
  const bool still_dripping = dripping.load();
  ::close(honest);
  CHECK(a);
  if (a) CHECK(a->status == 200);
  CHECK(still_dripping);

  // A slow one is closed once its head is late (header_ms after it began), not kept for its
  // connection's 30 s.
  done = true;
  drip.join();
  size_t closed = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  for (int fd : slow) {
    for (int polls = 0; polls < 200 && std::chrono::steady_clock::now() < until; ++polls) {
      pollfd p{fd, POLLIN, 0};
      char buf[512];
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        ++closed;
        break;
      }
    }
    ::close(fd);
  }
  CHECK(closed == slow.size());
}
