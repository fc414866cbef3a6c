#pragma once
// The record of each LAN peer on this device (migration 13, never replicated): the last exchange
// that completed and the last attempt, for the sync screen and `mutua lan peers`.
#include <optional>
#include <vector>

#include "core/replica.hpp"
#include "sync/lan.hpp"

namespace mutua {

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
