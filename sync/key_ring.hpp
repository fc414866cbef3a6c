#pragma once
// The network's key ring (issue 10: revocation rotates the network key).
//
// A network starts with one key, the genesis key; its id is derived from that key and never
// changes. A rotation makes a fresh key one generation up and seals the whole ring to every
// remaining device's own key (crypto_box_seal to the X25519 form of its Ed25519 key). Those
// grants travel in the bundle header (format 2), outside the body encryption, so a device still
// on an old key can open its grant and then the body. A device keeps every key it learns and
// encrypts with the current one: the greatest (generation, key id) among the keys it can vouch
// for whose maker is not revoked. Layout and rules: docs/bundle-format.md ("Format 2") and
// docs/security.md ("Key rotation").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/replica.hpp"
#include "core/result.hpp"

namespace mutua {

using NetworkKey = std::array<uint8_t, 32>;

// BLAKE2b-128 of the key, hashed with the key "mutua network key id": never equal to the network
// id (hashed the other way round, with another context), and says nothing about the key.
Id derive_key_id(const NetworkKey& key);

struct RingKey {
  uint32_t generation = 0;  // 0: the genesis key
  Id creator;               // the device that made it (zero for the genesis key)
  NetworkKey key{};
  // The creator's Ed25519 signature over key_statement(network, generation, key id).
  std::array<uint8_t, 64> signature{};
  bool trusted = false;  // came in a join code: vouched for by whoever handed the code over
  Id id() const { return derive_key_id(key); }
};

// "MUTUA-NETWORK-KEY-1" || network id (16) || generation (u32 LE) || key id (16).
std::string key_statement(const Id& network, uint32_t generation, const Id& key_id);

// A key ring sealed to one device. `key_id` is the key it was made for (the ring holds that key
// and every key its maker held); `sealed` is crypto_box_seal of the ring payload.
struct KeyGrant {
  Id recipient;
  Id key_id;
  std::string sealed;
  bool operator==(const KeyGrant&) const = default;
};
inline constexpr size_t kMaxGrantsInHeader = 4096;
inline constexpr size_t kMaxSealedGrantBytes = 64u << 10;
inline constexpr size_t kMaxRingKeys = 512;

// Every key this device holds: the genesis key (secret "network_key") when it has it, then the
// keys of the secret "network_ring".
std::vector<RingKey> load_ring(const Replica& store);
// Adds keys not yet held (the genesis key goes to "network_key"). Call inside a transaction.
void store_ring_keys(Replica& store, const Id& network, const std::vector<RingKey>& keys);
// Whether this device can vouch for a key: it is the genesis key (it derives the network id), it
// came in a join code, or its creator's pinned key here signed it.
bool key_vouched(const Replica& store, const Id& network, const RingKey& k);
// The key to encrypt with: the greatest (generation, key id) among vouched keys whose creator is
// not revoked here. Nothing when the ring is empty.
// Whether `signer` (an Ed25519 public key) signed k's statement.
bool key_signed_by(const Id& network, const RingKey& k, const std::array<uint8_t, 32>& signer);
std::optional<RingKey> current_key(const Replica& store, const Id& network,
                                   const std::vector<RingKey>& ring);
const RingKey* find_key(const std::vector<RingKey>& ring, const Id& key_id);

// The grants this device keeps to pass on (secret "key_grants"; sealed, so not secret, but
// never replicated as records).
std::vector<KeyGrant> load_grants(const Replica& store);
// Adds grants for keys in the ring that are not yet kept. Call inside a transaction.
void store_grants(Replica& store, const std::vector<KeyGrant>& grants);
// The grants a bundle header carries: those for keys of the current generation and the one
// before (the newest grant to a device seals every key its maker held, so older ones add
// nothing), at most kMaxGrantsInHeader.
std::vector<KeyGrant> header_grants(const Replica& store, const Id& network);

// The sealed payload: u8 version 1, varint n, then n times (varint generation, creator 16,
// key 32, signature 64).
std::string ring_payload(const std::vector<RingKey>& keys);
std::optional<std::vector<RingKey>> parse_ring_payload(std::string_view bytes);
// Seals `keys` to a device whose Ed25519 public key is `device_key_hex` (64 hex digits).
Result<KeyGrant> seal_grant(const Id& recipient, const std::string& device_key_hex,
                            const Id& key_id, const std::vector<RingKey>& keys);
// Opens a grant addressed to this device with its own signing key (converted to X25519).
Result<std::vector<RingKey>> open_grant(const Replica& store, const KeyGrant& grant);

// Makes a new key one generation above every key held, seals the ring to each device that is not
// revoked, not in `exclude`, and has a pinned key, and makes it this device's current key. The
// lead calls this when a device is revoked. A revoked device cannot rotate.
Result<Ok> rotate_network_key(Replica& store, const std::vector<Id>& exclude);
// Seals the ring to one device (a reinstated one, say), so its next import gives it the current
// key. Nothing to do while the network still uses its genesis key.
Result<Ok> grant_current_keys(Replica& store, const Id& device);
// What a revocation or reinstatement made on this device does to the key (the hook that
// core/revocation.hpp's revoke_device and reinstate_device take): a revoked device makes this
// device rotate the key, leaving it out; a reinstated one is sealed the current ring. Nothing to
// do outside a network.
Result<Ok> rekey_after_revocation(Replica& store, const Device& changed);
// After an import: when the current key was granted to a device now known to be revoked, rotate
// again (once; true when it did). This terminates: a rotation grants only to devices not revoked
// here, so it holds again only after this device learns of another revocation, and a network has
// finitely many devices to revoke.
Result<bool> rotate_if_key_reached_revoked(Replica& store);

}  // namespace mutua
