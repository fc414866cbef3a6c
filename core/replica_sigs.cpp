// Signed versions as this device keeps them (core/version_sig.hpp): the signature of each write,
// by row and version, and the lowest version of each device seen signed. Local tables
// (migration 21), never replicated as such (docs/security.md, "Signed versions": carrying
// them in bundles is the next step).
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
  const FieldDigests fields = held_digests(row, device_id_, seq);
  if (fields.empty()) return;
  const auto m = version_message(*network, device_id_, seq, row.table, row.id,
                                 fixed_digest(row.fixed), fields);
  std::string sig(crypto_sign_BYTES, '\0');
  if (!sign_as_device(m, reinterpret_cast<unsigned char*>(sig.data()))) return;
  pending_leaves_.push_back({seq,
                             static_cast<uint32_t>(pending_leaves_.size()),
                             {row.table, row.id, message_digest(m)}});  // for the chain
  keep_version_sig(row.table, row.id, {device_id_, seq, std::move(sig), {}});
  HlcValue first = kHlcMax;
  for (const Stamp& s : row.stamps)
    if (s.hlc != 0 && s.origin == device_id_ && s.seq == seq) first = std::min(first, s.hlc);
  note_signer(device_id_, seq, first);
}

std::vector<Replica::VersionSig> Replica::version_sigs(TableId table, const Id& row) const {
  std::vector<VersionSig> out;
  auto st = cached("SELECT origin, seq, sig, gone FROM version_sigs WHERE tbl = ?1 AND row = ?2");
  st.bind(1, static_cast<int64_t>(table)).bind_blob(2, row.bytes.data(), 16);
  while (st.step())
    out.push_back({origin_id(static_cast<uint32_t>(st.int64(0))),
                   static_cast<uint64_t>(st.int64(1)), st.blob(2), st.blob(3)});
  st.reset();
  return out;
}

void Replica::keep_version_sig(TableId table, const Id& row, const VersionSig& s) {
  auto st = cached(
      "INSERT OR IGNORE INTO version_sigs(tbl, row, origin, seq, sig, gone)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  st.bind(1, static_cast<int64_t>(table))
      .bind_blob(2, row.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(origin_index(s.origin)))
      .bind(4, static_cast<int64_t>(s.seq))
      .bind_blob(5, s.sig.data(), s.sig.size())
      .bind_blob(6, s.gone.data(), s.gone.size())
      .run();
}

void Replica::drop_version_sigs(TableId table, const Id& row) {
  auto st = cached("DELETE FROM version_sigs WHERE tbl = ?1 AND row = ?2");
  st.bind(1, static_cast<int64_t>(table)).bind_blob(2, row.bytes.data(), 16).run();
}

std::optional<Replica::Signer> Replica::signer(const Id& origin) const {
  auto it = origin_of_.find(origin);
  if (it == origin_of_.end()) return std::nullopt;
  auto st = cached("SELECT seq, hlc FROM signers WHERE origin = ?1");
  st.bind(1, static_cast<int64_t>(it->second));
  std::optional<Signer> out;
  if (st.step())
    out = Signer{static_cast<uint64_t>(st.int64(0)), static_cast<HlcValue>(st.int64(1))};
  st.reset();
  return out;
}

void Replica::note_signer(const Id& origin, uint64_t seq, HlcValue hlc) {
  auto st = cached(
      "INSERT INTO signers(origin, seq, hlc) VALUES(?1, ?2, ?3) ON CONFLICT(origin) DO UPDATE"
      " SET seq = excluded.seq, hlc = excluded.hlc WHERE excluded.seq < signers.seq");
  st.bind(1, static_cast<int64_t>(origin_index(origin)))
      .bind(2, static_cast<int64_t>(seq))
      .bind(3, static_cast<int64_t>(hlc))
      .run();
}

void Replica::note_superseded(TableId table, const Id& row, size_t field, const Stamp& old,
                              const Value& value) {
  if (!is_known_table(table)) return;
  const auto& t = table_def(table);
  if (t.insert_only() || field >= t.fields.size()) return;
  const uint16_t id = t.fields[field].id;
  const Digest digest = field_digest(id, old, value);
  // Kept for every origin, and carried in bundles (core/superseded.hpp): the chain of a write
  // covers every field it stamped, those gone too. Not for a write of this device it did not
  // sign (made before it was in a network and had published its key): no chain covers it, and
  // such a write (the device's own record at its creation) was superseded before anyone saw it.
  const GoneDigest gone_digest{table, row, id, old, digest};
  const bool own = old.origin == device_id_;
  auto it = origin_of_.find(old.origin);
  if (it == origin_of_.end()) {
    if (!own) keep_gone(*this, gone_digest);
    return;
  }
  auto st = cached(
      "SELECT gone FROM version_sigs WHERE tbl = ?1 AND row = ?2 AND origin = ?3 AND seq = ?4");
  st.bind(1, static_cast<int64_t>(table))
      .bind_blob(2, row.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(it->second))
      .bind(4, static_cast<int64_t>(old.seq));
  const bool signed_here = st.step();
  std::string gone = signed_here ? st.blob(0) : std::string();
  st.reset();
  if (signed_here || !own) keep_gone(*this, gone_digest);
  if (!signed_here) return;  // not signed here: no "gone" list to add to
  for (const auto& [have, d] : decode_digests(gone))
    if (have == id) return;
  gone += encode_digests({{id, digest}});
  auto up = cached(
      "UPDATE version_sigs SET gone = ?5 WHERE tbl = ?1 AND row = ?2 AND origin = ?3 AND seq = ?4");
  up.bind(1, static_cast<int64_t>(table))
      .bind_blob(2, row.bytes.data(), 16)
      .bind(3, static_cast<int64_t>(it->second))
      .bind(4, static_cast<int64_t>(old.seq))
      .bind_blob(5, gone.data(), gone.size())
      .run();
}

}  // namespace mutua
