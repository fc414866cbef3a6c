// core/own_row.hpp
#include "core/own_row.hpp"

namespace mutua {

bool add_own_row(Replica& store, Row row) {
  if (store.unknown_row(row.table, row.id)) return false;
  Stamp stamp{store.clock().now(), store.device_id(), 0, 0};
  stamp.seq = store.next_seq();
  row.stamps = {stamp};
  store.merge(row);
  // Signed as every local write is: its fixed values are the extras, in column order.
  for (const auto& e : row.extras) row.fixed.push_back(e.value);
  store.sign_version(row, stamp.seq);
  return true;
}

void save_own_clock(Replica& store) {
  store.local_set("hlc", std::to_string(store.clock().last()));
}

}  // namespace mutua
