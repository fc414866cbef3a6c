#pragma once
// The chain's leaves of a bulk import's rows (Replica::sign_version's, docs/security.md, "Signed
// versions"), hashed on a second thread while the import stores the next rows. Hashing is about
// a quarter of a CSV import's time in a network (a digest for each field, its fixed values and
// the version message: some 20 BLAKE2b digests a row), and it needs nothing of the store.
//
// Rows go in batches; while one batch is hashed the next fills, and the leaves of a batch are
// added to the transaction's (Replica::add_leaf), in the order the rows came, when the batch
// after it starts, or at finish(). So at most two batches are held: about 2.7 MB of rows (a
// million-row file's import must stay within 150 MB; docs/csv.md, "Memory"). The order of a
// transaction's leaves does not matter (its commit sorts them), and a write nested in it (a
// corrected row) adds and takes back only its own. Call finish() before the commit; a hasher
// dropped without finish() waits for its thread and adds nothing (the import failed, and its
// transaction rolls back).
#include <cstdint>
#include <future>
#include <optional>
#include <utility>
#include <vector>

#include "core/replica.hpp"

namespace mutua {

class LeafHashing {
 public:
  static constexpr size_t kBatchRows = 1024;

  // Hashes for this device in its signing network; with none, nothing is hashed or added (as
  // sign_version adds nothing).
  explicit LeafHashing(Replica& replica);
  LeafHashing(const LeafHashing&) = delete;
  LeafHashing& operator=(const LeafHashing&) = delete;
  ~LeafHashing();

  // `row`, written as `seq`, as stored: its leaf comes later.
  void add(Row&& row, uint64_t seq);
  // Adds the leaf of every row given so far; the hasher is then empty.
  void finish();

 private:
  using Batch = std::vector<std::pair<uint64_t, Row>>;
  using Leaves = std::vector<std::pair<uint64_t, LeafRow>>;
  void start();    // hands the filling batch to a thread, after adding the running one's leaves
  void collect();  // waits for the running batch and adds its leaves
  static Leaves hash(const Id& network, const Id& device, const Batch& rows);  // any thread

  Replica& replica_;
  std::optional<Id> network_;
  Id device_;
  Batch filling_;
  std::future<Leaves> running_;
};

}  // namespace mutua
