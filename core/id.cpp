#include "core/id.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mutua {

void random_bytes(void* buf, size_t n) {
  static const bool ready = [] { return sodium_init() >= 0; }();
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  randombytes_buf(buf, n);
}

Id Id::random() {
  Id id;
  random_bytes(id.bytes.data(), id.bytes.size());
  return id;
}

std::optional<Id> Id::from_hex(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  Id id;
  for (size_t i = 0; i < 16; ++i) {
    int v = 0;
    for (size_t k = 0; k < 2; ++k) {
      char c = hex[2 * i + k];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return std::nullopt;
      v = v * 16 + d;
    }
    id.bytes[i] = static_cast<uint8_t>(v);
  }
  return id;
}

std::string Id::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string out(32, '0');
  for (size_t i = 0; i < 16; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

bool Id::is_zero() const {
  for (auto b : bytes)
    if (b) return false;
  return true;
}

}  // namespace mutua
