#include "sync/bundle_envelope.hpp"

#include <algorithm>

#include "core/varint.hpp"
#include "sync/codec.hpp"

namespace mutua::bundle_envelope {

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

}  // namespace mutua::bundle_envelope
