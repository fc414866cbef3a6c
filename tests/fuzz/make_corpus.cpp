// Writes the fuzz targets' seed corpora from devices of the fuzz network doing what volunteers
// do. Usage: fuzz_corpus BODY_DIR [BUNDLE_DIR JOIN_CODE_DIR]
//   BODY_DIR       genuine bundle bodies (decrypted and decompressed), for fuzz_body;
//   BUNDLE_DIR     the same bundles whole, as files on a stick, each checked to import into a
//                  fresh device of the network, for fuzz_bundle;
//   JOIN_CODE_DIR  join codes, for fuzz_join_code;
//   LAN_PROTOCOL_DIR, LAN_ANNOUNCE_DIR  the LAN handshake messages and announces, for
//                  fuzz_lan_protocol and fuzz_lan_announce.
#include <cctype>
#include <cstring>
#include <fstream>
#include <string>

#include "fuzz_network.hpp"
#include "sync/bundle.hpp"
#include "sync/codec.hpp"
#include "sync/key_ring.hpp"
#include "sync/lan.hpp"
#include "sync/lan_announce.hpp"
#include "sync/lan_protocol.hpp"

using namespace mutua;

namespace {

Entry entry(Kind kind, const std::string& item, const std::string& category) {
  Entry e;
  e.kind = kind;
  e.category = category;
  e.item = item;
  e.quantity = 4;
  e.unit = "kg";
  e.site = "Школа №3";
  e.contact_name = "Olena";
  e.contact_phone = "+380 67 123 4567";
  e.contact_consent = true;
  e.details = "ground floor\nring twice";
  return e;
}

std::string bundle_dir;  // empty: bodies only

void write_body(Store& from, const VersionVector& base, const std::string& path) {
  auto b = build_bundle(from.replica(), base);
  if (!b) fuzz::die(b.error());
  if (!bundle_dir.empty()) {
    // A genuine bundle imports: a whole one into a fresh device, an incremental one into a
    // device that already holds everything from the sender.
    auto fresh = fuzz::device();
    if (!base.empty()) {
      auto all = build_bundle(from.replica(), {});
      if (!all || !import_bundle(fresh->replica(), all->bytes))
        fuzz::die("cannot import the whole bundle");
    }
    auto in = import_bundle(fresh->replica(), b->bytes);
    if (!in) fuzz::die("a genuine bundle does not import: " + in.error());
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::ofstream(bundle_dir + "/" + name + ".mutua", std::ios::binary) << b->bytes;
  }
  auto o = open_bundle(from.replica(), b->bytes);
  if (!o) fuzz::die(o.error());
  std::ofstream(path, std::ios::binary) << o->plain;
}

// The same record created twice in one body, as a need and then as an offer with newer
// versions: what two devices importing one spreadsheet row send a third. Before fixed fields
// stopped merging, a device accepted this and then could not re-export it (issue 10).
std::string collision_body(const Id& creator) {
  Entry need = entry(Kind::need, "blankets", "shelter");
  need.id = Id::random();
  need.ticket = "AAA-001";
  need.created_at = 1'700'000'000'000;
  need.created_by = creator;
  need.status = Status::open;
  Entry offer = need;
  offer.kind = Kind::offer;
  offer.ticket = "ZZZ-001";
  offer.status = Status::available;
  BodyEncoder enc;
  uint64_t seq = 1;
  for (const Entry* e : {&need, &offer}) {
    Row r = entry_to_row(*e);
    r.stamps.assign(r.fields.size(), Stamp{hlc_make(1'700'000'000'000 + seq, 0), creator, seq, 0});
    ++seq;
    enc.add(r, (uint64_t{1} << r.fields.size()) - 1);
  }
  return enc.finish();
}

}  // namespace

void write_join_codes(const std::string& dir) {
  std::ofstream(dir + "/fuzz-relief", std::ios::binary) << encode_join_code(fuzz::network());
  Network n = fuzz::network();
  n.name =
      "\xD0\xA8\xD0\xBA\xD0\xBE\xD0\xBB\xD0\xB0 \xE2\x84\x96"
      "3";  // "Школа №3"
  n.id = derive_network_id(n.key);
  std::ofstream(dir + "/cyrillic-name", std::ios::binary) << encode_join_code(n);
  n.name = std::string(64, 'R');
  std::ofstream(dir + "/longest-name", std::ios::binary) << encode_join_code(n);
  // As people copy it: lower case, spaces instead of dashes, a newline at the end.
  std::string typed = encode_join_code(fuzz::network());
  for (char& c : typed)
    c = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::ofstream(dir + "/typed-by-hand", std::ios::binary) << typed << "\n";
  // Version 3 carries the network's creation day (docs/bundle-format.md, "Network creation day").
  Network dated = fuzz::network();
  dated.created_day = 20789;  // 2026-12-02
  std::ofstream(dir + "/version-3-with-day", std::ios::binary) << encode_join_code(dated);
}

namespace {

void write_seed(const std::string& path, char which, const std::string& body) {
  std::ofstream(path, std::ios::binary) << which << body;
}

}  // namespace

// The LAN handshake between two devices of the fuzz network as it goes over the wire, each
// message behind the byte that picks it in fuzz_lan_protocol.
void write_lan_protocol(const std::string& dir) {
  auto a = fuzz::device(), b = fuzz::device();
  const SigningKeys ka = device_keys(a->replica()), kb = device_keys(b->replica());
  lan::ClientHello hello;
  hello.network = fuzz::network().id;
  hello.device = a->replica().device_id();
  hello.device_key = ka.public_key;
  for (size_t i = 0; i < hello.nonce.size(); ++i) hello.nonce[i] = static_cast<uint8_t>(i * 3);
  for (const auto& k : load_ring(a->replica())) hello.key_ids.push_back(k.id());
  if (hello.key_ids.empty()) fuzz::die("the fuzz network has no key");
  lan::ServerHello server;
  server.handshake = Id::random();
  server.device = b->replica().device_id();
  server.device_key = kb.public_key;
  for (size_t i = 0; i < server.nonce.size(); ++i) server.nonce[i] = static_cast<uint8_t>(i * 5);
  server.key_id = hello.key_ids.front();
  const std::string t = lan::transcript(hello, server);
  const lan::Key32 auth = lan::auth_key(fuzz::network().key);
  server.proof = lan::proof(auth, lan::Side::server, t);
  server.signature = lan::sign(lan::Side::server, t, kb.secret_key);
  lan::ClientAuth client_auth;
  client_auth.handshake = server.handshake;
  client_auth.proof = lan::proof(auth, lan::Side::client, t);
  client_auth.signature = lan::sign(lan::Side::client, t, ka.secret_key);
  lan::SessionGrant grant;
  grant.session = Id::random();
  grant.lifetime_s = 300;
  write_seed(dir + "/hello", 0, lan::encode(hello));
  lan::ClientHello many = hello;
  while (many.key_ids.size() < lan::kMaxHelloKeys) many.key_ids.push_back(Id::random());
  write_seed(dir + "/hello-64-keys", 0, lan::encode(many));
  write_seed(dir + "/hello-answer", 1, lan::encode(server));
  write_seed(dir + "/auth", 2, lan::encode(client_auth));
  write_seed(dir + "/session-grant", 3, lan::encode(grant));
  write_seed(dir + "/error-other-network", 4,
             lan::error_body(4, "this device is in another network"));
  write_seed(dir + "/error-missing-key", 4, lan::error_body(15, "no network key in common"));
  write_seed(dir + "/error-no-code", 4, "refused");
  (void)a->entries().add(entry(Kind::need, "rice", "food"));
  write_seed(dir + "/vector", 5, encode_vector(a->replica().version_vector()));
  write_seed(dir + "/vector-empty", 5, encode_vector({}));
  write_seed(dir + "/session-header", 6, grant.session.hex());
}

// Announces of a device of the fuzz network: sealed datagrams (even first byte) and plain
// fields (odd first byte), as fuzz_lan_announce reads them.
void write_lan_announces(const std::string& dir) {
  auto a = fuzz::device();
  Announce an;
  an.device = a->replica().device_id();
  an.http_port = kLanPort;
  an.generation = 0;
  an.timestamp_ms = 1'764'633'600'000;  // 2025-12-02
  const AnnounceKey key = derive_announce_key(fuzz::network().key);
  write_seed(dir + "/sealed", 0, seal_announce(an, key));
  an.http_port = 40'001;
  an.generation = 3;
  write_seed(dir + "/sealed-generation-3", 0, seal_announce(an, key));
  std::string plain(kAnnouncePlainSize, '\0');
  std::memcpy(plain.data(), an.device.bytes.data(), 16);
  plain[16] = static_cast<char>(kLanPort & 0xFF);
  plain[17] = static_cast<char>(kLanPort >> 8);
  write_seed(dir + "/plain", 1, plain);
  write_seed(dir + "/plain-older-key", 3, plain);
  write_seed(dir + "/garbage-header", 0, std::string("MTUA\x02") + std::string(70, 'x'));
}

int main(int argc, char** argv) {
  if (argc != 2 && argc != 4 && argc != 6)
    fuzz::die(
        "usage: fuzz_corpus BODY_DIR [BUNDLE_DIR JOIN_CODE_DIR [LAN_PROTOCOL_DIR "
        "LAN_ANNOUNCE_DIR]]");
  const std::string dir = argv[1];
  if (argc >= 4) {
    bundle_dir = argv[2];
    write_join_codes(argv[3]);
  }
  if (argc == 6) {
    write_lan_protocol(argv[4]);
    write_lan_announces(argv[5]);
  }
  auto a = fuzz::device(), b = fuzz::device();
  auto need = a->entries().add(entry(Kind::need, "rice", "food"));
  auto offer = a->entries().add(entry(Kind::offer, "bottled water", "water"));
  if (!need || !offer) fuzz::die("cannot add entries");
  write_body(*a, {}, dir + "/entries");
  auto m = a->matches().add(need->id, offer->id, 2, MatchStatus::confirmed);
  if (!m) fuzz::die(m.error());
  auto h = a->matches().add_handover(m->id, 1);
  if (!h) fuzz::die(h.error());
  const auto before = a->replica().version_vector();
  Entry edit = *a->entries().get(need->id);
  edit.item = "brown rice";
  edit.quantity = 6;
  (void)a->entries().update(edit);
  (void)a->entries().set_status(offer->id, Status::withdrawn);
  write_body(*a, {}, dir + "/matches-handovers");
  write_body(*a, before, dir + "/incremental");
  auto imp = import_bundle(b->replica(), build_bundle(a->replica(), {})->bytes);
  if (!imp) fuzz::die(imp.error());
  (void)b->entries().add(entry(Kind::need, "nappies", "baby"));
  (void)b->entries().purge_contacts(0);
  write_body(*b, {}, dir + "/relay-and-purge");
  std::ofstream(dir + "/same-id-need-then-offer", std::ios::binary)
      << collision_body(b->replica().device_id());
  // One spreadsheet row imported on two devices, each sending to the other: A's body then
  // carries the losing write's digest (table 10, docs/bundle-format.md, "Lost creations").
  auto c = fuzz::device();
  Entry row = entry(Kind::need, "tarpaulin", "shelter");
  row.id = Id::random();
  row.created_at = row.updated_at = 1'700'000'000'000;
  row.status = Status::open;
  Entry other = row;
  other.kind = Kind::offer;
  other.status = Status::available;
  other.created_at = other.updated_at = 1'700'000'005'000;
  if (!a->entries().import({row}) || !c->entries().import({other}))
    fuzz::die("cannot import the spreadsheet row");
  for (auto [from, to] : {std::pair{c.get(), a.get()}, std::pair{a.get(), c.get()}})
    if (!import_bundle(to->replica(), build_bundle(from->replica(), {})->bytes))
      fuzz::die("cannot exchange the spreadsheet row");
  write_body(*a, {}, dir + "/lost-creation");
  return 0;
}
