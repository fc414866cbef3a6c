#pragma once
// The cpp-httplib server of the LAN sync server (sync/lan_server.cpp) and the phone pages
// (app/web/), in sync/bounded_http.cpp: its connections are served by a bounded stream (a deadline
// per connection, for a request's headers and for its body's rate) and a bounded queue of
// workers, with at most LanLimits::per_address connections at once from one address. The phone
// pages' server also parks kept-alive connections between requests (HttpBounds::park_idle).
// Routes, rate limits per request and the like are the owner's.
#include <httplib.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sync/lan_server.hpp"

namespace mutua {

// Each request's time inside the server, for bench_phone: where the time a client sees goes
// (the server, or the client's own thread waiting for a core).
struct HttpTimings {
  struct Request {
    float queued_us;  // from its connection's accept, or its bytes seen while parked, to a worker
    float served_us;  // from then to its answer's last byte written (read, handled, sent)
  };
  std::mutex mutex;
  std::vector<Request> requests;  // appended by the workers
};

// What the server's connections share with its owner; it must outlive the server.
struct HttpBounds {
  LanLimits limits;
  std::atomic<bool> stopping{false};          // set before stop(): waiting connections give up
  std::mutex mutex;                           // guards `connections`
  std::map<std::string, size_t> connections;  // open connections per address
  // Kept-alive connections waiting for their next request without a worker, at most: between
  // pages a connection is watched by one thread (epoll) and queued again, behind the connections
  // already waiting, when its next request's first bytes arrive. Browsers keep connections open
  // between pages: a worker held by each idle one let a few of them starve the rest. Past this
  // many, a connection's answer says `Connection: close`. 0: a worker waits on its connection
  // between requests (the sync server, sync/lan_server.cpp: its clients are few).
  size_t park_idle = 512;
  HttpTimings* timings = nullptr;  // set (bench_phone): each request's times are added to it
  int listen_fd = -1;              // the listening socket, once bound (make_bounded_http sets it)
};

// A server with those bounds (and a body limit of limits.max_body). Bind, listen and stop it as
// any httplib::Server.
std::unique_ptr<httplib::Server> make_bounded_http(HttpBounds& bounds);

}  // namespace mutua
