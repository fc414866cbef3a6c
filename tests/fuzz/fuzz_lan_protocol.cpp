// libFuzzer target on the LAN handshake as a server or a client reads it off the wire
// (sync/lan_protocol.hpp, docs/lan-protocol.md): the first byte picks the message, the rest is
// its body. No I/O: only the decoders, and the checks each side makes of what decoded.
//   0 hello (server reads)        1 hello answer (client reads)   2 auth (server reads)
//   3 session grant (client)      4 error body (client)           5 version vector (pull
//   request, push answer)         6 session header (server)
// Any bytes give an answer, never a crash. A message that decodes re-encodes to the very same
// bytes (the layouts are fixed: one encoding each); a vector re-encodes to one that decodes to
// it; an error body's problem and line survive being written again.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_network.hpp"
#include "sync/lan.hpp"
#include "sync/lan_protocol.hpp"

using namespace mutua;

namespace {

template <typename M>
void same_bytes(const std::optional<M>& m, std::string_view body, const char* what) {
  if (!m) return;
  if (lan::encode(*m) != body)
    fuzz::die(std::string("a decoded ") + what + " re-encodes to other bytes");
}

// What both sides do with a hello and its answer once decoded: the transcript, proofs, a
// signature check (never valid for bytes nobody signed with a real key, but it must not crash).
void handshake_checks(const lan::ClientHello& c, const lan::ServerHello& s) {
  const std::string t = lan::transcript(c, s);
  lan::Key32 network_key{};
  for (size_t i = 0; i < network_key.size(); ++i) network_key[i] = fuzz::network().key[i];
  const lan::Key32 auth = lan::auth_key(network_key);
  if (!lan::proof_valid(auth, lan::Side::server, t, lan::proof(auth, lan::Side::server, t)))
    fuzz::die("a proof made here does not check");
  (void)lan::proof_valid(auth, lan::Side::client, t, s.proof);
  (void)lan::signature_valid(lan::Side::server, t, s.signature, s.device_key);
  (void)lan::session_key(auth, t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t which = data[0] % 7;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (which) {
    case 0: {
      auto m = lan::decode_client_hello(body);
      same_bytes(m, body, "hello");
      if (m) {
        if (m->key_ids.empty() || m->key_ids.size() > lan::kMaxHelloKeys)
          fuzz::die("a hello with no key, or too many, decoded");
        lan::ServerHello s;
        s.key_id = m->key_ids.front();
        handshake_checks(*m, s);
      }
      break;
    }
    case 1: {
      auto m = lan::decode_server_hello(body);
      same_bytes(m, body, "hello answer");
      if (m) {
        lan::ClientHello c;
        c.key_ids.push_back(m->key_id);
        handshake_checks(c, *m);
      }
      break;
    }
    case 2:
      same_bytes(lan::decode_client_auth(body), body, "auth");
      break;
    case 3:
      same_bytes(lan::decode_session_grant(body), body, "session grant");
      break;
    case 4: {
      auto [problem, line] = lan::parse_error_body(body);
      if (problem < 0 || problem > 999) fuzz::die("an error body gave a problem out of range");
      if (line.size() > 1000) fuzz::die("an error body's line is not bounded");
      // Without a code the line is the body itself (cut at 1000 bytes); with one, less of it.
      const bool coded = line != body.substr(0, 1000);
      if (coded) {
        auto again = lan::parse_error_body(lan::error_body(problem, line));
        if (again.first != problem || again.second != line)
          fuzz::die("an error body does not survive being written again");
      }
      break;
    }
    case 5: {
      auto v = decode_vector(body);
      if (!v) break;
      auto back = decode_vector(encode_vector(*v));
      if (!back || *back != *v) fuzz::die("a decoded vector re-encodes to another");
      // What the client computes of a push answer: how far behind it is (no overflow, bounded).
      VersionVector own{{fuzz::network().id, 5}};
      (void)changes_behind(*v, own);
      (void)changes_behind(own, *v);
      break;
    }
    case 6: {
      auto id = Id::from_hex(body);
      if (id && Id::from_hex(id->hex()) != id) fuzz::die("a session id does not survive hex");
      (void)lan::mac_equal(body, body);
      break;
    }
  }
  return 0;
}
