#include "app/web/web_guard.hpp"

#include <arpa/inet.h>
#include <sodium.h>

#include <cstring>

#include "core/id.hpp"

namespace mutua::web {

namespace {

bool private_v4(const unsigned char* a) {
  return a[0] == 127 || a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
         (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254);
}

std::string hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

}  // namespace

bool is_private_address(std::string_view address) {
  if (address.empty() || address.size() > INET6_ADDRSTRLEN) return false;
  std::string text(address);
  if (const auto pct = text.find('%'); pct != std::string::npos) text.resize(pct);  // fe80::1%eth0
  unsigned char a[16];
  if (inet_pton(AF_INET, text.c_str(), a) == 1) return private_v4(a);
  if (inet_pton(AF_INET6, text.c_str(), a) != 1) return false;
  static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (std::memcmp(a, loopback, 16) == 0) return true;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(a, mapped, 12) == 0) return private_v4(a + 12);
  if ((a[0] & 0xFE) == 0xFC) return true;                  // fc00::/7
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return true;  // fe80::/10
  return false;
}

CsrfTokens::CsrfTokens(std::chrono::seconds ttl) : ttl_(ttl) {
  random_bytes(key_.data(), key_.size());
}

std::string CsrfTokens::mac(std::string_view client, int64_t made_s) const {
  const std::string message = std::to_string(made_s) + "|" + std::string(client);
  unsigned char out[crypto_auth_BYTES];
  crypto_auth(out, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
              key_.data());
  return hex(out, 20);
}

std::string CsrfTokens::make(std::string_view client, int64_t now_s) const {
  return std::to_string(now_s) + "." + mac(client, now_s);
}

bool CsrfTokens::valid(std::string_view token, std::string_view client, int64_t now_s) const {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
  int64_t made = 0;
  for (const char c : token.substr(0, dot)) {
    if (c < '0' || c > '9') return false;
    made = made * 10 + (c - '0');
  }
  if (made > now_s + 60 || now_s - made > ttl_.count()) return false;
  const std::string want = mac(client, made);
  const std::string_view got = token.substr(dot + 1);
  return got.size() == want.size() && sodium_memcmp(got.data(), want.data(), want.size()) == 0;
}

PostLimit::PostLimit(size_t count, std::chrono::seconds window, size_t max_clients)
    : count_(count), window_(window), max_clients_(max_clients) {}

bool PostLimit::allow(const std::string& client, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (clients_.size() >= max_clients_ && !clients_.count(client)) {
    for (auto it = clients_.begin(); it != clients_.end();)
      it = now - it->second.start > window_ ? clients_.erase(it) : std::next(it);
    if (clients_.size() >= max_clients_) return false;  // every window is live: refuse newcomers
  }
  auto& w = clients_[client];
  if (w.count == 0 || now - w.start > window_) w = Window{now, 0};
  if (w.count >= count_) return false;
  ++w.count;
  return true;
}

}  // namespace mutua::web
