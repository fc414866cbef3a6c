#pragma once
// A row of a table this Mutua keeps as a newer Mutua's (table 8, gaps; table 11, tickets given
// elsewhere) written by this device as its own: its creation is a new version of this device,
// signed as every local write is (Replica::sign_version), so relays pass it on and receivers
// check it against this device's chain.
#include "core/replica.hpp"

namespace mutua {

// Rows (insert-only, fixed values as extras, no stamps yet) written as one write of this
// device, as a CSV import is: one stamp, with this device's clock and next sequence number, taken
// at the first row written; each row kept and signed under it (a leaf of that number). A row
// whose id is here already is skipped. finish() saves the clock. Use inside a transaction.
class OwnRowsWrite {
 public:
  explicit OwnRowsWrite(Replica& store) : store_(store) {}
  // Whether it wrote the row.
  bool add(Row row);
  // How many rows it wrote.
  size_t finish();

 private:
  Replica& store_;
  Stamp stamp_{};
  size_t wrote_ = 0;
};

inline void write_own_row(Replica& store, Row row) {
  OwnRowsWrite w(store);
  w.add(std::move(row));
  w.finish();
}

}  // namespace mutua
