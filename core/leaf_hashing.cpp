// The chain's leaves of a bulk import, hashed on a second thread (core/leaf_hashing.hpp).
#include "core/leaf_hashing.hpp"

#include <memory>
#include <system_error>

namespace mutua {

LeafHashing::LeafHashing(Replica& replica)
    : replica_(replica), network_(replica.signing_network()), device_(replica.device_id()) {}

LeafHashing::~LeafHashing() {
  // Not finished: the import failed. The thread reads only its own batch; wait for it, and
  // drop what it made (or what it threw).
  if (running_.valid()) running_.wait();
}

void LeafHashing::add(Row&& row, uint64_t seq) {
  if (!network_) return;
  filling_.emplace_back(seq, std::move(row));
  if (filling_.size() >= kBatchRows) start();
}

void LeafHashing::finish() {
  start();
  collect();
}

LeafHashing::Leaves LeafHashing::hash(const Id& network, const Id& device, const Batch& rows) {
  Leaves out;
  out.reserve(rows.size());
  for (const auto& [seq, row] : rows)
    if (auto m = Replica::version_leaf(network, device, seq, row))
      out.emplace_back(seq, LeafRow{row.table, row.id, *m});
  return out;
}

void LeafHashing::start() {
  collect();
  if (filling_.empty()) return;
  // Shared, not moved into the thread's function: should no thread be had, the rows are still
  // here.
  auto rows = std::make_shared<const Batch>(std::move(filling_));
  filling_ = Batch{};
  filling_.reserve(kBatchRows);
  try {
    running_ = std::async(std::launch::async, [network = *network_, device = device_, rows] {
      return hash(network, device, *rows);
    });
  } catch (const std::system_error&) {
    // No thread to be had (a process at its limit): hashed here, as sign_version would.
    for (const auto& [seq, leaf] : hash(*network_, device_, *rows))
      replica_.add_leaf(seq, leaf.table, leaf.row, leaf.message);
  }
}

void LeafHashing::collect() {
  if (!running_.valid()) return;
  for (const auto& [seq, leaf] : running_.get())
    replica_.add_leaf(seq, leaf.table, leaf.row, leaf.message);
}

}  // namespace mutua
