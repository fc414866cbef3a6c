// The announce datagram: sealing and opening (docs/lan-protocol.md, "Announce").
#include "sync/lan_announce.hpp"

#include <sodium.h>

#include <cstring>

namespace mutua {
namespace {

static_assert(kAnnounceNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAnnounceTagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kAnnounceSize == 75);

void put_le(uint8_t* p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t get_le(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

AnnounceKey derive_announce_key(const NetworkKey& network_key) {
  AnnounceKey k{};
  crypto_kdf_derive_from_key(k.data(), k.size(), 1, "mutuaann", network_key.data());
  return k;
}

std::string seal_announce(const Announce& a, const AnnounceKey& key) {
  std::array<uint8_t, kAnnouncePlainSize> plain{};
  std::memcpy(plain.data(), a.device.bytes.data(), 16);
  put_le(plain.data() + 16, a.http_port, 2);
  put_le(plain.data() + 18, a.generation, 4);
  put_le(plain.data() + 22, static_cast<uint64_t>(a.timestamp_ms), 8);

  std::string out(kAnnounceSize, '\0');
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  std::memcpy(p, kAnnounceMagic, 4);
  p[4] = kAnnounceVersion;
  randombytes_buf(p + kAnnounceHeaderSize, kAnnounceNonceSize);
  unsigned long long clen = 0;
  // The header (magic and version) is the associated data: authenticated, not encrypted.
  crypto_aead_xchacha20poly1305_ietf_encrypt(p + kAnnounceHeaderSize + kAnnounceNonceSize, &clen,
                                             plain.data(), plain.size(), p, kAnnounceHeaderSize,
                                             nullptr, p + kAnnounceHeaderSize, key.data());
  sodium_memzero(plain.data(), plain.size());
  return out;
}

OpenedAnnounce open_announce(std::string_view datagram, const std::vector<AnnounceKey>& keys) {
  OpenedAnnounce r;
  // Version 1 is exactly kAnnounceSize bytes; a later version may be longer, and is refused here
  // by its version byte before its length matters.
  if (datagram.size() < kAnnounceHeaderSize ||
      std::memcmp(datagram.data(), kAnnounceMagic, 4) != 0 ||
      static_cast<uint8_t>(datagram[4]) != kAnnounceVersion || datagram.size() != kAnnounceSize) {
    r.refusal = AnnounceRefusal::malformed;
    return r;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(datagram.data());
  std::array<uint8_t, kAnnouncePlainSize> plain{};
  for (const auto& key : keys) {
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.data(), &plen, nullptr, p + kAnnounceHeaderSize + kAnnounceNonceSize,
            kAnnouncePlainSize + kAnnounceTagSize, p, kAnnounceHeaderSize, p + kAnnounceHeaderSize,
            key.data()) != 0 ||
        plen != kAnnouncePlainSize)
      continue;
    std::memcpy(r.announce.device.bytes.data(), plain.data(), 16);
    r.announce.http_port = static_cast<uint16_t>(get_le(plain.data() + 16, 2));
    r.announce.generation = static_cast<uint32_t>(get_le(plain.data() + 18, 4));
    r.announce.timestamp_ms = static_cast<int64_t>(get_le(plain.data() + 22, 8));
    sodium_memzero(plain.data(), plain.size());
    if (r.announce.http_port == 0 || r.announce.device.is_zero())
      r.refusal = AnnounceRefusal::malformed;
    return r;
  }
  r.refusal = AnnounceRefusal::foreign;
  return r;
}

}  // namespace mutua
