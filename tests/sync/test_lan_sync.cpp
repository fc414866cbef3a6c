// The LAN transport in one process (issue 12): a LanServer on 127.0.0.1, port 0, and lan_sync
// against it. Loopback only; every loop is bounded.
#include <doctest/doctest.h>
#include <httplib.h>

#include "core/revocation.hpp"
#include "support/loopback_lan.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/key_ring.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_peers.hpp"
#include "sync/lan_protocol.hpp"
#include "sync/lan_server.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

std::unique_ptr<LanServer> serve(const std::string& path) {
  auto s = LanServer::start(path, loopback());
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  REQUIRE((*s)->port() != 0);
  return std::move(*s);
}

LanAddress at_port(uint16_t port) {
  return LanAddress{"127.0.0.1", port};
}

// A fresh connection's view of a database file (the server wrote through its own).
std::unique_ptr<Store> reopen(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE(s.ok());
  return std::move(*s);
}

std::string hash_of(const std::string& path) {
  return reopen(path)->replica().content_hash();
}

void add(Store& s, const std::string& item) {
  REQUIRE(s.entries().add(make_entry(Kind::need, item)).ok());
}

LanExchange sync_ok(Store& s, uint16_t port) {
  SyncFailure why;
  auto r = lan_sync(s.replica(), at_port(port), &why);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(why.problem == SyncProblem::none);
  return *r;
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("two devices converge both ways over the LAN, and each states what the other holds") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store &hub = *net[0]->store, &tablet = *net[1]->store;
  for (int i = 0; i < 5; ++i) add(hub, "rice " + std::to_string(i));
  for (int i = 0; i < 3; ++i) add(tablet, "beans " + std::to_string(i));
  const std::string hub_path = dir.file("device0.db"), tablet_path = dir.file("device1.db");
  CHECK(hash_of(hub_path) != hash_of(tablet_path));

  auto server = serve(hub_path);
  auto e = sync_ok(tablet, server->port());
  CHECK(e.peer == hub.replica().device_id());
  CHECK(e.received.new_entries == 5);
  CHECK(e.sent_records > 0);
  CHECK(e.peer_behind == 0);
  CHECK(e.peer_holds == tablet.replica().version_vector());
  CHECK(has(lan_exchange_line(e), "5 new, 0 updated (needs and offers), 0 conflicts; sent "));
  CHECK(has(lan_exchange_line(e), "is up to date."));
  server->stop();
  CHECK(hash_of(hub_path) == hash_of(tablet_path));

  // Both sides keep a record of the peer, and the sync log names the LAN.
  auto states = lan_peer_states(tablet.replica());
  REQUIRE(states.size() == 1);
  CHECK(states[0].device == hub.replica().device_id());
  CHECK(states[0].address == at_port(server->port()));
  CHECK(states[0].behind == 0);
  CHECK(states[0].last_exchange > 0);
  CHECK(states[0].last_failure.problem == SyncProblem::none);
  auto hub_view = reopen(hub_path);
  auto hub_states = lan_peer_states(hub_view->replica());
  REQUIRE(hub_states.size() == 1);
  CHECK(hub_states[0].device == tablet.replica().device_id());
  CHECK(hub_view->replica().peer(tablet.replica().device_id())->vector ==
        tablet.replica().version_vector());
  auto log = tablet.replica().sync_log(5);
  REQUIRE(!log.empty());
  CHECK(log[0].source == "lan " + at_port(server->port()).text());
}

TEST_CASE("after a change, an exchange carries only the change") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store &hub = *net[0]->store, &tablet = *net[1]->store;
  for (int i = 0; i < 200; ++i) add(tablet, "tins " + std::to_string(i));
  auto server = serve(dir.file("device0.db"));
  auto first = sync_ok(tablet, server->port());
  CHECK(first.sent_records > 200);

  add(tablet, "one more");
  auto second = sync_ok(tablet, server->port());
  CHECK(second.sent_records > 0);
  CHECK(second.sent_records <= 3);  // the entry and its history event
  CHECK(second.received.added + second.received.updated == 0);
  CHECK(second.peer_behind == 0);

  // Nothing changed: nothing is sent.
  auto third = sync_ok(tablet, server->port());
  CHECK(third.sent_records == 0);
  CHECK(third.received.added == 0);
  (void)hub;
}

TEST_CASE("a device of another network is refused before any data moves") {
  TempDir dir;
  auto net = make_network(1, dir.path().string());
  add(*net[0]->store, "rice");
  auto other = make_network(1, dir.file("other"), "Riverside Relief");  // same name, other key
  add(*other[0]->store, "stranger's need");
  const std::string hub_path = dir.file("device0.db");
  const std::string before = hash_of(hub_path);
  const std::string other_before = other[0]->store->replica().content_hash();
  auto server = serve(hub_path);

  SyncFailure why;
  auto r = lan_sync(other[0]->store->replica(), at_port(server->port()), &why);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::other_network);
  CHECK_MESSAGE(has(r.error(), "another network"), r.error());
  server->stop();
  CHECK(hash_of(hub_path) == before);
  CHECK(other[0]->store->replica().content_hash() == other_before);
  CHECK(lan_peer_states(reopen(hub_path)->replica()).empty());
}

TEST_CASE("a device whose key is not the one pinned for it is refused, and nothing changes") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store& tablet = *net[1]->store;
  const std::string hub_path = dir.file("device0.db");
  auto server = serve(hub_path);
  sync_ok(tablet, server->port());  // the hub now knows the tablet's key

  // Someone with the tablet's id and the network key, but another signing key.
  tablet.replica().secret_set("sign_pk", "forged");
  add(tablet, "from the impostor");
  const std::string before = hash_of(hub_path);
  SyncFailure why;
  auto r = lan_sync(tablet.replica(), at_port(server->port()), &why);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::wrong_key);
  CHECK_MESSAGE(has(r.error(), "is not the key device"), r.error());
  server->stop();
  CHECK(hash_of(hub_path) == before);
}

TEST_CASE("a revoked device is refused; a device on an older key generation catches up") {
  TempDir dir;
  auto net = make_network(3, dir.path().string());
  Store &hub = *net[0]->store, &tablet = *net[1]->store, &lost = *net[2]->store;
  const std::string hub_path = dir.file("device0.db");
  {
    auto server = serve(hub_path);
    sync_ok(tablet, server->port());
    sync_ok(lost, server->port());
    sync_ok(tablet, server->port());  // the tablet hears of the lost device through the hub
  }
  // The hub revokes the lost device: the network key changes, sealed to the tablet.
  auto hub_store = reopen(hub_path);
  auto revoked =
      revoke_device(*hub_store, lost.replica().device_id(), true, rekey_after_revocation);
  REQUIRE_MESSAGE(revoked.ok(), (revoked.ok() ? "" : revoked.error()));
  REQUIRE(load_network(hub_store->replica())->generation == 1);
  add(*hub_store, "after the revocation");
  hub_store.reset();
  (void)hub;

  auto server = serve(hub_path);
  SyncFailure why;
  auto r = lan_sync(lost.replica(), at_port(server->port()), &why);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::revoked_device);
  CHECK_MESSAGE(has(r.error(), "revoked"), r.error());

  // The tablet still holds only the genesis key: it syncs, and learns the new one.
  REQUIRE(load_network(tablet.replica())->generation == 0);
  auto e = sync_ok(tablet, server->port());
  CHECK(e.received.new_entries == 1);
  CHECK(load_network(tablet.replica())->generation == 1);
  server->stop();
  CHECK(hash_of(hub_path) == tablet.replica().content_hash());
}

namespace {

// A hand-made client for the protocol's edges: the handshake, then raw requests.
struct RawSession {
  httplib::Client http;
  Id session;
  lan::Key32 key{};

  RawSession(Store& device, uint16_t port) : http("127.0.0.1", port) {
    http.set_read_timeout(std::chrono::seconds(10));
    Replica& r = device.replica();
    auto network = load_network(r);
    REQUIRE(network);
    const SigningKeys keys = device_keys(r);
    lan::ClientHello hello;
    hello.network = network->id;
    hello.device = r.device_id();
    hello.device_key = keys.public_key;
    random_bytes(hello.nonce.data(), hello.nonce.size());
    const auto ring = load_ring(r);
    for (const auto& k : ring) hello.key_ids.push_back(k.id());
    auto res =
        http.Post(std::string(lan::kHelloPath), lan::encode(hello), "application/octet-stream");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto server = lan::decode_server_hello(res->body);
    REQUIRE(server);
    const std::string t = lan::transcript(hello, *server);
    const lan::Key32 auth = lan::auth_key(find_key(ring, server->key_id)->key);
    lan::ClientAuth a;
    a.handshake = server->handshake;
    a.proof = lan::proof(auth, lan::Side::client, t);
    a.signature = lan::sign(lan::Side::client, t, keys.secret_key);
    res = http.Post(std::string(lan::kAuthPath), lan::encode(a), "application/octet-stream");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto grant = lan::decode_session_grant(res->body);
    REQUIRE(grant);
    session = grant->session;
    key = lan::session_key(auth, t);
  }

  httplib::Result post(std::string_view path, const std::string& body) {
    httplib::Headers h{{std::string(lan::kSessionHeader), session.hex()},
                       {std::string(lan::kMacHeader), lan::message_mac(key, true, path, 0, body)}};
    return http.Post(std::string(path), h, body, "application/octet-stream");
  }
};

}  // namespace

TEST_CASE("a replayed request changes nothing, and a request without a valid session is refused") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store& tablet = *net[1]->store;
  add(tablet, "rice");
  const std::string hub_path = dir.file("device0.db");
  auto server = serve(hub_path);
  const std::string before = hash_of(hub_path);

  // Without a session, with a made-up one, or with a bad MAC: refused, nothing read or written.
  httplib::Client bare("127.0.0.1", server->port());
  auto res = bare.Post(std::string(lan::kPullPath), encode_vector({}), "application/octet-stream");
  REQUIRE(res);
  CHECK(res->status == 401);
  httplib::Headers forged{{std::string(lan::kSessionHeader), Id::random().hex()},
                          {std::string(lan::kMacHeader), std::string(64, '0')}};
  res = bare.Post(std::string(lan::kPushPath), forged, "x", "application/octet-stream");
  REQUIRE(res);
  CHECK(res->status == 401);

  RawSession s(tablet, server->port());
  {
    httplib::Headers bad_mac{{std::string(lan::kSessionHeader), s.session.hex()},
                             {std::string(lan::kMacHeader), std::string(64, 'a')}};
    res = s.http.Post(std::string(lan::kPullPath), bad_mac, encode_vector({}),
                      "application/octet-stream");
    REQUIRE(res);
    CHECK(res->status == 401);
  }
  CHECK(hash_of(hub_path) == before);

  // A genuine exchange, then the same push again.
  res = s.post(lan::kPullPath, encode_vector(tablet.replica().version_vector()));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto header = read_bundle_header(res->body);
  REQUIRE(header.ok());
  auto bundle = build_bundle(tablet.replica(), header->covers);
  REQUIRE(bundle.ok());
  res = s.post(lan::kPushPath, bundle->bytes);
  REQUIRE(res);
  CHECK(res->status == 200);
  const std::string after = hash_of(hub_path);
  CHECK(after != before);
  const size_t log_rows = reopen(hub_path)->replica().sync_log(100).size();

  res = s.post(lan::kPushPath, bundle->bytes);  // replayed
  REQUIRE(res);
  CHECK(res->status == 401);
  res = s.post(lan::kPullPath, encode_vector({}));  // the session is over
  REQUIRE(res);
  CHECK(res->status == 401);
  CHECK(hash_of(hub_path) == after);
  CHECK(reopen(hub_path)->replica().sync_log(100).size() == log_rows);
}

TEST_CASE("an unreachable peer fails with one line and a record of the attempt") {
  TempDir dir;
  auto net = make_network(1, dir.path().string());
  uint16_t port = 0;
  {
    auto server = serve(dir.file("device0.db"));
    port = server->port();
  }  // stopped: nothing listens there now
  SyncFailure why;
  LanClientLimits quick;
  quick.connect_timeout_ms = 1000;
  auto r = lan_sync(net[0]->store->replica(), at_port(port), &why, quick);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::unreachable);
  CHECK_MESSAGE(has(r.error(), "127.0.0.1:" + std::to_string(port) + ": could not reach it: "),
                r.error());
  auto log = net[0]->store->replica().sync_log(1);
  REQUIRE(log.size() == 1);
  CHECK(log[0].error == r.error());
  CHECK(log[0].problem == 16);  // the stored number: never renumbered
  CHECK(is_lan_source(log[0].source));
}

TEST_CASE("a LAN row stored before 'unreachable' existed (cannot_read) reads as unreachable") {
  TempDir dir;
  auto net = make_network(1, dir.path().string());
  Replica& r = net[0]->store->replica();
  Replica::LanPeerRecord old;
  old.device = Id::random();
  old.name = "Kiosk";
  old.host = "127.0.0.1";
  old.port = 47147;
  old.last_attempt = 5;
  old.problem = 10;  // what versions before code 16 stored for a peer that did not answer
  r.save_lan_peer_record(old);
  auto states = lan_peer_states(r);
  REQUIRE(states.size() == 1);
  CHECK(states[0].last_failure.problem == SyncProblem::unreachable);
  // Other codes read as they were stored.
  CHECK(lan_stored_failure(4, "Hill Camp").problem == SyncProblem::other_network);
  CHECK(lan_stored_failure(16, "").problem == SyncProblem::unreachable);
  CHECK(lan_stored_failure(0, "").problem == SyncProblem::none);
  CHECK(is_lan_source("lan 127.0.0.1:47147"));
  CHECK_FALSE(is_lan_source("usb /media/stick"));
}

TEST_CASE("the server stops in bounded time with a connection left open") {
  TempDir dir;
  auto net = make_network(1, dir.path().string());
  auto server = serve(dir.file("device0.db"));
  httplib::Client idle("127.0.0.1", server->port());
  idle.set_keep_alive(true);
  auto res = idle.Get(std::string(lan::kVersionsPath));
  REQUIRE(res);
  CHECK(res->body == "1\n");
  const auto start = std::chrono::steady_clock::now();
  server->stop();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a server whose key is not the one pinned for it is refused by the client") {
  TempDir dir;
  auto net = make_network(2, dir.path().string());
  Store& tablet = *net[1]->store;
  const std::string hub_path = dir.file("device0.db");
  {
    auto server = serve(hub_path);
    sync_ok(tablet, server->port());  // the tablet now knows the hub's key
  }
  {
    auto hub = reopen(hub_path);  // the hub's id and the network key, another signing key
    hub->replica().secret_set("sign_pk", "forged");
    add(*hub, "from the impostor");
  }
  const std::string before = tablet.replica().content_hash();
  auto server = serve(hub_path);
  SyncFailure why;
  auto r = lan_sync(tablet.replica(), at_port(server->port()), &why);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::wrong_key);
  CHECK_MESSAGE(has(r.error(), "does not hold that device's key"), r.error());
  CHECK(tablet.replica().content_hash() == before);
  auto states = lan_peer_states(tablet.replica());
  REQUIRE(states.size() == 1);
  CHECK(states[0].last_failure.problem == SyncProblem::wrong_key);
  CHECK(states[0].last_attempt >= states[0].last_exchange);
}
