#pragma once
// A device's id is bound to its signing key: the first 16 bytes of a keyed BLAKE2b hash of the
// public key. So no one can introduce another key for a device id without first finding a key
// that hashes to it (sync/key_pins.hpp). Devices created before this keep their random ids.
//
// A device this Mutua creates (from 2026-12-06) also has an id that carries a mark, which any
// device can check from the id alone, without its key or any record of it: the last 10 bits of
// the id are zero (its hex form ends in "00" after 0, 4, 8 or c). Its key is drawn again until its
// id has it, 1,024 keys on average, about 17 ms here (docs/bundle-format.md, "Device keys are
// pinned"); the id stays the hash of the key, so every Mutua binds the key to it as before. Such a
// device publishes a chain of its writes from its first one (core/write_chain.hpp). So a relay that
// leaves out its claim cannot make it look like an older Mutua, whose versions are taken unchecked
// (sync/relayed_chains.hpp). Devices made before keep their ids: one in 1,024 of them carries the
// mark by chance (then, where no claim of it is held, its relayed versions wait for one).
#include <array>
#include <cstdint>
#include <string_view>

#include "core/id.hpp"

namespace mutua {

Id device_id_for_key(const std::array<uint8_t, 32>& public_key);
// Whether key_hex (64 hex digits) is the key `device`'s id was derived from.
bool key_bound_to_device(const Id& device, std::string_view key_hex);

// Whether `device`'s id carries the mark: it publishes a chain from its first write.
bool chains_from_first_write(const Id& device);

// A new signing key pair whose id (device_id_for_key) carries the mark. Keys are drawn at most
// kMarkTries times (the chance that none fits is about e^-256); past that, the last one drawn,
// whose device is then taken as an older Mutua's.
struct DeviceKeyPair {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 64> secret_key{};
  size_t tries = 0;
};
inline constexpr size_t kMarkTries = size_t{1} << 18;
DeviceKeyPair marked_device_keys();

}  // namespace mutua
