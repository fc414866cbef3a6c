// Writing a bundle: build_bundle and export_bundle_file (sync/bundle.hpp). Reading one is
// sync/bundle.cpp.
#include <sodium.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "core/device_identity.hpp"
#include "core/kept_claim.hpp"
#include "core/le_bytes.hpp"
#include "core/plural.hpp"
#include "core/seq_claim.hpp"
#include "core/ticket_notes.hpp"
#include "sync/atomic_file.hpp"
#include "sync/bundle.hpp"
#include "sync/bundle_envelope.hpp"
#include "sync/codec.hpp"
#include "sync/network_created.hpp"
#include "sync/revocation_filter.hpp"

namespace mutua {

namespace {

// Small bundles (a site's worth, up to about 10,000 entries) get zstd's strongest level: it
// saves about a tenth of the bytes and still takes under a second. Large ones use level 3: on
// 100,000 entries it is four times faster than level 9 (0.04 s against 0.16 s) for 0.6% more
// bytes, since the columns are already coded tightly. Readers do not see the level.
constexpr size_t kStrongBelow = 2u << 20;
int zstd_level(size_t plain_bytes) {
  return plain_bytes <= kStrongBelow ? 19 : 3;
}

// The devices other than this one whose SEQ-2 claim is held here, with the number it states.
// (Versions past it may be held where the vector does not count them: a revoked device's, taken
// unchecked up to its cut-off, then reinstated. Seed 569 of the long property test.)
VersionVector claimed_numbers(const Replica& store) {
  VersionVector out;
  for (const auto& [device, extras] : store.extras_of(TableId::devices)) {
    if (device == store.device_id()) continue;
    for (const auto& e : extras)
      if (e.column == kDeviceSeq2ClaimColumn && !e.fixed && e.stamp.hlc != 0 &&
          e.stamp.origin == device)
        out[device] = e.stamp.seq;
  }
  return out;
}

// The claims kept aside here of devices revoked with a cut-off (core/kept_claim.hpp), put back
// into their records as they travel, where the record holds none: a device that met a revoked
// device only through others checks its versions up to the cut-off against it.
// (Every device revoked with a cut-off in its record, this one's revocations past its own
// cut-off included: a device revoked itself holds the claim it kept, and a device that takes its
// revoker's revocation may need it. Seed 2490 of the long property test with revocations.)
void add_kept_claims(const Replica& store, std::map<Id, std::vector<ExtraValue>>& extras_of) {
  for (const auto& [device, until] : revoked_cuts(store, /*own_void_too=*/true)) {
    auto c = kept_claim(store, device);
    if (!c || c->stamp.seq > until) continue;
    auto& held = extras_of[device];
    if (std::any_of(held.begin(), held.end(), is_claim_extra)) continue;
    for (ExtraValue& e : claim_extras(*c)) held.push_back(std::move(e));
  }
}

// SQLite's page cache while a bundle is built, in KiB (its own default).
constexpr int64_t kBundlePageCacheKib = 2000;

}  // namespace

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
  // Tickets this device gave before it wrote such tickets down go with this bundle (once). Best
  // effort: a full disk must not stop a bundle, and the next one tries again.
  try {
    write_down_earlier_tickets(store);
  } catch (const DbError&) {
  }
  // One pass over the rows: a small page cache does as well as the usual 16 MB here, and the
  // bundle's columns are what the peak is made of (16 MB less of 109 MB for the 300,000 records
  // of a sheet imported at two sites; docs/csv.md). The usual size again afterwards.
  struct SmallPageCache {
    Replica& store;
    const int64_t before;
    explicit SmallPageCache(Replica& s) : store(s), before(s.page_cache_kib()) {
      store.set_page_cache_kib(kBundlePageCacheKib);
    }
    ~SmallPageCache() {
      try {
        store.set_page_cache_kib(before);
      } catch (const DbError&) {  // a destructor never throws; the cache only stays small
      }
    }
  } small_cache(store);
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
  // Another device's versions past the SEQ-2 claim held here for it are held back (docs/
  // security.md, "A revocation undone on the way"): no receiver can confirm them, and one
  // that holds an older claim could not tell them from versions made up "as" that device. Such
  // versions are here only where a claim was taken back (a revocation, later undone); a bundle
  // that brings the claim brings them. Where no claim is held at all, nothing is held back.
  // Columns and tables of a newer Mutua (a claim is one) are read only where some are held.
  const bool extras = store.has_extras();
  const auto past_claim = extras ? claimed_numbers(store) : VersionVector{};
  for (const auto& [origin, claimed_to] : past_claim)
    if (auto c = h.covers.find(origin); c != h.covers.end())
      c->second = std::min(c->second, claimed_to);

  // Each device whose versions this bundle carries goes with its key and the signature that
  // introduces it (sync/key_pins.hpp), though the peer the bundle is built for holds them: a
  // delta made for one device and read on another (`export --for`, the file then taken to
  // another tablet) brought versions whose claim that device could not check yet, and it set
  // them aside until a full bundle came (seeds 842 and 883 of the honest property test). About
  // 130 bytes a device with news; none in a bundle with nothing new.
  std::set<Id> introduced;
  for (const auto& [origin, seq] : h.covers) {
    auto b = base.find(origin);
    if (seq > (b == base.end() ? 0 : b->second)) introduced.insert(origin);
  }
  auto introducing = [&](const Row& row) {
    uint64_t mask = 0;
    if (row.table != TableId::devices || !introduced.count(row.id)) return mask;
    const auto claimed_to = past_claim.find(row.id);
    for (uint16_t f : {device_field::public_key, device_field::key_signature})
      if (f < row.stamps.size() && row.stamps[f].hlc != 0 && row.stamps[f].origin == row.id &&
          (claimed_to == past_claim.end() || row.stamps[f].seq <= claimed_to->second))
        mask |= uint64_t{1} << f;
    return mask;
  };

  auto lacks = [&](const Stamp& s) {
    if (s.hlc == 0) return false;
    if (auto p = past_claim.find(s.origin); p != past_claim.end() && s.seq > p->second)
      return false;
    auto it = base.find(s.origin);
    return it == base.end() || s.seq > it->second;
  };
  BodyEncoder encoder;
  // Columns and tables of a newer Mutua that passed through here go on under the same rule.
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
    if (extras && t->id == TableId::devices) add_kept_claims(store, extras_of);
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
        mask |= introducing(row);
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
    // The rows changed since the base leave out a device record that only introduces a key:
    // the devices (a few dozen rows) are then read whole.
    const bool few_hold_keys = t->id != TableId::devices || introduced.empty();
    if (!few.empty() && !extras_news && few_hold_keys) {
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
    // The body in whole megabytes rounded up, the cap rounded down: never "128 MB, over 128 MB".
    auto size = [&](size_t b, bool up) {
      if (!(b >> 20)) return n(b) + " bytes";
      return n(up ? (b + (size_t{1} << 20) - 1) >> 20 : b >> 20) + " MB";
    };
    return fail(std::string("this bundle would be too large for any device to take (") +
                (result.records > bundle_limits::max_rows
                     ? n(result.records) + " records, over " + n(bundle_limits::max_rows)
                     : size(plain.size(), true) + " unpacked, over " + size(max_body, false)) +
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
  std::string header = bundle_envelope::encode_header(h);
  std::string& out = result.bytes;
  out.reserve(bundle_envelope::kPrefix + header.size() + 8 + clen +
              crypto_aead_xchacha20poly1305_ietf_ABYTES + bundle_envelope::kSigBytes);
  out.append(bundle_envelope::kMagic, 8);
  bundle_envelope::put_u16(out, h.format);
  bundle_envelope::put_u32(out, static_cast<uint32_t>(header.size()));
  out += header;
  uint64_t body_len = clen + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_u64_le(out, body_len);
  size_t body_at = out.size();
  out.resize(body_at + body_len);
  auto key = bundle_envelope::bundle_key(network->key);
  unsigned long long written = 0;
  // The header is authenticated as associated data, so it cannot be swapped onto another body.
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), clen,
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr, h.nonce.data(),
      key.data());
  sodium_memzero(key.data(), key.size());
  unsigned char sig[bundle_envelope::kSigBytes];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(),
                       keys.secret_key.data());
  out.append(reinterpret_cast<char*>(sig), bundle_envelope::kSigBytes);
  return result;
}

Result<ExportResult> export_bundle_file(Replica& store, const std::string& path,
                                        const std::optional<Id>& for_device) {
  VersionVector base;
  if (for_device) {
    auto p = store.peer(*for_device);
    if (!p)
      return fail("no bundle from device " + for_device->hex().substr(0, 8) +
                  " has been imported here yet, so its needs are unknown; export without --for");
    base = p->vector;
  }
  auto r = build_bundle(store, base, for_device);
  if (!r) return r;
  auto w = write_file_atomically(path, r->bytes);
  if (!w) return w.error_value();
  return r;
}

}  // namespace mutua
