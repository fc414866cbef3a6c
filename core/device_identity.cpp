#include "core/device_identity.hpp"

#include <sodium.h>

#include <algorithm>

namespace mutua {

namespace {

constexpr size_t kKeyPart = 12;  // bytes of a marked id taken from the key's hash

std::array<uint8_t, 4> mark_of(const uint8_t* key_part) {
  static const char context[] = "mutua chain from start";
  std::array<uint8_t, 4> mark{};
  crypto_generichash(mark.data(), mark.size(), key_part, kKeyPart,
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1);
  return mark;
}

}  // namespace

Id unmarked_device_id_for_key(const std::array<uint8_t, 32>& public_key) {
  static const char context[] = "mutua device id";
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(), public_key.data(), public_key.size(),
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1);
  return id;
}

Id device_id_for_key(const std::array<uint8_t, 32>& public_key) {
  Id id = unmarked_device_id_for_key(public_key);
  const auto mark = mark_of(id.bytes.data());
  std::copy(mark.begin(), mark.end(), id.bytes.begin() + kKeyPart);
  return id;
}

bool chains_from_first_write(const Id& device) {
  const auto mark = mark_of(device.bytes.data());
  return std::equal(mark.begin(), mark.end(), device.bytes.begin() + kKeyPart);
}

bool key_bound_to_device(const Id& device, std::string_view key_hex) {
  std::array<uint8_t, 32> key{};
  size_t len = 0;
  if (key_hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), key_hex.data(), key_hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != key.size())
    return false;
  return device_id_for_key(key) == device || unmarked_device_id_for_key(key) == device;
}

}  // namespace mutua
