// mutua lan serve / lan sync: the LAN transport from the command line (sync/lan_server.hpp,
// sync/lan_client.hpp). `mutua lan peers` (discovery) is helper "disc"'s.
#include <signal.h>

#include <iostream>
#include <mutex>

#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "sync/lan_client.hpp"
#include "sync/lan_server.hpp"
#include "sync/network.hpp"

namespace mutua::cli {

namespace {

// The addresses `lan sync` goes to without one given. Discovery plugs in here: a source of the
// peers it sees (helper "disc"); until then, the typed peers only.
LanPeerSource& discovered_peers() {
  static LanPeerSource source;
  return source;
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
  auto server = LanServer::start(ctx.db_path, settings, [&out, &out_mutex](const LanExchange& e) {
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
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  (*server)->stop();
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
    targets = lan_sync_targets(replica, discovered_peers());
    if (targets.empty())
      throw UserError{
          "no LAN peers to sync with; give an address (mutua lan sync 192.168.43.1) or type one "
          "in Settings"};
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
       "serve this device's data to the others on the local network until stopped (Ctrl-C)",
       {{"bind", true, "address to listen on (default: the LAN setting, 0.0.0.0)"},
        {"port", true, "TCP port (default: the LAN setting, 47147; 0: any free port)"}},
       0,
       0,
       lan_serve},
      {{"lan", "sync"},
       "[HOST[:PORT]]",
       "sync now with one device on the local network, or with every peer typed in Settings",
       {},
       0,
       1,
       lan_sync_cmd},
  };
}

}  // namespace mutua::cli
