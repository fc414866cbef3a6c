#pragma once
// A number appended as 8 bytes, least significant first: the fixed-width integers of signed
// messages (versions, sequence claims, gaps) and of the bundle's body length.
#include <cstdint>
#include <string>

namespace mutua {

inline void put_u64_le(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace mutua
