#pragma once
// Import side of revocation records (table 12, core/revocation_records.hpp).
//
// Each row of table 12 in a bundle, not held here yet, is checked by its own signature before
// anything is written:
// - signed by its writer (the key pinned here): kept, even where its writer is revoked here past
//   it (the revocation filter and the chain check then leave it: `passes_filters`), within the
//   bounds: at most kRevocationRecordsPerTarget held of one writer naming one device, and
//   kRevocationRecordsPerWriter of one writer; past them, the newest by number are set aside,
//   with the writer named (it signed them all);
// - not signed by the writer whose key is pinned here: set aside, with the sender named (a record
//   made up "as" another device);
// - its writer's key not known here yet, or not a well-formed record: left to the rules every
//   other record obeys (the filter, the chain check, validation), and not counted.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/replica.hpp"

namespace mutua {

class RevocationRecordGate {
 public:
  explicit RevocationRecordGate(const Replica& store) : store_(store) {}
  // First pass, every row in body order: a row of table 12 is checked. Returns why to set it aside
  // now (a forged one), with the device to name in `blame`; nothing otherwise.
  std::optional<std::string> see(size_t ordinal, const Row& row, const Id& sender, Id& blame);
  // After the first pass: the rows past the bounds, by ordinal (each with its writer).
  std::vector<std::pair<size_t, Id>> over_bounds();
  // Whether the row at `ordinal` is a record its writer signed, within the bounds: it passes the
  // revocation filter and the chain check.
  bool passes_filters(size_t ordinal) const { return signed_.count(ordinal) != 0; }
  bool any() const { return !signed_.empty(); }

 private:
  const Replica& store_;
  struct Incoming {
    size_t ordinal;
    Id writer;
    Id target;
    uint64_t seq;
  };
  std::vector<Incoming> incoming_;
  std::set<size_t> signed_;
  std::set<Id> ids_;
};

}  // namespace mutua
