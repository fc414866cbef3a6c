#include "sync/key_ring.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/device_identity.hpp"
#include "core/varint.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {
constexpr std::string_view kStatementContext = "MUTUA-NETWORK-KEY-1";
constexpr uint8_t kPayloadVersion = 1;
constexpr size_t kStoredEntry = 1 + 4 + 16 + 32 + 64;  // trusted, generation, creator, key, sig
constexpr size_t kGrantsPerDeviceAndKey = 4;

std::string bytes_of(const void* p, size_t n) {
  return std::string(static_cast<const char*>(p), n);
}

bool is_genesis(const Id& network, const RingKey& k) {
  return derive_network_id(k.key) == network;
}

// Orders keys the same way on every device: generation, then key id.
bool precedes(const RingKey& a, const RingKey& b) {
  if (a.generation != b.generation) return a.generation < b.generation;
  return a.id() < b.id();
}

std::vector<RingKey> parse_stored(std::string_view blob) {
  std::vector<RingKey> out;
  for (size_t at = 0; at + kStoredEntry <= blob.size() && out.size() < kMaxRingKeys;
       at += kStoredEntry) {
    RingKey k;
    k.trusted = blob[at] != 0;
    uint32_t g = 0;
    for (int i = 0; i < 4; ++i)
      g |= static_cast<uint32_t>(static_cast<uint8_t>(blob[at + 1 + i])) << (8 * i);
    k.generation = g;
    std::memcpy(k.creator.bytes.data(), blob.data() + at + 5, 16);
    std::memcpy(k.key.data(), blob.data() + at + 21, 32);
    std::memcpy(k.signature.data(), blob.data() + at + 53, 64);
    out.push_back(k);
  }
  return out;
}

std::string stored_bytes(const std::vector<RingKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    out.push_back(k.trusted ? 1 : 0);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((k.generation >> (8 * i)) & 0xFF));
    out += bytes_of(k.creator.bytes.data(), 16);
    out += bytes_of(k.key.data(), 32);
    out += bytes_of(k.signature.data(), 64);
  }
  return out;
}

void save_grants(Replica& store, const std::vector<KeyGrant>& grants) {
  std::string out;
  for (const auto& g : grants) {
    out += bytes_of(g.recipient.bytes.data(), 16);
    out += bytes_of(g.key_id.bytes.data(), 16);
    varint::put(out, g.sealed.size());
    out += g.sealed;
  }
  store.secret_set("key_grants", out);
}

// The device keys a grant may be sealed to: not revoked, not excluded, a pinned key.
struct Member {
  Id id;
  std::string key_hex;
  bool revoked = false;
};
std::vector<Member> members(const Replica& store) {
  std::vector<Member> out;
  store.for_each_row(TableId::devices, [&](const Row& row) {
    Member m;
    m.id = row.id;
    m.key_hex = std::get<std::string>(row.fields[device_field::public_key]);
    m.revoked = std::get<int64_t>(row.fields[device_field::revoked]) != 0;
    out.push_back(std::move(m));
    return true;
  });
  return out;
}

bool revoked_here(const Replica& store, const Id& device) {
  auto d = store.device(device);
  return d && d->revoked;
}

// The keys this device can pass on: every vouched key it holds.
std::vector<RingKey> vouched_ring(const Replica& store, const Id& network) {
  std::vector<RingKey> out;
  for (const auto& k : load_ring(store))
    if (key_vouched(store, network, k)) out.push_back(k);
  return out;
}
}  // namespace

Id derive_key_id(const NetworkKey& key) {
  static const char context[] = "mutua network key id";
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(), key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1);
  return id;
}

std::string key_statement(const Id& network, uint32_t generation, const Id& key_id) {
  std::string m(kStatementContext);
  m += bytes_of(network.bytes.data(), 16);
  for (int i = 0; i < 4; ++i) m.push_back(static_cast<char>((generation >> (8 * i)) & 0xFF));
  m += bytes_of(key_id.bytes.data(), 16);
  return m;
}

std::vector<RingKey> load_ring(const Replica& store) {
  std::vector<RingKey> ring;
  auto genesis = store.secret_get("network_key");
  if (genesis && genesis->size() == 32) {
    RingKey k;
    std::memcpy(k.key.data(), genesis->data(), 32);
    k.trusted = true;
    ring.push_back(k);
  }
  if (auto more = store.secret_get("network_ring"))
    for (auto& k : parse_stored(*more))
      if (!find_key(ring, k.id())) ring.push_back(k);
  return ring;
}

void store_ring_keys(Replica& store, const Id& network, const std::vector<RingKey>& keys) {
  auto ring = load_ring(store);
  auto stored = parse_stored(store.secret_get("network_ring").value_or(""));
  bool changed = false;
  for (const auto& k : keys) {
    if (find_key(ring, k.id())) continue;
    if (is_genesis(network, k) && !store.secret_get("network_key")) {
      store.secret_set("network_key", bytes_of(k.key.data(), 32));
    } else {
      if (stored.size() >= kMaxRingKeys) continue;
      stored.push_back(k);
      changed = true;
    }
    ring.push_back(k);
  }
  if (changed) store.secret_set("network_ring", stored_bytes(stored));
}

bool key_signed_by(const Id& network, const RingKey& k, const std::array<uint8_t, 32>& signer) {
  auto m = key_statement(network, k.generation, k.id());
  return crypto_sign_verify_detached(k.signature.data(),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                     signer.data()) == 0;
}

bool key_vouched(const Replica& store, const Id& network, const RingKey& k) {
  if (k.trusted || is_genesis(network, k)) return true;
  auto creator = store.device(k.creator);
  if (!creator) return false;
  auto pk = public_key_from_hex(creator->public_key);
  return pk && key_signed_by(network, k, *pk);
}

std::optional<RingKey> current_key(const Replica& store, const Id& network,
                                   const std::vector<RingKey>& ring) {
  std::optional<RingKey> best;
  for (const auto& k : ring) {
    if (!key_vouched(store, network, k)) continue;
    if (!k.creator.is_zero() && revoked_here(store, k.creator)) continue;
    if (!best || precedes(*best, k)) best = k;
  }
  return best;
}

const RingKey* find_key(const std::vector<RingKey>& ring, const Id& key_id) {
  for (const auto& k : ring)
    if (k.id() == key_id) return &k;
  return nullptr;
}

std::vector<KeyGrant> load_grants(const Replica& store) {
  std::vector<KeyGrant> out;
  auto blob = store.secret_get("key_grants");
  if (!blob) return out;
  std::string_view in = *blob;
  size_t pos = 0;
  while (pos + 32 <= in.size()) {
    KeyGrant g;
    std::memcpy(g.recipient.bytes.data(), in.data() + pos, 16);
    std::memcpy(g.key_id.bytes.data(), in.data() + pos + 16, 16);
    pos += 32;
    auto len = varint::get(in, pos);
    if (!len || *len > in.size() - pos) break;
    g.sealed = std::string(in.substr(pos, *len));
    pos += *len;
    out.push_back(std::move(g));
  }
  return out;
}

void store_grants(Replica& store, const std::vector<KeyGrant>& grants) {
  auto kept = load_grants(store);
  auto ring = load_ring(store);
  bool changed = false;
  for (const auto& g : grants) {
    if (!find_key(ring, g.key_id)) continue;  // a grant for a key not held here cannot be judged
    // Sealed to another device, a grant cannot be checked here: a few per device and key are
    // kept, so a bad one relayed first cannot crowd out the genuine one.
    size_t same = 0;
    bool have = false;
    for (const auto& k : kept)
      if (k.recipient == g.recipient && k.key_id == g.key_id) {
        ++same;
        have = have || k.sealed == g.sealed;
      }
    if (have || same >= kGrantsPerDeviceAndKey) continue;
    kept.push_back(g);
    changed = true;
  }
  if (changed) save_grants(store, kept);
}

std::vector<KeyGrant> header_grants(const Replica& store, const Id& network) {
  std::vector<KeyGrant> out;
  auto ring = load_ring(store);
  auto current = current_key(store, network, ring);
  if (!current || current->generation == 0) return out;
  const uint32_t oldest = current->generation - 1;
  for (auto& g : load_grants(store)) {
    const RingKey* k = find_key(ring, g.key_id);
    if (!k || k->generation < oldest || revoked_here(store, g.recipient)) continue;
    if (out.size() >= kMaxGrantsInHeader) break;
    out.push_back(std::move(g));
  }
  return out;
}

std::string ring_payload(const std::vector<RingKey>& keys) {
  std::string out;
  out.push_back(static_cast<char>(kPayloadVersion));
  varint::put(out, keys.size());
  for (const auto& k : keys) {
    varint::put(out, k.generation);
    out += bytes_of(k.creator.bytes.data(), 16);
    out += bytes_of(k.key.data(), 32);
    out += bytes_of(k.signature.data(), 64);
  }
  return out;
}

std::optional<std::vector<RingKey>> parse_ring_payload(std::string_view in) {
  if (in.empty() || static_cast<uint8_t>(in[0]) != kPayloadVersion) return std::nullopt;
  size_t pos = 1;
  auto n = varint::get(in, pos);
  if (!n || *n == 0 || *n > kMaxRingKeys) return std::nullopt;
  std::vector<RingKey> out;
  for (uint64_t i = 0; i < *n; ++i) {
    RingKey k;
    auto g = varint::get(in, pos);
    if (!g || *g > UINT32_MAX || in.size() - pos < 16 + 32 + 64) return std::nullopt;
    k.generation = static_cast<uint32_t>(*g);
    std::memcpy(k.creator.bytes.data(), in.data() + pos, 16);
    std::memcpy(k.key.data(), in.data() + pos + 16, 32);
    std::memcpy(k.signature.data(), in.data() + pos + 48, 64);
    pos += 16 + 32 + 64;
    out.push_back(k);
  }
  if (pos != in.size()) return std::nullopt;
  return out;
}

Result<KeyGrant> seal_grant(const Id& recipient, const std::string& device_key_hex,
                            const Id& key_id, const std::vector<RingKey>& keys) {
  auto ed = public_key_from_hex(device_key_hex);
  if (!ed) return fail("device " + recipient.hex().substr(0, 8) + " has no usable public key");
  unsigned char x[crypto_box_PUBLICKEYBYTES];
  if (crypto_sign_ed25519_pk_to_curve25519(x, ed->data()) != 0)
    return fail("device " + recipient.hex().substr(0, 8) + " has no usable public key");
  std::string payload = ring_payload(keys);
  KeyGrant g;
  g.recipient = recipient;
  g.key_id = key_id;
  g.sealed.resize(payload.size() + crypto_box_SEALBYTES);
  crypto_box_seal(reinterpret_cast<unsigned char*>(g.sealed.data()),
                  reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), x);
  sodium_memzero(payload.data(), payload.size());
  return g;
}

Result<std::vector<RingKey>> open_grant(const Replica& store, const KeyGrant& grant) {
  const std::string damaged =
      "bundle is damaged (the network key it carries for this device cannot be opened)";
  if (grant.sealed.size() <= crypto_box_SEALBYTES) return fail(damaged);
  auto pk = store.secret_get("sign_pk");
  auto sk = store.secret_get("sign_sk");
  if (!pk || !sk || pk->size() != 32 || sk->size() != 64) return fail(damaged);
  unsigned char xpk[crypto_box_PUBLICKEYBYTES], xsk[crypto_box_SECRETKEYBYTES];
  if (crypto_sign_ed25519_pk_to_curve25519(xpk,
                                           reinterpret_cast<const unsigned char*>(pk->data())) != 0)
    return fail(damaged);
  crypto_sign_ed25519_sk_to_curve25519(xsk, reinterpret_cast<const unsigned char*>(sk->data()));
  sodium_memzero(sk->data(), sk->size());
  std::string payload(grant.sealed.size() - crypto_box_SEALBYTES, '\0');
  int rc = crypto_box_seal_open(reinterpret_cast<unsigned char*>(payload.data()),
                                reinterpret_cast<const unsigned char*>(grant.sealed.data()),
                                grant.sealed.size(), xpk, xsk);
  sodium_memzero(xsk, sizeof xsk);
  if (rc != 0) return fail(damaged);
  auto ring = parse_ring_payload(payload);
  sodium_memzero(payload.data(), payload.size());
  if (!ring || !find_key(*ring, grant.key_id)) return fail(damaged);
  for (auto& k : *ring) k.trusted = false;  // a grant vouches for nothing: signatures do
  return *ring;
}

Result<Ok> rotate_network_key(Replica& store, const std::vector<Id>& exclude) {
  auto network = load_network(store);
  if (!network) return fail("this device is not in a network yet");
  const Id self = store.device_id();
  if (revoked_here(store, self))
    return fail("this device is revoked; it cannot change the network key");
  auto signing = device_keys(store);
  auto ring = vouched_ring(store, network->id);
  if (ring.size() >= kMaxRingKeys)
    return fail("the network key has been changed too often to change again");
  uint32_t top = 0;
  for (const auto& k : load_ring(store)) top = std::max(top, k.generation);
  if (top == UINT32_MAX) return fail("the network key has been changed too often to change again");

  RingKey fresh;
  fresh.generation = top + 1;
  fresh.creator = self;
  random_bytes(fresh.key.data(), fresh.key.size());
  auto statement = key_statement(network->id, fresh.generation, fresh.id());
  crypto_sign_detached(fresh.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(statement.data()), statement.size(),
                       signing.secret_key.data());
  sodium_memzero(signing.secret_key.data(), signing.secret_key.size());
  ring.push_back(fresh);

  std::vector<KeyGrant> grants;
  for (const auto& m : members(store)) {
    if (m.id == self || m.revoked || m.key_hex.empty()) continue;
    if (std::find(exclude.begin(), exclude.end(), m.id) != exclude.end()) continue;
    auto g = seal_grant(m.id, m.key_hex, fresh.id(), ring);
    if (g) grants.push_back(std::move(*g));  // a key that is not a valid point: nothing to seal to
  }
  auto tx = store.transaction();
  store_ring_keys(store, network->id, {fresh});
  store_grants(store, grants);
  tx.commit();
  sodium_memzero(fresh.key.data(), fresh.key.size());
  return Ok{};
}

Result<Ok> grant_current_keys(Replica& store, const Id& device) {
  auto network = load_network(store);
  if (!network) return fail("this device is not in a network yet");
  if (network->generation == 0) return Ok{};
  auto d = store.device(device);
  if (!d || d->public_key.empty())
    return fail("device " + device.hex().substr(0, 8) + " has not introduced its key here yet");
  auto g = seal_grant(device, d->public_key, network->key_id, vouched_ring(store, network->id));
  if (!g) return g.error_value();
  auto tx = store.transaction();
  store_grants(store, {*g});
  tx.commit();
  return Ok{};
}

Result<Ok> rekey_after_revocation(Replica& store, const Device& changed) {
  if (!load_network(store)) return Ok{};
  if (changed.revoked) return rotate_network_key(store, {changed.id});
  // A device that never introduced its key here cannot be sealed to; it rejoins with a code.
  if (changed.public_key.empty()) return Ok{};
  return grant_current_keys(store, changed.id);
}

Result<bool> rotate_if_key_reached_revoked(Replica& store) {
  auto network = load_network(store);
  if (!network || network->generation == 0) return false;
  if (revoked_here(store, store.device_id())) return false;
  bool reached = false;
  for (const auto& g : load_grants(store))
    if (g.key_id == network->key_id && revoked_here(store, g.recipient)) reached = true;
  if (!reached) return false;
  auto r = rotate_network_key(store, {});
  if (!r) return r.error_value();
  return true;
}

}  // namespace mutua
