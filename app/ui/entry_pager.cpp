#include "app/ui/entry_pager.hpp"

namespace mutua {

void EntryPager::reset(const EntryQuery& query) {
  query_ = query;
  starts_.assign(1, std::nullopt);
  end_seen_ = false;
  pages_.clear();
  fetches_ = 0;
}

bool EntryPager::fetch(const Store& store, size_t page) {
  if (budget_ <= 0) {
    pending_ = true;
    return false;
  }
  --budget_;
  ++fetches_;
  EntryPage result = store.entries().list(query_, kPageSize, starts_[page]);
  if (page + 1 == starts_.size()) {
    if (result.next)
      starts_.push_back(result.next);
    else
      end_seen_ = true;
  }
  if (pages_.size() >= kPagesKept) {  // evict the least recently used page
    auto oldest = pages_.begin();
    for (auto it = pages_.begin(); it != pages_.end(); ++it)
      if (it->second.used < oldest->second.used) oldest = it;
    pages_.erase(oldest);
  }
  pages_[page] = Page{std::move(result.entries), ++clock_};
  return true;
}

const Entry* EntryPager::at(const Store& store, size_t index) {
  const size_t page = index / kPageSize;
  // Walk forward page by page until this page's start cursor is known (keyset paging cannot
  // jump), keeping each page fetched on the way in the cache.
  while (page >= starts_.size()) {
    if (end_seen_) return nullptr;
    if (!fetch(store, starts_.size() - 1)) return nullptr;
  }
  auto it = pages_.find(page);
  if (it == pages_.end()) {
    if (!fetch(store, page)) return nullptr;
    it = pages_.find(page);
  }
  it->second.used = ++clock_;
  const size_t offset = index % kPageSize;
  return offset < it->second.entries.size() ? &it->second.entries[offset] : nullptr;
}

}  // namespace mutua
