#pragma once
// bench_phone's event-driven load generator, as wrk is: one client thread, non-blocking sockets on
// epoll, each client one connection with one request outstanding at a time, latency from the
// request's start (its connect, when it needs a new connection) to its whole answer read. The
// thread-per-client phases of bench_phone run 100 client threads on the server's cores: a client
// thread waiting for a core adds its wait to the latency it measures. Here one thread does what
// those 100 do, so the latency is mostly the server's.
// Each client binds its own loopback source address, as the threaded phases do. Loopback only;
// bounded by the count of requests, a timeout per request and a limit for the whole run.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace mutua::bench {

struct LoadResult {
  std::vector<double> latencies;  // ms, of the pages answered 200
  size_t errors = 0;
  std::map<int, size_t> statuses;
  std::map<std::string, size_t> failures;
  double seconds = 0;
};

struct EventLoad {
  uint16_t port = 0;
  std::vector<std::string> paths;  // client i's k-th request asks for paths[(i + k) % size]
  bool keep_alive = true;          // else "Connection: close" and a new connection a request
  int clients = 100;
  int requests_per_client = 60;
  std::string source_prefix;  // client i binds source_prefix + (i + 1), e.g. "127.0.6."
  std::chrono::milliseconds timeout{5000};  // one request
  std::chrono::seconds limit{30};           // the whole run
};

namespace load_detail {

using Clock = std::chrono::steady_clock;

struct Client {
  int fd = -1;
  bool connecting = false;
  int done = 0;  // requests finished (answered or failed)
  std::string out;
  size_t sent = 0;
  std::string in;
  Clock::time_point start{};
};

// The parsed head of an answer in `in`: its status, where its body starts and ends, and whether
// it ends the connection. False while the head is not all here.
inline bool parse_head(const std::string& in, int& status, size_t& end, bool& closes) {
  const size_t blank = in.find("\r\n\r\n");
  if (blank == std::string::npos) return false;
  status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  size_t length = 0;
  closes = false;
  for (size_t at = in.find("\r\n") + 2; at < blank;) {
    const size_t eol = in.find("\r\n", at);
    std::string line = in.substr(at, eol - at);
    std::transform(line.begin(), line.end(), line.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (line.rfind("content-length:", 0) == 0)
      length = std::strtoull(line.c_str() + 15, nullptr, 10);
    if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos) closes = true;
    at = eol + 2;
  }
  end = blank + 4 + length;
  return true;
}

}  // namespace load_detail

inline LoadResult event_load(const EventLoad& cfg) {
  using namespace load_detail;
  LoadResult out;
  const auto begun = Clock::now();
  const auto deadline = begun + cfg.limit;
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) {
    out.failures["epoll"] = 1;
    return out;
  }
  std::vector<Client> cs(static_cast<size_t>(cfg.clients));
  int finished = 0;

  auto drop = [&](size_t i) {
    Client& c = cs[i];
    if (c.fd >= 0) ::close(c.fd);  // leaves the epoll set with it
    c.fd = -1;
    c.connecting = false;
    c.in.clear();
  };
  auto watch = [&](size_t i, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = i;
    return ::epoll_ctl(ep, EPOLL_CTL_MOD, cs[i].fd, &ev) == 0;
  };
  // Writes what is left of the request; then waits for the answer.
  auto send_more = [&](size_t i) {
    Client& c = cs[i];
    while (c.sent < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return watch(i, EPOLLOUT);
      return false;
    }
    return watch(i, EPOLLIN);
  };
  auto open = [&](size_t i) {
    Client& c = cs[i];
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) return false;
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in from{}, to{};
    from.sin_family = to.sin_family = AF_INET;
    to.sin_port = htons(cfg.port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const std::string source = cfg.source_prefix + std::to_string(i + 1);
    if (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
        ::bind(c.fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0)
      return false;
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = i;
    if (::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev) != 0) return false;
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) return send_more(i);
    c.connecting = errno == EINPROGRESS;
    return c.connecting;
  };
  // Client i's next request, or its end.
  auto next = [&](size_t i) {
    for (;;) {
      Client& c = cs[i];
      if (c.done >= cfg.requests_per_client) {
        drop(i);
        ++finished;
        return;
      }
      const std::string& path = cfg.paths[(i + static_cast<size_t>(c.done)) % cfg.paths.size()];
      c.out = "GET " + path +
              " HTTP/1.1\r\nAccept: */*\r\nAccept-Language: en\r\nHost: 127.0.0.1:" +
              std::to_string(cfg.port) + "\r\nUser-Agent: bench_phone\r\n" +
              (cfg.keep_alive ? "" : "Connection: close\r\n") + "\r\n";
      c.sent = 0;
      c.in.clear();
      c.start = Clock::now();
      const bool kept = c.fd >= 0;
      if (kept ? send_more(i) : open(i)) return;
      ++out.errors;
      ++out.failures[kept ? "Write" : "Connection"];
      ++c.done;
      drop(i);
    }
  };
  auto fail = [&](size_t i, const char* why) {
    ++out.errors;
    ++out.failures[why];
    ++cs[i].done;
    drop(i);
    next(i);
  };

  for (size_t i = 0; i < cs.size(); ++i) next(i);
  std::vector<epoll_event> events(cs.size());
  char buf[16384];
  auto last_sweep = Clock::now();
  while (finished < cfg.clients && Clock::now() < deadline) {
    const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10);
    for (int e = 0; e < n; ++e) {
      const size_t i = events[static_cast<size_t>(e)].data.u64;
      Client& c = cs[i];
      if (c.fd < 0) continue;
      if (c.connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        c.connecting = false;
        if (err != 0 || !send_more(i)) fail(i, "Connection");
        continue;
      }
      if (c.sent < c.out.size()) {
        if (!send_more(i)) fail(i, "Write");
        continue;
      }
      bool eof = false;
      for (;;) {
        const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
        if (got > 0) {
          c.in.append(buf, static_cast<size_t>(got));
          continue;
        }
        if (got < 0 && errno == EINTR) continue;
        eof = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
      }
      int status = 0;
      size_t end = 0;
      bool closes = false;
      if (parse_head(c.in, status, end, closes) && c.in.size() >= end) {
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - c.start).count();
        ++out.statuses[status];
        if (status == 200)
          out.latencies.push_back(ms);
        else
          ++out.errors;
        ++c.done;
        if (closes || !cfg.keep_alive || eof) drop(i);
        next(i);
      } else if (eof) {
        fail(i, "Read");
      }
    }
    // Requests past their timeout fail (checked every 100 ms).
    const auto now = Clock::now();
    if (now - last_sweep >= std::chrono::milliseconds(100)) {
      last_sweep = now;
      for (size_t i = 0; i < cs.size(); ++i)
        if (cs[i].done < cfg.requests_per_client && now - cs[i].start > cfg.timeout)
          fail(i, "Read");
    }
  }
  for (size_t i = 0; i < cs.size(); ++i) drop(i);
  ::close(ep);
  out.seconds = std::chrono::duration<double>(Clock::now() - begun).count();
  return out;
}

}  // namespace mutua::bench
