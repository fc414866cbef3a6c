#pragma once
// The revoked device a ticket was given on (issue 10). A revocation refuses, on every device,
// the records its device made past the cut-off (the last of its writes the revoker had taken),
// and takes back those already taken (docs/security.md, "Revocation"). A resident's slip from
// such a record then finds nothing, and "it may not have synced: try again later" would send
// them away to wait for a record that will never come. So a ticket no entry here holds is
// checked against the devices' ticket prefixes: when it carries the prefix of a revoked device
// and of no device standing, the screens and the CLI say the record is not accepted and must be
// made again.
#include <optional>
#include <string_view>

#include "core/model.hpp"

namespace mutua {

class Store;

// The revoked device whose ticket prefix `typed` (as a person types a ticket: typed_ticket)
// carries, when no standing device has that prefix; nullopt otherwise. Call it only when
// EntryService::by_ticket found no entry: a revoked device's tickets from before its cut-off
// still find their entries.
std::optional<Device> revoked_giver(const Store& store, std::string_view typed);

}  // namespace mutua
