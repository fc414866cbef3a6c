// mutua lan serve / lan sync: the LAN transport from the command line (sync/lan_server.hpp,
// sync/lan_client.hpp), with discovery (sync/lan_discovery.hpp). `mutua lan peers` and
// `mutua lan config` are in app/cli_lan_peers.cpp.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "app/web/phone_pages.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_discovery.hpp"
#include "sync/lan_server.hpp"
#include "sync/network.hpp"

namespace mutua::cli {

namespace {

// How long `lan sync` without an address listens for announces before it syncs.
constexpr auto kListenForPeers = std::chrono::seconds(3);

// The peers `lan sync` goes to without an address, besides the typed ones: while LAN sync is on
// (a coordinator turned it on), what discovery hears in a few seconds. With LAN sync off,
// nothing is listened for (and nothing is sent: discovery here never announces).
std::vector<DiscoveredPeer> listen_for_peers(const Replica& replica) {
  const LanSettings settings = load_lan_settings(replica);
  if (!settings.enabled) return {};
  LanDiscovery::Options o;
  o.announce = false;
  o.log = [](const std::string& line) { std::cerr << "mutua: " << line << "\n"; };
  auto d = LanDiscovery::start(replica, settings, 0, o);
  if (!d) {
    std::cerr << "mutua: no discovery (" << d.error() << "); only the typed peers\n";
    return {};
  }
  // Bounded: kListenForPeers at most, in 100 ms steps.
  const auto until = std::chrono::steady_clock::now() + kListenForPeers;
  while (std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto found = (*d)->peers();
  (*d)->stop();
  return found;
}

int lan_serve(Context& ctx) {
  auto& store = ctx.store();
  auto network = load_network(store.replica());
  if (!network)
    throw UserError{
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'"};
  // Serving from the command line leaves the stored "enabled" setting alone.
  LanSettings settings = load_lan_settings(store.replica());
  if (auto b = ctx.args.get("bind")) settings.bind = *b;
  if (ctx.args.get("port")) {
    auto p = ctx.args.get_int("port", 0, 65535);
    if (!p) throw UsageError{"--port takes a number from 0 to 65535"};
    settings.port = static_cast<uint16_t>(*p);
  }
  // SIGINT and SIGTERM are taken by sigwait below: blocked before any server thread starts, so
  // every thread inherits the mask and none is interrupted by them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::mutex out_mutex;
  std::ostream& out = ctx.out;
  // One connection for the command and the server: the server takes the store and uses it on
  // one request thread at a time; from here on it is reached only through with_store (the
  // server's lock), never through ctx.
  // The announce is sealed with the network keys: after an import that may have brought a newer
  // key (or a revocation), discovery reads them again. Both set once discovery has started.
  std::atomic<LanServer*> serving{nullptr};
  std::atomic<LanDiscovery*> announcer{nullptr};
  auto server = LanServer::start(std::move(ctx.store_), settings, [&](const LanExchange& e) {
    LanServer* srv = serving.load();
    if (LanDiscovery* d = announcer.load(); srv && d)
      srv->with_store([d](Store& s) { d->refresh_keys(s.replica()); });
    std::lock_guard lock(out_mutex);
    out << e.peer_name << " (" << e.address.host << "): " << e.received.new_entries << " new, "
        << e.received.updated_entries << " updated (needs and offers), "
        << counted(static_cast<long long>(e.received.conflicts), "conflict", "conflicts")
        << std::endl;
  });
  if (!server) {
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    throw UserError{server.error()};
  }
  {
    std::lock_guard lock(out_mutex);
    out << "Serving " << (*server)->network_name() << " on " << (*server)->bind() << ":"
        << (*server)->port() << std::endl;
  }
  // The phone pages (app/web/phone_pages.hpp) on their own port, unless turned off. With
  // --port 0 (tests) they too take any free port.
  std::unique_ptr<PhonePages> phone;
  if (!ctx.args.has("no-phone-pages")) {
    uint16_t phone_port = settings.port == 0 ? 0 : kPhonePagesPort;
    if (ctx.args.get("phone-port")) {
      auto p = ctx.args.get_int("phone-port", 0, 65535);
      if (!p) throw UsageError{"--phone-port takes a number from 0 to 65535"};
      phone_port = static_cast<uint16_t>(*p);
    }
    auto started = PhonePages::start(ctx.db_path, settings.bind, phone_port);
    std::lock_guard lock(out_mutex);
    if (started) {
      phone = std::move(*started);
      out << "Phone pages on http://" << phone->bind() << ":" << phone->port()
          << " (turn them off with --no-phone-pages)" << std::endl;
    } else {
      std::cerr << "mutua: no phone pages (" << started.error() << "); sync still serves"
                << std::endl;
    }
  }
  // Running `lan serve` is asking for LAN sync: the hub announces itself so tablets find it
  // (to loopback only when it is bound to loopback; see sync/lan_discovery.hpp). A hub only
  // serves, so it does not listen. Without discovery it still serves typed addresses.
  std::unique_ptr<LanDiscovery> discovery;
  if (!ctx.args.has("no-announce")) {
    LanDiscovery::Options o;
    o.requested = true;
    o.listen = false;
    o.log = [&out_mutex](const std::string& line) {
      std::lock_guard lock(out_mutex);
      std::cerr << "mutua: " << line << std::endl;
    };
    Result<std::unique_ptr<LanDiscovery>> d = fail("not started");
    (*server)->with_store(
        [&](Store& s) { d = LanDiscovery::start(s.replica(), settings, (*server)->port(), o); });
    if (d) {
      discovery = std::move(*d);
      announcer.store(discovery.get());
      serving.store(server->get());
    } else {
      std::lock_guard lock(out_mutex);
      std::cerr << "mutua: not announced (" << d.error()
                << "); other devices can still sync with this address" << std::endl;
    }
  }
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  if (phone) phone->stop();
  (*server)->stop();  // no callback runs after this
  serving.store(nullptr);
  announcer.store(nullptr);
  if (discovery) discovery->stop();
  std::cerr << "Stopped serving.\n";
  return 0;
}

int lan_sync_cmd(Context& ctx) {
  auto& store = ctx.store();
  Replica& replica = store.replica();
  if (!load_network(replica))
    throw UserError{
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'"};
  std::vector<LanAddress> targets;
  if (!ctx.args.positional().empty()) {
    const auto& text = ctx.args.positional()[0];
    auto a = parse_lan_address(text);
    if (!a) throw UserError{"'" + text + "' is not an address (like 192.168.43.1 or host:47147)"};
    targets.push_back(*a);
  } else {
    targets = lan_sync_targets(replica, listen_for_peers);
    if (targets.empty())
      throw UserError{
          "no LAN peers to sync with; give an address (mutua lan sync 192.168.43.1), type one in "
          "Settings (mutua lan config --add-peer ADDR), or turn LAN sync on so discovery can "
          "find them"};
  }
  int code = 0;
  for (const auto& address : targets) {
    auto r = lan_sync(replica, address);
    if (r) {
      ctx.out << lan_exchange_line(*r) << "\n";
      for (const auto& skew : r->received.clock_skews)
        ctx.out << address.text() << ": " << clock_skew_line(replica, skew) << "\n";
    } else {
      std::cerr << "mutua: " << r.error() << "\n";
      code = 1;
    }
  }
  return code;
}

}  // namespace

std::vector<Command> lan_commands() {
  return {
      {{"lan", "serve"},
       "",
       "serve this device's data to the others on the local network until stopped (Ctrl-C), "
       "and the phone pages (post a need or an offer, the board, check a ticket) to phones on "
       "the same Wi-Fi",
       {{"bind", true, "address to listen on (default: the LAN setting, 0.0.0.0)"},
        {"port", true, "TCP port (default: the LAN setting, 47147; 0: any free port)"},
        {"no-announce", false, "do not announce this hub (only typed addresses find it)"},
        {"phone-port", true,
         "TCP port of the phone pages (default 8080; any free port when --port is 0)"},
        {"no-phone-pages", false, "do not serve the phone pages (sync only)"}},
       0,
       0,
       lan_serve},
      {{"lan", "sync"},
       "[HOST[:PORT]]",
       "sync now with one device on the local network, or with every typed peer (and, with LAN "
       "sync on, every peer heard within 3 seconds)",
       {},
       0,
       1,
       lan_sync_cmd},
  };
}

}  // namespace mutua::cli
