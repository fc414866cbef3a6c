#pragma once
// The LAN server: answers other devices' lan_sync (sync/lan_client.hpp) over plain HTTP, the
// protocol of docs/lan-protocol.md. It opens its own connection to the database and keeps it for
// its life. Bounded everywhere: body and header size, time per request and per connection,
// concurrent connections (in all and per address), requests per address per minute, pending
// handshakes and sessions.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "sync/lan.hpp"

namespace mutua {

class Store;

struct LanLimits {
  size_t max_body = kMaxBundleFileBytes;  // bytes of one request body
  int read_timeout_ms = 5000;             // one read of a request may wait this long
  int write_timeout_ms = 5000;            // one write of an answer
  int connection_ms = 60000;              // a connection lives at most this long, slow or not
  int header_ms = 5000;                   // a request's line and headers must arrive within this
  size_t min_body_rate = 16384;           // bytes a second a body must average, after the grace
  int body_grace_ms = 2000;               // before the body's rate counts
  int keep_alive_ms = 2000;               // idle time between two requests on one connection
  size_t keep_alive_requests = 16;        // requests on one connection
  size_t workers = 16;                    // connections served at once
  size_t queued = 64;                     // connections waiting for a worker; more are closed
  int queue_wait_ms = 5000;               // a connection that waited longer is closed
  size_t per_address = 8;                 // connections at once from one address
  size_t requests_per_minute = 600;       // requests from one address per minute
  size_t handshakes = 256;                // pending handshakes (between hello and auth)
  int handshake_ms = 15000;               // a handshake must finish within this
  size_t sessions = 256;                  // sessions alive at once
  int session_ms = 120000;                // a session's life (pull then push within it)
};

class LanServer {
 public:
  // Called on a server thread after a peer's bundle was imported (for a screen to reload). It
  // must not throw; exceptions are swallowed.
  using OnImported = std::function<void(const LanExchange&)>;

  // Opens the database at `db_path`, binds settings.bind:settings.port (0: any free port) and
  // serves until stop(). Fails when the device is in no network or the address cannot be bound.
  static Result<std::unique_ptr<LanServer>> start(const std::string& db_path,
                                                  const LanSettings& settings,
                                                  OnImported on_imported = nullptr,
                                                  const LanLimits& limits = {});
  // The same, serving a database already open (`mutua lan serve`: one connection for the
  // command and the server). The server owns `store` from then on and uses it on one request
  // thread at a time, under its lock; anyone else reaches it only through with_store.
  static Result<std::unique_ptr<LanServer>> start(std::unique_ptr<Store> store,
                                                  const LanSettings& settings,
                                                  OnImported on_imported = nullptr,
                                                  const LanLimits& limits = {});
  // Runs `fn` with the server's database under the lock every request takes, so it never runs
  // beside one. Any thread, OnImported included (it is called with the lock released).
  void with_store(const std::function<void(Store&)>& fn);
  ~LanServer();  // stops; never throws
  LanServer(const LanServer&) = delete;
  LanServer& operator=(const LanServer&) = delete;

  uint16_t port() const;
  const std::string& bind() const;
  const std::string& network_name() const;
  // Stops listening, wakes every connection and waits for them: bounded by the time one request
  // being handled takes to finish (an import already under way is not cut in half).
  void stop() noexcept;

  struct Impl;

 private:
  explicit LanServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mutua
