#pragma once
// A device's id is bound to its signing key: the first 16 bytes of a keyed BLAKE2b hash of the
// public key. So no one can introduce another key for a device id without first finding a key
// that hashes to it (sync/key_pins.hpp). Devices created before this keep their random ids.
#include <array>
#include <cstdint>
#include <string_view>

#include "core/id.hpp"

namespace mutua {

Id device_id_for_key(const std::array<uint8_t, 32>& public_key);
// Whether key_hex (64 hex digits) is the key `device`'s id was derived from.
bool key_bound_to_device(const Id& device, std::string_view key_hex);

}  // namespace mutua
