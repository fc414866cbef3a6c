// A transaction's leaves, packed (core/pending_leaves.hpp).
#include "core/pending_leaves.hpp"

#include <algorithm>
#include <cstring>

namespace mutua {

namespace {

using Packed = PendingLeaves::Packed;

// Ascending (table, row id): the table byte and the row id are the first 17 bytes.
bool key_less(const Packed& a, const Packed& b) {
  return std::memcmp(&a, &b, 17) < 0;
}
bool same_key(const Packed& a, const Packed& b) {
  return std::memcmp(&a, &b, 17) == 0;
}

// Leaves of one run that lie in one chunk: contiguous, so sorted in place.
struct Segment {
  uint64_t seq = 0;
  Packed* begin = nullptr;
  Packed* end = nullptr;
};

// Calls f(leaf, repeated) once for each row of the sorted segments [first, last), by ascending
// (table, row id): `repeated` when the row was added more than once.
template <class F>
void for_each_row(const Segment* first, const Segment* last, F&& f) {
  using Cursor = std::pair<const Packed*, const Packed*>;
  const auto later = [](const Cursor& a, const Cursor& b) { return key_less(*b.first, *a.first); };
  std::vector<Cursor> heap;
  for (const Segment* s = first; s != last; ++s)
    if (s->begin != s->end) heap.emplace_back(s->begin, s->end);
  std::make_heap(heap.begin(), heap.end(), later);
  const auto take = [&] {
    std::pop_heap(heap.begin(), heap.end(), later);
    Cursor& c = heap.back();
    const Packed* p = c.first++;
    if (c.first == c.second)
      heap.pop_back();
    else
      std::push_heap(heap.begin(), heap.end(), later);
    return p;
  };
  while (!heap.empty()) {
    const Packed* p = take();
    bool repeated = false;
    while (!heap.empty() && same_key(*heap.front().first, *p)) {
      take();
      repeated = true;
    }
    f(*p, repeated);
  }
}

Id row_of(const Packed& p) {
  Id id;
  std::memcpy(id.bytes.data(), p.row, 16);
  return id;
}

Digest message_of(const Packed& p) {
  Digest d;
  std::memcpy(d.data(), p.message, 32);
  return d;
}

}  // namespace

void PendingLeaves::add(uint64_t seq, const LeafRow& row) {
  if (size_ == chunks_.size() * kChunk)
    chunks_.push_back(std::make_unique_for_overwrite<Packed[]>(kChunk));
  if (runs_.empty() || runs_.back().seq != seq) runs_.push_back({seq, size_});
  Packed& p = at(size_);
  p.table = static_cast<uint8_t>(row.table);
  std::memcpy(p.row, row.row.bytes.data(), 16);
  std::memcpy(p.message, row.message.data(), 32);
  ++size_;
}

void PendingLeaves::truncate(size_t keep) {
  if (keep >= size_) return;
  size_ = keep;
  while (!runs_.empty() && runs_.back().begin >= keep) runs_.pop_back();
  chunks_.resize((keep + kChunk - 1) / kChunk);
}

void PendingLeaves::drop_after(uint64_t seq) {
  if (std::none_of(runs_.begin(), runs_.end(), [&](const Run& r) { return r.seq > seq; })) return;
  // Rare (a rollback): the leaves kept move down over the ones dropped.
  std::vector<Run> kept;
  size_t to = 0;
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].seq > seq) continue;
    const size_t end = r + 1 < runs_.size() ? runs_[r + 1].begin : size_;
    if (kept.empty() || kept.back().seq != runs_[r].seq) kept.push_back({runs_[r].seq, to});
    for (size_t i = runs_[r].begin; i < end; ++i) at(to++) = at(i);
  }
  runs_ = std::move(kept);
  const size_t old = size_;
  size_ = to;
  if (to < old) chunks_.resize((to + kChunk - 1) / kChunk);
}

void PendingLeaves::clear() {
  std::vector<std::unique_ptr<Packed[]>>().swap(chunks_);
  std::vector<Run>().swap(runs_);
  size_ = 0;
}

size_t PendingLeaves::bytes() const {
  return chunks_.size() * kChunk * sizeof(Packed) + chunks_.capacity() * sizeof(chunks_[0]) +
         runs_.capacity() * sizeof(Run);
}

ChainHead PendingLeaves::fold(ChainHead head, uint64_t to, const Again& again) {
  std::vector<Segment> segments;
  for (size_t r = 0; r < runs_.size(); ++r) {
    const size_t end = r + 1 < runs_.size() ? runs_[r + 1].begin : size_;
    for (size_t b = runs_[r].begin; b < end;) {
      const size_t stop = std::min(end, (b / kChunk + 1) * kChunk);
      Packed* p = &at(b);
      segments.push_back({runs_[r].seq, p, p + (stop - b)});
      b = stop;
    }
  }
  for (const Segment& s : segments) std::sort(s.begin, s.end, key_less);
  std::stable_sort(segments.begin(), segments.end(),
                   [](const Segment& a, const Segment& b) { return a.seq < b.seq; });
  size_t k = 0;
  std::vector<std::optional<Digest>> repeated;
  const uint64_t from = head.seq;
  for (uint64_t s = from + 1; s <= to && s > from; ++s) {
    while (k < segments.size() && segments[k].seq < s) ++k;
    size_t end = k;
    while (end < segments.size() && segments[end].seq == s) ++end;
    // The row count comes first in the leaf: a first pass counts, asking for the rows added
    // more than once (rare: a CSV file holding one id twice, the later one newer).
    uint64_t rows = 0;
    repeated.clear();
    for_each_row(segments.data() + k, segments.data() + end, [&](const Packed& p, bool again_) {
      if (!again_) {
        ++rows;
        return;
      }
      repeated.push_back(again(s, static_cast<TableId>(p.table), row_of(p)));
      rows += repeated.back().has_value();
    });
    LeafHasher leaf(rows);
    size_t next = 0;
    for_each_row(segments.data() + k, segments.data() + end, [&](const Packed& p, bool again_) {
      if (!again_)
        leaf.add(message_of(p));
      else if (const auto& d = repeated[next++])
        leaf.add(*d);
    });
    head.value = chain_next(head.value, s, leaf.finish());
    head.seq = s;
    k = end;
  }
  return head;
}

}  // namespace mutua
