#pragma once
// A row of a table this Mutua keeps as a newer Mutua's (table 8, gaps; table 11, tickets given
// elsewhere) written by this device as its own: its creation is a new version of this device,
// signed as every local write is (Replica::sign_version), so relays pass it on and receivers
// check it against this device's chain.
#include "core/replica.hpp"

namespace mutua {

// Stamps `row` (insert-only, fixed values as extras, no stamps yet) with this device's clock and
// next sequence number, keeps it, and signs it. Nothing when a row with its id is here already.
// Call inside a transaction.
void write_own_row(Replica& store, Row row);

}  // namespace mutua
