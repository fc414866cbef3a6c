#pragma once
// The LAN wire protocol, version 1: the messages of the handshake and the proofs over them. Every
// byte is given in docs/lan-protocol.md (a forever contract). The server (sync/lan_server.*) and
// the client (sync/lan_client.*) share this; neither has a second copy of a layout.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"

namespace mutua::lan {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::string_view kPathPrefix = "/mutua/lan/1/";
inline constexpr std::string_view kVersionsPath = "/mutua/lan/versions";
inline constexpr std::string_view kHelloPath = "/mutua/lan/1/hello";
inline constexpr std::string_view kAuthPath = "/mutua/lan/1/auth";
inline constexpr std::string_view kPullPath = "/mutua/lan/1/pull";
inline constexpr std::string_view kPushPath = "/mutua/lan/1/push";
inline constexpr std::string_view kSessionHeader = "Mutua-Session";
inline constexpr std::string_view kMacHeader = "Mutua-Mac";
inline constexpr size_t kMaxHelloKeys = 64;
inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kProofBytes = 32;
inline constexpr size_t kSignatureBytes = 64;

using Key32 = std::array<uint8_t, 32>;
using Nonce = std::array<uint8_t, kNonceBytes>;
using Proof = std::array<uint8_t, kProofBytes>;
using Signature = std::array<uint8_t, kSignatureBytes>;

// POST hello: what the client says first.
struct ClientHello {
  Id network;
  Id device;
  Key32 device_key{};  // the client's Ed25519 public key
  Nonce nonce{};
  std::vector<Id> key_ids;  // network keys the client holds, newest first (1..kMaxHelloKeys)
};
std::string encode(const ClientHello& m);
std::optional<ClientHello> decode_client_hello(std::string_view bytes);

// The answer to hello: the server's identity, its nonce, the key both use, its proofs.
struct ServerHello {
  Id handshake;  // names this handshake in auth
  Id device;
  Key32 device_key{};
  Nonce nonce{};
  Id key_id;  // the network key chosen: the newest the client listed that the server holds
  Proof proof{};
  Signature signature{};
};
std::string encode(const ServerHello& m);
std::optional<ServerHello> decode_server_hello(std::string_view bytes);

// POST auth: the client's proofs.
struct ClientAuth {
  Id handshake;
  Proof proof{};
  Signature signature{};
};
std::string encode(const ClientAuth& m);
std::optional<ClientAuth> decode_client_auth(std::string_view bytes);

// The answer to auth: the session that authorises pull and push.
struct SessionGrant {
  Id session;
  uint32_t lifetime_s = 0;
};
std::string encode(const SessionGrant& m);
std::optional<SessionGrant> decode_session_grant(std::string_view bytes);

// "MUTUA-LAN-1" || network || client device || client key || client nonce || server device ||
// server key || server nonce || key id.
std::string transcript(const ClientHello& c, const ServerHello& s);

enum class Side : uint8_t { client, server };
// crypto_kdf subkey 1, context "MutuaLAN", of the network key.
Key32 auth_key(const Key32& network_key);
// BLAKE2b-256 keyed with the auth key over the side's label ("server proof" / "client proof")
// and the transcript.
Proof proof(const Key32& auth, Side side, std::string_view transcript);
bool proof_valid(const Key32& auth, Side side, std::string_view transcript, const Proof& p);
// Ed25519 over "MUTUA-LAN-1 server" / "MUTUA-LAN-1 client" || transcript.
std::string signed_message(Side side, std::string_view transcript);
Signature sign(Side side, std::string_view transcript, const std::array<uint8_t, 64>& secret);
bool signature_valid(Side side, std::string_view transcript, const Signature& sig,
                     const Key32& public_key);
// BLAKE2b-256 keyed with the auth key over "session key" || transcript.
Key32 session_key(const Key32& auth, std::string_view transcript);
// The MAC of a request or an answer in a session: BLAKE2b-256 keyed with the session key over
// "request" or "answer" || path || u32 LE status (0 for a request) || body; 64 lowercase hex.
std::string message_mac(const Key32& session_key, bool request, std::string_view path, int status,
                        std::string_view body);
bool mac_equal(std::string_view a, std::string_view b);

// An error answer's body: "<problem number> <line>" (SyncProblem, docs/lan-protocol.md).
std::string error_body(int problem, std::string_view line);
// The problem and the line of an error body; problem 0 when it has none.
std::pair<int, std::string> parse_error_body(std::string_view body);

std::string to_hex(const uint8_t* data, size_t n);

}  // namespace mutua::lan
