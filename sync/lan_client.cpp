// The LAN client (docs/lan-protocol.md).
#include "sync/lan_client.hpp"

#include <httplib.h>

#include <algorithm>

#include "core/plural.hpp"
#include "sync/key_ring.hpp"
#include "sync/lan_peers.hpp"
#include "sync/lan_protocol.hpp"
#include "sync/network.hpp"
#include "sync/sync_words.hpp"

namespace mutua {
namespace {

std::string http_error_words(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection:
      return "nothing answers there (is Mutua serving on that device and port?)";
    case httplib::Error::ConnectionTimeout:
      return "no answer in time (is the address right?)";
    case httplib::Error::Read:
      return "the connection broke while reading";
    case httplib::Error::Write:
      return "the connection broke while sending";
    default:
      return "the connection failed (" + httplib::to_string(e) + ")";
  }
}

class Exchange {
 public:
  Exchange(Replica& store, const LanAddress& address, SyncFailure& why,
           const LanClientLimits& limits)
      : store_(store), address_(address), why_(why), cli_(address.host, address.port) {
    using std::chrono::milliseconds;
    cli_.set_connection_timeout(milliseconds(limits.connect_timeout_ms));
    cli_.set_read_timeout(milliseconds(limits.read_timeout_ms));
    cli_.set_write_timeout(milliseconds(limits.write_timeout_ms));
    cli_.set_keep_alive(true);
    cli_.set_tcp_nodelay(true);
  }

  Result<LanExchange> run();
  const std::optional<Id>& peer() const { return peer_; }
  const std::optional<Id>& claimed() const { return claimed_; }

 private:
  Result<Ok> refuse(SyncProblem problem, std::string line, std::string detail = {}) {
    why_ = SyncFailure{problem, std::move(detail)};
    return fail(address_.text() + ": " + line);
  }
  // POSTs `body`; the answer's body when it is 200, else the refusal in `why_`.
  Result<std::string> post(std::string_view path, const std::string& body, bool session);

  Replica& store_;
  LanAddress address_;
  SyncFailure& why_;
  httplib::Client cli_;
  std::optional<Id> peer_, claimed_;
  Id session_;
  lan::Key32 session_key_{};
};

Result<std::string> Exchange::post(std::string_view path, const std::string& body, bool session) {
  httplib::Headers headers;
  if (session) {
    headers.emplace(std::string(lan::kSessionHeader), session_.hex());
    headers.emplace(std::string(lan::kMacHeader),
                    lan::message_mac(session_key_, true, path, 0, body));
  }
  auto res = cli_.Post(std::string(path), headers, body, "application/octet-stream");
  if (!res) {
    auto r =
        refuse(SyncProblem::unreachable, "could not reach it: " + http_error_words(res.error()));
    return r.error_value();
  }
  if (res->status == 404) {
    auto r = refuse(SyncProblem::newer_format,
                    "that device does not speak LAN protocol 1 (a different Mutua version?)", "1");
    return r.error_value();
  }
  if (res->status != 200) {
    auto [problem, line] = lan::parse_error_body(res->body);
    if (line.empty()) line = "refused (HTTP " + std::to_string(res->status) + ")";
    const std::string detail = peer_ && (problem == static_cast<int>(SyncProblem::wrong_key) ||
                                         problem == static_cast<int>(SyncProblem::forged_key))
                                   ? sync_words::device_word(store_, store_.device_id())
                               : problem == static_cast<int>(SyncProblem::revoked_device)
                                   ? sync_words::device_word(store_, store_.device_id())
                                   : std::string();
    auto r = refuse(
        problem > 0 && problem < 64 ? static_cast<SyncProblem>(problem) : SyncProblem::cannot_read,
        "refused: " + line, detail);
    return r.error_value();
  }
  if (session && !lan::mac_equal(res->get_header_value(std::string(lan::kMacHeader)),
                                 lan::message_mac(session_key_, false, path, 200, res->body))) {
    auto r = refuse(SyncProblem::damaged, "an answer came without this session's proof");
    return r.error_value();
  }
  return std::move(res->body);
}

Result<LanExchange> Exchange::run() {
  auto network = load_network(store_);
  if (!network) {
    why_ = SyncFailure{SyncProblem::no_network, {}};
    return fail("this device is not in a network yet; run 'mutua network join CODE'");
  }
  const SigningKeys keys = device_keys(store_);

  // 1. hello: who we are, a fresh nonce, the network keys we hold (newest first).
  lan::ClientHello hello;
  hello.network = network->id;
  hello.device = store_.device_id();
  hello.device_key = keys.public_key;
  random_bytes(hello.nonce.data(), hello.nonce.size());
  auto ring = load_ring(store_);
  std::sort(ring.begin(), ring.end(),
            [](const RingKey& a, const RingKey& b) { return a.generation > b.generation; });
  for (const auto& k : ring)
    if (hello.key_ids.size() < lan::kMaxHelloKeys) hello.key_ids.push_back(k.id());
  if (hello.key_ids.empty()) {
    why_ = SyncFailure{SyncProblem::no_network, {}};
    return fail("this device holds no network key");
  }
  auto hello_answer = post(lan::kHelloPath, lan::encode(hello), false);
  if (!hello_answer) return hello_answer.error_value();
  auto server = lan::decode_server_hello(*hello_answer);
  if (!server) return fail(refuse(SyncProblem::damaged, "not a Mutua hello answer").error());
  const RingKey* key = find_key(ring, server->key_id);
  if (!key)
    return fail(
        refuse(SyncProblem::missing_key, "it chose a network key this device lacks").error());
  const std::string t = lan::transcript(hello, *server);
  const lan::Key32 auth = lan::auth_key(key->key);
  // 2. Check the server before saying anything more: the network key, then its device key
  // against the one pinned here, then whether it is revoked.
  if (!lan::proof_valid(auth, lan::Side::server, t, server->proof))
    return fail(refuse(SyncProblem::other_network,
                       "that device does not hold this network's key (another network?)")
                    .error());
  if (server->device == store_.device_id())
    return fail(refuse(SyncProblem::wrong_key, "that address is this device itself").error());
  // It holds the network key: a refusal from here on is recorded against the device it claims.
  claimed_ = server->device;
  if (auto d = store_.device(server->device)) {
    const std::string name = sync_words::device_word(store_, server->device);
    if (!d->public_key.empty() && d->public_key != public_key_hex(server->device_key))
      return fail(refuse(SyncProblem::wrong_key,
                         "it claims to be device '" + name +
                             "' but does not hold that device's key; nothing was exchanged",
                         name)
                      .error());
    if (d->revoked)
      return fail(refuse(SyncProblem::revoked_device,
                         "device '" + name + "' is revoked; nothing was exchanged", name)
                      .error());
  }
  if (!lan::signature_valid(lan::Side::server, t, server->signature, server->device_key))
    return fail(refuse(SyncProblem::forged_key, "its handshake signature does not verify",
                       sync_words::device_word(store_, server->device))
                    .error());
  peer_ = server->device;

  // 3. auth: our proofs; the answer is the session.
  lan::ClientAuth auth_msg;
  auth_msg.handshake = server->handshake;
  auth_msg.proof = lan::proof(auth, lan::Side::client, t);
  auth_msg.signature = lan::sign(lan::Side::client, t, keys.secret_key);
  auto granted = post(lan::kAuthPath, lan::encode(auth_msg), false);
  if (!granted) return granted.error_value();
  auto grant = lan::decode_session_grant(*granted);
  if (!grant) return fail(refuse(SyncProblem::damaged, "not a Mutua session").error());
  session_ = grant->session;
  session_key_ = lan::session_key(auth, t);

  // 4. pull: our vector; the answer is a bundle of what we lack.
  auto pulled = post(lan::kPullPath, encode_vector(store_.version_vector()), true);
  if (!pulled) return pulled.error_value();
  auto header = read_bundle_header(*pulled);
  if (!header || header->sender != *peer_)
    return fail(refuse(SyncProblem::damaged, "its answer is not its own bundle").error());
  const std::string source = "lan " + address_.text();
  auto received = import_bundle(store_, *pulled, source, &why_);
  if (!received) return fail(address_.text() + ": " + received.error());
  std::string().swap(*pulled);

  // 5. push: what it lacks, against the vector its bundle covered; the answer is what it holds.
  auto built = build_bundle(store_, header->covers, *peer_);
  if (!built) {
    why_ = SyncFailure{SyncProblem::cannot_read, {}};
    return fail(address_.text() + ": " + built.error());
  }
  const size_t sent = built->records;
  auto pushed = post(lan::kPushPath, sent ? built->bytes : std::string(), true);
  if (!pushed) return pushed.error_value();
  auto holds = decode_vector(*pushed);
  if (!holds)
    return fail(refuse(SyncProblem::damaged, "its answer is not a version vector").error());

  LanExchange e;
  e.peer = *peer_;
  e.peer_name = sync_words::device_word(store_, *peer_);
  e.address = address_;
  e.sent_records = sent;
  e.received = *received;
  e.peer_holds = *holds;
  e.peer_behind = changes_behind(*holds, store_.version_vector());
  e.finished_at = store_.now_ms();
  try {
    auto tx = store_.transaction();
    store_.record_peer(*peer_, *holds);
    record_lan_exchange(store_, e);
    tx.commit();
  } catch (const DbError&) {
    // The data is exchanged; only the record of it was not kept.
  }
  return e;
}

}  // namespace

Result<LanExchange> lan_sync(Replica& store, const LanAddress& address, SyncFailure* why,
                             const LanClientLimits& limits) {
  SyncFailure unused;
  SyncFailure& failure = why ? *why : unused;
  failure = SyncFailure{};
  Exchange exchange(store, address, failure, limits);
  Result<LanExchange> r = [&]() -> Result<LanExchange> {
    try {
      return exchange.run();
    } catch (const DbError& e) {
      failure = SyncFailure{SyncProblem::cannot_save, {}};
      return fail(address.text() + ": " + e.what());
    }
  }();
  if (!r) {
    if (failure.problem == SyncProblem::none) failure.problem = SyncProblem::cannot_read;
    try {
      // import_bundle logs its own refusals' causes only through `why`; one row per attempt.
      SyncLogEntry log;
      log.source = "lan " + address.text();
      if (exchange.peer()) log.sender = *exchange.peer();
      log.error = r.error();
      log.problem = static_cast<int>(failure.problem);
      log.detail = failure.detail;
      store.log_sync(log);
      record_lan_failure(store, exchange.claimed(), address, failure);
    } catch (const DbError&) {
    }
  }
  return r;
}

std::vector<LanAddress> lan_sync_targets(const Replica& store, const LanPeerSource& discovered) {
  std::vector<LanAddress> out;
  auto add = [&](const LanAddress& a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (const auto& text : load_lan_settings(store).manual_peers)
    if (auto a = parse_lan_address(text)) add(*a);
  if (discovered)
    for (const auto& p : discovered(store)) add(p.address);
  return out;
}

std::string lan_exchange_line(const LanExchange& e) {
  std::string line =
      e.peer_name + " (" + e.address.text() + "): " + std::to_string(e.received.new_entries) +
      " new, " + std::to_string(e.received.updated_entries) + " updated (needs and offers), " +
      count_en(static_cast<long long>(e.received.conflicts), "conflict", "conflicts") + "; sent " +
      count_en(static_cast<long long>(e.sent_records), "record", "records") + "; ";
  if (e.peer_behind == 0)
    line += e.peer_name + " is up to date.";
  else
    line += e.peer_name + " is behind by " +
            count_en(static_cast<long long>(e.peer_behind), "change", "changes") + ".";
  return line;
}

}  // namespace mutua
