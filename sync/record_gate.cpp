// sync/record_gate.hpp
#include "sync/record_gate.hpp"

#include <algorithm>

#include "core/revocation_records.hpp"

namespace mutua {

std::optional<std::string> RevocationRecordGate::see(size_t ordinal, const Row& row,
                                                     const Id& sender, Id& blame) {
  if (row.table != kRevocationRecordsTable || store_.unknown_row(row.table, row.id))
    return std::nullopt;
  switch (check_revocation_record(store_, row)) {
    case RecordCheck::forged:
      blame = sender;
      return "a revocation record its writer did not sign";
    case RecordCheck::valid: {
      const auto r = revocation_record_fields(row)->record;
      // A second copy in one body is counted once, and left to the rules of every record (the
      // first is kept, or set aside past a bound).
      if (!ids_.insert(row.id).second) return std::nullopt;
      incoming_.push_back({ordinal, r.made.origin, r.target, r.made.seq});
      signed_.insert(ordinal);
      return std::nullopt;
    }
    case RecordCheck::unknown_key:
    case RecordCheck::malformed:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::pair<size_t, Id>> RevocationRecordGate::over_bounds() {
  std::vector<std::pair<size_t, Id>> out;
  if (incoming_.empty()) return out;
  std::map<Id, size_t> per_writer;
  std::map<std::pair<Id, Id>, size_t> per_target;
  store_.for_each_unknown_row(
      [&](const Row& row) {
        if (auto r = revocation_record_fields(row)) {
          ++per_writer[r->record.made.origin];
          ++per_target[{r->record.made.origin, r->record.target}];
        }
        return true;
      },
      kRevocationRecordsTable);
  // The oldest by number first: past a bound, the newest are refused.
  std::sort(incoming_.begin(), incoming_.end(), [](const Incoming& a, const Incoming& b) {
    return std::tie(a.writer, a.seq, a.ordinal) < std::tie(b.writer, b.seq, b.ordinal);
  });
  for (const Incoming& i : incoming_) {
    size_t& writer = per_writer[i.writer];
    size_t& target = per_target[{i.writer, i.target}];
    if (writer >= kRevocationRecordsPerWriter || target >= kRevocationRecordsPerTarget) {
      out.emplace_back(i.ordinal, i.writer);
      signed_.erase(i.ordinal);
      continue;
    }
    ++writer;
    ++target;
  }
  return out;
}

}  // namespace mutua
