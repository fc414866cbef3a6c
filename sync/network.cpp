#include "sync/network.hpp"

#include <sodium.h>

#include "core/utf8.hpp"
#include "core/validate.hpp"
#include "sync/key_pins.hpp"

namespace mutua {

namespace {
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr uint8_t kJoinVersion = 1;
constexpr size_t kMaxNameBytes = 64;

std::string base32(const std::string& bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> unbase32(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '-' || c == ' ' || c == '\n' || c == '\t') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // Forgive the usual misreadings of a hand-copied code.
    if (u == '0') u = 'O';
    if (u == '1') u = 'I';
    if (u == '8') u = 'B';
    auto pos = kBase32.find(u);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
      bits -= 8;
    }
  }
  // The last character's unused bits are always zero; anything else is a typo.
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string checksum(const std::string& payload) {
  unsigned char h[crypto_generichash_BYTES_MIN];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(h), 4);
}

std::string key_bytes(const std::array<uint8_t, 32>& k) {
  return std::string(reinterpret_cast<const char*>(k.data()), k.size());
}

Result<Network> adopt(Replica& store, const Network& n) {
  if (auto existing = load_network(store)) {
    if (existing->id == n.id) return *existing;
    return fail("this device is already in network '" + existing->name +
                "'; a device belongs to one network");
  }
  auto tx = store.transaction();
  store.local_set("network_name", n.name);
  store.secret_set("network_key", key_bytes(n.key));
  tx.commit();
  device_keys(store);
  return n;
}
}  // namespace

std::string public_key_hex(const std::array<uint8_t, 32>& pk) {
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, pk.data(), pk.size());
  return hex;
}

Id derive_network_id(const std::array<uint8_t, 32>& key) {
  Id id;
  static const char context[] = "mutua network id";
  crypto_generichash(id.bytes.data(), id.bytes.size(), reinterpret_cast<const unsigned char*>(context),
                     sizeof context - 1, key.data(), key.size());
  return id;
}

std::string encode_join_code(const Network& n) {
  std::string payload;
  payload.push_back(static_cast<char>(kJoinVersion));
  payload.push_back(static_cast<char>(n.name.size()));
  payload += n.name;
  payload += key_bytes(n.key);
  payload += checksum(payload);
  std::string plain = base32(payload), grouped;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i && i % 5 == 0) grouped.push_back('-');
    grouped.push_back(plain[i]);
  }
  return grouped;
}

Result<Network> decode_join_code(std::string_view code) {
  auto bytes = unbase32(code);
  const std::string bad = "this join code is not valid; check it letter by letter and try again";
  const std::string typo = "this join code has a typo (its checksum does not match); check it and try again";
  if (!bytes || bytes->size() < 2 + 32 + 4) return fail(bad);
  size_t name_len = static_cast<uint8_t>((*bytes)[1]);
  size_t expected = 2 + name_len + 32 + 4;
  if (bytes->size() != expected) return fail(typo);
  std::string payload = bytes->substr(0, expected - 4);
  // The checksum comes first, so a mistyped version byte reads as the typo it is.
  if (checksum(payload) != bytes->substr(expected - 4, 4)) return fail(typo);
  if (static_cast<uint8_t>((*bytes)[0]) != kJoinVersion)
    return fail("this join code was made by a newer Mutua; update this device");
  Network n;
  n.name = payload.substr(2, name_len);
  if (!utf8::valid(n.name)) return fail(bad);
  std::copy(payload.begin() + 2 + static_cast<long>(name_len), payload.end(), n.key.begin());
  n.id = derive_network_id(n.key);
  return n;
}

std::optional<Network> load_network(const Replica& store) {
  auto name = store.local_get("network_name");
  auto key = store.secret_get("network_key");
  if (!name || !key || key->size() != 32) return std::nullopt;
  Network n;
  n.name = *name;
  std::copy(key->begin(), key->end(), n.key.begin());
  n.id = derive_network_id(n.key);
  return n;
}

Result<Network> create_network(Replica& store, std::string_view name) {
  if (name.empty()) return fail("give the network a name, e.g. \"Riverside Relief\"");
  if (name.size() > kMaxNameBytes) return fail("the network name is too long (at most 64 bytes)");
  if (auto why = validate_text("network name", name, kMaxNameBytes)) return fail(*why);
  Network n;
  n.name = std::string(name);
  random_bytes(n.key.data(), n.key.size());
  n.id = derive_network_id(n.key);
  return adopt(store, n);
}

Result<Network> join_network(Replica& store, std::string_view code) {
  auto n = decode_join_code(code);
  if (!n) return n;
  return adopt(store, *n);
}

SigningKeys device_keys(Replica& store) {
  SigningKeys keys;
  auto pk = store.secret_get("sign_pk");
  auto sk = store.secret_get("sign_sk");
  if (pk && sk && pk->size() == 32 && sk->size() == 64) {
    std::copy(pk->begin(), pk->end(), keys.public_key.begin());
    std::copy(sk->begin(), sk->end(), keys.secret_key.begin());
  } else {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    crypto_sign_keypair(keys.public_key.data(), keys.secret_key.data());
    auto tx = store.transaction();
    store.secret_set("sign_pk", std::string(reinterpret_cast<char*>(keys.public_key.data()), 32));
    store.secret_set("sign_sk", std::string(reinterpret_cast<char*>(keys.secret_key.data()), 64));
    tx.commit();
  }
  // Publish the public key (hex) in this device's record (a no-op when already there).
  std::string pub = public_key_hex(keys.public_key);
  auto self = store.device(store.device_id());
  if (self && self->public_key != pub) {
    auto tx = store.transaction();
    if (store.write(TableId::devices, self->id, nullptr, {{device_field::public_key, pub}})) tx.commit();
  }
  publish_key_claim(store, keys);  // the device's own signature over its key (key_pins.hpp)
  return keys;
}

}  // namespace mutua
