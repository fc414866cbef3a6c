#include "sync/network_created.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstring>

#include "core/civil_date.hpp"

namespace mutua {

namespace {
constexpr const char* kLocalKey = "network_created";
constexpr char kTagKey[] = "mutua nonce day 1";
constexpr size_t kDayAt = 16, kTagAt = 19, kTagBytes = 5;

std::array<uint8_t, kTagBytes> tag_of(const std::array<uint8_t, 24>& nonce) {
  unsigned char h[crypto_generichash_BYTES_MIN];
  crypto_generichash(h, sizeof h, nonce.data(), kTagAt,
                     reinterpret_cast<const unsigned char*>(kTagKey), sizeof kTagKey - 1);
  std::array<uint8_t, kTagBytes> t{};
  std::memcpy(t.data(), h, kTagBytes);
  return t;
}
}  // namespace

CivilDate civil_from_day(NetworkDay day) {
  const YearMonthDay c = civil_from_days(day);
  return CivilDate{static_cast<int>(c.year), static_cast<int>(c.month), static_cast<int>(c.day)};
}

std::string day_iso(NetworkDay day) {
  const CivilDate c = civil_from_day(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

std::optional<NetworkDay> parse_day_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](size_t at, size_t n) -> int {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const NetworkDay day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (day_iso(day) != t) return std::nullopt;  // 31 February and the like
  return day;
}

std::string day_english(NetworkDay day) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilDate c = civil_from_day(day);
  return std::to_string(c.day) + " " + kMonths[c.month - 1] + " " + std::to_string(c.year);
}

std::optional<NetworkDay> network_created_day(const Replica& store) {
  auto v = store.local_get(kLocalKey);
  if (!v) return std::nullopt;
  return parse_day_iso(*v);
}

void remember_network_created(Replica& store, NetworkDay day) {
  if (day <= 0 || day > kMaxNetworkDay || network_created_day(store)) return;
  store.local_set(kLocalKey, day_iso(day));
}

NetworkDay today_utc(const Replica& store) {
  const int64_t ms = store.now_ms();
  return ms <= 0 ? 0 : ms / 86400000;
}

void stamp_nonce_day(std::array<uint8_t, 24>& nonce, NetworkDay day) {
  if (day <= 0 || day > kMaxNetworkDay) return;
  for (size_t i = 0; i < 3; ++i) nonce[kDayAt + i] = static_cast<uint8_t>(day >> (8 * i));
  const auto t = tag_of(nonce);
  std::memcpy(nonce.data() + kTagAt, t.data(), kTagBytes);
}

std::optional<NetworkDay> nonce_day(const std::array<uint8_t, 24>& nonce) {
  const auto t = tag_of(nonce);
  if (std::memcmp(nonce.data() + kTagAt, t.data(), kTagBytes) != 0) return std::nullopt;
  NetworkDay day = 0;
  for (size_t i = 0; i < 3; ++i) day |= static_cast<NetworkDay>(nonce[kDayAt + i]) << (8 * i);
  if (day <= 0 || day > kMaxNetworkDay) return std::nullopt;
  return day;
}

}  // namespace mutua
