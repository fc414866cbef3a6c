#pragma once
// The phone pages (issue 13): residents post a need or an offer, read the board and check a
// ticket on their own phone, over the site's Wi-Fi, with no app. Server-rendered HTML that works
// without JavaScript, under 30 KB a page, in the kiosk's words (the same .po catalogues).
//
// A second cpp-httplib server in the same process as the kiosk or `mutua lan serve`, built like
// the sync server (sync/bounded_http.hpp) but with its own port, its own database connection and
// far smaller limits: the sync server needs a network, takes bodies of up to 128 MiB and answers
// other devices; these pages must work on a kiosk in no network, take forms of a few KB and
// answer anyone on the Wi-Fi. Keeping them apart also lets either be turned off alone.
//
// Served only to loopback and private addresses; every value escaped by web::esc(); a CSRF token
// on every form; a per-client post limit; a strict Content-Security-Policy, nosniff,
// no-referrer and no-store. Never a contact detail, a volunteer page or anything behind a PIN.
// Writes go through post_entry() (app/ui/post_entry.hpp), as the kiosk wizards do.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sync/lan_server.hpp"

namespace mutua {

struct HttpTimings;  // sync/bounded_http.hpp

// The port the phone pages are served on unless told otherwise (`mutua lan serve --phone-port`).
inline constexpr uint16_t kPhonePagesPort = 8080;

struct PhoneLimits {
  LanLimits http = [] {
    LanLimits l;
    l.max_body = 16 * 1024;  // a form is a few hundred bytes
    // 8 connections served at once (bounded: each is a thread and may wait on the database),
    // and a kept-alive connection ends after 4 pages (it says so in the answer). Between pages
    // a connection holds no worker (HttpBounds::park_idle). On a quiet 2-core machine, 7 runs
    // alternating, 8 workers against 16 lowered every phase's p99 of bench_phone: 100 client
    // threads, a new connection a page, 23.9 -> 18.5 ms (target 20 ms); the posting phase's
    // post p99 too (docs/phone-pages.md, "Eight workers").
    l.workers = 8;
    l.keep_alive_requests = 4;
    l.queued = 128;
    l.per_address = 6;  // a browser opens a few connections at once
    l.requests_per_minute = 240;
    l.connection_ms = 30000;
    return l;
  }();
  size_t posts = 6;                                            // entries one client may post ...
  std::chrono::seconds post_window{std::chrono::minutes(10)};  // ... in this time
  size_t board_rows = 40;                                      // entries one board page lists
  // Which client addresses are served (tests replace it to see a refusal on loopback).
  std::function<bool(std::string_view)> serves;  // empty: web::is_private_address
  HttpTimings* timings = nullptr;  // bench_phone: each request's time in the server (it outlives)
};

class PhonePages {
 public:
  // Opens the database at `db_path` and serves the pages on bind:port (0: any free port) until
  // stop(). Fails when the address cannot be bound.
  static Result<std::unique_ptr<PhonePages>> start(const std::string& db_path,
                                                   const std::string& bind, uint16_t port,
                                                   const PhoneLimits& limits = {});
  ~PhonePages();  // stops; never throws
  PhonePages(const PhonePages&) = delete;
  PhonePages& operator=(const PhonePages&) = delete;

  uint16_t port() const;
  const std::string& bind() const;
  void stop() noexcept;
  // Pages answered from the cache of pages built under the current data (tests, bench).
  uint64_t page_cache_hits() const;

  struct Impl;

 private:
  explicit PhonePages(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

namespace web {
// The language of a request: the `mutua_lang` cookie when it names a catalogue, else the best
// of Accept-Language among the catalogues (q-values honoured), else English. A tag's primary
// subtag picks the catalogue: "prs-AF" (Dari), "fa-AF", "pes", "fas" and "per" all pick fa.
std::string pick_language(std::string_view accept_language, std::string_view cookie_header);
// The catalogue code a lower-case primary language subtag reads: fa for Dari and Persian's other
// codes (prs, pes, fas, per), ar for "ara", else the subtag itself.
std::string catalogue_for_tag(std::string_view primary);
}  // namespace web

}  // namespace mutua
