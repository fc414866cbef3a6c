#pragma once
// A row of a table this Mutua keeps as a newer Mutua's (table 8, gaps; table 11, tickets given
// elsewhere) written by this device as its own: its creation is a new version of this device,
// signed as every local write is (Replica::sign_version), so relays pass it on and receivers
// check it against this device's chain.
#include "core/replica.hpp"

namespace mutua {

// Stamps `row` (insert-only, fixed values as extras, no stamps yet) with this device's clock and
// next sequence number, keeps it, and signs it; false, and nothing done, when a row with its id
// is here already. The clock is saved by save_own_clock: once after many rows. Call inside a
// transaction.
bool add_own_row(Replica& store, Row row);
void save_own_clock(Replica& store);
inline void write_own_row(Replica& store, Row row) {
  if (add_own_row(store, std::move(row))) save_own_clock(store);
}

}  // namespace mutua
