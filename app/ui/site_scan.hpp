#pragma once
// Entries of one site, found by reading a query's keyset pages a few at a time (EntryQuery has
// no site field). Each frame reads a bounded number of pages, so a 100,000-entry table fills the
// list over a few frames and never blocks one.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace mutua {

class SiteScan {
 public:
  static constexpr size_t kPageSize = 256;
  static constexpr size_t kMaxRows = 2000;  // a site's list beyond this says "more"

  void reset(const EntryQuery& query, std::string site);
  // Reads up to `pages` more pages. Returns true while there is more to read.
  bool step(const EntryStore& store, int pages = 4);
  const std::vector<Entry>& rows() const { return rows_; }
  bool done() const { return done_; }
  bool capped() const { return rows_.size() >= kMaxRows; }
  const std::string& site() const { return site_; }

 private:
  EntryQuery query_;
  std::string site_;
  std::optional<PageCursor> cursor_;
  std::vector<Entry> rows_;
  bool done_ = true;
};

}  // namespace mutua
