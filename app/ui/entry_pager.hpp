#pragma once
// A window onto a long, filtered list of entries, fetched in keyset pages as rows scroll into
// view. Only a few pages are kept; a frame never scans the table.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/store.hpp"

namespace mutua {

class EntryPager {
 public:
  static constexpr size_t kPageSize = 64;
  static constexpr size_t kPagesKept = 12;
  // Page fetches allowed per frame, so a jump to the far end of a long list spreads over a few
  // frames instead of freezing one.
  static constexpr int kFetchesPerFrame = 8;

  // Forgets every cached page; the next rows come from this query.
  void reset(const EntryQuery& query);
  const EntryQuery& query() const { return query_; }

  // Call once per frame before at().
  void begin_frame() { budget_ = kFetchesPerFrame, pending_ = false; }
  // The entry at row `index`, or null if it is not fetched yet (this frame's budget ran out; see
  // pending()) or lies past the end of the list.
  const Entry* at(const Store& store, size_t index);
  // Some row asked for this frame is still to be fetched: draw another frame.
  bool pending() const { return pending_; }
  // Number of pages fetched since reset (for tests that check paging stays lazy).
  size_t fetches() const { return fetches_; }

 private:
  struct Page {
    std::vector<Entry> entries;
    uint64_t used = 0;
  };
  bool fetch(const Store& store, size_t page);

  EntryQuery query_;
  // starts_[k] is the cursor after which page k begins; page 0 starts at the beginning.
  std::vector<std::optional<PageCursor>> starts_{std::nullopt};
  bool end_seen_ = false;  // the last page has been fetched, starts_ is complete
  std::map<size_t, Page> pages_;
  uint64_t clock_ = 0;
  int budget_ = kFetchesPerFrame;
  bool pending_ = false;
  size_t fetches_ = 0;
};

}  // namespace mutua
