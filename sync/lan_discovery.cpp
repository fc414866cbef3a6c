// LAN discovery: the announce sender and listener, the peers table, and DNS-SD when allowed.
#include "sync/lan_discovery.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "sync/key_ring.hpp"
#include "sync/lan_announce.hpp"
#include "sync/lan_dns_sd.hpp"
#include "sync/network.hpp"

namespace mutua {
namespace {

constexpr size_t kMaxPeers = 256;                 // peers in the table; the oldest-heard goes first
constexpr size_t kMaxAnnounceKeys = 16;           // keys tried per datagram, newest first
constexpr uint64_t kMaxDatagramsPerSecond = 200;  // read and judged; past it, read and dropped
constexpr size_t kMaxTargets = 16;
constexpr size_t kMaxRecentSenders = 4096;  // last timestamps kept against replays
constexpr int64_t kMinIntervalMs = 50;

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<in_addr> parse_ipv4(std::string_view s) {
  std::string text(s);
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) return std::nullopt;
  return a;
}

bool loopback_addr(in_addr a) {
  return (ntohl(a.s_addr) >> 24) == 127;
}

std::string ipv4_text(in_addr a) {
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd, o.fd);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// What the listener and sender read from the store, swapped whole by refresh_keys.
struct KeySet {
  Id self;
  AnnounceKey send_key{};
  uint32_t send_generation = 0;
  std::vector<AnnounceKey> keys;  // current first, then older generations, at most 16
  std::set<Id> revoked;
};

Result<std::shared_ptr<const KeySet>> read_keys(const Replica& store) {
  auto network = load_network(store);
  if (!network)
    return fail(
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'");
  auto ks = std::make_shared<KeySet>();
  ks->self = store.device_id();
  ks->send_key = derive_announce_key(network->key);
  ks->send_generation = network->generation;
  ks->keys.push_back(ks->send_key);
  auto ring = load_ring(store);
  std::sort(ring.begin(), ring.end(),
            [](const RingKey& a, const RingKey& b) { return a.generation > b.generation; });
  for (const auto& k : ring) {
    if (ks->keys.size() >= kMaxAnnounceKeys) break;
    if (k.key == network->key || !key_vouched(store, network->id, k)) continue;
    ks->keys.push_back(derive_announce_key(k.key));
  }
  std::vector<Id> ids;
  store.for_each_row(TableId::devices, [&](const Row& r) {
    ids.push_back(r.id);
    return true;
  });
  for (const auto& id : ids)
    if (auto d = store.device(id); d && d->revoked) ks->revoked.insert(id);
  return std::shared_ptr<const KeySet>(std::move(ks));
}

}  // namespace

// --- Free functions -----------------------------------------------------------------------

std::vector<Ipv4Interface> ipv4_interfaces() {
  std::vector<Ipv4Interface> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i && out.size() < 64; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    Ipv4Interface x;
    x.name = i->ifa_name ? i->ifa_name : "";
    x.address = ipv4_text(reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr);
    x.loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
    x.up = (i->ifa_flags & IFF_UP) != 0;
    if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr &&
        i->ifa_broadaddr->sa_family == AF_INET)
      x.broadcast = ipv4_text(reinterpret_cast<const sockaddr_in*>(i->ifa_broadaddr)->sin_addr);
    out.push_back(std::move(x));
  }
  freeifaddrs(list);
  return out;
}

std::vector<std::string> local_ipv4_addresses() {
  std::vector<std::string> first, last;
  for (const auto& i : ipv4_interfaces()) {
    if (!i.up) continue;
    auto& to = i.loopback ? last : first;
    if (std::find(to.begin(), to.end(), i.address) == to.end()) to.push_back(i.address);
  }
  first.insert(first.end(), last.begin(), last.end());
  return first;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  auto a = parse_ipv4(host);
  return a && loopback_addr(*a);
}

Result<AnnouncePlan> plan_announce(const LanSettings& settings,
                                   const std::vector<Ipv4Interface>& interfaces) {
  AnnouncePlan plan;
  auto target = parse_ipv4(settings.announce_address);
  if (is_loopback_host(settings.bind)) {
    // The safety rule: a loopback server tells loopback only, whatever is stored.
    plan.loopback_only = true;
    plan.addresses.push_back(target && loopback_addr(*target) ? ipv4_text(*target)
                                                              : "127.255.255.255");
    return plan;
  }
  if (!target)
    return fail("the announce address '" + settings.announce_address +
                "' is not an IPv4 address such as 255.255.255.255 or 192.168.1.255");
  plan.dns_sd = settings.dns_sd;
  if (ntohl(target->s_addr) == 0xFFFFFFFFu) {
    for (const auto& i : interfaces) {
      if (plan.addresses.size() + 1 >= kMaxTargets) break;
      if (!i.up || i.loopback || i.broadcast.empty()) continue;
      if (std::find(plan.addresses.begin(), plan.addresses.end(), i.broadcast) ==
          plan.addresses.end())
        plan.addresses.push_back(i.broadcast);
    }
  }
  plan.addresses.push_back(ipv4_text(*target));
  return plan;
}

std::vector<DiscoveredPeer> typed_peers(const LanSettings& settings) {
  std::vector<DiscoveredPeer> out;
  for (const auto& text : settings.manual_peers)
    if (auto a = parse_lan_address(text)) {
      DiscoveredPeer p;
      p.address = *a;
      p.source = DiscoveredPeer::Source::manual;
      out.push_back(std::move(p));
    }
  return out;
}

// --- The discovery ------------------------------------------------------------------------

struct LanDiscovery::Impl {
  Options options;
  AnnouncePlan plan;
  uint16_t http_port = 0;
  uint16_t announce_port = 0;
  std::vector<sockaddr_in> targets;
  Fd listener, sender, wake;
  std::thread thread;
  std::unique_ptr<DnsSd> dns_sd;
  bool dns_sd_wanted = false;
  bool dns_sd_running = false;  // set once at start

  mutable std::mutex mutex;  // guards everything below
  std::shared_ptr<const KeySet> keys;
  struct Entry {
    DiscoveredPeer peer;
    std::string instance;  // DNS-SD instance name, for dns_sd entries
  };
  std::vector<Entry> table;
  std::map<Id, int64_t> last_timestamp;  // per sender: the newest announce time taken
  LanDiscoveryStats stats;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  int64_t last_sent_timestamp = 0;

  int64_t now() const { return options.now(); }

  void log(const std::string& line) const {
    try {
      options.log(line);
    } catch (...) {
    }
  }

  void expire_locked(int64_t t) {
    const int64_t limit = 3 * options.interval_ms;
    std::erase_if(table, [&](const Entry& e) {
      return e.peer.source == DiscoveredPeer::Source::broadcast && t - e.peer.last_seen > limit;
    });
    for (auto it = last_timestamp.begin(); it != last_timestamp.end();)
      it = it->second < t - options.max_clock_difference_ms ? last_timestamp.erase(it)
                                                            : std::next(it);
  }

  // Adds or refreshes a peer; a full table loses its oldest-heard peer.
  void upsert_locked(Entry e) {
    for (auto& x : table) {
      const bool same = e.peer.source == DiscoveredPeer::Source::dns_sd
                            ? x.peer.source == e.peer.source && x.instance == e.instance
                            : x.peer.source == e.peer.source && x.peer.device == e.peer.device;
      if (same) {
        x = std::move(e);
        return;
      }
    }
    if (table.size() >= kMaxPeers) {
      auto oldest = std::min_element(
          table.begin(), table.end(),
          [](const Entry& a, const Entry& b) { return a.peer.last_seen < b.peer.last_seen; });
      table.erase(oldest);
      ++stats.evicted;
    }
    table.push_back(std::move(e));
  }

  void send_announce() {
    std::shared_ptr<const KeySet> ks;
    int64_t ts;
    {
      std::lock_guard lock(mutex);
      ks = keys;
      ts = std::max(now(), last_sent_timestamp + 1);
      last_sent_timestamp = ts;
    }
    Announce a{ks->self, http_port, ks->send_generation, ts};
    const std::string datagram = seal_announce(a, ks->send_key);
    uint64_t sent = 0, errors = 0;
    int first_error = 0;
    for (const auto& to : targets) {
      // The safety rule, checked again at the last moment.
      if (plan.loopback_only && !loopback_addr(to.sin_addr)) continue;
      if (::sendto(sender.fd, datagram.data(), datagram.size(), MSG_DONTWAIT,
                   reinterpret_cast<const sockaddr*>(&to),
                   sizeof to) == static_cast<ssize_t>(datagram.size())) {
        ++sent;
      } else {
        ++errors;
        if (!first_error) first_error = errno;
      }
    }
    bool first_failure = false;
    {
      std::lock_guard lock(mutex);
      first_failure = errors && stats.send_errors == 0;
      stats.sent += sent;
      stats.send_errors += errors;
    }
    if (first_failure)
      log("LAN discovery: an announce could not be sent (" + std::string(strerror(first_error)) +
          "); typed addresses still work");
  }

  void handle(const char* data, ssize_t n, const sockaddr_in& from, uint64_t& budget_used) {
    std::shared_ptr<const KeySet> ks;
    {
      std::lock_guard lock(mutex);
      ++stats.received;
      if (budget_used >= kMaxDatagramsPerSecond) {
        ++stats.rate_limited;
        return;
      }
      ++budget_used;
      if (plan.loopback_only && !loopback_addr(from.sin_addr)) {
        ++stats.off_loopback;
        return;
      }
      if (n > static_cast<ssize_t>(kMaxAnnounceDatagram)) {
        ++stats.malformed;
        return;
      }
      ks = keys;
    }
    auto opened = open_announce(std::string_view(data, static_cast<size_t>(n)), ks->keys);
    const int64_t t = now();
    std::lock_guard lock(mutex);
    if (opened.refusal == AnnounceRefusal::malformed) {
      ++stats.malformed;
      return;
    }
    if (opened.refusal == AnnounceRefusal::foreign) {
      ++stats.foreign;
      return;
    }
    const Announce& a = opened.announce;
    if (a.device == ks->self) {
      ++stats.own;
      return;
    }
    if (ks->revoked.count(a.device)) {
      ++stats.revoked;
      return;
    }
    if (a.timestamp_ms < t - options.max_clock_difference_ms ||
        a.timestamp_ms > t + options.max_clock_difference_ms) {
      ++stats.stale;
      return;
    }
    auto [it, fresh] = last_timestamp.emplace(a.device, a.timestamp_ms);
    if (!fresh) {
      if (a.timestamp_ms <= it->second) {
        ++stats.replayed;
        return;
      }
      it->second = a.timestamp_ms;
    } else if (last_timestamp.size() > kMaxRecentSenders) {
      // Bounded: forget the sender heard longest ago (not this one).
      auto oldest = last_timestamp.begin();
      for (auto j = last_timestamp.begin(); j != last_timestamp.end(); ++j)
        if (j->first != a.device && j->second < oldest->second) oldest = j;
      if (oldest->first != a.device) last_timestamp.erase(oldest);
    }
    Entry e;
    e.peer.device = a.device;
    e.peer.address = LanAddress{ipv4_text(from.sin_addr), a.http_port};
    e.peer.source = DiscoveredPeer::Source::broadcast;
    e.peer.last_seen = t;
    upsert_locked(std::move(e));
    ++stats.accepted;
  }

  void run() {
    int64_t next_announce = options.announce ? 0 : INT64_MAX;  // the first one at once
    auto steady_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
    int64_t window_start = steady_ms();
    uint64_t budget_used = 0;
    char buf[kMaxAnnounceDatagram + 1];
    while (!stopping.load()) {
      int64_t t = steady_ms();
      if (t - window_start >= 1000) {
        window_start = t;
        budget_used = 0;
      }
      if (options.announce && t >= next_announce) {
        send_announce();
        next_announce = t + options.interval_ms;
      }
      {
        std::lock_guard lock(mutex);
        expire_locked(now());
      }
      int64_t wait = std::min<int64_t>(1000 - (t - window_start), 1000);
      if (options.announce) wait = std::min(wait, next_announce - t);
      pollfd fds[2] = {{wake.fd, POLLIN, 0}, {listener.fd, POLLIN, 0}};
      const nfds_t nfds = listener.fd >= 0 ? 2 : 1;
      const int rc = ::poll(fds, nfds, static_cast<int>(std::clamp<int64_t>(wait, 0, 1000)));
      if (rc < 0 && errno != EINTR) break;
      if (rc <= 0) continue;
      if (fds[0].revents & POLLIN) {
        uint64_t v = 0;
        if (::read(wake.fd, &v, sizeof v) < 0) { /* nothing to drain */
        }
        if (stopping.load()) break;
        next_announce = options.announce ? 0 : INT64_MAX;  // announce_now
      }
      if (nfds == 2 && (fds[1].revents & POLLIN)) {
        // Bounded per wake: at most 64 datagrams, then the loop turns (stop, timers).
        for (int i = 0; i < 64 && !stopping.load(); ++i) {
          sockaddr_in from{};
          socklen_t len = sizeof from;
          const ssize_t n = ::recvfrom(listener.fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC,
                                       reinterpret_cast<sockaddr*>(&from), &len);
          if (n < 0) break;
          if (from.sin_family != AF_INET) continue;
          handle(buf, n, from, budget_used);
        }
      }
    }
  }
};

LanDiscovery::LanDiscovery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<LanDiscovery>> LanDiscovery::start(const Replica& store,
                                                          const LanSettings& settings,
                                                          uint16_t http_port, Options options) {
  if (!settings.enabled && !options.requested)
    return fail(
        "LAN sync is off on this device; turn it on in Settings or with 'mutua lan config "
        "--on'");
  if (options.announce && http_port == 0)
    return fail("LAN discovery needs the HTTP port to announce");
  if (!options.now) options.now = system_ms;
  if (!options.log)
    options.log = [](const std::string& line) { std::cerr << "mutua: " << line << "\n"; };
  options.interval_ms = std::max(options.interval_ms, kMinIntervalMs);
  auto keys = read_keys(store);
  if (!keys) return Error{keys.error()};
  auto plan = plan_announce(settings, ipv4_interfaces());
  if (!plan) return Error{plan.error()};

  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->plan = std::move(*plan);
  impl->http_port = http_port;
  impl->announce_port = settings.announce_port;
  impl->keys = std::move(*keys);
  for (const auto& a : impl->plan.addresses) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(settings.announce_port);
    if (auto ip = parse_ipv4(a)) to.sin_addr = *ip;
    impl->targets.push_back(to);
  }
  impl->wake = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (impl->wake.fd < 0) return fail(std::string("LAN discovery: ") + strerror(errno));

  if (impl->options.announce) {
    impl->sender = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (impl->sender.fd < 0) return fail(std::string("LAN discovery: ") + strerror(errno));
    int on = 1;
    ::setsockopt(impl->sender.fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
    if (impl->plan.loopback_only) {
      sockaddr_in self{};
      self.sin_family = AF_INET;
      self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::bind(impl->sender.fd, reinterpret_cast<sockaddr*>(&self), sizeof self) != 0)
        return fail(std::string("LAN discovery: ") + strerror(errno));
    }
  }
  if (impl->options.listen) {
    impl->listener = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (impl->listener.fd < 0) return fail(std::string("LAN discovery: ") + strerror(errno));
    int on = 1;
    // Several processes on one host (a kiosk and `mutua lan peers`, the tests) share the port;
    // each hears every broadcast.
    ::setsockopt(impl->listener.fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_port = htons(settings.announce_port);
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(impl->listener.fd, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0)
      return fail("cannot listen for announces on UDP port " +
                  std::to_string(settings.announce_port) + ": " + strerror(errno));
  }
  impl->dns_sd_wanted = impl->plan.dns_sd;
  if (impl->plan.dns_sd) {
    Impl* raw = impl.get();
    impl->dns_sd = DnsSd::start(
        impl->options.announce ? http_port : 0,
        [raw](const std::string& instance, std::optional<LanAddress> address) {
          std::lock_guard lock(raw->mutex);
          if (!address) {
            std::erase_if(raw->table, [&](const Impl::Entry& e) {
              return e.peer.source == DiscoveredPeer::Source::dns_sd && e.instance == instance;
            });
            return;
          }
          if (raw->plan.loopback_only) return;
          Impl::Entry e;
          e.peer.address = *address;
          e.peer.source = DiscoveredPeer::Source::dns_sd;
          e.peer.last_seen = raw->now();
          e.instance = instance;
          raw->upsert_locked(std::move(e));
        },
        impl->options.log);
    impl->dns_sd_running = impl->dns_sd != nullptr;
  }
  impl->thread = std::thread([raw = impl.get()] {
    try {
      raw->run();
    } catch (...) {
      raw->log("LAN discovery stopped after an unexpected error");
    }
  });
  return std::unique_ptr<LanDiscovery>(new LanDiscovery(std::move(impl)));
}

LanDiscovery::~LanDiscovery() {
  stop();
}

void LanDiscovery::stop() {
  if (!impl_) return;
  try {
    {
      std::lock_guard lock(impl_->mutex);
      if (impl_->stopped) return;
      impl_->stopped = true;
    }
    impl_->stopping.store(true);
    const uint64_t one = 1;
    if (::write(impl_->wake.fd, &one, sizeof one) < 0) {
      // The thread still sees `stopping` within its poll timeout (at most a second).
    }
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->dns_sd.reset();
  } catch (...) {
  }
}

std::vector<DiscoveredPeer> LanDiscovery::peers() const {
  std::lock_guard lock(impl_->mutex);
  impl_->expire_locked(impl_->now());
  std::vector<DiscoveredPeer> out;
  for (const auto& e : impl_->table) out.push_back(e.peer);
  std::sort(out.begin(), out.end(), [](const DiscoveredPeer& a, const DiscoveredPeer& b) {
    return a.last_seen > b.last_seen;
  });
  return out;
}

void LanDiscovery::refresh_keys(const Replica& store) {
  auto keys = read_keys(store);
  if (!keys) return;  // left the network: keep what it had; the caller stops discovery
  std::lock_guard lock(impl_->mutex);
  impl_->keys = std::move(*keys);
}

void LanDiscovery::announce_now() {
  const uint64_t one = 1;
  if (::write(impl_->wake.fd, &one, sizeof one) < 0) {
    // Full counter: a wake is already pending.
  }
}

LanDiscoveryStats LanDiscovery::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

std::vector<std::string> LanDiscovery::announce_targets() const {
  std::vector<std::string> out;
  for (const auto& a : impl_->plan.addresses)
    out.push_back(a + ":" + std::to_string(impl_->announce_port));
  return out;
}

bool LanDiscovery::loopback_only() const {
  return impl_->plan.loopback_only;
}

bool LanDiscovery::dns_sd_wanted() const {
  return impl_->dns_sd_wanted;
}

bool LanDiscovery::dns_sd_running() const {
  return impl_->dns_sd_running;
}

}  // namespace mutua
