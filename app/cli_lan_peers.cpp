// mutua lan peers (what discovery sees) and mutua lan config (this device's LAN settings).
#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "app/json.hpp"
#include "core/csv.hpp"
#include "sync/lan.hpp"
#include "sync/lan_discovery.hpp"
#include "sync/lan_peers.hpp"
#include "sync/network.hpp"

namespace mutua::cli {

namespace {

const char* source_word(DiscoveredPeer::Source s) {
  switch (s) {
    case DiscoveredPeer::Source::broadcast:
      return "broadcast";
    case DiscoveredPeer::Source::dns_sd:
      return "dns_sd";
    case DiscoveredPeer::Source::manual:
      break;
  }
  return "typed";
}

const char* found_words(DiscoveredPeer::Source s) {
  switch (s) {
    case DiscoveredPeer::Source::broadcast:
      return "found by its announce";
    case DiscoveredPeer::Source::dns_sd:
      return "found by DNS-SD";
    case DiscoveredPeer::Source::manual:
      break;
  }
  return "typed in";
}

// The last try with a peer, in English, from the record kept by the transport (lan_peers).
std::string last_try_words(const LanPeerState& s) {
  using P = SyncProblem;
  switch (s.last_failure.problem) {
    case P::none:
      return s.last_attempt > s.last_exchange ? "could not reach it" : "";
    case P::unreachable:
      return "could not reach it (is it turned on and on this Wi-Fi?)";
    case P::other_network:
      return "it is in another network";
    case P::no_network:
      return "it is in no network";
    case P::revoked_device:
      return "refused: a revoked device";
    case P::wrong_key:
    case P::forged_key:
      return "refused: it does not hold the key of the device it claims to be";
    case P::missing_key:
      return "no network key in common";
    case P::newer_format:
      return "it speaks another Mutua version";
    case P::cannot_save:
      return "this device could not save what arrived";
    default:
      return "refused (problem " + std::to_string(static_cast<int>(s.last_failure.problem)) + ")";
  }
}

const char* problem_word(SyncProblem p) {
  switch (p) {
    case SyncProblem::unreachable:
      return "unreachable";
    case SyncProblem::other_network:
      return "other_network";
    case SyncProblem::no_network:
      return "no_network";
    case SyncProblem::revoked_device:
      return "revoked_device";
    case SyncProblem::wrong_key:
      return "wrong_key";
    case SyncProblem::forged_key:
      return "forged_key";
    case SyncProblem::missing_key:
      return "missing_key";
    case SyncProblem::newer_format:
      return "newer_format";
    default:
      return "other";
  }
}

int lan_peers(Context& ctx) {
  auto& store = ctx.store();
  if (!load_network(store.replica()))
    throw UserError{
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'"};
  const int64_t wait_s = ctx.args.get_int("wait", 0, 60).value_or(3);
  const auto settings = load_lan_settings(store.replica());
  LanDiscovery::Options o;
  o.announce = false;  // no HTTP port to offer: listen (and browse) only
  o.requested = true;  // asked for on the command line, even with LAN sync off
  o.log = [](const std::string& line) { std::cerr << "mutua: " << line << "\n"; };
  auto d = LanDiscovery::start(store.replica(), settings, 0, o);
  if (!d) throw UserError{d.error()};
  // Bounded: wait_s seconds at most, in 100 ms steps.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
  while (std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto found = (*d)->peers();
  (*d)->stop();
  auto typed = typed_peers(settings);
  found.insert(found.end(), typed.begin(), typed.end());

  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto states = lan_peer_states(store.replica());
  auto state_of = [&](const DiscoveredPeer& p) -> const LanPeerState* {
    for (const auto& s : states)
      if ((p.device && s.device == *p.device) || s.address == p.address) return &s;
    return nullptr;
  };
  auto name_of = [&](const DiscoveredPeer& p) -> std::string {
    if (!p.device) return "";
    if (auto dev = store.devices().get(*p.device); dev && !dev->name.empty()) return dev->name;
    return p.device->hex().substr(0, 8);
  };

  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& p : found) {
      w.begin_object();
      w.key("device_id");
      p.device ? w.str(p.device->hex()) : w.null();
      w.key("name");
      p.device ? w.str(name_of(p)) : w.null();
      w.field("address", p.address.text());
      w.field("host", p.address.host);
      w.field("port", static_cast<int64_t>(p.address.port));
      w.field("source", source_word(p.source));
      w.key("last_seen");
      p.last_seen ? w.str(format_timestamp(p.last_seen)) : w.null();
      // The last try's problem, by name ("unreachable", "other_network"...); null when it
      // worked or there was none.
      const LanPeerState* st = state_of(p);
      const bool failed = st && (st->last_failure.problem != SyncProblem::none ||
                                 st->last_attempt > st->last_exchange);
      w.key("last_problem");
      failed ? w.str(st->last_failure.problem == SyncProblem::none
                         ? "unreachable"
                         : problem_word(st->last_failure.problem))
             : w.null();
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (found.empty()) {
    ctx.out << "no peers heard in " << counted(wait_s, "second", "seconds")
            << "; type one with mutua lan config --add-peer ADDRESS\n";
    return 0;
  }
  for (const auto& p : found) {
    std::string name = p.device ? name_of(p) : "unknown device";
    ctx.out << name << "  " << p.address.text() << "  " << found_words(p.source);
    if (p.last_seen)
      ctx.out << ", heard "
              << counted(std::max<int64_t>(0, (now - p.last_seen) / 1000), "second", "seconds")
              << " ago";
    if (const LanPeerState* st = state_of(p)) {
      const std::string why = last_try_words(*st);
      if (!why.empty()) ctx.out << "; last try: " << why;
    }
    ctx.out << "\n";
  }
  return 0;
}

bool ipv4(const std::string& s) {
  in_addr a{};
  return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

void show_lan_config(Context& ctx, const LanSettings& s) {
  std::string typed;
  for (const auto& p : s.manual_peers) typed += (typed.empty() ? "" : ", ") + p;
  std::string mine;
  for (const auto& a : local_ipv4_addresses()) mine += (mine.empty() ? "" : ", ") + a;
  ctx.out << "LAN sync       " << (s.enabled ? "on" : "off") << "\n"
          << "listen on      " << s.bind << ":" << s.port << (s.port ? "" : " (any free port)")
          << "\n"
          << "announce to    " << s.announce_address << " on UDP port " << s.announce_port
          << (is_loopback_host(s.bind) ? " (loopback only while listening on loopback)" : "")
          << "\n"
          << "DNS-SD         " << (s.dns_sd ? "on" : "off")
          << (s.dns_sd && is_loopback_host(s.bind) ? " (never on loopback)" : "") << "\n"
          << "typed peers    " << (typed.empty() ? "none" : typed) << "\n"
          << "this device    " << (mine.empty() ? "no IPv4 address" : mine) << "\n";
}

int lan_config(Context& ctx) {
  auto& store = ctx.store();
  auto s = load_lan_settings(store.replica());
  const auto& a = ctx.args;
  bool changed = false;
  if (a.has("on") && a.has("off")) throw UsageError{"choose --on or --off, not both"};
  if (a.has("on") || a.has("off")) {
    s.enabled = a.has("on");
    changed = true;
  }
  if (auto v = a.get("bind")) {
    if (!ipv4(*v))
      throw UserError{
          "--bind needs an IPv4 address of this device, such as 0.0.0.0 (every "
          "interface) or 127.0.0.1; got '" +
          *v + "'"};
    s.bind = *v;
    changed = true;
  }
  if (a.has("port")) {
    s.port = static_cast<uint16_t>(*a.get_int("port", 0, 65535));
    changed = true;
  }
  if (auto v = a.get("announce")) {
    if (!ipv4(*v))
      throw UserError{
          "--announce needs an IPv4 address, such as 255.255.255.255 or "
          "192.168.1.255; got '" +
          *v + "'"};
    s.announce_address = *v;
    changed = true;
  }
  if (a.has("announce-port")) {
    s.announce_port = static_cast<uint16_t>(*a.get_int("announce-port", 1, 65535));
    changed = true;
  }
  if (auto v = a.get("dns-sd")) {
    if (*v != "on" && *v != "off") throw UsageError{"--dns-sd takes on or off"};
    s.dns_sd = *v == "on";
    changed = true;
  }
  if (auto v = a.get("add-peer")) {
    auto addr = parse_lan_address(*v);
    if (!addr)
      throw UserError{"'" + *v +
                      "' is not an address; type an IPv4 address or a host name, with :PORT when "
                      "it is not " +
                      std::to_string(kLanPort) + " (for example 192.168.43.1)"};
    bool known = false;
    for (const auto& p : s.manual_peers)
      if (auto q = parse_lan_address(p); q && *q == *addr) known = true;
    if (known) {
      std::cerr << "mutua: " << addr->text() << " was already a typed peer\n";
    } else {
      if (s.manual_peers.size() >= 64)
        throw UserError{"this device already has 64 typed peers; remove one first"};
      s.manual_peers.push_back(addr->text());
      changed = true;
    }
  }
  if (auto v = a.get("remove-peer")) {
    auto addr = parse_lan_address(*v);
    const size_t before = s.manual_peers.size();
    std::erase_if(s.manual_peers, [&](const std::string& p) {
      auto q = parse_lan_address(p);
      return p == *v || (addr && q && *q == *addr);
    });
    if (s.manual_peers.size() == before)
      throw UserError{"'" + *v + "' is not among the typed peers (see mutua lan config)"};
    changed = true;
  }
  if (changed) save_lan_settings(store.replica(), s);
  show_lan_config(ctx, load_lan_settings(store.replica()));
  return 0;
}

}  // namespace

std::vector<Command> lan_discovery_commands() {
  return {
      {{"lan", "peers"},
       "",
       "the LAN peers discovery hears, and the typed ones",
       {{"json", false, "machine-readable output"},
        {"wait", true, "seconds to listen, 0 to 60 (default 3)"}},
       0,
       0,
       lan_peers},
      {{"lan", "config"},
       "",
       "show or change this device's LAN settings",
       {{"on", false, "turn LAN sync on for this device"},
        {"off", false, "turn LAN sync off for this device"},
        {"bind", true, "IPv4 address the LAN server listens on (0.0.0.0: every interface)"},
        {"port", true, "TCP port of the LAN server (0: any free port)"},
        {"announce", true, "IPv4 address the announce is sent to (255.255.255.255)"},
        {"announce-port", true, "UDP port of the announce"},
        {"dns-sd", true, "on or off: advertise and browse _mutua._tcp through Avahi"},
        {"add-peer", true, "a typed peer address: 192.168.43.1 or host:port"},
        {"remove-peer", true, "remove a typed peer address"}},
       0,
       0,
       lan_config},
  };
}

}  // namespace mutua::cli
