// LAN settings in the local table, typed addresses, and how far a peer is behind.
#include "sync/lan.hpp"

#include <charconv>

namespace mutua {
namespace {

// Local keys (never replicated). Values are plain text, one setting each.
constexpr std::string_view kEnabled = "lan.enabled", kBind = "lan.bind", kPort = "lan.port",
                           kAnnounceAddress = "lan.announce_address",
                           kAnnouncePort = "lan.announce_port", kDnsSd = "lan.dns_sd",
                           kManualPeers = "lan.manual_peers";

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::optional<uint16_t> parse_port(std::string_view s, bool allow_zero) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || value > 65535)
    return std::nullopt;
  if (value == 0 && !allow_zero) return std::nullopt;
  return static_cast<uint16_t>(value);
}

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

}  // namespace

LanSettings load_lan_settings(const Replica& store) {
  LanSettings s;
  if (auto v = store.local_get(kEnabled)) s.enabled = *v == "1";
  if (auto v = store.local_get(kBind); v && !v->empty()) s.bind = *v;
  if (auto v = store.local_get(kPort))
    if (auto p = parse_port(*v, true)) s.port = *p;
  if (auto v = store.local_get(kAnnounceAddress); v && !v->empty()) s.announce_address = *v;
  if (auto v = store.local_get(kAnnouncePort))
    if (auto p = parse_port(*v, false)) s.announce_port = *p;
  if (auto v = store.local_get(kDnsSd)) s.dns_sd = *v == "1";
  if (auto v = store.local_get(kManualPeers)) {
    std::string_view rest = *v;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = trim(rest.substr(0, nl));
      if (!line.empty()) s.manual_peers.emplace_back(line);
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  return s;
}

void save_lan_settings(Replica& store, const LanSettings& s) {
  store.local_set(kEnabled, s.enabled ? "1" : "0");
  store.local_set(kBind, s.bind);
  store.local_set(kPort, std::to_string(s.port));
  store.local_set(kAnnounceAddress, s.announce_address);
  store.local_set(kAnnouncePort, std::to_string(s.announce_port));
  store.local_set(kDnsSd, s.dns_sd ? "1" : "0");
  std::string peers;
  for (const auto& p : s.manual_peers) {
    const std::string_view line = trim(p);
    if (line.empty() || line.find('\n') != std::string_view::npos) continue;
    if (!peers.empty()) peers += '\n';
    peers += line;
  }
  store.local_set(kManualPeers, peers);
}

std::string LanAddress::text() const {
  return host + ":" + std::to_string(port);
}

std::optional<LanAddress> parse_lan_address(std::string_view text, uint16_t default_port) {
  text = trim(text);
  if (text.empty() || text.size() > 253 + 6) return std::nullopt;
  LanAddress a;
  a.port = default_port;
  std::string_view host = text;
  if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    auto port = parse_port(text.substr(colon + 1), false);
    if (!port) return std::nullopt;
    a.port = *port;
    host = text.substr(0, colon);
  }
  if (host.empty() || host.size() > 253) return std::nullopt;
  for (char c : host)
    if (!host_char(c)) return std::nullopt;
  if (host.front() == '.' || host.front() == '-' || host.back() == '-') return std::nullopt;
  if (a.port == 0) return std::nullopt;
  a.host = std::string(host);
  return a;
}

uint64_t changes_behind(const VersionVector& holder, const VersionVector& reference) {
  uint64_t behind = 0;
  for (const auto& [origin, seq] : reference) {
    auto it = holder.find(origin);
    const uint64_t held = it == holder.end() ? 0 : it->second;
    if (seq > held) behind += seq - held;
  }
  return behind;
}

}  // namespace mutua
