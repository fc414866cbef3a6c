// LAN sync as whole processes on loopback (issue 12): five devices converge through `mutua lan
// serve` / `mutua lan sync`; either side killed mid-transfer leaves both databases whole; and a
// serving process withstands hostile HTTP. Everything binds and connects to 127.0.0.1 only.
//
// The normal suite runs short forms; scripts/lan-soak runs long ones through these variables:
//   MUTUA_LAN_SEED         the random seed (default: from the clock; printed on failure)
//   MUTUA_LAN_DEVICES      devices in the convergence test (default 5)
//   MUTUA_LAN_KILL_ROUNDS  kills mid-transfer (default 8; scripts/lan-soak --short: the 30)
//   MUTUA_LAN_KILL_ENTRIES entries on the side that sends most (default 1500)
//   MUTUA_LAN_HOSTILE_S    seconds honest devices keep syncing under attack (default 3)
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "support/cli_checks.hpp"
#include "support/lan_process.hpp"

using namespace mutua::test;
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atol(v) : fallback;
}
uint64_t seed_for_run() {
  if (const char* v = std::getenv("MUTUA_LAN_SEED"); v && *v) return std::strtoull(v, nullptr, 10);
  return static_cast<uint64_t>(Clock::now().time_since_epoch().count()) % 1'000'000'007ULL;
}

ProcessResult ok_bounded(const std::vector<std::string>& args) {
  auto r = run_bounded(mutua_binary(), args, milliseconds(120'000));
  std::string cmd = "mutua";
  for (const auto& a : args) cmd += " " + a;
  REQUIRE_MESSAGE(r.code == 0, cmd << " -> exit " << r.code << ": " << r.err << r.out);
  return r;
}
std::string lan_json_str(const std::string& json, const std::string& key) {
  auto k = json.find("\"" + key + "\":\"");
  if (k == std::string::npos) return "";
  auto start = k + key.size() + 4;
  return json.substr(start, json.find('"', start) - start);
}
std::string device_id(const std::string& db) {
  return lan_json_str(ok_bounded({"--db", db, "network", "show", "--json"}).out, "device_id");
}

// `mutua lan sync HOST:PORT` from `db`, bounded in time (exit -2: it did not end in time).
ProcessResult lan_sync(const std::string& db, const std::string& address,
                       milliseconds timeout = milliseconds(60'000)) {
  return run_bounded(mutua_binary(), {"--db", db, "lan", "sync", address}, timeout);
}

// A network of `n` devices in one folder: device 0 created it, the others joined with its code.
struct Devices {
  TempDir dir;
  std::vector<std::string> dbs;
  std::vector<std::string> ids;
  explicit Devices(size_t n, const std::string& prefix = "d") {
    for (size_t i = 0; i < n; ++i) dbs.push_back(dir.file(prefix + std::to_string(i) + ".db"));
    auto code = trim(ok_bounded({"--db", dbs[0], "network", "create", "Riverside Relief"}).out);
    for (size_t i = 1; i < n; ++i) ok_bounded({"--db", dbs[i], "network", "join", code});
    for (auto& db : dbs) ids.push_back(device_id(db));
  }
};

// Every replicated field of the entries one device created.
std::string own_entries(const std::string& db, const std::string& device_hex) {
  SqliteFile f(db);
  return f.rows(
      "SELECT hex(id), ticket, item, details, quantity, status, hex(clocks) FROM entries "
      "WHERE hex(created_by) = upper('" +
      device_hex + "') ORDER BY id");
}

// --- Raw sockets to 127.0.0.1, for the hostile clients. -----------------------------------------

// `from`: the last byte of the loopback address to send from (127.0.0.from). The server limits
// connections per address, and on loopback every peer would otherwise share 127.0.0.1: the
// attackers use addresses of their own, the honest devices 127.0.0.1.
int connect_loopback(int port, int from = 1) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (from != 1) {
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl(0x7F000000u | static_cast<uint32_t>(from & 0xFF));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      ::close(fd);
      return -1;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}
// Sends all of `data` unless the peer closes or `timeout` passes; false if not all went.
bool send_all(int fd, std::string_view data, milliseconds timeout = milliseconds(10'000)) {
  auto deadline = Clock::now() + timeout;
  size_t sent = 0;
  for (int i = 0; i < 1'000'000 && sent < data.size() && Clock::now() < deadline; ++i) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return sent == data.size();
}
// Reads until the peer closes, `max` bytes arrived, or `timeout` passed.
std::string read_some(int fd, milliseconds timeout, size_t max = 1 << 20) {
  auto deadline = Clock::now() + timeout;
  std::string got;
  char buf[8192];
  for (int i = 0; i < 1'000'000 && got.size() < max && Clock::now() < deadline; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    // One whole response with a Content-Length is enough.
    auto head_end = got.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      auto cl = lower(got.substr(0, head_end)).find("content-length:");
      if (cl != std::string::npos &&
          got.size() >= head_end + 4 + std::strtoull(got.c_str() + cl + 15, nullptr, 10))
        break;
    }
  }
  return got;
}
// The status code of an HTTP response ("HTTP/1.1 403 ..." -> 403), 0 for none.
int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}
// One request on a fresh connection: its status, or 0 if the server closed without answering.
int request(int port, const std::string& raw, milliseconds timeout = milliseconds(10'000),
            int from = 2) {
  int fd = connect_loopback(port, from);
  if (fd < 0) return -1;
  if (!send_all(fd, raw, timeout)) {
    ::close(fd);
    return 0;
  }
  auto r = read_some(fd, timeout);
  ::close(fd);
  return status_of(r);
}
std::string post(const std::string& path, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream" +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}
std::string random_bytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// A TCP relay on 127.0.0.1 between one client and the server that keeps every byte the client
// sent, connection by connection: the replayed requests are an honest client's own.
class RecordingRelay {
 public:
  explicit RecordingRelay(int server_port) : server_port_(server_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(listen_fd_, 16) == 0);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~RecordingRelay() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  // What the client sent, one string per connection, once the relay has stopped.
  std::vector<std::string> sent() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    std::vector<std::string> out;
    for (auto& c : conns_) out.push_back(c.from_client);
    return out;
  }

 private:
  struct Conn {
    int client = -1, server = -1;
    std::string from_client;
    bool open = true;
  };
  void run() {
    auto deadline = Clock::now() + milliseconds(300'000);
    char buf[65536];
    for (int i = 0; i < 10'000'000 && !stop_ && Clock::now() < deadline; ++i) {
      std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
      for (auto& c : conns_)
        if (c.open) fds.insert(fds.end(), {{c.client, POLLIN, 0}, {c.server, POLLIN, 0}});
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      size_t k = 1;
      for (auto& c : conns_) {
        if (!c.open) continue;
        for (int side = 0; side < 2; ++side, ++k) {
          if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)) || !c.open) continue;
          int from = side == 0 ? c.client : c.server, to = side == 0 ? c.server : c.client;
          auto n = ::recv(from, buf, sizeof buf, 0);
          if (n <= 0 || !send_all(to, std::string_view(buf, static_cast<size_t>(n)))) {
            ::close(c.client);
            ::close(c.server);
            c.open = false;
            continue;
          }
          if (side == 0) c.from_client.append(buf, static_cast<size_t>(n));
        }
      }
      // New connections last: fds above holds only the ones open before this poll.
      if (fds[0].revents & POLLIN) {
        int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c >= 0) conns_.push_back({c, connect_loopback(server_port_), "", true});
      }
    }
    for (auto& c : conns_)
      if (c.open) {
        ::close(c.client);
        ::close(c.server);
        c.open = false;
      }
  }
  int server_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<Conn> conns_;
  std::thread thread_;
};

// Splits what one connection carried into its HTTP requests (by Content-Length).
std::vector<std::string> split_requests(const std::string& stream) {
  std::vector<std::string> out;
  size_t at = 0;
  for (int i = 0; i < 10'000 && at < stream.size(); ++i) {
    auto head_end = stream.find("\r\n\r\n", at);
    if (head_end == std::string::npos) break;
    auto head = lower(stream.substr(at, head_end - at));
    size_t body = 0;
    if (auto cl = head.find("content-length:"); cl != std::string::npos)
      body = std::strtoull(head.c_str() + cl + 15, nullptr, 10);
    size_t end = std::min(stream.size(), head_end + 4 + body);
    out.push_back(stream.substr(at, end - at));
    at = end;
  }
  return out;
}
std::string request_path(const std::string& req) {
  auto sp = req.find(' ');
  if (sp == std::string::npos) return "";
  return req.substr(sp + 1, req.find(' ', sp + 1) - sp - 1);
}
// The request without its session: every header naming a session, an authorization or a token
// left out.
std::string without_session(const std::string& req) {
  auto head_end = req.find("\r\n\r\n");
  std::string out;
  size_t at = 0;
  for (int i = 0; i < 1000 && at < head_end; ++i) {
    auto eol = req.find("\r\n", at);
    auto line = req.substr(at, eol - at);
    auto l = lower(line);
    if (!(contains(l, "session") || contains(l, "authorization") || contains(l, "token") ||
          contains(l, "x-mutua")) ||
        at == 0)
      out += line + "\r\n";
    at = eol + 2;
  }
  return out + req.substr(head_end + 2);
}

}  // namespace

TEST_CASE("lan: five processes on loopback converge through lan serve and lan sync") {
  const auto seed = seed_for_run();
  const auto n = static_cast<size_t>(std::clamp(env_number("MUTUA_LAN_DEVICES", 5), 2L, 50L));
  INFO("seed " << seed << " (MUTUA_LAN_SEED), " << n << " devices");
  std::mt19937_64 rng(seed);
  Devices d(n);
  std::vector<std::vector<std::string>> tickets(n);
  const std::vector<std::string> items{"rice", "tarpaulin", "insulin", "blankets", "water"};
  auto add = [&](size_t i) {
    auto item = items[rng() % items.size()] + " " + std::to_string(rng() % 1000);
    auto r = ok_bounded({"--db", d.dbs[i], rng() % 2 ? "need" : "offer", "add", "--category",
                         "food", "--item", item, "--qty", std::to_string(1 + rng() % 20)});
    tickets[i].push_back(trim(r.out));
  };
  auto edit = [&](size_t i, const std::string& ticket) {
    ok_bounded({"--db", d.dbs[i], "edit", ticket, "--qty", std::to_string(1 + rng() % 50)});
  };
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 2 + static_cast<int>(rng() % 2); ++k) add(i);
    edit(i, tickets[i][rng() % tickets[i].size()]);
  }
  std::vector<std::unique_ptr<LanServer>> servers;
  for (auto& db : d.dbs) servers.push_back(std::make_unique<LanServer>(mutua_binary(), db));
  auto sync = [&](size_t from, size_t to) {
    auto r = lan_sync(d.dbs[from], servers[to]->address());
    REQUIRE_MESSAGE(r.code == 0, "device " << from << " lan sync with device " << to << " -> exit "
                                           << r.code << ": " << r.err << r.out);
    return r;
  };
  // Hub: everyone with device 0. Then concurrent edits of one entry on two devices (each edits
  // an entry that came from device 0), a ring, and the hub twice more.
  for (size_t i = 1; i < n; ++i) sync(i, 0);
  for (size_t i = 1; i < n; i += 2) edit(i, tickets[0][0]);
  add(n - 1);
  for (size_t i = 0; i < n; ++i) sync(i, (i + 1) % n);
  for (size_t i = 1; i < n; ++i) sync(i, 0);
  for (size_t i = 1; i < n; ++i) sync(i, 0);
  // All hold the same data now, and say so: every device against every other reports it up to
  // date, and nothing moves.
  auto rows0 = replicated_rows(d.dbs[0]);
  auto vv0 = version_vector(d.dbs[0]);
  CHECK(std::count(vv0.begin(), vv0.end(), '\n') == static_cast<long>(n));
  for (size_t i = 1; i < n; ++i) {
    INFO("device " << i);
    CHECK(version_vector(d.dbs[i]) == vv0);
    CHECK(replicated_rows(d.dbs[i]) == rows0);
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      if (i == j || (n > 5 && j != 0 && i != 0)) continue;
      auto r = sync(i, j);
      INFO("device " << i << " with device " << j << ": " << r.out);
      CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);  // one summary line per peer
      CHECK(contains(lower(r.out), "up to date"));
    }
  CHECK(replicated_rows(d.dbs[0]) == rows0);
  for (auto& s : servers) {
    INFO("lan serve " << s->db() << ": " << s->process().err());
    CHECK(s->stop() == std::optional<int>(0));
  }
  for (size_t i = 0; i < n; ++i) CHECK(integrity(d.dbs[i]) == "ok");
}

TEST_CASE(
    "lan: either side killed mid-transfer, again and again; both stay whole, next sync works") {
  const auto seed = seed_for_run();
  const long rounds = std::clamp(env_number("MUTUA_LAN_KILL_ROUNDS", 8), 1L, 100'000L);
  const long big = std::clamp(env_number("MUTUA_LAN_KILL_ENTRIES", 1500), 10L, 10'000'000L);
  const long small = std::max(10L, big / 10);
  INFO("seed " << seed << " (MUTUA_LAN_SEED), " << rounds << " rounds, " << big << " + " << small
               << " entries");
  std::mt19937_64 rng(seed);
  // The data set, built once: A holds `big` entries and B `small` of its own; each round starts
  // from copies of both.
  Devices d(2, "template");
  ok_bounded({"--db", d.dbs[0], "demo", "--entries", std::to_string(big), "--seed", "7"});
  ok_bounded({"--db", d.dbs[1], "demo", "--entries", std::to_string(small), "--seed", "8"});
  const auto a_id = d.ids[0], b_id = d.ids[1];
  const auto a_total = entries_from(d.dbs[0], a_id), b_total = entries_from(d.dbs[1], b_id);
  REQUIRE(a_total == big);
  REQUIRE(b_total == small);
  const auto a = d.dir.file("a.db"), b = d.dir.file("b.db");
  auto fresh = [&] {
    copy_db(d.dbs[0], a);
    copy_db(d.dbs[1], b);
  };
  // B syncs with A's running server to the end; then both hold everything.
  auto complete_and_check = [&](LanServer& server, const std::string& where) {
    INFO(where);
    auto r = lan_sync(b, server.address());
    CHECK_MESSAGE(r.code == 0, "lan sync -> exit " << r.code << ": " << r.err);
    CHECK(server.stop() == std::optional<int>(0));
    CHECK(entries_from(b, a_id) == a_total);
    CHECK(entries_from(a, b_id) == b_total);
    CHECK(version_vector(a) == version_vector(b));
  };
  // How long a whole sync takes here: the kills fall within it.
  fresh();
  long whole_ms = 0;
  {
    LanServer server(mutua_binary(), a);
    auto started = Clock::now();
    complete_and_check(server, "the first, uninterrupted sync");
    whole_ms =
        static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count());
  }
  MESSAGE("a whole sync of " << big << " + " << small << " entries took " << whole_ms << " ms");
  // Where each kill left the two sides: nothing moved, A's bundle in B only, or both ways.
  std::map<std::string, int> outcomes;
  for (long round = 0; round < rounds; ++round) {
    const bool kill_server = round % 2 == 0;
    const auto at =
        milliseconds(static_cast<long>(rng() % static_cast<uint64_t>(std::max(whole_ms, 50L))));
    INFO("round " << round << ": kill the " << (kill_server ? "server" : "client") << " after "
                  << at.count() << " ms");
    fresh();
    auto server = std::make_unique<LanServer>(mutua_binary(), a);
    {
      Child client(mutua_binary(), {"--db", b, "lan", "sync", server->address()});
      std::this_thread::sleep_for(at);
      if (kill_server) {
        server->process().kill_now();
        // The client notices within bounded time and ends by itself.
        auto code = client.wait_for(milliseconds(60'000));
        CHECK_MESSAGE(code.has_value(), "lan sync still running 60 s after its server died");
      } else {
        client.kill_now();
        CHECK(server->process().running());  // the server goes on serving
      }
    }
    CHECK(integrity(a) == "ok");
    CHECK(integrity(b) == "ok");
    // Each side holds the other's bundle wholly or not at all.
    auto got_a = entries_from(b, a_id), got_b = entries_from(a, b_id);
    CHECK((got_a == 0 || got_a == a_total));
    CHECK((got_b == 0 || got_b == b_total));
    ++outcomes[std::string(kill_server ? "server" : "client") + " killed, " +
               (got_a == 0 && got_b == 0 ? "nothing moved"
                : got_b == 0             ? "A's bundle in B only"
                : got_a == 0             ? "B's bundle in A only"
                                         : "both ways")];
    if (kill_server) server = std::make_unique<LanServer>(mutua_binary(), a);
    complete_and_check(*server, "the sync after the kill");
  }
  std::string summary;
  for (const auto& [what, n] : outcomes) summary += "\n  " + what + ": " + std::to_string(n);
  MESSAGE(rounds << " kills:" << summary);
}

TEST_CASE("lan: hostile HTTP leaves lan serve up, answering an honest sync, and loses nothing") {
  const auto seed = seed_for_run();
  const long slow_s = std::clamp(env_number("MUTUA_LAN_HOSTILE_S", 3), 1L, 3600L);
  INFO("seed " << seed << " (MUTUA_LAN_SEED)");
  std::mt19937_64 rng(seed);
  Devices d(3, "h");
  const auto& a = d.dbs[0];
  const auto& b = d.dbs[1];
  const auto& c = d.dbs[2];
  ok_bounded({"--db", a, "demo", "--entries", "200", "--seed", "3"});
  ok_bounded({"--db", b, "demo", "--entries", "20", "--seed", "4"});
  ok_bounded({"--db", c, "demo", "--entries", "20", "--seed", "5"});
  LanServer server(mutua_binary(), a);
  const int port = server.port();
  // An honest exchange through a recording relay: the requests to replay later.
  std::vector<std::string> honest;
  {
    RecordingRelay relay(port);
    auto r = lan_sync(b, "127.0.0.1:" + std::to_string(relay.port()));
    REQUIRE_MESSAGE(r.code == 0, r.err << r.out);
    for (auto& conn : relay.sent())
      for (auto& req : split_requests(conn)) honest.push_back(req);
  }
  REQUIRE(!honest.empty());
  std::set<std::string> paths;
  for (auto& req : honest) paths.insert(request_path(req));
  paths.insert("/");
  paths.insert("/no-such-thing");
  const auto rows_before = replicated_rows(a);
  const auto vv_before = version_vector(a);
  const auto own_before = own_entries(a, d.ids[0]);

  // Replayed requests, whole and without their session. The first request (hello) opens a new
  // handshake and may be answered; every later one is refused: a replayed auth names a handshake
  // already spent, a replayed pull or push a session that is over; a request stripped of its
  // session headers is refused too; and nothing changes.
  std::string replay_statuses;
  for (size_t i = 0; i < honest.size(); ++i) {
    const auto path = request_path(honest[i]);
    INFO("replayed request " << i << ": " << path);
    // From the honest device's own address: a session bound to its address is no defence here.
    int st = request(port, honest[i], milliseconds(10'000), 1);
    replay_statuses += path + " " + std::to_string(st) + "; ";
    if (i > 0) CHECK((st < 200 || st >= 300));
    if (i > 0) {
      int bare = request(port, without_session(honest[i]), milliseconds(10'000), 1);
      CHECK((bare >= 400 && bare < 500));
    }
  }
  MESSAGE("replayed: " << replay_statuses);
  CHECK(replicated_rows(a) == rows_before);
  CHECK(version_vector(a) == vv_before);
  // Garbage bodies on every path the honest client used.
  for (const auto& path : paths) {
    INFO("path " << path);
    for (size_t size : {0, 1, 17, 4096, 300'000}) {
      int st = request(port, post(path, random_bytes(rng, size)));
      CHECK((st < 200 || st >= 300));
      CHECK(st < 500);
    }
  }
  // The requests a server can only wait out, all at once, each from an address of its own:
  // bodies cut short, a body far beyond any bound declared and not sent, huge headers, and
  // bytes that are not HTTP at all.
  std::vector<std::string> waits;
  for (const auto& path : paths) {
    auto cut = post(path, random_bytes(rng, 5000));
    waits.push_back(cut.substr(0, cut.size() - 2500));
    waits.push_back("POST " + path +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9000000000\r\n\r\nxx");
  }
  waits.push_back("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(1 << 20, 'a') +
                  "\r\n\r\n");
  std::string many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 20'000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  waits.push_back(many + "\r\n");
  waits.push_back(random_bytes(rng, 100'000));
  std::vector<int> wait_status(waits.size(), -1);
  {
    std::vector<std::thread> threads;
    for (size_t i = 0; i < waits.size(); ++i)
      threads.emplace_back([&, i] {
        wait_status[i] = request(port, waits[i], milliseconds(30'000), 40 + static_cast<int>(i));
      });
    for (auto& t : threads) t.join();
  }
  for (size_t i = 0; i < waits.size(); ++i) {
    INFO("waited-out request " << i << ": " << waits[i].substr(0, 60));
    CHECK((wait_status[i] < 200 || wait_status[i] >= 300));
  }
  REQUIRE(server.process().running());

  // 200 connections held open (each from an address of its own, and 40 more from one address),
  // and 20 slowloris connections from one address sending a byte a second, while honest devices
  // sync: each must get through in bounded time, for as long as the attack lasts
  // (MUTUA_LAN_HOSTILE_S). (Slowloris from 20 addresses holds every worker of lan serve for its
  // connection_ms, 60 s: reported, not tested here.)
  std::vector<int> held;
  for (int i = 0; i < 240; ++i) {
    int fd = connect_loopback(port, i < 200 ? 10 + i : 250);
    if (fd >= 0) {
      held.push_back(fd);
      (void)send_all(fd, i % 2 ? "POST " + *paths.begin() + " HTTP/1.1\r\nHost: x\r\n" : "GET / H",
                     milliseconds(1000));
    }
  }
  CHECK(held.size() == 240);
  std::atomic<bool> stop_slow{false};
  std::thread slow([&] {
    std::vector<int> fds;
    for (int i = 0; i < 20; ++i)
      if (int fd = connect_loopback(port, 220); fd >= 0) fds.push_back(fd);
    const std::string text = "POST " + *paths.rbegin() +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n";
    auto deadline = Clock::now() + std::chrono::seconds(slow_s + 120);
    for (size_t k = 0; k < 100'000 && !stop_slow && Clock::now() < deadline; ++k) {
      for (int fd : fds) ::send(fd, &text[k % text.size()], 1, MSG_NOSIGNAL);
      for (int t = 0; t < 20 && !stop_slow; ++t) std::this_thread::sleep_for(milliseconds(50));
    }
    for (int fd : fds) ::close(fd);
  });
  const auto attack_until = Clock::now() + std::chrono::seconds(slow_s);
  long slowest = 0;
  int honest_syncs = 0;
  // Each honest device may try again, as background sync does, but must be through within 20 s.
  for (int i = 0; i < 10'000 && (i == 0 || Clock::now() < attack_until); ++i) {
    auto t0 = Clock::now();
    ProcessResult honest_sync;
    int attempts = 0;
    for (; attempts < 100 && Clock::now() - t0 < milliseconds(20'000); ++attempts) {
      if (attempts) std::this_thread::sleep_for(milliseconds(500));
      honest_sync = lan_sync(i % 2 ? b : c, server.address(), milliseconds(20'000));
      if (honest_sync.code == 0) break;
    }
    auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
    slowest = std::max<long>(slowest, static_cast<long>(took));
    ++honest_syncs;
    CHECK_MESSAGE(honest_sync.code == 0, "honest sync " << i << " under attack, " << attempts
                                                        << " attempts -> exit " << honest_sync.code
                                                        << ": " << honest_sync.err);
    CHECK(took < 20'000);
    if (honest_sync.code != 0) break;
  }
  MESSAGE(honest_syncs << " honest syncs under attack, the slowest took " << slowest << " ms");
  stop_slow = true;
  slow.join();
  for (int fd : held) ::close(fd);
  REQUIRE(server.process().running());

  // Nothing lost: A still holds all it held before, and now C's entries too; B syncs again.
  auto again = lan_sync(b, server.address(), milliseconds(30'000));
  CHECK_MESSAGE(again.code == 0, again.err);
  CHECK(own_entries(a, d.ids[0]) == own_before);
  CHECK(entries_from(a, d.ids[0]) == 200);
  CHECK(entries_from(a, d.ids[1]) == 20);
  CHECK(entries_from(a, d.ids[2]) == 20);
  CHECK(version_vector(c) == version_vector(a));
  CHECK(server.stop() == std::optional<int>(0));
  CHECK(integrity(a) == "ok");
}
