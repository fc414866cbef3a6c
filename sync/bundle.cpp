#include "sync/bundle.hpp"

#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/device_identity.hpp"
#include "core/le_bytes.hpp"
#include "core/plural.hpp"
#include "core/save_failure.hpp"
#include "core/validate.hpp"
#include "core/varint.hpp"
#include "sync/apply_body.hpp"
#include "sync/atomic_file.hpp"
#include "sync/codec.hpp"
#include "sync/earned_vector.hpp"
#include "sync/network_created.hpp"
#include "sync/revocation_filter.hpp"
#include "sync/set_aside.hpp"
#include "sync/sync_words.hpp"

namespace mutua {

namespace {

constexpr char kMagic[8] = {'M', 'U', 'T', 'U', 'A', 'B', 'N', 'D'};
constexpr size_t kPrefix = 8 + 2 + 4;  // magic, format, header length
constexpr size_t kMaxHeaderBytes = 4u << 20;
constexpr size_t kSigBytes = crypto_sign_BYTES;
// Small bundles (a site's worth, up to about 10,000 entries) get zstd's strongest level: it
// saves about a tenth of the bytes and still takes under a second. Large ones use level 3: on
// 100,000 entries it is four times faster than level 9 (0.04 s against 0.16 s) for 0.6% more
// bytes, since the columns are already coded tightly. Readers do not see the level.
constexpr size_t kStrongBelow = 2u << 20;
int zstd_level(size_t plain_bytes) {
  return plain_bytes <= kStrongBelow ? 19 : 3;
}

void put_u16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
void put_u32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint64_t get_le(std::string_view s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(s[pos + i])) << (8 * i);
  return v;
}

std::string encode_header(const BundleHeader& h) {
  std::string out;
  varint::put(out, h.network_name.size());
  out += h.network_name;
  out.append(reinterpret_cast<const char*>(h.network_id.bytes.data()), 16);
  out.append(reinterpret_cast<const char*>(h.sender.bytes.data()), 16);
  out.append(reinterpret_cast<const char*>(h.sender_key.data()), 32);
  varint::put(out, h.created);
  auto base = encode_vector(h.base), covers = encode_vector(h.covers);
  varint::put(out, base.size());
  out += base;
  varint::put(out, covers.size());
  out += covers;
  for (auto c : h.counts) varint::put(out, c);
  varint::put(out, h.plain_size);
  out.append(reinterpret_cast<const char*>(h.nonce.data()), h.nonce.size());
  if (h.format >= kBundleFormatRotated) {
    out.append(reinterpret_cast<const char*>(h.key_id.bytes.data()), 16);
    varint::put(out, h.grants.size());
    for (const auto& g : h.grants) {
      out.append(reinterpret_cast<const char*>(g.recipient.bytes.data()), 16);
      out.append(reinterpret_cast<const char*>(g.key_id.bytes.data()), 16);
      varint::put(out, g.sealed.size());
      out += g.sealed;
    }
  }
  return out;
}

std::optional<BundleHeader> decode_header(std::string_view in, uint16_t format) {
  BundleHeader h;
  h.format = format;
  size_t pos = 0;
  auto take = [&](size_t n) -> std::optional<std::string_view> {
    if (n > in.size() - pos) return std::nullopt;
    auto v = in.substr(pos, n);
    pos += n;
    return v;
  };
  auto name_len = varint::get(in, pos);
  if (!name_len || *name_len > 256) return std::nullopt;
  auto name = take(*name_len);
  auto nid = take(16), sender = take(16), key = take(32);
  if (!name || !nid || !sender || !key) return std::nullopt;
  h.network_name = std::string(*name);
  std::copy(nid->begin(), nid->end(), h.network_id.bytes.begin());
  std::copy(sender->begin(), sender->end(), h.sender.bytes.begin());
  std::copy(key->begin(), key->end(), h.sender_key.begin());
  auto created = varint::get(in, pos);
  if (!created) return std::nullopt;
  h.created = *created;
  for (auto* v : {&h.base, &h.covers}) {
    auto len = varint::get(in, pos);
    if (!len) return std::nullopt;
    auto bytes = take(*len);
    if (!bytes) return std::nullopt;
    auto decoded = decode_vector(*bytes);
    if (!decoded) return std::nullopt;
    *v = std::move(*decoded);
  }
  for (auto& c : h.counts) {
    auto n = varint::get(in, pos);
    if (!n) return std::nullopt;
    c = *n;
  }
  auto plain = varint::get(in, pos);
  auto nonce = take(24);
  if (!plain || !nonce) return std::nullopt;
  h.plain_size = *plain;
  std::copy(nonce->begin(), nonce->end(), h.nonce.begin());
  if (format >= kBundleFormatRotated) {
    auto key_id = take(16);
    auto n = varint::get(in, pos);
    if (!key_id || !n || *n > kMaxGrantsInHeader) return std::nullopt;
    std::copy(key_id->begin(), key_id->end(), h.key_id.bytes.begin());
    for (uint64_t i = 0; i < *n; ++i) {
      KeyGrant g;
      auto recipient = take(16), granted = take(16);
      if (!recipient || !granted) return std::nullopt;
      auto len = varint::get(in, pos);
      if (!len || *len > kMaxSealedGrantBytes) return std::nullopt;
      auto sealed = take(*len);
      if (!sealed) return std::nullopt;
      std::copy(recipient->begin(), recipient->end(), g.recipient.bytes.begin());
      std::copy(granted->begin(), granted->end(), g.key_id.bytes.begin());
      g.sealed = std::string(*sealed);
      h.grants.push_back(std::move(g));
    }
  }
  if (pos != in.size()) return std::nullopt;
  return h;
}

std::array<uint8_t, 32> bundle_key(const NetworkKey& network_key) {
  std::array<uint8_t, 32> k{};
  crypto_kdf_derive_from_key(k.data(), k.size(), 1, "mutuabnd", network_key.data());
  return k;
}

std::string short_id(const Id& id) {
  return id.hex().substr(0, 8);
}

std::string device_label(const Replica& store, const Id& id) {
  auto d = store.device(id);
  if (d && !d->name.empty()) return "'" + d->name + "' (" + short_id(id) + ")";
  return short_id(id);
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

using sync_words::device_word;
using sync_words::refuse;

}  // namespace

std::string ImportSummary::line() const {
  auto n = [](size_t v) { return group_en(static_cast<long long>(v)); };
  std::string out = n(new_entries) + " new, " + n(updated_entries) +
                    " updated (needs and offers), " + count_en(conflicts, "conflict", "conflicts") +
                    "; " + count_en(added + updated + known, "record", "records") + ", " +
                    n(known) + " already known" + refused_revoked_lines() + set_aside_lines();
  if (!learned_key_from.empty()) out += "; learned the network's new key from " + learned_key_from;
  if (rotated_key) out += "; changed the network key (the last one had reached a revoked device)";
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
  return out;
}

std::string ImportSummary::set_aside_lines() const {
  std::string out;
  for (const auto& s : set_aside)
    out += "; " + count_en(s.count, "record", "records") + " from '" + s.from + "' " +
           (s.count == 1 ? "was" : "were") + " set aside: " + s.reason;
  return out;
}

Result<ExportResult> build_bundle(Replica& store, const VersionVector& claimed,
                                  const std::optional<Id>& for_peer, size_t max_body) {
  // A base that claims past a revocation's cut-off leaves nothing out, and one of a peer with
  // open gaps is lowered for them (core/replica_delta.cpp, core/gaps.hpp).
  const VersionVector base = store.delta_base(claimed, for_peer ? &*for_peer : nullptr);
  auto network = load_network(store);
  if (!network)
    return fail(
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'");
  auto keys = device_keys(store);
  ExportResult result;
  BundleHeader& h = result.header;
  h.format = network->generation == 0 ? kBundleFormat : kBundleFormatRotated;
  h.network_name = network->name;
  h.network_id = network->id;
  if (h.format >= kBundleFormatRotated) {
    h.key_id = network->key_id;
    h.grants = header_grants(store, network->id);
  }
  h.sender = store.device_id();
  h.sender_key = keys.public_key;
  h.created = store.clock().now();
  h.base = base;
  h.covers = store.version_vector();

  auto lacks = [&](const Stamp& s) {
    if (s.hlc == 0) return false;
    auto it = base.find(s.origin);
    return it == base.end() || s.seq > it->second;
  };
  BodyEncoder encoder;
  // Columns and tables of a newer Mutua that passed through here go on under the same rule.
  const bool extras = store.has_extras();
  auto carried_extras = [&](const std::vector<ExtraValue>& all) {
    std::vector<ExtraValue> out;
    for (const auto& e : all)
      if (e.fixed || lacks(e.stamp)) out.push_back(e);
    return out;
  };
  // A peer already in step, or lacking a few changes (the LAN loop's usual case, on both sides):
  // the rows to send are found by reading only ids, times and versions, then read one by one in
  // the order of the full read below, instead of reading every column of every row sorted. The
  // bundle is the same bytes either way. Columns of a newer Mutua (and fields kept as extras,
  // core/volunteer_language.hpp) have versions of their own, which the change sequence does not
  // see: a table with such a version the peer lacks is read in full.
  constexpr size_t kFewRows = 2000;
  std::vector<std::vector<Id>> few;
  {
    size_t total = 0;
    for (const auto* t : all_tables()) {
      auto ids = store.rows_since(t->id, base, kFewRows - total);
      if (!ids) {
        few.clear();
        break;
      }
      total += ids->size();
      few.push_back(std::move(*ids));
    }
  }
  size_t table_index = 0;
  for (const auto* t : all_tables()) {
    std::map<Id, std::vector<ExtraValue>> extras_of;
    if (extras) extras_of = store.extras_of(t->id);
    const bool extras_news =
        !t->insert_only() &&
        std::any_of(extras_of.begin(), extras_of.end(), [&](const auto& row_extras) {
          return std::any_of(row_extras.second.begin(), row_extras.second.end(),
                             [&](const ExtraValue& e) { return !e.fixed && lacks(e.stamp); });
        });
    Row with_extras;
    auto visit = [&](const Row& row) {
      uint64_t mask = 0;
      bool any = false;
      if (t->insert_only()) {
        any = lacks(row.stamps[0]);
      } else {
        for (size_t f = 0; f < row.fields.size(); ++f)
          if (lacks(row.stamps[f])) mask |= uint64_t{1} << f;
        any = mask != 0;
      }
      auto it = extras_of.find(row.id);
      if (it == extras_of.end()) {
        if (any) encoder.add(row, mask);
        return true;
      }
      with_extras = row;
      with_extras.extras = carried_extras(it->second);
      bool own = std::any_of(with_extras.extras.begin(), with_extras.extras.end(),
                             [](const ExtraValue& e) { return !e.fixed; });
      if (any || (own && !t->insert_only())) encoder.add(with_extras, mask);
      return true;
    };
    if (!few.empty() && !extras_news) {
      for (const Id& id : few[table_index])
        if (auto row = store.read_row(t->id, id)) visit(*row);
    } else {
      store.for_each_row(t->id, visit, /*by_time=*/true);
    }
    ++table_index;
    h.counts[static_cast<size_t>(t->id)] = encoder.rows_of(t->id);
  }
  if (extras) {
    store.for_each_unknown_row([&](const Row& row) {
      if (row.insert_only) {
        if (lacks(row.stamps[0])) encoder.add(row, 0);
        return true;
      }
      Row out = row;
      out.extras = carried_extras(row.extras);
      if (std::any_of(out.extras.begin(), out.extras.end(),
                      [](const ExtraValue& e) { return !e.fixed; }))
        encoder.add(out, 0);
      return true;
    });
  }
  result.records = encoder.rows();
  std::string plain = encoder.finish();
  h.plain_size = plain.size();
  // Every reader refuses such a body before unpacking it (unpack(), decode_body): a file no one
  // can take is not worth carrying to another site.
  if (plain.size() > max_body || result.records > bundle_limits::max_rows) {
    auto n = [](size_t v) { return group_en(static_cast<long long>(v)); };
    auto size = [&](size_t b) { return b >> 20 ? n(b >> 20) + " MB" : n(b) + " bytes"; };
    return fail(std::string("this bundle would be too large for any device to take (") +
                (result.records > bundle_limits::max_rows
                     ? n(result.records) + " records, over " + n(bundle_limits::max_rows)
                     : size(plain.size()) + " unpacked, over " + size(max_body)) +
                "); nothing was written. A device that lacks this much can start from a backup of "
                "this one (mutua backup FILE here, mutua restore FILE there)");
  }

  std::string compressed(ZSTD_compressBound(plain.size()), '\0');
  size_t clen = ZSTD_compress(compressed.data(), compressed.size(), plain.data(), plain.size(),
                              zstd_level(plain.size()));
  if (ZSTD_isError(clen))
    return fail(std::string("compression failed: ") + ZSTD_getErrorName(clen));
  compressed.resize(clen);
  std::string().swap(plain);

  random_bytes(h.nonce.data(), h.nonce.size());
  // The network's creation day rides in the nonce's tail, which every reader ignores the
  // meaning of (sync/network_created.hpp).
  if (network->created_day) stamp_nonce_day(h.nonce, *network->created_day);
  std::string header = encode_header(h);
  std::string& out = result.bytes;
  out.reserve(kPrefix + header.size() + 8 + clen + crypto_aead_xchacha20poly1305_ietf_ABYTES +
              kSigBytes);
  out.append(kMagic, 8);
  put_u16(out, h.format);
  put_u32(out, static_cast<uint32_t>(header.size()));
  out += header;
  uint64_t body_len = clen + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_u64_le(out, body_len);
  size_t body_at = out.size();
  out.resize(body_at + body_len);
  auto key = bundle_key(network->key);
  unsigned long long written = 0;
  // The header is authenticated as associated data, so it cannot be swapped onto another body.
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), clen,
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr, h.nonce.data(),
      key.data());
  sodium_memzero(key.data(), key.size());
  unsigned char sig[kSigBytes];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(),
                       keys.secret_key.data());
  out.append(reinterpret_cast<char*>(sig), kSigBytes);
  return result;
}

Result<ExportResult> export_bundle_file(Replica& store, const std::string& path,
                                        const std::optional<Id>& for_device) {
  VersionVector base;
  if (for_device) {
    auto p = store.peer(*for_device);
    if (!p)
      return fail("no bundle from device " + short_id(*for_device) +
                  " has been imported here yet, so its needs are unknown; export without --for");
    base = p->vector;
  }
  auto r = build_bundle(store, base, for_device);
  if (!r) return r;
  auto w = write_file_atomically(path, r->bytes);
  if (!w) return fail(w.error());
  return r;
}

namespace {
Result<BundleHeader> read_header(std::string_view bytes, SyncFailure& why) {
  using P = SyncProblem;
  if (bytes.size() < kPrefix || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return refuse(why, P::not_a_bundle, "this is not a Mutua bundle");
  auto format = static_cast<uint16_t>(get_le(bytes, 8, 2));
  if (format > kBundleFormatNewest)
    return refuse(why, P::newer_format,
                  "bundle was made by a newer Mutua (format " + std::to_string(format) +
                      "); update this device",
                  std::to_string(format));
  if (format < 1)
    return refuse(why, P::damaged, "bundle format " + std::to_string(format) + " is not supported");
  auto hlen = static_cast<size_t>(get_le(bytes, 10, 4));
  if (hlen > kMaxHeaderBytes || bytes.size() < kPrefix + hlen + 8 + kSigBytes)
    return refuse(why, P::damaged, "bundle is damaged (it is cut short)");
  auto h = decode_header(bytes.substr(kPrefix, hlen), format);
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
Result<size_t> verify_envelope(const Replica& store, std::string_view bytes, const BundleHeader& h,
                               SyncFailure& why) {
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
  size_t hlen = static_cast<size_t>(get_le(bytes, 10, 4));
  size_t len_at = kPrefix + hlen;
  uint64_t body_len = get_le(bytes, len_at, 8);
  if (body_len < crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      body_len != bytes.size() - len_at - 8 - kSigBytes)
    return refuse(why, P::damaged, "bundle is damaged (it is cut short or has extra bytes)");
  size_t sig_at = bytes.size() - kSigBytes;
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(bytes.data() + sig_at),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), sig_at,
                                  h.sender_key.data()) != 0)
    return refuse(why, P::damaged, "bundle is damaged (signature check failed)");
  if (auto known = store.device(h.sender)) {
    if (known->revoked)
      return refuse(why, P::revoked_device,
                    "bundle was made by revoked device " + device_label(store, h.sender) +
                        "; it was not imported",
                    device_word(store, h.sender));
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
  uint64_t body_len = get_le(bytes, len_at, 8);
  auto network_key = body_key(store, *network, h, learned, why);
  if (!network_key) return fail(network_key.error());
  auto key = bundle_key(*network_key);
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
  if (!header) return fail(header.error());
  auto len_at = verify_envelope(store, bytes, *header, unused);
  if (!len_at) return fail(len_at.error());
  std::vector<RingKey> learned;
  auto compressed = authenticate_and_decrypt(store, bytes, *header, *len_at, unused, learned);
  if (!compressed) return fail(compressed.error());
  auto plain = unpack(*compressed, *header, unused);
  if (!plain) return fail(plain.error());
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
  if (!header) return fail(header.error());
  const BundleHeader& h = *header;
  auto len_at = verify_envelope(store, bytes, h, why);
  if (!len_at) return fail(len_at.error());

  // 2. Decrypt. Nothing (not even a peers or sync log row) is written before the network key has
  // authenticated the header: the signature check above proves only that the sender holds the
  // key it names, and an outsider can make up both.
  std::vector<RingKey> learned;
  auto compressed = authenticate_and_decrypt(store, bytes, h, *len_at, why, learned);
  if (!compressed) return fail(compressed.error());
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
  // Nothing in it can be new when everything it covers is already here. Not while a device is
  // revoked with a cut-off: a version this device's vector counts may have been superseded here
  // only by one that was then taken back, and a bundle that looks known may carry it
  // (docs/security.md, "Revocation"). Nor once a record was set aside here: the value it had
  // replaced may come in a bundle that looks known (sync/set_aside.hpp).
  auto mine = store.version_vector();
  bool all_known = revoked_cuts(store).empty() && !records_set_aside(store) &&
                   std::all_of(h.covers.begin(), h.covers.end(), [&](const auto& kv) {
                     auto it = mine.find(kv.first);
                     return it != mine.end() && it->second >= kv.second;
                   });
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
  auto plain = unpack(*compressed, h, why);
  if (!plain) return fail(plain.error());
  const uint64_t compressed_bytes = compressed->size();
  std::string().swap(*compressed);

  // 4-6. Decode, validate and apply (sync/apply_body.hpp: the path the fuzz target takes too).
  auto applied = apply_body(store, h, *plain, source, why, compressed_bytes);
  if (!applied) return fail(applied.error());
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
    return fail(bytes.error());
  }
  return import_bundle(store, *bytes, path, why);
}

}  // namespace mutua
