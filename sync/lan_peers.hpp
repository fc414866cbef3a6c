#pragma once
// The record of each LAN peer on this device (migration 13, never replicated): the last exchange
// that completed and the last attempt, for the sync screen and `mutua lan peers`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/replica.hpp"
#include "sync/lan.hpp"

namespace mutua {

// A LAN failure as stored in lan_peers or in a sync_log row from a LAN exchange. Before
// SyncProblem::unreachable (16) existed, a peer that did not answer was stored as cannot_read
// (10), and a LAN exchange reads no drive: such a row is read as unreachable.
SyncFailure lan_stored_failure(int problem, std::string detail);
// A sync_log source written by a LAN exchange: "lan HOST:PORT" (either side).
bool is_lan_source(std::string_view source);

// Every peer this device exchanged with or tried to, most recent attempt first.
std::vector<LanPeerState> lan_peer_states(const Replica& store);

// After an exchange completed (either side). `called_us`: the peer connected to this device, so
// its address has no serving port; an address this device already knows for it is kept.
void record_lan_exchange(Replica& store, const LanExchange& exchange, bool called_us = false);
// After an attempt failed. Without `device` (it failed before the peer proved who it is), the
// record of a peer last seen at that address is updated; when none is, nothing is recorded here
// (the sync log still has the line).
void record_lan_failure(Replica& store, const std::optional<Id>& device, const LanAddress& address,
                        const SyncFailure& failure);

}  // namespace mutua
