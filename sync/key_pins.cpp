#include "sync/key_pins.hpp"

#include <sodium.h>

#include "core/device_identity.hpp"
#include "core/seq_claim.hpp"
#include "sync/bundle.hpp"

namespace mutua {

namespace {
constexpr std::string_view kContext = "MUTUA-DEVICE-KEY-1";

std::string short_name(const Replica& store, const Id& id) {
  auto d = store.device(id);
  std::string s = id.hex().substr(0, 8);
  return d && !d->name.empty() ? "'" + d->name + "' (" + s + ")" : s;
}
}  // namespace

std::string key_claim_message(const Id& network, const Id& device,
                              const std::array<uint8_t, 32>& key) {
  std::string m(kContext);
  m.append(reinterpret_cast<const char*>(network.bytes.data()), 16);
  m.append(reinterpret_cast<const char*>(device.bytes.data()), 16);
  m.append(reinterpret_cast<const char*>(key.data()), 32);
  return m;
}

std::string sign_key_claim(const Id& network, const Id& device, const SigningKeys& keys) {
  auto m = key_claim_message(network, device, keys.public_key);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       keys.secret_key.data());
  char hex[2 * crypto_sign_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
  return hex;
}

bool key_claim_valid(const Id& network, const Id& device, std::string_view key_hex,
                     std::string_view sig_hex) {
  auto key = public_key_from_hex(key_hex);
  unsigned char sig[crypto_sign_BYTES];
  size_t len = 0;
  if (!key || sig_hex.size() != 2 * crypto_sign_BYTES ||
      sodium_hex2bin(sig, sizeof sig, sig_hex.data(), sig_hex.size(), nullptr, &len, nullptr) !=
          0 ||
      len != sizeof sig)
    return false;
  auto m = key_claim_message(network, device, *key);
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), key->data()) == 0;
}

void publish_key_claim(Replica& store, const SigningKeys& keys) {
  auto network = load_network(store);
  if (!network) return;
  auto self = store.read_row(TableId::devices, store.device_id());
  if (!self) return;
  const auto& key = std::get<std::string>(self->fields[device_field::public_key]);
  const auto& sig = std::get<std::string>(self->fields[device_field::key_signature]);
  if (key != public_key_hex(keys.public_key)) return;  // the pinned key is not ours to sign
  // From now on every local write ends with a signed claim of this device's sequence number
  // (core/seq_claim.hpp): this device is in a network and its key is published.
  if (store.local_get(kSeqClaimNetworkKey) != network->id.hex())
    store.local_set(kSeqClaimNetworkKey, network->id.hex());
  if (key_claim_valid(network->id, store.device_id(), key, sig)) return;
  auto tx = store.transaction();
  if (store.write(
          TableId::devices, store.device_id(), nullptr,
          {{device_field::key_signature, sign_key_claim(network->id, store.device_id(), keys)}}))
    tx.commit();
}

std::optional<std::string> check_device_key(const Replica& store, const Id& network,
                                            const BundleHeader& h, Row& row) {
  using namespace device_field;
  if (row.table != TableId::devices || row.stamps.size() <= key_signature) return std::nullopt;
  const bool key_carried = row.stamps[public_key].hlc != 0;
  const bool sig_carried = row.stamps[key_signature].hlc != 0;
  if (!key_carried && !sig_carried) return std::nullopt;
  auto known = store.read_row(TableId::devices, row.id);
  std::string pinned = known ? std::get<std::string>(known->fields[public_key]) : "";
  std::string stored_sig = known ? std::get<std::string>(known->fields[key_signature]) : "";
  const auto& in_key = std::get<std::string>(row.fields[public_key]);
  const auto& in_sig = std::get<std::string>(row.fields[key_signature]);
  const std::string who = "device " + short_name(store, h.sender);
  if (key_carried && !pinned.empty() && in_key != pinned)
    return who + " sent a record that changes the key of device " + short_name(store, row.id) +
           " (a device's key never changes); nothing from it was imported";
  const std::string& key = key_carried && pinned.empty() ? in_key : pinned;
  if (sig_carried) {
    if (in_sig.empty() && !stored_sig.empty())
      return who + " sent a record that removes the key signature of device " +
             short_name(store, row.id) + "; nothing from it was imported";
    if (!in_sig.empty() && !key.empty() && !key_claim_valid(network, row.id, key, in_sig))
      return who + " sent a key for device " + short_name(store, row.id) +
             " that the device did not sign; nothing from it was imported";
  }
  if (key_carried && pinned.empty() && !in_key.empty()) {
    // A key is introduced only with its device's signature, and only when the device's id was
    // derived from it: anyone can sign a claim with a key of their own, but no one can make a key
    // hash to another device's id. Others (a device from before ids were derived, or one still on
    // an older Mutua) are not pinned here; devices that pinned them earlier keep them.
    const std::string& sig = sig_carried ? in_sig : stored_sig;
    if (!key_bound_to_device(row.id, in_key) || !key_claim_valid(network, row.id, in_key, sig)) {
      row.fields[public_key] = std::string();
      row.stamps[public_key] = Stamp{};
    }
  }
  return std::nullopt;
}

}  // namespace mutua
