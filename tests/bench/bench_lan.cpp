// LAN sync benchmark (not run by ctest): `mutua lan serve` and `mutua lan sync` as processes on
// loopback (127.0.0.1 only), the issue 12 speed table, medians of --runs runs.
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMUTUA_BUILD_TESTS=ON
//   cmake --build build-bench -j2 --target bench_lan mutua && ./build-bench/tests/bench/bench_lan
//
// Options: --runs N (default 5), --entries N (default 100000), --idle-seconds S (default 30),
// --binary PATH (default: the mutua this build made).
//
//   first sync      a device that has joined and holds nothing runs `lan sync` against a `lan
//                   serve` holding --entries entries; wall time of the lan sync process (target
//                   <= 2 s)
//   10-edit change  two devices in step; 10 changes on one (10 new needs through the CLI, not
//                   timed), then its `lan sync`, which
//                   ends once the peer has committed them (target <= 100 ms; no debounce here).
//                   Beside it, the same sync with nothing to send: the fixed cost of a process
//                   start and a handshake.
//   memory          VmHWM of `lan serve` after 200 connections at once, each from its own loopback
//                   address (a request for push without a session, declaring 10 MB and sending
//                   256 KB), then an honest first sync of --entries (target <= 100 MB)
//   idle CPU        user + system time of a serving process over --idle-seconds with nothing to
//                   do (target <= 1%)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "support/lan_process.hpp"

using namespace mutua::test;
namespace fs = std::filesystem;

namespace {

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "bench_lan: %s\n", why.c_str());
  std::exit(1);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string binary;

ProcessResult must_run(const std::vector<std::string>& args,
                       milliseconds timeout = milliseconds(600'000)) {
  auto r = run_bounded(binary, args, timeout);
  if (r.code != 0) {
    std::string cmd = "mutua";
    for (auto& a : args) cmd += " " + a;
    die(cmd + " -> exit " + std::to_string(r.code) + ": " + r.err + r.out);
  }
  return r;
}
long status_kb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  for (int i = 0; i < 200 && std::getline(in, line); ++i)
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return -1;
}
// utime + stime of a process, in clock ticks.
long long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = s.rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> f;
  size_t at = close + 2;
  for (int i = 0; i < 20 && at < s.size(); ++i) {
    auto sp = s.find(' ', at);
    f.push_back(s.substr(at, sp - at));
    at = sp + 1;
  }
  if (f.size() < 13) return -1;
  return std::atoll(f[11].c_str()) + std::atoll(f[12].c_str());  // fields 14 and 15
}

// From 127.0.0.`from`: lan serve limits connections per address, and the honest device is on
// 127.0.0.1.
int connect_loopback(int port, int from) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_addr.s_addr = htonl(0x7F000000u | static_cast<uint32_t>(from & 0xFF));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
    ::close(fd);
    return -1;
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
// Sends what it can of `data` within `timeout` (the server may stop reading).
void send_some(int fd, const std::string& data, milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  size_t sent = 0;
  for (int i = 0; i < 100'000 && sent < data.size() && Clock::now() < deadline; ++i) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 10) <= 0) continue;
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

void row(const char* what, const std::string& value, const char* target) {
  std::printf("  %-52s %14s   target %s\n", what, value.c_str(), target);
  std::fflush(stdout);
}
std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  long entries = 100'000;
  int idle_s = 30;
#ifdef MUTUA_BINARY
  binary = MUTUA_BINARY;
#endif
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string o = argv[i];
    if (o == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
    else if (o == "--entries")
      entries = std::max(10L, std::atol(argv[i + 1]));
    else if (o == "--idle-seconds")
      idle_s = std::max(1, std::atoi(argv[i + 1]));
    else if (o == "--binary")
      binary = argv[i + 1];
    else
      die("unknown option " + o);
  }
  if (binary.empty() || !fs::exists(binary)) die("no mutua binary (--binary PATH)");
  TempDir dir;
  const auto ta = dir.file("template-a.db"), tb = dir.file("template-b.db");
  auto t = Clock::now();
  auto code = must_run({"--db", ta, "network", "create", "Bench"}).out;
  while (!code.empty() && (code.back() == '\n' || code.back() == ' ')) code.pop_back();
  must_run({"--db", ta, "demo", "--entries", std::to_string(entries), "--seed", "1"});
  must_run({"--db", tb, "network", "join", code});
  std::printf("bench_lan: %ld entries, %d runs (data set made in %.1f s)\n", entries, runs,
              ms_since(t) / 1000);
  const auto a = dir.file("a.db"), b = dir.file("b.db");

  // First sync.
  std::vector<double> first;
  for (int r = 0; r < runs; ++r) {
    copy_db(ta, a);
    copy_db(tb, b);
    LanServer server(binary, a);
    auto t0 = Clock::now();
    auto s =
        run_bounded(binary, {"--db", b, "lan", "sync", server.address()}, milliseconds(600'000));
    first.push_back(ms_since(t0));
    if (s.code != 0) die("lan sync -> exit " + std::to_string(s.code) + ": " + s.err);
    if (entry_count(b) != entries) die("the first sync did not bring every entry");
    (void)server.stop();
  }
  row("first sync (ms)", fmt("%.0f", median(first)), "<= 2000");

  // A 10-edit change reaching a peer in step (a and b hold the same after the last first sync).
  std::vector<double> change, nothing;
  {
    LanServer server(binary, a);
    for (int r = 0; r < runs; ++r) {
      // Ten changes: ten new needs (demo entries may have expired, and only open ones edit).
      for (int i = 0; i < 10; ++i)
        must_run({"--db", b, "need", "add", "--category", "food", "--item",
                  "rice " + std::to_string(r * 10 + i), "--qty", "3"});
      auto t0 = Clock::now();
      auto s =
          run_bounded(binary, {"--db", b, "lan", "sync", server.address()}, milliseconds(60'000));
      change.push_back(ms_since(t0));
      if (s.code != 0) die("lan sync -> exit " + std::to_string(s.code) + ": " + s.err);
      if (version_vector(a) != version_vector(b)) die("the peer does not hold the 10 edits");
      t0 = Clock::now();
      s = run_bounded(binary, {"--db", b, "lan", "sync", server.address()}, milliseconds(60'000));
      nothing.push_back(ms_since(t0));
      if (s.code != 0) die("lan sync -> exit " + std::to_string(s.code) + ": " + s.err);
    }
    (void)server.stop();
  }
  row("10-edit change to a peer in step (ms)", fmt("%.0f", median(change)), "<= 100");
  row("  the same sync with nothing to send (ms)", fmt("%.0f", median(nothing)), "");

  // Memory under 200 concurrent connections, with an honest first sync among them.
  std::vector<double> peak;
  for (int r = 0; r < runs; ++r) {
    copy_db(ta, a);
    copy_db(tb, b);
    LanServer server(binary, a);
    std::vector<int> fds;
    const std::string head =
        "POST /mutua/lan/1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/octet-stream\r\nContent-Length: 10000000\r\n\r\n";
    const std::string chunk(256 * 1024, 'x');
    for (int i = 0; i < 200; ++i)
      if (int fd = connect_loopback(server.port(), 10 + i); fd >= 0) fds.push_back(fd);
    for (int fd : fds) send_some(fd, head, milliseconds(200));
    for (int fd : fds) send_some(fd, chunk, milliseconds(20));
    // The honest first sync among them, trying again (as background sync does) for up to 60 s.
    bool synced = false;
    auto t0 = Clock::now();
    for (int k = 0; k < 120 && !synced && Clock::now() - t0 < milliseconds(60'000); ++k) {
      auto h =
          run_bounded(binary, {"--db", b, "lan", "sync", server.address()}, milliseconds(120'000));
      synced = h.code == 0;
      if (!synced) std::this_thread::sleep_for(milliseconds(500));
    }
    if (!synced) die("the honest sync among 200 connections failed for 60 s");
    peak.push_back(static_cast<double>(status_kb(server.process().pid(), "VmHWM:")) / 1024.0);
    for (int fd : fds) ::close(fd);
    (void)server.stop();
  }
  row("lan serve peak memory, 200 connections (MB)", fmt("%.1f", median(peak)), "<= 100");

  // Idle CPU: three serving processes at once, each on its own copy, over the same seconds.
  {
    std::vector<std::string> dbs;
    std::vector<std::unique_ptr<LanServer>> servers;
    for (int i = 0; i < 3; ++i) {
      dbs.push_back(dir.file("idle" + std::to_string(i) + ".db"));
      copy_db(ta, dbs.back());
      servers.push_back(std::make_unique<LanServer>(binary, dbs.back()));
    }
    std::this_thread::sleep_for(milliseconds(1000));
    std::vector<long long> before;
    for (auto& s : servers) before.push_back(cpu_ticks(s->process().pid()));
    std::this_thread::sleep_for(std::chrono::seconds(idle_s));
    std::vector<double> pct;
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (size_t i = 0; i < servers.size(); ++i) {
      auto used = cpu_ticks(servers[i]->process().pid()) - before[i];
      pct.push_back(100.0 * static_cast<double>(used) / tick / idle_s);
    }
    for (auto& s : servers) (void)s->stop();
    row("idle CPU of lan serve (%)", fmt("%.2f", median(pct)), "<= 1");
  }
  return 0;
}
