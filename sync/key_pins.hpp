#pragma once
// Device keys are pinned. A device's public key is introduced only by that device, in a record
// it signs itself (key_signature: an Ed25519 signature over the network id, its device id and the
// key). Once a device knows a key it never changes (keys known before signatures existed stay
// pinned: trust on first use). A bundle carrying a record that would change a known key, remove
// a signature, or bring a signature that does not verify is refused, naming its sender.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/replica.hpp"
#include "sync/network.hpp"

namespace mutua {

struct BundleHeader;

// "MUTUA-DEVICE-KEY-1" || network id (16) || device id (16) || public key (32 bytes).
std::string key_claim_message(const Id& network, const Id& device,
                              const std::array<uint8_t, 32>& key);
// The hex signature a device publishes beside its key.
std::string sign_key_claim(const Id& network, const Id& device, const SigningKeys& keys);
// Whether sig_hex is `device`'s own signature over key_hex in this network.
bool key_claim_valid(const Id& network, const Id& device, std::string_view key_hex,
                     std::string_view sig_hex);
// Writes this device's key signature when it is missing or does not verify (once in a network).
void publish_key_claim(Replica& store, const SigningKeys& keys);

// Checks one incoming row against the keys this device has pinned. Returns the reason to refuse
// the whole bundle, or nothing. A key not known here that arrives without its device's signature
// (a device still on an older Mutua) is taken out of the row (its version is cleared, so it is
// merged as not carried): it is learned once that device signs it.
std::optional<std::string> check_device_key(const Replica& store, const Id& network,
                                            const BundleHeader& h, Row& row);

}  // namespace mutua
