// A transport sees the replication engine and nothing else (docs/architecture.md): sync/'s
// headers, with the engine's, declare no database and no domain service. This file holds no test
// case: it fails to compile, and so fails the build of test_sync, if one of them does.
#include "core/replica.hpp"
#include "sync/atomic_file.hpp"
#include "sync/bundle.hpp"
#include "sync/clock_skew.hpp"
#include "sync/lan_announce.hpp"
#include "sync/lan_discovery.hpp"
#include "sync/lan_dns_sd.hpp"
#include "sync/mailbox.hpp"
#include "sync/network.hpp"

namespace {
template <typename T, typename = void>
constexpr bool kComplete = false;
template <typename T>
constexpr bool kComplete<T, std::void_t<decltype(sizeof(T))>> = true;
}  // namespace

namespace mutua {
class EntryService;
class Store;
}  // namespace mutua

static_assert(!kComplete<mutua::Db>, "the engine's header or a transport's exposes the Db");
static_assert(!kComplete<mutua::Statement>, "the engine's header or a transport's exposes SQL");
static_assert(!kComplete<mutua::EntryService>, "a transport's header pulls in domain services");
static_assert(!kComplete<mutua::Store>, "a transport's header pulls in the composition root");
