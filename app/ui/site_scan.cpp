#include "app/ui/site_scan.hpp"

#include "core/item_words.hpp"

namespace mutua {

void SiteScan::reset(const EntryQuery& query, std::string site) {
  query_ = query;
  site_ = std::move(site);
  cursor_.reset();
  rows_.clear();
  done_ = false;
}

bool SiteScan::step(const EntryStore& store, int pages) {
  const std::string want = fold_word(site_);
  for (int i = 0; i < pages && !done_; ++i) {
    auto page = store.list_entries(query_, kPageSize, cursor_);
    for (auto& e : page.entries) {
      if (!site_.empty() && fold_word(e.site) != want) continue;
      // Kept rows never hold contact fields: lists show none, and the detail reloads the entry.
      e.contact_name.clear();
      e.contact_phone.clear();
      rows_.push_back(std::move(e));
      if (rows_.size() >= kMaxRows) break;
    }
    cursor_ = page.next;
    if (!cursor_ || rows_.size() >= kMaxRows) done_ = true;
  }
  return !done_;
}

}  // namespace mutua
