// core/own_row.hpp
#include "core/own_row.hpp"

namespace mutua {

size_t write_own_rows(Replica& store, std::vector<Row> rows) {
  size_t wrote = 0;
  for (auto& row : rows) {
    if (store.unknown_row(row.table, row.id)) continue;
    Stamp stamp{store.clock().now(), store.device_id(), 0, 0};
    stamp.seq = store.next_seq();
    row.stamps = {stamp};
    store.merge(row);
    // Signed as every local write is: its fixed values are the extras, in column order.
    Row signable = std::move(row);
    for (const auto& e : signable.extras) signable.fixed.push_back(e.value);
    store.sign_version(signable, stamp.seq);
    ++wrote;
  }
  if (wrote) store.local_set("hlc", std::to_string(store.clock().last()));
  return wrote;
}

}  // namespace mutua
