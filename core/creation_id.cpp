#include "core/creation_id.hpp"

#include <sodium.h>

#include <cstring>
#include <string>

namespace mutua {

namespace {

constexpr size_t kHalf = 8;
constexpr char kTag[] = "MUTUA-CREATION-ID-1";

// BLAKE2b-64 over: the tag, the random half, the table number, then each fixed value as a type
// byte (0 integer, 1 text), and 8 bytes little-endian, or its length (8 bytes) and its bytes.
std::array<uint8_t, kHalf> bind(TableId table, const uint8_t* half,
                                const std::vector<Value>& fixed) {
  static const bool ready = sodium_init() >= 0;  // BLAKE2b needs no more, but be sure
  (void)ready;
  std::string in(kTag, sizeof kTag - 1);
  in.append(reinterpret_cast<const char*>(half), kHalf);
  auto put64 = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) in.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put64(static_cast<uint64_t>(table));
  for (const Value& v : fixed) {
    if (const auto* n = std::get_if<int64_t>(&v)) {
      in.push_back(0);
      put64(static_cast<uint64_t>(*n));
    } else {
      const auto& s = std::get<std::string>(v);
      in.push_back(1);
      put64(s.size());
      in += s;
    }
  }
  std::array<uint8_t, kHalf> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()),
                     in.size(), nullptr, 0);
  return out;
}

}  // namespace

Id creation_bound_id(TableId table, const std::vector<Value>& fixed) {
  Id id;
  random_bytes(id.bytes.data(), kHalf);
  const auto tail = bind(table, id.bytes.data(), fixed);
  std::memcpy(id.bytes.data() + kHalf, tail.data(), kHalf);
  if (id.is_zero()) return creation_bound_id(table, fixed);  // never, in practice
  return id;
}

bool creation_bound(TableId table, const Id& id, const std::vector<Value>& fixed) {
  const auto tail = bind(table, id.bytes.data(), fixed);
  return sodium_memcmp(tail.data(), id.bytes.data() + kHalf, kHalf) == 0;
}

}  // namespace mutua
