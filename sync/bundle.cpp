#include "sync/bundle.hpp"

#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>

#include "core/device_identity.hpp"
#include "core/le_bytes.hpp"
#include "core/lost_creation.hpp"
#include "core/plural.hpp"
#include "core/save_failure.hpp"
#include "core/validate.hpp"
#include "core/varint.hpp"
#include "sync/apply_body.hpp"
#include "sync/atomic_file.hpp"
#include "sync/bundle_envelope.hpp"
#include "sync/codec.hpp"
#include "sync/earned_vector.hpp"
#include "sync/network_created.hpp"
#include "sync/revocation_filter.hpp"
#include "sync/set_aside.hpp"
#include "sync/sync_words.hpp"

namespace mutua {

namespace {

std::string short_id(const Id& id) {
  return id.hex().substr(0, 8);
}

// One network in a same-name refusal: "id 1a2b3c4d, created 12 Nov 2026" for the English line,
// "1a2b3c4d 2026-11-12" for the sync log detail (the day left out where unknown).
struct NetworkSide {
  std::string english, detail;
};
NetworkSide other_network_side(const Id& id, std::optional<NetworkDay> day) {
  const std::string short_hex = id.hex().substr(0, 8);
  if (!day) return {"id " + short_hex, short_hex};
  return {"id " + short_hex + ", created " + day_english(*day), short_hex + " " + day_iso(*day)};
}

using sync_words::device_label;
using sync_words::device_word;
using sync_words::refuse;
using sync_words::refuse_revoked_sender;

}  // namespace

std::string ImportSummary::line() const {
  auto n = [](size_t v) { return group_en(static_cast<long long>(v)); };
  std::string out = n(new_entries) + " new, " + n(updated_entries) +
                    " updated (needs and offers), " + count_en(conflicts, "conflict", "conflicts") +
                    "; " + count_en(added + updated + known, "record", "records") + ", " +
                    n(known) + " already known" + refused_revoked_lines() + set_aside_lines();
  if (!learned_key_from.empty()) out += "; learned the network's new key from " + learned_key_from;
  if (rotated_key) out += "; changed the network key (the last one had reached a revoked device)";
  if (made_for_another)
    out +=
        "; this bundle was made for a device that held changes this one lacks, and left them "
        "out: a full bundle from any device brings them (mutua sync export FILE, without --for)";
  if (digests_dropped)
    out += "; " + count_en(digests_dropped, "digest", "digests") +
           " of superseded versions not taken (the record here does not supersede them)";
  if (lost_dropped)
    out += "; " + count_en(lost_dropped, "digest", "digests") +
           " of lost creations not taken (the record here holds that write)";
  return out;
}

std::string ImportSummary::refused_revoked_lines() const {
  std::string out;
  for (const auto& [name, n] : refused_revoked)
    out += "; " + count_en(n, "record", "records") + " from revoked device '" + name + "' " +
           (n == 1 ? "was" : "were") + " not accepted";
  for (const auto& [name, n] : taken_back)
    out += "; changes of revoked device '" + name + "' to " + count_en(n, "record", "records") +
           " were taken back";
  return out;
}

void ImportSummary::add_set_aside(const std::string& from, const std::string& reason) {
  auto it = std::find_if(set_aside.begin(), set_aside.end(),
                         [&](const SetAsideFrom& s) { return s.from == from; });
  if (it == set_aside.end())
    set_aside.push_back({from, 1, reason});
  else
    ++it->count;
}

std::string ImportSummary::set_aside_lines() const {
  std::string out;
  for (const auto& s : set_aside)
    out += "; " + count_en(s.count, "record", "records") + " from '" + s.from + "' " +
           (s.count == 1 ? "was" : "were") + " set aside: " + s.reason;
  return out;
}

namespace {
Result<BundleHeader> read_header(std::string_view bytes, SyncFailure& why) {
  using P = SyncProblem;
  if (bytes.size() < bundle_envelope::kPrefix ||
      std::memcmp(bytes.data(), bundle_envelope::kMagic, 8) != 0)
    return refuse(why, P::not_a_bundle, "this is not a Mutua bundle");
  auto format = static_cast<uint16_t>(bundle_envelope::get_le(bytes, 8, 2));
  if (format > kBundleFormatNewest)
    return refuse(why, P::newer_format,
                  "bundle was made by a newer Mutua (format " + std::to_string(format) +
                      "); update this device",
                  std::to_string(format));
  if (format < 1)
    return refuse(why, P::damaged, "bundle format " + std::to_string(format) + " is not supported");
  auto hlen = static_cast<size_t>(bundle_envelope::get_le(bytes, 10, 4));
  if (hlen > bundle_envelope::kMaxHeaderBytes ||
      bytes.size() < bundle_envelope::kPrefix + hlen + 8 + bundle_envelope::kSigBytes)
    return refuse(why, P::damaged, "bundle is damaged (it is cut short)");
  auto h = bundle_envelope::decode_header(bytes.substr(bundle_envelope::kPrefix, hlen), format);
  if (!h) return refuse(why, P::damaged, "bundle is damaged (unreadable header)");
  return *h;
}
}  // namespace

Result<BundleHeader> read_bundle_header(std::string_view bytes) {
  SyncFailure unused;
  return read_header(bytes, unused);
}

namespace {
// Verifies everything readable without the key; returns the offset of the body length field.
// `sender_revoked`: where given, a sender revoked here is not refused but said so (the import
// reads its body for a revocation that wins a cycle first).
Result<size_t> verify_envelope(const Replica& store, std::string_view bytes, const BundleHeader& h,
                               SyncFailure& why, bool* sender_revoked = nullptr) {
  using P = SyncProblem;
  auto network = load_network(store);
  if (!network)
    return refuse(why, P::no_network,
                  "this device has not joined a network yet; run 'mutua network join CODE'");
  if (h.network_id != network->id) {
    if (h.network_name != network->name)
      return refuse(why, P::other_network,
                    "bundle belongs to network '" + h.network_name + "', this device is in '" +
                        network->name + "'",
                    h.network_name);
    // Two networks with one name: told apart by the start of their ids and, where known, the
    // days they were created. The detail keeps the name first (what an older sync log holds),
    // then the two short ids, tab-separated; a known day follows its id after a space.
    const auto theirs = other_network_side(h.network_id, nonce_day(h.nonce));
    const auto ours = other_network_side(network->id, network->created_day);
    return refuse(why, P::other_network,
                  "This bundle is from another network also called '" + h.network_name + "' (" +
                      theirs.english + "). This device is in '" + network->name + "' (" +
                      ours.english + ").",
                  h.network_name + "\t" + theirs.detail + "\t" + ours.detail);
  }
  size_t hlen = static_cast<size_t>(bundle_envelope::get_le(bytes, 10, 4));
  size_t len_at = bundle_envelope::kPrefix + hlen;
  uint64_t body_len = bundle_envelope::get_le(bytes, len_at, 8);
  if (body_len < crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      body_len != bytes.size() - len_at - 8 - bundle_envelope::kSigBytes)
    return refuse(why, P::damaged, "bundle is damaged (it is cut short or has extra bytes)");
  size_t sig_at = bytes.size() - bundle_envelope::kSigBytes;
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(bytes.data() + sig_at),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), sig_at,
                                  h.sender_key.data()) != 0)
    return refuse(why, P::damaged, "bundle is damaged (signature check failed)");
  if (auto known = store.device(h.sender)) {
    if (known->revoked && sender_revoked)
      *sender_revoked = true;
    else if (known->revoked)
      return refuse_revoked_sender(store, h.sender, why);
    if (!known->public_key.empty() && known->public_key != public_key_hex(h.sender_key))
      return refuse(why, P::wrong_key,
                    "bundle claims to come from device " + device_label(store, h.sender) +
                        " but is signed with another key",
                    device_word(store, h.sender));
  }
  return len_at;
}

// The key that encrypted the body (format 1: the genesis key; format 2: the key the header
// names), opening the grant addressed to this device when that key is not held yet. `learned`
// gets the keys the grants brought, to keep once the import succeeds.
Result<NetworkKey> body_key(const Replica& store, const Network& network, const BundleHeader& h,
                            std::vector<RingKey>& learned, SyncFailure& why) {
  using P = SyncProblem;
  auto ring = load_ring(store);
  const std::string who = device_word(store, h.sender);
  if (h.format < kBundleFormatRotated) {
    for (const auto& k : ring)
      if (derive_network_id(k.key) == network.id) return k.key;
    return refuse(why, P::missing_key,
                  "bundle is encrypted with the network's first key, which this device joined "
                  "without; it can read bundles from devices that have the newest key",
                  who);
  }
  const Id self = store.device_id();
  // A grant that does not open is passed over (a relay may carry a bad one it could not check);
  // it refuses the bundle only when the body's key is then still missing.
  std::optional<std::string> bad_grant;
  for (const auto& g : h.grants) {
    if (g.recipient != self || find_key(ring, g.key_id) || find_key(learned, g.key_id)) continue;
    auto opened = open_grant(store, g);
    if (!opened) {
      bad_grant = opened.error();
      continue;
    }
    for (const auto& k : *opened)
      if (!find_key(ring, k.id()) && !find_key(learned, k.id())) learned.push_back(k);
  }
  const RingKey* k = find_key(ring, h.key_id);
  if (!k) k = find_key(learned, h.key_id);
  if (!k && bad_grant) return refuse(why, P::damaged, *bad_grant);
  if (!k)
    return refuse(why, P::missing_key,
                  "bundle from " + device_label(store, h.sender) +
                      " is encrypted with a network key this device was not given (a device that "
                      "was revoked is not given new keys); it was not imported",
                  who);
  // The sender's own new key, in the sender's first bundle here: its header key signed the
  // bundle and its id is derived from that key, the same proof that pins its record on import.
  const bool senders_own = k->creator == h.sender &&
                           key_bound_to_device(h.sender, public_key_hex(h.sender_key)) &&
                           key_signed_by(network.id, *k, h.sender_key);
  if (!senders_own && !key_vouched(store, network.id, *k)) {
    auto creator = store.device(k->creator);
    if (creator && !creator->public_key.empty())
      return refuse(why, P::damaged,
                    "bundle is damaged (it is encrypted with a network key that device " +
                        device_label(store, k->creator) + " did not sign)");
    return refuse(
        why, P::missing_key,
        "bundle from " + device_label(store, h.sender) +
            " is encrypted with a network key made by device " + short_id(k->creator) +
            ", which this device does not know yet; sync with a device that knows it first",
        who);
  }
  return k->key;
}

// Decrypts the body. The header is the associated data, so success proves that a holder of a
// network key wrote both: the signature alone proves only that someone holds *some* key.
Result<std::string> authenticate_and_decrypt(const Replica& store, std::string_view bytes,
                                             const BundleHeader& h, size_t len_at, SyncFailure& why,
                                             std::vector<RingKey>& learned) {
  using P = SyncProblem;
  auto network = load_network(store);
  uint64_t body_len = bundle_envelope::get_le(bytes, len_at, 8);
  auto network_key = body_key(store, *network, h, learned, why);
  if (!network_key) return network_key.error_value();
  auto key = bundle_envelope::bundle_key(*network_key);
  sodium_memzero(network_key->data(), network_key->size());
  std::string compressed(body_len - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long clen = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(compressed.data()), &clen, nullptr,
      reinterpret_cast<const unsigned char*>(bytes.data() + len_at + 8), body_len,
      reinterpret_cast<const unsigned char*>(bytes.data()), len_at + 8, h.nonce.data(), key.data());
  sodium_memzero(key.data(), key.size());
  if (rc != 0)
    return refuse(why, P::damaged,
                  "bundle is damaged (it cannot be decrypted with this network's key)");
  compressed.resize(static_cast<size_t>(clen));
  return compressed;
}

Result<std::string> unpack(const std::string& compressed, const BundleHeader& h, SyncFailure& why) {
  using P = SyncProblem;
  // The bound is checked before anything of that size is allocated.
  auto frame = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (frame == ZSTD_CONTENTSIZE_ERROR || frame == ZSTD_CONTENTSIZE_UNKNOWN)
    return refuse(why, P::damaged, "bundle is damaged (compressed body)");
  if (frame > bundle_limits::max_body_bytes)
    return refuse(why, P::too_large,
                  "bundle is too large once unpacked (over " +
                      std::to_string(bundle_limits::max_body_bytes >> 20) + " MB)");
  if (frame != h.plain_size) return refuse(why, P::damaged, "bundle is damaged (compressed body)");
  std::string plain(static_cast<size_t>(frame), '\0');
  size_t plen = ZSTD_decompress(plain.data(), plain.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(plen) || plen != frame)
    return refuse(why, P::damaged, "bundle is damaged (compressed body)");
  return plain;
}
}  // namespace

Result<OpenedBundle> open_bundle(const Replica& store, std::string_view bytes) {
  SyncFailure unused;
  auto header = read_header(bytes, unused);
  if (!header) return header.error_value();
  auto len_at = verify_envelope(store, bytes, *header, unused);
  if (!len_at) return len_at.error_value();
  std::vector<RingKey> learned;
  auto compressed = authenticate_and_decrypt(store, bytes, *header, *len_at, unused, learned);
  if (!compressed) return compressed.error_value();
  auto plain = unpack(*compressed, *header, unused);
  if (!plain) return plain.error_value();
  return OpenedBundle{*header, std::move(*plain)};
}

namespace {
// A device that joined with a join code older than version 3 learns its network's creation day
// from the first authenticated bundle of its own network that carries it.
void learn_network_created(Replica& store, const BundleHeader& h) {
  if (network_created_day(store)) return;
  if (auto day = nonce_day(h.nonce)) remember_network_created(store, *day);
}
}  // namespace

Result<ImportSummary> import_bundle(Replica& store, std::string_view bytes,
                                    const std::string& source, SyncFailure* why_out) {
  using P = SyncProblem;
  SyncFailure unused;
  SyncFailure& why = why_out ? *why_out : unused;
  why = SyncFailure{};
  // 1. Magic, format, network and signature.
  auto header = read_header(bytes, why);
  if (!header) return header.error_value();
  const BundleHeader& h = *header;
  bool sender_revoked = false;
  auto len_at = verify_envelope(store, bytes, h, why, &sender_revoked);
  if (!len_at) return len_at.error_value();

  // 2. Decrypt. Nothing (not even a peers or sync log row) is written before the network key has
  // authenticated the header: the signature check above proves only that the sender holds the
  // key it names, and an outsider can make up both.
  std::vector<RingKey> learned;
  auto compressed = authenticate_and_decrypt(store, bytes, h, *len_at, why, learned);
  if (!compressed) {
    if (sender_revoked) return refuse_revoked_sender(store, h.sender, why);
    return compressed.error_value();
  }
  const Id key_before = load_network(store)->key_id;
  // Keeps the keys the grants brought and the grants to pass on (in the import's transaction, or
  // in its own one on the shortcut path), and says so when the current key changed.
  auto keep_keys = [&](ImportSummary& s) {
    learn_network_created(store, h);
    if (learned.empty() && h.grants.empty()) return;
    store_ring_keys(store, h.network_id, learned);
    store_grants(store, h.grants);
    auto now = load_network(store);
    if (now && now->key_id != key_before) s.learned_key_from = device_word(store, h.sender);
  };

  ImportSummary summary;
  summary.sender = h.sender;
  uint64_t carried = 0;
  for (auto c : h.counts) carried += c;
  // Nothing in it can be new when everything it covers is already here. While a device is
  // revoked with a cut-off, a version this device's vector counts may have been superseded here
  // only by one that was then taken back, and a bundle that looks known may carry it
  // (docs/security.md, "Revocation"): it is read for the records whose field was sent back
  // (core/taken_back.hpp), or in full where their keys are not kept. Once records were set aside
  // here, it is read for what may answer one of them (sync/set_aside.hpp).
  auto mine = store.version_vector();
  const bool revoked = !revoked_cuts(store).empty();
  const auto taken_back = revoked ? taken_back_keys(store) : std::vector<RowKey>{};
  // A revoked sender's bundle is read in full: apply_body takes it only when it wins a cycle.
  bool all_known = !sender_revoked && taken_back.has_value() &&
                   std::all_of(h.covers.begin(), h.covers.end(), [&](const auto& kv) {
                     auto it = mine.find(kv.first);
                     return it != mine.end() && it->second >= kv.second;
                   });
  // Records that a lost write held here names and that may still take it (core/lost_creation.hpp,
  // rows_naming_lost_writes): a bundle that looks known is read for them too.
  const auto lost_rows = all_known && store.has_unknown_rows(kLostTable)
                             ? rows_naming_lost_writes(store)
                             : std::vector<RowKey>{};
  std::optional<std::string> unpacked;  // read early for the set-aside records
  if (all_known && (records_set_aside(store) || revoked || !lost_rows.empty())) {
    auto plain = unpack(*compressed, h, why);
    if (!plain) return plain.error_value();
    unpacked = std::move(*plain);
    all_known = !answers_set_aside(store, *unpacked, revoked ? &*taken_back : nullptr, lost_rows);
  }
  if (all_known) {
    summary.known = carried;
    try {
      auto tx = store.transaction();
      store.record_peer(h.sender, peer_claim(store, h));
      SyncLogEntry log;
      log.source = source;
      log.sender = h.sender;
      log.known = static_cast<int64_t>(carried);
      store.log_sync(log);
      keep_keys(summary);
      tx.commit();
    } catch (const DbError& e) {
      why = SyncFailure{P::cannot_save, {}};
      return save_failed(store, e, "could not save: ");
    }
    return summary;
  }

  // 3. Decompress within the bound.
  auto plain = unpacked ? Result<std::string>(std::move(*unpacked)) : unpack(*compressed, h, why);
  if (!plain) return plain.error_value();
  const uint64_t compressed_bytes = compressed->size();
  std::string().swap(*compressed);

  // 4-6. Decode, validate and apply (sync/apply_body.hpp: the path the fuzz target takes too).
  auto applied = apply_body(store, h, *plain, source, why, compressed_bytes);
  if (!applied) return applied.error_value();
  summary = *applied;
  try {
    auto tx = store.transaction();
    keep_keys(summary);
    tx.commit();
    // A key that reached a device this bundle revoked is changed here (bounded: key_ring.hpp).
    auto rotated = rotate_if_key_reached_revoked(store);
    summary.rotated_key = rotated.ok() && *rotated;
  } catch (const DbError& e) {
    return refuse(why, P::cannot_save, std::string("could not save the network key: ") + e.what());
  }
  // Replaced values (a purged phone number, say) must not linger in the write-ahead log.
  store.checkpoint();
  return summary;
}

Result<ImportSummary> import_bundle_file(Replica& store, const std::string& path,
                                         SyncFailure* why) {
  auto bytes = read_file_bounded(path, kMaxBundleFileBytes);
  if (!bytes) {
    if (why) *why = SyncFailure{SyncProblem::cannot_read, {}};
    return bytes.error_value();
  }
  return import_bundle(store, *bytes, path, why);
}

}  // namespace mutua
