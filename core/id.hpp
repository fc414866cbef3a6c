#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mutua {

// A random 128-bit identifier for entries, matches, devices and every other replicated record.
struct Id {
  std::array<uint8_t, 16> bytes{};

  static Id random();
  static std::optional<Id> from_hex(std::string_view hex);
  std::string hex() const;
  bool is_zero() const;

  auto operator<=>(const Id&) const = default;
};

// Fills buf with cryptographically random bytes (libsodium).
void random_bytes(void* buf, size_t n);

}  // namespace mutua
