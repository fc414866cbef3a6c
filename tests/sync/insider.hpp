#pragma once
// A test-only insider encoder: bundles a member's device could write with its real keys (the
// network key and its own signing key) but no honest Mutua would. Any header (a sender, a
// "covers" vector) and any rows, with valid encryption and signature. Built on seal()'s way of
// sealing (bundle_surgery.hpp), with the header written here field by field.
#include <doctest/doctest.h>
#include <sodium.h>

#include <string>
#include <utility>
#include <vector>

#include "bundle_surgery.hpp"
#include "core/varint.hpp"
#include "sync/bundle.hpp"
#include "sync/codec.hpp"
#include "sync/network.hpp"

namespace mutua::test {

// The header bytes as sync/bundle.cpp lays them out (docs/bundle-format.md).
inline std::string header_bytes(const BundleHeader& h) {
  std::string out;
  varint::put(out, h.network_name.size());
  out += h.network_name;
  out.append(reinterpret_cast<const char*>(h.network_id.bytes.data()), 16);
  out.append(reinterpret_cast<const char*>(h.sender.bytes.data()), 16);
  out.append(reinterpret_cast<const char*>(h.sender_key.data()), 32);
  varint::put(out, h.created);
  for (const auto* v : {&h.base, &h.covers}) {
    auto bytes = encode_vector(*v);
    varint::put(out, bytes.size());
    out += bytes;
  }
  for (auto c : h.counts) varint::put(out, c);
  varint::put(out, h.plain_size);
  out.append(reinterpret_cast<const char*>(h.nonce.data()), h.nonce.size());
  return out;
}

// Seals `plain` (a body) under header `h` with the member's network key, and signs it with the
// member's own signing key, whatever sender the header names.
inline std::string seal_as(Store& member, BundleHeader h, const std::string& plain) {
  auto network = load_network(member.replica());
  REQUIRE(network);
  h.plain_size = plain.size();
  randombytes_buf(h.nonce.data(), h.nonce.size());
  std::string compressed = zstd(plain);
  std::string header = header_bytes(h);
  std::string out = std::string("MUTUABND", 8);
  put_le(out, kBundleFormat, 2);
  put_le(out, header.size(), 4);
  out += header;
  uint64_t body_len = compressed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_le(out, body_len, 8);
  size_t body_at = out.size();
  out.resize(body_at + body_len);
  unsigned char key[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "mutuabnd", network->key.data());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(),
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr, h.nonce.data(), key);
  out.resize(out.size() + kSig);
  resign(out, device_keys(member.replica()));
  return out;
}

// What a member's genuine bundle (everything it holds) would say, to edit before sealing.
struct Opened {
  BundleHeader header;
  std::string plain;
};
inline Opened open_own(Store& member, const VersionVector& base = {}) {
  auto b = build_bundle(member.replica(), base);
  REQUIRE(b.ok());
  auto o = open_bundle(member.replica(), b->bytes);
  REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error()));
  return {o->header, o->plain};
}

// A body of the given rows, each with every field whose version is set.
inline std::string body_of(const std::vector<Row>& rows) {
  BodyEncoder enc;
  for (const auto* t : all_tables())
    for (const auto& row : rows) {
      if (row.table != t->id) continue;
      uint64_t mask = 0;
      for (size_t f = 0; f < row.fields.size(); ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      enc.add(row, mask);
    }
  // Then rows of tables a newer Mutua added (digests of superseded writes, table 9, among them),
  // as build_bundle writes them.
  for (const auto& row : rows)
    if (!is_known_table(row.table)) enc.add(row, 0);
  return enc.finish();
}

// A bundle from `member` (its real keys and id) carrying exactly `rows`; `edit` may change the
// header (the covers vector, the sender) before it is sealed.
template <typename Edit>
std::string insider_bundle(Store& member, const std::vector<Row>& rows, Edit edit) {
  auto o = open_own(member);
  BundleHeader h = o.header;
  h.counts = {};
  for (const auto& r : rows)
    if (is_known_table(r.table)) ++h.counts[static_cast<size_t>(r.table)];
  h.base = {};
  edit(h);
  return seal_as(member, h, body_of(rows));
}
inline std::string insider_bundle(Store& member, const std::vector<Row>& rows) {
  return insider_bundle(member, rows, [](BundleHeader&) {});
}

// `row`, as `member` holds it, with `field` set to `value` under a new version of the member's
// own: its next sequence number, and a clock just past the field's version (what a member
// writes by hand, past every check of a local write). Returns that number.
inline uint64_t hand_written_version(Store& member, Row& row, size_t field, Value value) {
  Stamp& s = row.stamps[field];
  s.prev = s.hlc;
  s.hlc += 1000;
  s.origin = member.replica().device_id();
  {
    auto tx = member.replica().transaction();
    s.seq = member.replica().next_seq();
    tx.commit();
  }
  row.fields[field] = std::move(value);
  return s.seq;
}

// A need as the insider `m` holds it, its item changed to "bleach" in a version stamped
// (`as`, `seq`), newer than the one held; no other field carried.
inline Row item_changed_as(Store& m, const Id& as, const Id& need, uint64_t seq) {
  auto row = m.replica().read_row(TableId::entries, need);
  REQUIRE(row);
  Row r = *row;
  for (Stamp& s : r.stamps) s = Stamp{};
  const Stamp held = row->stamps[entry_field::item];
  r.fields[entry_field::item] = std::string("bleach");
  r.stamps[entry_field::item] = Stamp{m.replica().clock().now(), as, seq, held.hlc};
  return r;
}

// The member's genuine bundle with only the header's covers vector replaced.
inline std::string with_covers(Store& member, const VersionVector& covers) {
  auto o = open_own(member);
  o.header.covers = covers;
  return seal_as(member, o.header, o.plain);
}

}  // namespace mutua::test
