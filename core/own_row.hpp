#pragma once
// A row of a table this Mutua keeps as a newer Mutua's (table 8, gaps; table 11, tickets given
// elsewhere) written by this device as its own: its creation is a new version of this device,
// signed as every local write is (Replica::sign_version), so relays pass it on and receivers
// check it against this device's chain.
#include <vector>

#include "core/replica.hpp"

namespace mutua {

// Stamps each row (insert-only, fixed values as extras, no stamps yet) with this device's clock
// and next sequence number, keeps it, and signs it; the clock is saved once. Nothing for a row
// whose id is here already. Returns how many it wrote. Call inside a transaction.
size_t write_own_rows(Replica& store, std::vector<Row> rows);
inline void write_own_row(Replica& store, Row row) {
  std::vector<Row> one;
  one.push_back(std::move(row));
  write_own_rows(store, std::move(one));
}

}  // namespace mutua
