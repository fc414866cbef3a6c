#pragma once
// A mutual-aid network: a name, a random 32-byte key every member device holds, and an id
// derived from the first (genesis) key. Plus this device's Ed25519 signing key pair. After a
// rotation (sync/key_ring.hpp) the network has newer keys; the id never changes.
#include <array>
#include <optional>
#include <string>

#include "core/replica.hpp"
#include "core/result.hpp"

namespace mutua {

struct Network {
  std::string name;
  std::array<uint8_t, 32> key{};  // the current key: what this device encrypts with
  Id id;  // derived from the genesis key, so a typo'd key can never pose as the same network
  uint32_t generation = 0;  // of the current key; 0 until the key is first rotated
  Id key_id;                // of the current key (derive_key_id)
  // UTC day the network was created (days since 1970-01-01), when this device knows it
  // (sync/network_created.hpp). A device that joined with a code older than version 3 learns
  // it from the first bundle of its network that carries it.
  std::optional<int64_t> created_day;
};

Id derive_network_id(const std::array<uint8_t, 32>& key);

// The join code: name and key in base32 groups, with a checksum so a typo is caught. Version 1
// (generation 0): name and genesis key. Version 2 (after a rotation): name, network id,
// generation and the current key; such a device cannot read what was sealed with older keys.
std::string encode_join_code(const Network& n);
Result<Network> decode_join_code(std::string_view code);

// The network this device belongs to, if any. Keys live in the secrets table (never replicated,
// never exported; see docs/security.md).
std::optional<Network> load_network(const Replica& store);
Result<Network> create_network(Replica& store, std::string_view name);
Result<Network> join_network(Replica& store, std::string_view code);

struct SigningKeys {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 64> secret_key{};
};
// This device's signing keys, created on first use; the public key is published in the device's
// replicated record so it travels in bundles.
SigningKeys device_keys(Replica& store);
std::string public_key_hex(const std::array<uint8_t, 32>& pk);
// Its inverse: exactly 64 hex digits, else nothing (a device record's key as it travels).
std::optional<std::array<uint8_t, 32>> public_key_from_hex(std::string_view hex);

}  // namespace mutua
