#pragma once
// What keeps the phone pages safe to serve to anyone on the Wi-Fi (app/web/phone_pages.hpp):
// which client addresses are served, the CSRF token of a form, and the per-client post limit.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace mutua::web {

// True for loopback and private addresses only: 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16,
// ::1, fc00::/7, fe80::/10 and IPv4-mapped IPv6 forms of the IPv4 ones. Anything else, or text
// that is not an address, is false.
bool is_private_address(std::string_view address);

// A signed per-form value, with no state kept on the server: the time it was made and a MAC
// (libsodium crypto_auth, a key made when the pages start) over that time and the client's
// address. Valid for `ttl` from then, from that address only.
class CsrfTokens {
 public:
  explicit CsrfTokens(std::chrono::seconds ttl = std::chrono::hours(2));
  std::string make(std::string_view client, int64_t now_s) const;
  bool valid(std::string_view token, std::string_view client, int64_t now_s) const;

 private:
  std::string mac(std::string_view client, int64_t made_s) const;
  std::array<unsigned char, 32> key_{};
  std::chrono::seconds ttl_;
};

// At most `count` posts per client in any `window`; memory bounded by `max_clients` (the
// oldest windows are forgotten first; a client forgotten starts again from zero).
class PostLimit {
 public:
  PostLimit(size_t count, std::chrono::seconds window, size_t max_clients = 4096);
  // Counts one post from `client` at `now`; false when it is over the limit (not counted).
  bool allow(const std::string& client, std::chrono::steady_clock::time_point now);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    size_t count = 0;
  };
  size_t count_;
  std::chrono::seconds window_;
  size_t max_clients_;
  std::mutex mutex_;
  std::map<std::string, Window> clients_;
};

}  // namespace mutua::web
