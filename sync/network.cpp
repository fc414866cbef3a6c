#include "sync/network.hpp"

#include <sodium.h>

#include "core/utf8.hpp"
#include "core/validate.hpp"
#include "core/varint.hpp"
#include "sync/key_pins.hpp"
#include "sync/key_ring.hpp"
#include "sync/network_created.hpp"

namespace mutua {

namespace {
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr uint8_t kJoinVersion = 1;         // name and genesis key
constexpr uint8_t kJoinVersionRotated = 2;  // name, network id, generation, current key
// name, varint generation, network id (only when the generation is above 0), current key,
// varint creation day (days since 1970-01-01, at least 1)
constexpr uint8_t kJoinVersionDated = 3;
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
    if (existing->id == n.id) {
      if (n.created_day && !existing->created_day) {
        auto tx = store.transaction();
        remember_network_created(store, *n.created_day);
        tx.commit();
      }
      // A newer code of the same network brings its current key (a device that missed a
      // rotation catches up by entering it).
      if (n.generation != 0 && !find_key(load_ring(store), n.key_id)) {
        RingKey k;
        k.generation = n.generation;
        k.key = n.key;
        k.trusted = true;
        auto tx = store.transaction();
        store_ring_keys(store, n.id, {k});
        tx.commit();
        return *load_network(store);
      }
      return *existing;
    }
    return fail("this device is already in network '" + existing->name +
                "'; a device belongs to one network");
  }
  auto tx = store.transaction();
  store.local_set("network_name", n.name);
  store.local_set("network_id", n.id.hex());
  if (n.created_day) remember_network_created(store, *n.created_day);
  if (n.generation == 0) {
    store.secret_set("network_key", key_bytes(n.key));
  } else {
    RingKey k;
    k.generation = n.generation;
    k.key = n.key;
    k.trusted = true;  // vouched for by whoever handed over the code
    store_ring_keys(store, n.id, {k});
  }
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

std::optional<std::array<uint8_t, 32>> public_key_from_hex(std::string_view hex) {
  std::array<uint8_t, 32> k{};
  size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(k.data(), k.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 32)
    return std::nullopt;
  return k;
}

Id derive_network_id(const std::array<uint8_t, 32>& key) {
  Id id;
  static const char context[] = "mutua network id";
  crypto_generichash(id.bytes.data(), id.bytes.size(),
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1,
                     key.data(), key.size());
  return id;
}

std::string encode_join_code(const Network& n) {
  std::string payload;
  const bool dated = n.created_day && *n.created_day > 0 && *n.created_day <= kMaxNetworkDay;
  if (dated) {
    payload.push_back(static_cast<char>(kJoinVersionDated));
    payload.push_back(static_cast<char>(n.name.size()));
    payload += n.name;
    varint::put(payload, n.generation);
    if (n.generation != 0) payload.append(reinterpret_cast<const char*>(n.id.bytes.data()), 16);
    payload += key_bytes(n.key);
    varint::put(payload, static_cast<uint64_t>(*n.created_day));
  } else {
    payload.push_back(static_cast<char>(n.generation == 0 ? kJoinVersion : kJoinVersionRotated));
    payload.push_back(static_cast<char>(n.name.size()));
    payload += n.name;
    if (n.generation != 0) {
      payload.append(reinterpret_cast<const char*>(n.id.bytes.data()), 16);
      varint::put(payload, n.generation);
    }
    payload += key_bytes(n.key);
  }
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
  const std::string typo =
      "this join code has a typo (its checksum does not match); check it and try again";
  if (!bytes || bytes->size() < 2 + 32 + 4) return fail(bad);
  // The checksum comes first, so a mistyped version byte reads as the typo it is.
  std::string payload = bytes->substr(0, bytes->size() - 4);
  if (checksum(payload) != bytes->substr(bytes->size() - 4, 4)) return fail(typo);
  const auto version = static_cast<uint8_t>(payload[0]);
  if (version != kJoinVersion && version != kJoinVersionRotated && version != kJoinVersionDated)
    return fail("this join code was made by a newer Mutua; update this device");
  size_t name_len = static_cast<uint8_t>(payload[1]);
  if (payload.size() < 2 + name_len + 32) return fail(typo);
  Network n;
  n.name = payload.substr(2, name_len);
  if (!utf8::valid(n.name)) return fail(bad);
  size_t pos = 2 + name_len;
  if (version == kJoinVersionDated) {
    auto g = varint::get(payload, pos);
    if (!g || *g > UINT32_MAX) return fail(bad);
    n.generation = static_cast<uint32_t>(*g);
    if (n.generation != 0) {
      if (payload.size() < pos + 16) return fail(typo);
      std::copy(payload.begin() + static_cast<long>(pos),
                payload.begin() + static_cast<long>(pos + 16), n.id.bytes.begin());
      pos += 16;
    }
    if (payload.size() < pos + 32) return fail(typo);
    std::copy(payload.begin() + static_cast<long>(pos),
              payload.begin() + static_cast<long>(pos + 32), n.key.begin());
    pos += 32;
    auto day = varint::get(payload, pos);
    if (!day || *day == 0 || *day > static_cast<uint64_t>(kMaxNetworkDay) || pos != payload.size())
      return fail(bad);
    n.created_day = static_cast<int64_t>(*day);
    if (n.generation == 0) n.id = derive_network_id(n.key);
    n.key_id = derive_key_id(n.key);
    return n;
  }
  if (version == kJoinVersionRotated) {
    if (payload.size() < pos + 16 + 1 + 32) return fail(typo);
    std::copy(payload.begin() + static_cast<long>(pos),
              payload.begin() + static_cast<long>(pos + 16), n.id.bytes.begin());
    pos += 16;
    auto g = varint::get(payload, pos);
    if (!g || *g == 0 || *g > UINT32_MAX) return fail(bad);
    n.generation = static_cast<uint32_t>(*g);
  }
  if (payload.size() != pos + 32) return fail(typo);
  std::copy(payload.begin() + static_cast<long>(pos), payload.end(), n.key.begin());
  if (version == kJoinVersion) n.id = derive_network_id(n.key);
  n.key_id = derive_key_id(n.key);
  return n;
}

std::optional<Network> load_network(const Replica& store) {
  auto name = store.local_get("network_name");
  if (!name) return std::nullopt;
  auto ring = load_ring(store);
  if (ring.empty()) return std::nullopt;
  Network n;
  n.name = *name;
  // Devices that joined before key rotation existed hold the genesis key and no stored id.
  auto stored_id = store.local_get("network_id");
  auto id = stored_id ? Id::from_hex(*stored_id) : std::nullopt;
  if (id)
    n.id = *id;
  else if (ring.front().generation == 0)
    n.id = derive_network_id(ring.front().key);
  else
    return std::nullopt;
  auto current = current_key(store, n.id, ring);
  if (!current) return std::nullopt;
  n.key = current->key;
  n.generation = current->generation;
  n.key_id = current->id();
  n.created_day = network_created_day(store);
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
  n.key_id = derive_key_id(n.key);
  n.created_day = today_utc(store);
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
    if (store.write(TableId::devices, self->id, nullptr, {{device_field::public_key, pub}}))
      tx.commit();
  }
  publish_key_claim(store, keys);  // the device's own signature over its key (key_pins.hpp)
  return keys;
}

}  // namespace mutua
