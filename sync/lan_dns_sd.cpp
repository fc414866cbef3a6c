// DNS-SD through Avahi's client library and its threaded poll (sync/lan_dns_sd.hpp).
#include "sync/lan_dns_sd.hpp"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>
#include <avahi-common/thread-watch.h>

#include <cstring>
#include <set>

#include "core/id.hpp"

namespace mutua {
namespace {

constexpr const char* kServiceType = "_mutua._tcp";
constexpr size_t kMaxResolving = 32;  // resolvers in flight
constexpr size_t kMaxKnown = 256;     // instances remembered

}  // namespace

struct DnsSd::Impl {
  uint16_t port = 0;
  Seen seen;
  std::function<void(const std::string&)> log;
  std::string name;  // our instance name
  AvahiThreadedPoll* poll = nullptr;
  AvahiClient* client = nullptr;
  AvahiEntryGroup* group = nullptr;
  AvahiServiceBrowser* browser = nullptr;
  size_t resolving = 0;
  std::set<std::string> known;
  bool failure_logged = false;

  void say(const std::string& line) {
    try {
      if (log) log(line);
    } catch (...) {
    }
  }
  void tell(const std::string& instance, std::optional<LanAddress> a) {
    try {
      if (seen) seen(instance, std::move(a));
    } catch (...) {
    }
  }

  void advertise(AvahiClient* c) {
    if (port == 0) return;
    if (!group) group = avahi_entry_group_new(c, &Impl::on_group, this);
    if (!group) return;
    for (int attempt = 0; attempt < 8; ++attempt) {
      int rc = avahi_entry_group_add_service(group, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET,
                                             AvahiPublishFlags(0), name.c_str(), kServiceType,
                                             nullptr, nullptr, port, "v=1", nullptr);
      if (rc == AVAHI_ERR_COLLISION) {
        rename();
        continue;
      }
      if (rc >= 0) rc = avahi_entry_group_commit(group);
      if (rc < 0) say(std::string("DNS-SD: could not advertise: ") + avahi_strerror(rc));
      return;
    }
  }

  void rename() {
    Id r = Id::random();
    name = "mutua-" + r.hex().substr(0, 8);
  }

  static void on_group(AvahiEntryGroup* g, AvahiEntryGroupState state, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (state == AVAHI_ENTRY_GROUP_COLLISION) {
      self->rename();
      avahi_entry_group_reset(g);
      self->advertise(avahi_entry_group_get_client(g));
    }
  }

  static void on_client(AvahiClient* c, AvahiClientState state, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (state == AVAHI_CLIENT_S_RUNNING) {
      self->advertise(c);
    } else if (state == AVAHI_CLIENT_S_COLLISION || state == AVAHI_CLIENT_S_REGISTERING) {
      if (self->group) avahi_entry_group_reset(self->group);
    } else if (state == AVAHI_CLIENT_FAILURE && !self->failure_logged) {
      self->failure_logged = true;
      self->say(std::string("DNS-SD stopped: ") + avahi_strerror(avahi_client_errno(c)) +
                "; the broadcast announce goes on");
    }
  }

  static void on_resolved(AvahiServiceResolver* r, AvahiIfIndex, AvahiProtocol,
                          AvahiResolverEvent event, const char* name, const char*, const char*,
                          const char*, const AvahiAddress* address, uint16_t port,
                          AvahiStringList* txt, AvahiLookupResultFlags, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (self->resolving) --self->resolving;
    if (event == AVAHI_RESOLVER_FOUND && address && address->proto == AVAHI_PROTO_INET &&
        port != 0 && name) {
      // Only version 1 services: "v=1" in the TXT record.
      bool v1 = false;
      if (AvahiStringList* v = avahi_string_list_find(txt, "v")) {
        char *key = nullptr, *value = nullptr;
        if (avahi_string_list_get_pair(v, &key, &value, nullptr) == 0) {
          v1 = value && std::strcmp(value, "1") == 0;
          avahi_free(key);
          avahi_free(value);
        }
      }
      char text[AVAHI_ADDRESS_STR_MAX] = {};
      avahi_address_snprint(text, sizeof text, address);
      if (v1) {
        if (auto a = parse_lan_address(text, port)) {
          a->port = port;
          self->tell(name, *a);
        }
      }
    }
    avahi_service_resolver_free(r);
  }

  static void on_browse(AvahiServiceBrowser*, AvahiIfIndex interface, AvahiProtocol protocol,
                        AvahiBrowserEvent event, const char* name, const char* type,
                        const char* domain, AvahiLookupResultFlags flags, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (!name) return;
    if (event == AVAHI_BROWSER_NEW) {
      if ((flags & AVAHI_LOOKUP_RESULT_OUR_OWN) || self->name == name) return;
      if (self->resolving >= kMaxResolving) return;
      if (!self->known.count(name) && self->known.size() >= kMaxKnown) return;
      self->known.insert(name);
      if (avahi_service_resolver_new(self->client, interface, protocol, name, type, domain,
                                     AVAHI_PROTO_INET, AvahiLookupFlags(0), &Impl::on_resolved,
                                     self))
        ++self->resolving;
    } else if (event == AVAHI_BROWSER_REMOVE) {
      if (self->known.erase(name)) self->tell(name, std::nullopt);
    } else if (event == AVAHI_BROWSER_FAILURE && !self->failure_logged) {
      self->failure_logged = true;
      self->say("DNS-SD browsing failed; the broadcast announce goes on");
    }
  }
};

DnsSd::DnsSd(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<DnsSd> DnsSd::start(uint16_t http_port, Seen seen,
                                    std::function<void(const std::string&)> log) {
  auto impl = std::make_unique<Impl>();
  impl->port = http_port;
  impl->seen = std::move(seen);
  impl->log = std::move(log);
  impl->rename();
  impl->poll = avahi_threaded_poll_new();
  if (!impl->poll) {
    impl->say("DNS-SD is off: Avahi could not start; discovery uses the broadcast announce only");
    return nullptr;
  }
  int error = 0;
  impl->client = avahi_client_new(avahi_threaded_poll_get(impl->poll), AvahiClientFlags(0),
                                  &Impl::on_client, impl.get(), &error);
  if (!impl->client) {
    impl->say(std::string("DNS-SD is off: no avahi-daemon answers (") + avahi_strerror(error) +
              "); discovery uses the broadcast announce only");
    avahi_threaded_poll_free(impl->poll);
    return nullptr;
  }
  impl->browser =
      avahi_service_browser_new(impl->client, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, kServiceType,
                                nullptr, AvahiLookupFlags(0), &Impl::on_browse, impl.get());
  if (avahi_threaded_poll_start(impl->poll) < 0) {
    impl->say("DNS-SD is off: Avahi's thread could not start");
    avahi_client_free(impl->client);  // frees its browsers and groups
    avahi_threaded_poll_free(impl->poll);
    return nullptr;
  }
  return std::unique_ptr<DnsSd>(new DnsSd(std::move(impl)));
}

DnsSd::~DnsSd() {
  if (!impl_) return;
  avahi_threaded_poll_stop(impl_->poll);
  avahi_client_free(impl_->client);  // frees its browser, resolvers and entry group
  avahi_threaded_poll_free(impl_->poll);
}

}  // namespace mutua
