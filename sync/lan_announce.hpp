#pragma once
// The UDP announce (issue 12): one small datagram a device sends every few seconds so that the
// others on its network find its HTTP port without anyone typing an address. To a listener
// without the network key it is random bytes after a 5-byte header: no network name or id, no
// device name or id. Layout, byte by byte: docs/lan-protocol.md, "Announce". A forever contract:
// a new layout takes a new version byte, and receivers ignore versions they do not know.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "sync/key_ring.hpp"

namespace mutua {

inline constexpr char kAnnounceMagic[4] = {'M', 'T', 'U', 'A'};
inline constexpr uint8_t kAnnounceVersion = 1;
inline constexpr size_t kAnnounceHeaderSize = 5;  // magic, version
inline constexpr size_t kAnnounceNonceSize = 24;  // XChaCha20-Poly1305
inline constexpr size_t kAnnouncePlainSize = 30;  // device 16, port 2, generation 4, time 8
inline constexpr size_t kAnnounceTagSize = 16;    // Poly1305
inline constexpr size_t kAnnounceSize =           // 75 bytes in version 1
    kAnnounceHeaderSize + kAnnounceNonceSize + kAnnouncePlainSize + kAnnounceTagSize;
inline constexpr size_t kMaxAnnounceDatagram = 512;  // longer datagrams are ignored unread

// What an announce says, once opened.
struct Announce {
  Id device;                 // the sender's device id
  uint16_t http_port = 0;    // where its LAN transport listens (1..65535)
  uint32_t generation = 0;   // the generation of the network key it sealed this with
  int64_t timestamp_ms = 0;  // its wall clock when it sent this, ms since epoch
};

// The announce key of one network key: crypto_kdf_derive_from_key(32, subkey 1, context
// "mutuaann", network key). Never equal to the bundle key (context "mutuabnd").
using AnnounceKey = std::array<uint8_t, 32>;
AnnounceKey derive_announce_key(const NetworkKey& network_key);

// The datagram for `a`, sealed under `key` with a fresh random nonce (kAnnounceSize bytes).
std::string seal_announce(const Announce& a, const AnnounceKey& key);

// Why a datagram was not taken as an announce (counted by the listener, for tests).
enum class AnnounceRefusal : uint8_t {
  none = 0,
  malformed,  // too short, too long, wrong magic, unknown version, a port of 0
  foreign,    // no key this device holds opens it: another network, garbage, or tampered bytes
};

// Opens a datagram with the first key in `keys` that authenticates it (try the current key
// first). Checks only the bytes: freshness, replays and the sender are the listener's to judge.
struct OpenedAnnounce {
  AnnounceRefusal refusal = AnnounceRefusal::none;
  Announce announce;  // when refusal is none
};
OpenedAnnounce open_announce(std::string_view datagram, const std::vector<AnnounceKey>& keys);

}  // namespace mutua
