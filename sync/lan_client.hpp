#pragma once
// The LAN client: one exchange with one peer's LanServer (docs/lan-protocol.md). Both prove the
// network key and their device keys, then each gets what it lacks as the same bundle the stick
// carries, and each states what it now holds.
#include <functional>
#include <vector>

#include "core/result.hpp"
#include "sync/lan.hpp"

namespace mutua {

struct LanClientLimits {
  int connect_timeout_ms = 3000;
  int read_timeout_ms = 60000;  // an answer (a first sync's bundle is built while we wait)
  int write_timeout_ms = 60000;
};

// Syncs with the peer at `address`: imports what it has that this device lacks and sends it what
// it lacks. Records the exchange or the failed attempt (sync/lan_peers.hpp) and a sync log row
// (source "lan HOST:PORT"). A refusal (another network, a key that is not the one pinned, a
// revoked device) happens before any data moves and changes nothing; `why` says which.
Result<LanExchange> lan_sync(Replica& store, const LanAddress& address, SyncFailure* why = nullptr,
                             const LanClientLimits& limits = {});

// The peers `mutua lan sync` without an address syncs with: the typed ones (LanSettings), then
// whatever `discovered` returns (discovery's hook: helper "disc" passes its own), each address
// once.
using LanPeerSource = std::function<std::vector<DiscoveredPeer>(const Replica&)>;
std::vector<LanAddress> lan_sync_targets(const Replica& store,
                                         const LanPeerSource& discovered = nullptr);

// "Tablet 2 (127.0.0.1:5000): 3 new, 1 updated (needs and offers), 0 conflicts; sent 12 records;
// Tablet 2 is up to date." (or "... is behind by 3 changes.").
std::string lan_exchange_line(const LanExchange& e);

}  // namespace mutua
