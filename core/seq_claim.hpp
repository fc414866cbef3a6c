#pragma once
// Signed sequence claims (docs/security.md, "Earned vectors"). A version's stamp is the writer's
// word: an insider can stamp a version with another device's id and a huge sequence number. So
// that no such stamp can make a device's real later changes look "already known", each device
// signs, at the commit of every local write transaction that issued stamps, the highest sequence
// number it has issued: "MUTUA-SEQ-1" || network id (16) || its device id (16) || seq (8 bytes,
// little-endian) || hlc (8 bytes, little-endian), Ed25519 with its device key (the key every
// device pins, sync/key_pins.hpp). (seq, hlc) are the claim's own version: the claim is the
// transaction's last write and claims its own sequence number, and binding the hlc means an old
// claim cannot be sent again under a newer (or far-future) version to pin the field.
//
// The claim travels as field 8 of the device's own `devices` record ("seq_claim", the 64-byte
// signature as 128 hex digits), kept as an extra field like a volunteer's language
// (core/volunteer_language.hpp): no column, no migration, carried through unread by older
// Mutuas (docs/bundle-format.md, "Fields kept as extras"). Receivers check it
// (sync/seq_claims.hpp) and never raise their vector for a device past what it signed, unless
// the bundle is that device's own.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/hlc.hpp"
#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

class Replica;

inline constexpr uint16_t kDeviceSeqClaimColumn = 8;
// The SEQ-2 claim (core/write_chain.hpp): the same version as field 8, beside it, carrying the
// chain of the device's writes; older Mutuas carry it unread (sync/relayed_chains.hpp checks it).
inline constexpr uint16_t kDeviceSeq2ClaimColumn = 9;

std::string seq_claim_message(const Id& network, const Id& device, uint64_t seq, HlcValue hlc);
// Whether sig_hex is `device`'s signature, with `key`, over the claim of its version `stamp`.
bool seq_claim_valid(const Id& network, const Id& device, const std::array<uint8_t, 32>& key,
                     const Stamp& stamp, std::string_view sig_hex);
// The local key naming the network whose id claims are signed for (set by the sync layer once
// the device is in a network and has its signing key: sync/key_pins.cpp). No claim without it.
inline constexpr std::string_view kSeqClaimNetworkKey = "seq_claim_network";
// Writes this device's claim of its current sequence number, as a new version of field 8 of its
// own devices record (itself numbered, and claimed). Called by ReplicaTransaction::commit for an
// outermost transaction that issued stamps; a no-op outside a network.
void write_seq_claim(Replica& r);

}  // namespace mutua
