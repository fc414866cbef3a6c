#pragma once
// A cpp-httplib server built like the LAN sync server (sync/lan_server.cpp): its connections are
// served by the same bounded stream (a deadline per connection, for a request's headers and for
// its body's rate) and the same bounded queue of workers, with at most LanLimits::per_address
// connections at once from one address. The phone pages (app/web/) run one of these beside the
// sync server. Routes, rate limits per request and the like are the owner's.
#include <httplib.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "sync/lan_server.hpp"

namespace mutua {

// What the server's connections share with its owner; it must outlive the server.
struct HttpBounds {
  LanLimits limits;
  std::atomic<bool> stopping{false};          // set before stop(): waiting connections give up
  std::mutex mutex;                           // guards `connections`
  std::map<std::string, size_t> connections;  // open connections per address
  // An idle keep-alive connection closes when other connections wait for a worker (after a
  // 2 ms grace), instead of holding its worker for keep_alive_ms: browsers keep connections
  // open between pages. The sync server (sync/lan_server.cpp) does not do this.
  bool yield_idle = true;
};

// A server with those bounds (and a body limit of limits.max_body). Bind, listen and stop it as
// any httplib::Server.
std::unique_ptr<httplib::Server> make_bounded_http(HttpBounds& bounds);

}  // namespace mutua
