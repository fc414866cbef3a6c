// The LAN server (docs/lan-protocol.md): a cpp-httplib server whose connections are served by our
// own bounded stream (a deadline per connection, not only per read) and queue
// (sync/bounded_http.cpp).
#include "sync/lan_server.hpp"

#include "sync/bounded_http.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "core/store.hpp"
#include "sync/key_ring.hpp"
#include "sync/lan_peers.hpp"
#include "sync/lan_protocol.hpp"
#include "sync/network.hpp"
#include "sync/sync_words.hpp"

namespace mutua {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

}  // namespace

struct LanServer::Impl {
  LanLimits limits;
  std::string bind;
  uint16_t port = 0;
  std::string network_name;
  OnImported on_imported;
  HttpBounds bounds;  // its connections' limits, stop flag and counts per address (park_idle 0)

  // The database, one connection, used by one request at a time.
  std::mutex db_mutex;
  std::unique_ptr<Store> store;
  SigningKeys keys;
  Id self;

  // Handshakes, sessions, and the requests per address.
  struct Handshake {
    lan::ClientHello hello;
    lan::ServerHello answer;
    std::string transcript;
    lan::Key32 auth{};
    std::string address;
    Clock::time_point expires;
  };
  struct Session {
    Id device;
    std::string address;
    lan::Key32 key{};
    Clock::time_point expires;
    bool pulled = false;
    VersionVector client_vector, sent_covers;
  };
  std::mutex state_mutex;
  std::map<Id, Handshake> handshakes;
  std::map<Id, Session> sessions;
  struct Window {
    Clock::time_point start;
    size_t count = 0;
  };
  std::map<std::string, Window> requests;  // per address, this minute

  std::unique_ptr<httplib::Server> http;
  std::thread listener;

  void routes();
  void stop() noexcept;
};

namespace {

void refuse(httplib::Response& res, int status, SyncProblem problem, std::string_view line) {
  res.status = status;
  res.set_content(lan::error_body(static_cast<int>(problem), line), "text/plain");
}

void raise(VersionVector& into, const VersionVector& v) {
  for (const auto& [id, seq] : v) into[id] = std::max(into[id], seq);
}

// Records what a client that pulled holds, unless this device already knew it held as much (a
// peer in step): the push records it again, and each write costs a sync of the log to disk.
void record_pull(Replica& r, const Id& device, const VersionVector& v) {
  const auto known = r.peer(device);
  if (known && std::all_of(v.begin(), v.end(), [&](const auto& kv) {
        auto it = known->vector.find(kv.first);
        return it != known->vector.end() && it->second >= kv.second;
      }))
    return;
  auto tx = r.transaction();
  r.record_peer(device, v);
  tx.commit();
}

}  // namespace

void LanServer::Impl::routes() {
  auto& svr = *http;
  svr.set_payload_max_length(limits.max_body);

  // Requests per address per minute, before anything else is looked at.
  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(state_mutex);
    auto& w = requests[req.remote_addr];
    const auto now = Clock::now();
    if (now - w.start > std::chrono::minutes(1)) w = Window{now, 0};
    if (requests.size() > 4096)  // forget old windows; bounded memory
      for (auto it = requests.begin(); it != requests.end();)
        it = now - it->second.start > std::chrono::minutes(1) ? requests.erase(it) : std::next(it);
    if (++w.count > limits.requests_per_minute) {
      res.status = 429;
      res.set_content(lan::error_body(0,
                                      "too many requests from this address; try again in a "
                                      "minute"),
                      "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  svr.Get(std::string(lan::kVersionsPath), [](const httplib::Request&, httplib::Response& res) {
    res.set_content("1\n", "text/plain");
  });

  svr.Post(
      std::string(lan::kHelloPath), [this](const httplib::Request& req, httplib::Response& res) {
        auto hello = lan::decode_client_hello(req.body);
        if (!hello) return refuse(res, 400, SyncProblem::damaged, "not a hello message");
        std::lock_guard db_lock(db_mutex);
        Replica& r = store->replica();
        auto network = load_network(r);
        if (!network)
          return refuse(res, 503, SyncProblem::no_network, "this device is not in a network");
        if (hello->network != network->id)
          return refuse(res, 403, SyncProblem::other_network, "this device is in another network");
        if (hello->device == self)
          return refuse(res, 403, SyncProblem::wrong_key, "that is this device's own id");
        if (auto d = r.device(hello->device)) {
          if (d->revoked)
            return refuse(res, 403, SyncProblem::revoked_device,
                          "device '" + sync_words::device_word(r, hello->device) +
                              "' is revoked in this network");
          if (!d->public_key.empty() && d->public_key != public_key_hex(hello->device_key))
            return refuse(res, 403, SyncProblem::wrong_key,
                          "that is not the key device '" +
                              sync_words::device_word(r, hello->device) + "' is known by here");
        }
        // The newest network key both hold: a device still on an older key catches up with it.
        const auto ring = load_ring(r);
        const RingKey* chosen = nullptr;
        for (const auto& id : hello->key_ids)
          if (const RingKey* k = find_key(ring, id))
            if (!chosen || k->generation > chosen->generation) chosen = k;
        if (!chosen)
          return refuse(res, 403, SyncProblem::missing_key,
                        "no network key in common with this device");
        lan::ServerHello answer;
        answer.handshake = Id::random();
        answer.device = self;
        answer.device_key = keys.public_key;
        random_bytes(answer.nonce.data(), answer.nonce.size());
        answer.key_id = chosen->id();
        const std::string t = lan::transcript(*hello, answer);
        const lan::Key32 auth = lan::auth_key(chosen->key);
        answer.proof = lan::proof(auth, lan::Side::server, t);
        answer.signature = lan::sign(lan::Side::server, t, keys.secret_key);
        {
          std::lock_guard lock(state_mutex);
          const auto now = Clock::now();
          for (auto it = handshakes.begin(); it != handshakes.end();)
            it = it->second.expires < now ? handshakes.erase(it) : std::next(it);
          if (handshakes.size() >= limits.handshakes)
            return refuse(res, 503, SyncProblem::none, "busy; try again shortly");
          handshakes[answer.handshake] = Handshake{
              *hello, answer, t, auth, req.remote_addr, now + milliseconds(limits.handshake_ms)};
        }
        res.set_content(lan::encode(answer), "application/octet-stream");
      });

  svr.Post(
      std::string(lan::kAuthPath), [this](const httplib::Request& req, httplib::Response& res) {
        auto auth = lan::decode_client_auth(req.body);
        if (!auth) return refuse(res, 400, SyncProblem::damaged, "not an auth message");
        Handshake hs;
        {
          std::lock_guard lock(state_mutex);
          auto it = handshakes.find(auth->handshake);
          if (it == handshakes.end() || it->second.expires < Clock::now() ||
              it->second.address != req.remote_addr)
            return refuse(res, 401, SyncProblem::none, "no such handshake; start again with hello");
          hs = it->second;
          handshakes.erase(it);  // one try per handshake
        }
        if (!lan::proof_valid(hs.auth, lan::Side::client, hs.transcript, auth->proof))
          return refuse(res, 403, SyncProblem::other_network,
                        "that device does not hold this network's key");
        if (!lan::signature_valid(lan::Side::client, hs.transcript, auth->signature,
                                  hs.hello.device_key))
          return refuse(res, 403, SyncProblem::forged_key,
                        "the handshake was not signed with the device's key");
        lan::SessionGrant grant;
        grant.session = Id::random();
        grant.lifetime_s = static_cast<uint32_t>(limits.session_ms / 1000);
        {
          std::lock_guard lock(state_mutex);
          const auto now = Clock::now();
          for (auto it = sessions.begin(); it != sessions.end();)
            it = it->second.expires < now ? sessions.erase(it) : std::next(it);
          if (sessions.size() >= limits.sessions)
            return refuse(res, 503, SyncProblem::none, "busy; try again shortly");
          Session s;
          s.device = hs.hello.device;
          s.address = req.remote_addr;
          s.key = lan::session_key(hs.auth, hs.transcript);
          s.expires = now + milliseconds(limits.session_ms);
          sessions[grant.session] = std::move(s);
        }
        res.set_content(lan::encode(grant), "application/octet-stream");
      });

  // A session's request: its session, from its address, in time, with a MAC over its path and
  // body. Refuses otherwise; else a copy of the session.
  auto in_session = [this](const httplib::Request& req, httplib::Response& res,
                           Id& id) -> std::optional<Session> {
    auto sid = Id::from_hex(req.get_header_value(std::string(lan::kSessionHeader)));
    std::optional<Session> s;
    if (sid) {
      std::lock_guard lock(state_mutex);
      auto it = sessions.find(*sid);
      if (it != sessions.end() && it->second.expires >= Clock::now() &&
          it->second.address == req.remote_addr)
        s = it->second;
    }
    // The MAC (over a body of up to 128 MiB) is checked outside the lock.
    if (!s || !lan::mac_equal(req.get_header_value(std::string(lan::kMacHeader)),
                              lan::message_mac(s->key, true, req.path, 0, req.body))) {
      refuse(res, 401, SyncProblem::none, "no valid session; start again with hello");
      return std::nullopt;
    }
    id = *sid;
    return s;
  };
  auto answer = [](const Session& s, const httplib::Request& req, httplib::Response& res,
                   std::string body, const char* type) {
    res.status = 200;
    res.set_header(std::string(lan::kMacHeader),
                   lan::message_mac(s.key, false, req.path, 200, body));
    res.set_content(std::move(body), type);
  };

  svr.Post(std::string(lan::kPullPath),
           [this, in_session, answer](const httplib::Request& req, httplib::Response& res) {
             Id sid;
             auto s = in_session(req, res, sid);
             if (!s) return;
             auto vector = decode_vector(req.body);
             if (!vector) return refuse(res, 400, SyncProblem::damaged, "not a version vector");
             {
               std::lock_guard lock(state_mutex);
               auto it = sessions.find(sid);
               if (it == sessions.end() || it->second.pulled)
                 return refuse(res, 409, SyncProblem::none, "this session has already pulled");
               it->second.pulled = true;
             }
             std::string bytes;
             VersionVector covers;
             {
               std::lock_guard db_lock(db_mutex);
               Replica& r = store->replica();
               auto built = build_bundle(r, *vector, s->device);
               if (!built) return refuse(res, 500, SyncProblem::cannot_read, built.error());
               covers = built->header.covers;
               bytes = std::move(built->bytes);
               try {
                 record_pull(r, s->device, *vector);
               } catch (const DbError&) {
               }
             }
             {
               std::lock_guard lock(state_mutex);
               if (auto it = sessions.find(sid); it != sessions.end()) {
                 it->second.client_vector = *vector;
                 it->second.sent_covers = covers;
               }
             }
             answer(*s, req, res, std::move(bytes), "application/octet-stream");
           });

  svr.Post(std::string(lan::kPushPath),
           [this, in_session, answer](const httplib::Request& req, httplib::Response& res) {
             Id sid;
             auto s = in_session(req, res, sid);
             if (!s) return;
             {
               std::lock_guard lock(state_mutex);
               auto it = sessions.find(sid);
               if (it == sessions.end() || !it->second.pulled)
                 return refuse(res, 409, SyncProblem::none, "pull before push");
               *s = it->second;
               sessions.erase(it);  // push ends the session: a replay finds none
             }
             const std::string address = req.remote_addr;
             LanExchange exchange;
             exchange.peer = s->device;
             exchange.address = LanAddress{address, 0};
             std::string vector_bytes;
             {
               std::lock_guard db_lock(db_mutex);
               Replica& r = store->replica();
               VersionVector holds = s->client_vector;
               raise(holds, s->sent_covers);
               if (!req.body.empty()) {
                 auto header = read_bundle_header(req.body);
                 if (!header || header->sender != s->device)
                   return refuse(res, 403, SyncProblem::wrong_key,
                                 "that bundle is not from the device of this session");
                 SyncFailure why;
                 auto imported = import_bundle(r, req.body, "lan " + address, &why);
                 if (!imported) {
                   SyncLogEntry log;
                   log.source = "lan " + address;
                   log.sender = s->device;
                   log.error = imported.error();
                   log.problem = static_cast<int>(why.problem);
                   log.detail = why.detail;
                   try {
                     r.log_sync(log);
                   } catch (const DbError&) {
                   }
                   return refuse(res, 422, why.problem, imported.error());
                 }
                 exchange.received = *imported;
                 raise(holds, header->covers);
               }
               const VersionVector mine = r.version_vector();
               vector_bytes = encode_vector(mine);
               exchange.peer_name = sync_words::device_word(r, s->device);
               exchange.peer_holds = holds;
               exchange.peer_behind = changes_behind(holds, mine);
               exchange.finished_at = r.now_ms();
               try {
                 auto tx = r.transaction();  // one sync of the log to disk for both
                 r.record_peer(s->device, holds);
                 record_lan_exchange(r, exchange, /*called_us=*/true);
                 tx.commit();
               } catch (const DbError&) {
               }
             }
             answer(*s, req, res, std::move(vector_bytes), "application/octet-stream");
             if (on_imported && exchange.received.added + exchange.received.updated > 0) {
               try {
                 on_imported(exchange);
               } catch (...) {
               }
             }
           });
}

void LanServer::Impl::stop() noexcept {
  bounds.stopping = true;
  try {
    if (http) http->stop();
    if (listener.joinable()) listener.join();
  } catch (...) {
  }
}

LanServer::LanServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LanServer::~LanServer() {
  stop();
}

void LanServer::stop() noexcept {
  if (impl_) impl_->stop();
}

uint16_t LanServer::port() const {
  return impl_->port;
}
const std::string& LanServer::bind() const {
  return impl_->bind;
}
const std::string& LanServer::network_name() const {
  return impl_->network_name;
}

void LanServer::with_store(const std::function<void(Store&)>& fn) {
  std::lock_guard db_lock(impl_->db_mutex);
  fn(*impl_->store);
}

Result<std::unique_ptr<LanServer>> LanServer::start(const std::string& db_path,
                                                    const LanSettings& settings,
                                                    OnImported on_imported,
                                                    const LanLimits& limits) {
  auto store = Store::open(db_path);
  if (!store) return store.error_value();
  return start(std::move(*store), settings, std::move(on_imported), limits);
}

Result<std::unique_ptr<LanServer>> LanServer::start(std::unique_ptr<Store> store,
                                                    const LanSettings& settings,
                                                    OnImported on_imported,
                                                    const LanLimits& limits) {
  if (!store) return fail("no database to serve");
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->bind = settings.bind;
  impl->on_imported = std::move(on_imported);
  impl->store = std::move(store);
  Replica& r = impl->store->replica();
  auto network = load_network(r);
  if (!network)
    return fail(
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua "
        "network join CODE'");
  impl->network_name = network->name;
  impl->keys = device_keys(r);
  impl->self = r.device_id();
  impl->bounds.limits = limits;
  impl->bounds.park_idle = 0;  // a worker waits on each kept-alive connection: its clients are few
  impl->http = make_bounded_http(impl->bounds);
  impl->routes();
  int port = 0;
  if (settings.port == 0)
    port = impl->http->bind_to_any_port(settings.bind);
  else if (impl->http->bind_to_port(settings.bind, settings.port))
    port = settings.port;
  if (port <= 0)
    return fail("cannot listen on " + settings.bind + ":" + std::to_string(settings.port) +
                " (is another program using that port?)");
  impl->port = static_cast<uint16_t>(port);
  Impl* raw = impl.get();
  impl->listener = std::thread([raw] { raw->http->listen_after_bind(); });
  // stop() only stops a server that is running: wait (bounded) until it is.
  for (int i = 0; i < 500 && !impl->http->is_running(); ++i)
    std::this_thread::sleep_for(milliseconds(2));
  return std::unique_ptr<LanServer>(new LanServer(std::move(impl)));
}

}  // namespace mutua
