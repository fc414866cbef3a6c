#pragma once
// A bulk import's next batch, read and checked on a second thread while the import stores this
// one (docs/csv.md, "Later: the next rows read ahead"). In a network, a CSV import's first thread
// was the bound: SQLite's inserts, and then reading, decoding and checking the rows, which need
// nothing of the store.
//
// The source and the check run on the other thread, one call at a time and never beside another
// of their own, so neither may touch the store (the CSV reader touches a file, its parser and
// the progress hook, which a screen's task already takes from any thread). After a failure or an
// empty batch the source is not called again. The destructor waits for a batch still being
// read: drop the prefetcher before reading anything the source writes. If no thread can be had,
// each batch is read on the calling thread.
#include <cstddef>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/services.hpp"

namespace mutua {

class BatchPrefetch {
 public:
  // The first entry of a batch that the check refused, and why: the import stores the entries
  // before it, in order, and fails there, as a check of its own would.
  struct Refusal {
    size_t index = 0;
    std::string why;
  };
  using Check = std::function<std::optional<Refusal>(std::vector<Entry>& batch)>;

  // `source` must outlive the prefetcher.
  BatchPrefetch(const ImportSource& source, Check check);
  BatchPrefetch(const BatchPrefetch&) = delete;
  BatchPrefetch& operator=(const BatchPrefetch&) = delete;

  // The source's next batch and what it said, with what the check refused in it; the batch
  // after it is then being read. Rethrows what the source or the check threw.
  Result<Ok> next(std::vector<Entry>& batch, std::optional<Refusal>& refused);

 private:
  struct Read {
    Result<Ok> got = Ok{};
    std::vector<Entry> batch;
    std::optional<Refusal> refused;
  };
  // One call of the source and the check, on either thread, into `into` (emptied first).
  Read read(std::vector<Entry> into);
  void ask(std::vector<Entry> into);  // starts reading the next batch into `into`
  const ImportSource& source_;
  Check check_;
  // Last, so it goes first: the future of std::async waits, as it goes, for the batch still
  // being read, which uses the members above and the source's state.
  std::future<Read> ahead_;
  bool ended_ = false;  // the source failed, threw or gave an empty batch
};

}  // namespace mutua
