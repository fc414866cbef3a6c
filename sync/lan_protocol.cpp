// The LAN protocol's messages and proofs (docs/lan-protocol.md).
#include "sync/lan_protocol.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace mutua::lan {
namespace {

struct Writer {
  std::string out;
  void raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
  void id(const Id& i) { raw(i.bytes.data(), 16); }
  template <size_t N>
  void bytes(const std::array<uint8_t, N>& a) {
    raw(a.data(), N);
  }
  void u16(uint16_t v) {
    const uint8_t b[2] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)};
    raw(b, 2);
  }
  void u32(uint32_t v) {
    const uint8_t b[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                          static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
    raw(b, 4);
  }
};

struct Reader {
  std::string_view in;
  size_t pos = 0;
  bool ok = true;
  bool take(void* p, size_t n) {
    if (!ok || in.size() - pos < n) return ok = false;
    std::memcpy(p, in.data() + pos, n);
    pos += n;
    return true;
  }
  Id id() {
    Id i;
    take(i.bytes.data(), 16);
    return i;
  }
  template <size_t N>
  std::array<uint8_t, N> bytes() {
    std::array<uint8_t, N> a{};
    take(a.data(), N);
    return a;
  }
  uint16_t u16() {
    uint8_t b[2] = {};
    take(b, 2);
    return static_cast<uint16_t>(b[0] | (b[1] << 8));
  }
  uint32_t u32() {
    uint8_t b[4] = {};
    take(b, 4);
    return uint32_t{b[0]} | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
  }
  bool done() const { return ok && pos == in.size(); }
};

constexpr std::string_view kTranscriptMagic = "MUTUA-LAN-1";

std::string_view proof_label(Side side) {
  return side == Side::server ? "server proof" : "client proof";
}

Proof keyed_hash(const Key32& key, std::string_view label, std::string_view data) {
  Proof out{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), out.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(label.data()),
                            label.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

}  // namespace

std::string encode(const ClientHello& m) {
  Writer w;
  w.id(m.network);
  w.id(m.device);
  w.bytes(m.device_key);
  w.bytes(m.nonce);
  w.u16(static_cast<uint16_t>(std::min(m.key_ids.size(), kMaxHelloKeys)));
  for (size_t i = 0; i < m.key_ids.size() && i < kMaxHelloKeys; ++i) w.id(m.key_ids[i]);
  return w.out;
}

std::optional<ClientHello> decode_client_hello(std::string_view bytes) {
  Reader r{bytes};
  ClientHello m;
  m.network = r.id();
  m.device = r.id();
  m.device_key = r.bytes<32>();
  m.nonce = r.bytes<kNonceBytes>();
  const uint16_t n = r.u16();
  if (!r.ok || n == 0 || n > kMaxHelloKeys) return std::nullopt;
  for (uint16_t i = 0; i < n; ++i) m.key_ids.push_back(r.id());
  if (!r.done()) return std::nullopt;
  return m;
}

std::string encode(const ServerHello& m) {
  Writer w;
  w.id(m.handshake);
  w.id(m.device);
  w.bytes(m.device_key);
  w.bytes(m.nonce);
  w.id(m.key_id);
  w.bytes(m.proof);
  w.bytes(m.signature);
  return w.out;
}

std::optional<ServerHello> decode_server_hello(std::string_view bytes) {
  Reader r{bytes};
  ServerHello m;
  m.handshake = r.id();
  m.device = r.id();
  m.device_key = r.bytes<32>();
  m.nonce = r.bytes<kNonceBytes>();
  m.key_id = r.id();
  m.proof = r.bytes<kProofBytes>();
  m.signature = r.bytes<kSignatureBytes>();
  if (!r.done()) return std::nullopt;
  return m;
}

std::string encode(const ClientAuth& m) {
  Writer w;
  w.id(m.handshake);
  w.bytes(m.proof);
  w.bytes(m.signature);
  return w.out;
}

std::optional<ClientAuth> decode_client_auth(std::string_view bytes) {
  Reader r{bytes};
  ClientAuth m;
  m.handshake = r.id();
  m.proof = r.bytes<kProofBytes>();
  m.signature = r.bytes<kSignatureBytes>();
  if (!r.done()) return std::nullopt;
  return m;
}

std::string encode(const SessionGrant& m) {
  Writer w;
  w.id(m.session);
  w.u32(m.lifetime_s);
  return w.out;
}

std::optional<SessionGrant> decode_session_grant(std::string_view bytes) {
  Reader r{bytes};
  SessionGrant m;
  m.session = r.id();
  m.lifetime_s = r.u32();
  if (!r.done()) return std::nullopt;
  return m;
}

std::string transcript(const ClientHello& c, const ServerHello& s) {
  Writer w;
  w.raw(kTranscriptMagic.data(), kTranscriptMagic.size());
  w.id(c.network);
  w.id(c.device);
  w.bytes(c.device_key);
  w.bytes(c.nonce);
  w.id(s.device);
  w.bytes(s.device_key);
  w.bytes(s.nonce);
  w.id(s.key_id);
  return w.out;
}

Key32 auth_key(const Key32& network_key) {
  Key32 out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), 1, "MutuaLAN", network_key.data());
  return out;
}

Proof proof(const Key32& auth, Side side, std::string_view t) {
  return keyed_hash(auth, proof_label(side), t);
}

bool proof_valid(const Key32& auth, Side side, std::string_view t, const Proof& p) {
  const Proof want = proof(auth, side, t);
  return sodium_memcmp(want.data(), p.data(), p.size()) == 0;
}

std::string signed_message(Side side, std::string_view t) {
  std::string m = side == Side::server ? "MUTUA-LAN-1 server" : "MUTUA-LAN-1 client";
  m.append(t);
  return m;
}

Signature sign(Side side, std::string_view t, const std::array<uint8_t, 64>& secret) {
  const std::string m = signed_message(side, t);
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(m.data()),
                       m.size(), secret.data());
  return sig;
}

bool signature_valid(Side side, std::string_view t, const Signature& sig, const Key32& pk) {
  const std::string m = signed_message(side, t);
  return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), pk.data()) == 0;
}

Key32 session_key(const Key32& auth, std::string_view t) {
  return keyed_hash(auth, "session key", t);
}

std::string message_mac(const Key32& key, bool request, std::string_view path, int status,
                        std::string_view body) {
  Writer w;
  w.raw(request ? "request" : "answer", request ? 7 : 6);
  w.raw(path.data(), path.size());
  w.u32(static_cast<uint32_t>(status));
  Proof out{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), out.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(w.out.data()),
                            w.out.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_generichash_final(&st, out.data(), out.size());
  return to_hex(out.data(), out.size());
}

bool mac_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string error_body(int problem, std::string_view line) {
  return std::to_string(problem) + " " + std::string(line);
}

std::pair<int, std::string> parse_error_body(std::string_view body) {
  body = body.substr(0, 1000);
  size_t i = 0;
  int problem = 0;
  while (i < body.size() && i < 3 && body[i] >= '0' && body[i] <= '9')
    problem = problem * 10 + (body[i++] - '0');
  if (i == 0 || i >= body.size() || body[i] != ' ') return {0, std::string(body)};
  return {problem, std::string(body.substr(i + 1))};
}

std::string to_hex(const uint8_t* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace mutua::lan
