#include "core/device_identity.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mutua {

Id device_id_for_key(const std::array<uint8_t, 32>& public_key) {
  static const char context[] = "mutua device id";
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(), public_key.data(), public_key.size(),
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1);
  return id;
}

bool key_bound_to_device(const Id& device, std::string_view key_hex) {
  std::array<uint8_t, 32> key{};
  size_t len = 0;
  if (key_hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), key_hex.data(), key_hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != key.size())
    return false;
  return device_id_for_key(key) == device;
}

bool chains_from_first_write(const Id& device) {
  return device.bytes[15] == 0 && (device.bytes[14] & 0x03) == 0;  // the last 10 bits
}

DeviceKeyPair marked_device_keys() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  DeviceKeyPair k;
  do {
    crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
    ++k.tries;
  } while (!chains_from_first_write(device_id_for_key(k.public_key)) && k.tries < kMarkTries);
  return k;
}

}  // namespace mutua
