#pragma once
// Bundle surgery for tests: reseal a body that no honest encoder would write (damaged, or from a
// newer Mutua) under a genuine bundle's header, with valid encryption and signature.
#include <doctest/doctest.h>
#include <sodium.h>
#include <zstd.h>

#include <cstring>
#include <string>
#include <string_view>

#include "core/store.hpp"
#include "core/varint.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua::test {

inline constexpr size_t kPrefix = 14;  // magic (8), format (2), header length (4)
inline constexpr size_t kSig = crypto_sign_BYTES;

inline uint64_t le(std::string_view s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(s[pos + i])} << (8 * i);
  return v;
}
inline void put_le(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline size_t header_len(std::string_view b) {
  return static_cast<size_t>(le(b, 10, 4));
}
inline size_t body_len_at(std::string_view b) {
  return kPrefix + header_len(b);
}

// Offset of the sender's public key inside a bundle (after the name, network id and sender id).
inline size_t sender_key_at(std::string_view b) {
  size_t pos = kPrefix;
  auto name_len = varint::get(b, pos);
  REQUIRE(name_len);
  return pos + static_cast<size_t>(*name_len) + 16 + 16;
}

inline void resign(std::string& bundle, const SigningKeys& keys) {
  size_t sig_at = bundle.size() - kSig;
  unsigned char sig[kSig];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(bundle.data()), sig_at,
                       keys.secret_key.data());
  std::memcpy(bundle.data() + sig_at, sig, kSig);
}

// Seals `compressed` (a zstd frame) into a bundle exactly as sync/bundle.cpp does, reusing the
// header of a genuine bundle from `sender` but declaring `plain_size`. This lets a test hand a
// recipient a body that no honest encoder would write, with valid encryption and signature.
inline std::string seal(Store& sender, const std::string& genuine, const std::string& compressed,
                        uint64_t plain_size) {
  auto h = read_bundle_header(genuine);
  REQUIRE(h);
  size_t hlen = header_len(genuine);
  std::string header = genuine.substr(kPrefix, hlen);
  std::string old_size;
  varint::put(old_size, h->plain_size);
  std::string nonce = header.substr(hlen - 24);
  std::string out = genuine.substr(0, 10);
  std::string new_header = header.substr(0, hlen - 24 - old_size.size());
  varint::put(new_header, plain_size);
  new_header += nonce;
  put_le(out, new_header.size(), 4);
  out += new_header;
  uint64_t body_len = compressed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_le(out, body_len, 8);
  size_t body_at = out.size();
  out.resize(body_at + body_len);
  auto network = load_network(sender.replica());
  REQUIRE(network);
  unsigned char key[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "mutuabnd", network->key.data());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(),
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr,
      reinterpret_cast<const unsigned char*>(nonce.data()), key);
  out.resize(out.size() + kSig);
  resign(out, device_keys(sender.replica()));
  return out;
}

inline std::string zstd(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

}  // namespace mutua::test
