#pragma once
// A device's id is bound to its signing key: a keyed BLAKE2b hash of the public key. So no one can
// introduce another key for a device id without first finding a key that hashes to it
// (sync/key_pins.hpp). Devices created before this keep their random ids.
//
// A device this Mutua creates (from 2026-12-06) also carries a mark in its id, which any device
// can check from the id alone, without its key or any record of it: the first 12 bytes are the
// hash of its key, and the last 4 a hash of those 12 (docs/bundle-format.md, "Device ids"). Such
// a device publishes a chain of its writes from its first one (core/write_chain.hpp). So a relay
// that leaves out its claim cannot make it look like an older Mutua, whose versions are taken
// unchecked (sync/relayed_chains.hpp). Devices made before keep their ids, mark-less: about one
// in 2^32 of them carries the mark by chance.
#include <array>
#include <cstdint>
#include <string_view>

#include "core/id.hpp"

namespace mutua {

// The id of a device this Mutua creates: marked.
Id device_id_for_key(const std::array<uint8_t, 32>& public_key);
// The id a Mutua from before 2026-12-06 derived (all 16 bytes from the key): no mark.
Id unmarked_device_id_for_key(const std::array<uint8_t, 32>& public_key);
// Whether key_hex (64 hex digits) is the key `device`'s id was derived from, either way.
bool key_bound_to_device(const Id& device, std::string_view key_hex);
// Whether `device`'s id carries the mark: it publishes a chain from its first write.
bool chains_from_first_write(const Id& device);

}  // namespace mutua
