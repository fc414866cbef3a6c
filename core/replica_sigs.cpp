// This device's key and network in memory, the leaves its writes add to its chain, and the
// digests of superseded writes it keeps for the chains (docs/security.md, "Signed versions").
// The per-write signatures of migration 21 (tables version_sigs and signers) are no longer made:
// the SEQ-2 claim at each commit is the only signature (core/write_chain.hpp).
#include <sodium.h>

#include <algorithm>

#include "core/db.hpp"
#include "core/replica.hpp"
#include "core/seq_claim.hpp"
#include "core/superseded.hpp"
#include "core/version_sig.hpp"

namespace mutua {

// The device key in memory: sodium_malloc'd (guard pages, locked against swapping by
// sodium_mlock inside it), read-only once filled, zeroed by sodium_free.
struct Replica::SigningKey {
  Id network;
  unsigned char* sk = nullptr;  // crypto_sign_SECRETKEYBYTES
};

void Replica::SigningKeyFree::operator()(SigningKey* k) const {
  if (k->sk) sodium_free(k->sk);
  delete k;
}

const Replica::SigningKey* Replica::signing_key() const {
  if (signing_key_read_) return signing_key_.get();
  signing_key_read_ = true;
  signing_key_.reset();
  auto network_hex = local_get(kSeqClaimNetworkKey);
  auto network = network_hex ? Id::from_hex(*network_hex) : std::nullopt;
  if (!network) return nullptr;
  auto sk = secret_get("sign_sk");
  if (!sk) return nullptr;
  const bool fits = sk->size() == crypto_sign_SECRETKEYBYTES;
  std::unique_ptr<SigningKey, SigningKeyFree> k(new SigningKey{*network, nullptr});
  // sodium_malloc aborts the process unless libsodium was initialised (its page size is set by
  // sodium_init); a command whose first use of libsodium is this one (sync export from a
  // script, stdin not a terminal) met that.
  if (fits && sodium_init() >= 0)
    k->sk = static_cast<unsigned char*>(sodium_malloc(crypto_sign_SECRETKEYBYTES));
  if (k->sk) {
    std::copy(sk->begin(), sk->end(), k->sk);
    sodium_mprotect_readonly(k->sk);
  }
  sodium_memzero(sk->data(), sk->size());
  if (!k->sk) return nullptr;  // no key of the right size (or no memory): nothing signed
  signing_key_ = std::move(k);
  return signing_key_.get();
}

void Replica::forget_signing_key() const {
  signing_key_.reset();
  signing_key_read_ = false;
}

std::optional<Id> Replica::signing_network() const {
  const SigningKey* k = signing_key();
  if (!k) return std::nullopt;
  return k->network;
}

bool Replica::sign_as_device(std::string_view m, unsigned char* sig) const {
  const SigningKey* k = signing_key();
  if (!k) return false;
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       k->sk);
  return true;
}

void Replica::sign_version(const Row& row, uint64_t seq) {
  auto network = signing_network();
  if (!network) return;
  // No signature of its own (it never left the device, and cost 25 us a row): the SEQ-2 claim
  // at commit signs the chain these leaves make (docs/security.md, "Signed versions").
  if (auto m = version_leaf(*network, device_id_, seq, row)) add_leaf(seq, row.table, row.id, *m);
}

std::optional<Digest> Replica::version_leaf(const Id& network, const Id& device, uint64_t seq,
                                            const Row& row) {
  const FieldDigests fields = held_digests(row, device, seq);
  if (fields.empty()) return std::nullopt;
  return message_digest(
      version_message(network, device, seq, row.table, row.id, fixed_digest(row.fixed), fields));
}

void Replica::add_leaf(uint64_t seq, TableId table, const Id& row, const Digest& message) {
  pending_leaves_.add(seq, {table, row, message});
}

void Replica::note_superseded(TableId table, const Id& row, size_t field, const Stamp& old,
                              const Value& value) {
  if (!is_known_table(table)) return;
  const auto& t = table_def(table);
  if (t.insert_only() || field >= t.fields.size()) return;
  // Kept for every origin, and carried in bundles (core/superseded.hpp): the chain of a write
  // covers every field it stamped, those gone too. Not for a write of this device superseded
  // while it is in no network: nobody saw that write, so no device holds it or will keep its
  // digest. Once in a network, its own writes from before its chain too (its record as it was
  // made): no chain covers them, but a device that held such a write keeps its digest when it
  // is superseded there, so every device must, the writer first, or a device that never held
  // the write would never be sent the digest (its vector counts the write) and the two would
  // never hold the same.
  if (old.origin == device_id_ && !signing_network()) return;
  const uint16_t id = t.fields[field].id;
  keep_gone(*this, {table, row, id, old, field_digest(id, old, value)});
}

}  // namespace mutua
