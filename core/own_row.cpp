// core/own_row.hpp
#include "core/own_row.hpp"

namespace mutua {

bool OwnRowsWrite::add(Row row) {
  if (store_.unknown_row(row.table, row.id)) return false;
  if (wrote_ == 0) {
    stamp_ = Stamp{store_.clock().now(), store_.device_id(), 0, 0};
    stamp_.seq = store_.next_seq();
  }
  row.stamps = {stamp_};
  store_.merge(row);
  // Signed as every local write is: its fixed values are the extras, in column order.
  for (const auto& e : row.extras) row.fixed.push_back(e.value);
  store_.sign_version(row, stamp_.seq);
  ++wrote_;
  return true;
}

size_t OwnRowsWrite::finish() {
  if (wrote_) store_.local_set("hlc", std::to_string(store_.clock().last()));
  return wrote_;
}

}  // namespace mutua
