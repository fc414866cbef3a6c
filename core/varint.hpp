#pragma once
// LEB128 varints, shared by the in-row version blob and the bundle codec.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mutua::varint {

inline void put(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads one varint from `in` at `pos`, advancing pos; nullopt when truncated or too long.
inline std::optional<uint64_t> get(std::string_view in, size_t& pos) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
    auto b = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  return std::nullopt;
}

}  // namespace mutua::varint
