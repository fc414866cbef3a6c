#include "core/write_chain.hpp"

#include <sodium.h>

#include <algorithm>
#include <tuple>

#include "core/le_bytes.hpp"

namespace mutua {

namespace {
constexpr std::string_view kWrite = "MUTUA-WRITE-1";
constexpr std::string_view kChain = "MUTUA-CHAIN-1";
constexpr std::string_view kSeq2 = "MUTUA-SEQ-2";

Digest hash(std::string_view in) {
  Digest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(in.data()),
                     in.size(), nullptr, 0);
  return d;
}

void put_bytes(std::string& out, const uint8_t* p, size_t n) {
  out.append(reinterpret_cast<const char*>(p), n);
}

bool from_hex(std::string_view hex, uint8_t* out, size_t n) {
  size_t len = 0;
  return hex.size() == 2 * n &&
         sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

std::string chain_hex(const uint8_t* p, size_t n) {
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}
}  // namespace

Digest message_digest(std::string_view version_message) {
  return hash(version_message);
}

static_assert(sizeof(crypto_generichash_state) <= 384, "LeafHasher's state is too small");

LeafHasher::LeafHasher(uint64_t rows) {
  auto* st = reinterpret_cast<crypto_generichash_state*>(state_);
  crypto_generichash_init(st, nullptr, 0, sizeof(Digest));
  std::string head(kWrite);
  put_u64_le(head, rows);
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(head.data()), head.size());
}

void LeafHasher::add(const Digest& message) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_), message.data(),
                            message.size());
}

Digest LeafHasher::finish() {
  Digest d{};
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), d.data(), d.size());
  return d;
}

Digest write_leaf(std::vector<LeafRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const LeafRow& a, const LeafRow& b) {
    return std::tie(a.table, a.row.bytes) < std::tie(b.table, b.row.bytes);
  });
  LeafHasher h(rows.size());
  for (const auto& r : rows) h.add(r.message);
  return h.finish();
}

Digest chain_start(const Id& network, const Id& origin, uint64_t base) {
  std::string in(kChain);
  put_bytes(in, network.bytes.data(), 16);
  put_bytes(in, origin.bytes.data(), 16);
  put_u64_le(in, base);
  return hash(in);
}

Digest chain_next(const Digest& previous, uint64_t seq, const Digest& leaf) {
  std::string in;
  put_bytes(in, previous.data(), previous.size());
  put_u64_le(in, seq);
  put_bytes(in, leaf.data(), leaf.size());
  return hash(in);
}

std::string seq2_claim_message(const Id& network, const Id& device, uint64_t base, uint64_t seq,
                               HlcValue hlc, const Digest& chain) {
  std::string m(kSeq2);
  put_bytes(m, network.bytes.data(), 16);
  put_bytes(m, device.bytes.data(), 16);
  put_u64_le(m, base);
  put_u64_le(m, seq);
  put_u64_le(m, hlc);
  put_bytes(m, chain.data(), chain.size());
  return m;
}

std::string encode_seq2_claim(const Seq2Claim& c) {
  return std::to_string(c.base) + ":" + chain_hex(c.chain.data(), c.chain.size()) + ":" +
         chain_hex(c.sig.data(), c.sig.size());
}

std::optional<Seq2Claim> decode_seq2_claim(std::string_view text) {
  const auto first = text.find(':');
  if (first == std::string_view::npos || first == 0 || first > 20) return std::nullopt;
  Seq2Claim c;
  for (char ch : text.substr(0, first)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(ch - '0');
    if (c.base > (UINT64_MAX - digit) / 10) return std::nullopt;
    c.base = c.base * 10 + digit;
  }
  const auto rest = text.substr(first + 1);
  if (rest.size() != 64 + 1 + 128 || rest[64] != ':') return std::nullopt;
  if (!from_hex(rest.substr(0, 64), c.chain.data(), c.chain.size()) ||
      !from_hex(rest.substr(65), c.sig.data(), c.sig.size()))
    return std::nullopt;
  return c;
}

bool seq2_claim_valid(const Id& network, const Id& device, const std::array<uint8_t, 32>& key,
                      const Stamp& stamp, const Seq2Claim& c) {
  if (stamp.origin != device || c.base >= stamp.seq) return false;
  const auto m = seq2_claim_message(network, device, c.base, stamp.seq, stamp.hlc, c.chain);
  return crypto_sign_verify_detached(c.sig.data(), reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), key.data()) == 0;
}

}  // namespace mutua
