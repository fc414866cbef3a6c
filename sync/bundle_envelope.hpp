#pragma once
// The bundle's envelope, shared by its writer (sync/bundle_build.cpp) and its reader
// (sync/bundle.cpp): the fixed prefix, the header's bytes and the body's key
// (docs/bundle-format.md, "Envelope"). Not an interface for the rest of the program.
#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/bundle.hpp"

namespace mutua::bundle_envelope {

inline constexpr char kMagic[8] = {'M', 'U', 'T', 'U', 'A', 'B', 'N', 'D'};
inline constexpr size_t kPrefix = 8 + 2 + 4;  // magic, format, header length
inline constexpr size_t kMaxHeaderBytes = 4u << 20;
inline constexpr size_t kSigBytes = crypto_sign_BYTES;

inline void put_u16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
inline void put_u32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline uint64_t get_le(std::string_view s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(s[pos + i])) << (8 * i);
  return v;
}

std::string encode_header(const BundleHeader& h);
// nullopt: the bytes are no header of `format`.
std::optional<BundleHeader> decode_header(std::string_view in, uint16_t format);
// The body's key, derived from the network key.
std::array<uint8_t, 32> bundle_key(const NetworkKey& network_key);

}  // namespace mutua::bundle_envelope
