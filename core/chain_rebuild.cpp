// Rebuilding a device's chain from what a receiver holds (core/write_chain.hpp, ChainRebuild).
//
// Where a field of a write has more than one digest here (a forged one kept beside the genuine:
// table 9 keeps both, by id), the first fold takes the lower of each, as every device reads the
// same; `find` then tries the others, a bounded number of folds, and names the digests the
// claim refutes. A stand-in digest (one a relay sent that this device keeps no digest of) fills a
// field nothing else here stands for; the chain says it is genuine, not that this device holds
// the write.
#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "core/lost_creation.hpp"
#include "core/superseded.hpp"
#include "core/write_chain.hpp"

namespace mutua {

namespace {

void add_candidate(std::vector<Digest>& ds, const Digest& d) {
  auto at = std::lower_bound(ds.begin(), ds.end(), d);
  if (at == ds.end() || *at != d) ds.insert(at, d);
}

}  // namespace

ChainRebuild::ChainRebuild(const Id& network, const Id& origin, const ChainHead& from, uint64_t to,
                           const std::vector<GoneDigests>& gone)
    : network_(network), origin_(origin), from_(from), to_(to) {
  for (const auto& g : gone)
    if (in_range(g.seq))
      for (const auto& [field, d] : g.digests)
        add_candidate(gone_of_[{g.table, g.row}][g.seq][field], d);
}

void ChainRebuild::stand_in(const GoneDigests& g) {
  if (!in_range(g.seq) || !is_known_table(g.table) || table_def(g.table).insert_only()) return;
  for (const auto& [field, d] : g.digests)
    add_candidate(stand_of_[{g.table, g.row}][g.seq][field], d);
}

void ChainRebuild::add(const Row& stored) {
  // A digest of a superseded write (table 9) is kept under that write's own stamp but is no
  // write of it: it is what stands for a field the write stamped (the `gone` list).
  if (stored.table == kSupersededTable || stored.table == kLostTable) return;
  static const std::map<uint64_t, Candidates> none;
  const std::pair key{stored.table, stored.id};
  auto g = gone_of_.find(key);
  const auto& row_gone = g == gone_of_.end() ? none : g->second;
  auto st = stand_of_.find(key);
  const auto& row_stand = st == stand_of_.end() ? none : st->second;
  std::set<uint64_t> seqs;
  for (const Stamp& s : stored.stamps)
    if (s.hlc != 0 && s.origin == origin_ && in_range(s.seq)) seqs.insert(s.seq);
  for (const auto& [seq, digests] : row_gone) seqs.insert(seq);
  for (const auto& [seq, digests] : row_stand) seqs.insert(seq);
  if (seqs.empty()) return;
  // A row of a table this Mutua does not know (a gap) was signed with its extras as fixed
  // values, in column order (core/gaps.cpp).
  std::vector<Value> fixed_values = stored.fixed;
  if (!is_known_table(stored.table))
    for (const auto& e : stored.extras) fixed_values.push_back(e.value);
  const Digest fixed = fixed_digest(fixed_values);
  const auto message = [&](uint64_t seq, const FieldDigests& fields) {
    return message_digest(
        version_message(network_, origin_, seq, stored.table, stored.id, fixed, fields));
  };
  for (uint64_t seq : seqs) {
    // Each field once: as held with this write, else its kept digests, else a stand-in.
    WriteChoices write(held_digests(stored, origin_, seq));
    bool stood = false;
    const auto take = [&](const std::map<uint64_t, Candidates>& of, bool stand) {
      auto it = of.find(seq);
      if (it == of.end()) return;
      for (const auto& [field, ds] : it->second)
        if (write.offer(field, ds)) stood = stood || stand;
    };
    take(row_gone, false);
    take(row_stand, true);
    if (write.empty()) continue;
    FieldDigests first = write.choice(0);
    auto& leaves = leaves_[seq];
    leaves.push_back({stored.table, stored.id, message(seq, first)});
    if (stood) stood_.insert(seq);
    const size_t total = write.count(kWriteChoices);
    if (total == 1) continue;
    // The other digests, multiplied out (at most kWriteChoices choices of this row).
    Choice c{seq, leaves.size() - 1, {}, {}, stored.table, stored.id, nullptr};
    if (auto k = row_gone.find(seq); k != row_gone.end()) c.kept = &k->second;
    c.messages.push_back(leaves.back().message);
    c.fields.push_back(std::move(first));
    for (size_t v = 1; v < total; ++v) {
      FieldDigests fields = write.choice(v);
      c.messages.push_back(message(seq, fields));
      c.fields.push_back(std::move(fields));
    }
    choices_.push_back(std::move(c));
  }
}

void ChainRebuild::add_leaf(uint64_t seq, const LeafRow& row) {
  if (in_range(seq)) leaves_[seq].push_back(row);
}

std::vector<std::pair<TableId, Id>> ChainRebuild::rows_with_gone() const {
  std::vector<std::pair<TableId, Id>> out;
  out.reserve(gone_of_.size() + stand_of_.size());
  for (const auto& [key, seqs] : gone_of_) out.push_back(key);
  for (const auto& [key, seqs] : stand_of_)
    if (!gone_of_.count(key)) out.push_back(key);
  return out;
}

void ChainRebuild::add_lost(const std::vector<LostLeaf>& lost) {
  if (lost_added_) return;
  lost_added_ = true;
  // A lost creation's writes, where no row here carries them (a row holding one is rebuilt from
  // what it holds: a digest cannot make it look lost).
  std::map<uint64_t, std::set<std::pair<TableId, Id>>> carried;  // of the seqs with lost rows
  for (const auto& l : lost)
    if (in_range(l.seq) && !carried.count(l.seq)) {
      auto& rows_of_seq = carried[l.seq];
      if (auto it = leaves_.find(l.seq); it != leaves_.end())
        for (const LeafRow& r : it->second) rows_of_seq.insert({r.table, r.row});
    }
  // Each place once, with the first M kept (as every device reads it); the other M of a place
  // (a forged one kept beside the genuine: table 10 keeps both, by id) are its other choices.
  std::map<std::tuple<uint64_t, TableId, Id>, size_t> place_at;  // index in leaves_[seq]
  for (const auto& l : lost) {
    if (!in_range(l.seq)) continue;
    const std::tuple place{l.seq, l.table, l.row};
    if (carried[l.seq].insert({l.table, l.row}).second) {
      auto& leaves = leaves_[l.seq];
      place_at[place] = leaves.size();
      leaves.push_back({l.table, l.row, l.message});
    } else if (auto p = place_at.find(place); p != place_at.end()) {
      auto& ms = lost_of_[place];
      if (ms.empty()) ms.push_back(leaves_[l.seq][p->second].message);
      if (std::find(ms.begin(), ms.end(), l.message) == ms.end()) ms.push_back(l.message);
    }
  }
  for (const auto& [place, ms] : lost_of_) {
    Choice c;
    c.seq = std::get<0>(place);
    c.index = place_at[place];
    c.table = std::get<1>(place);
    c.row = std::get<2>(place);
    c.lost = true;
    c.messages.assign(ms.begin(), ms.begin() + std::min(ms.size(), kWriteChoices));
    choices_.push_back(std::move(c));
  }
}

void ChainRebuild::prepare(size_t total) {
  if (prepared_) return;
  prepared_ = true;
  empty_leaf_ = write_leaf({});
  // The choices `total` folds change: the first ones (the first varies fastest).
  std::map<uint64_t, std::vector<size_t>> chosen;  // choice indices by seq
  for (size_t weight = 1; live_ < choices_.size() && weight < total; ++live_) {
    chosen[choices_[live_].seq].push_back(live_);
    weight *= choices_[live_].messages.size();
  }
  // The rows of each leaf a choice changes, sorted once. The order is write_leaf's: std::sort
  // of indices by the same key makes the same comparisons, so rows with equal keys (none in a
  // sound write) land as write_leaf puts them.
  for (auto& leaf : leaves_) {
    const uint64_t seq = leaf.first;
    std::vector<LeafRow>& rows = leaf.second;  // (a lambda below uses it: no structured binding)
    auto c = chosen.find(seq);
    if (c == chosen.end()) {
      fixed_leaves_[seq] = write_leaf(std::move(rows));
      continue;
    }
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::tie(rows[a].table, rows[a].row.bytes) <
             std::tie(rows[b].table, rows[b].row.bytes);
    });
    std::vector<size_t> sorted_at(rows.size());
    OpenLeaf& open = open_leaves_[seq];
    open.messages.reserve(rows.size());
    for (size_t i = 0; i < order.size(); ++i) {
      sorted_at[order[i]] = i;
      open.messages.push_back(rows[order[i]].message);
    }
    for (size_t i : c->second) {
      choices_[i].index = sorted_at[choices_[i].index];
      open.at.push_back(choices_[i].index);
    }
    std::sort(open.at.begin(), open.at.end());
    open.at.erase(std::unique(open.at.begin(), open.at.end()), open.at.end());
    open.changed = 0;
    rehash(open);
  }
  leaves_.clear();
  // The numbers before the first choice are folded once.
  const uint64_t first_choice = chosen.empty() ? UINT64_MAX : chosen.begin()->first;
  ChainHead head = from_;
  for (uint64_t s = head.seq + 1; s <= to_ && s > from_.seq && s < first_choice; ++s) {
    auto it = fixed_leaves_.find(s);
    head.value = chain_next(head.value, s, it == fixed_leaves_.end() ? empty_leaf_ : it->second);
    head.seq = s;
  }
  before_choices_ = head;
}

void ChainRebuild::rehash(OpenLeaf& open) {
  if (open.changed >= open.messages.size()) return;
  // Start from the state before the first choice row at or past the change (rows before it are
  // as they were), and keep the states of the choice rows after it.
  const size_t k = static_cast<size_t>(
      std::lower_bound(open.at.begin(), open.at.end(), open.changed) - open.at.begin());
  LeafHasher h = k < open.before.size() ? open.before[k] : LeafHasher(open.messages.size());
  size_t next = k;
  for (size_t j = k < open.before.size() ? open.at[k] : 0; j < open.messages.size(); ++j) {
    if (next < open.at.size() && open.at[next] == j) {
      if (next < open.before.size())
        open.before[next] = h;
      else
        open.before.push_back(h);
      ++next;
    }
    h.add(open.messages[j]);
  }
  open.leaf = h.finish();
  open.changed = SIZE_MAX;
}

ChainHead ChainRebuild::fold(const std::vector<size_t>& pick) {
  for (size_t i = 0; i < live_; ++i) {
    const Choice& c = choices_[i];
    OpenLeaf& open = open_leaves_[c.seq];
    Digest& m = open.messages[c.index];
    if (m == c.messages[pick[i]]) continue;
    m = c.messages[pick[i]];
    open.changed = std::min(open.changed, c.index);
  }
  ChainHead head = before_choices_;
  for (uint64_t s = head.seq + 1; s <= to_ && s > from_.seq; ++s) {
    const Digest* leaf = &empty_leaf_;
    if (auto o = open_leaves_.find(s); o != open_leaves_.end()) {
      rehash(o->second);
      leaf = &o->second.leaf;
    } else if (auto f = fixed_leaves_.find(s); f != fixed_leaves_.end()) {
      leaf = &f->second;
    }
    head.value = chain_next(head.value, s, *leaf);
    head.seq = s;
  }
  return head;
}

ChainHead ChainRebuild::finish(const std::vector<LostLeaf>& lost) {
  add_lost(lost);
  prepare(1);
  return fold({});
}

std::optional<ChainRebuild::Found> ChainRebuild::find(const std::vector<LostLeaf>& lost,
                                                      const Digest& want, size_t folds) {
  add_lost(lost);
  size_t total = 1;
  for (const Choice& c : choices_) total = std::min(folds, total * c.messages.size());
  total = std::min(total, folds);
  prepare(total);
  std::vector<size_t> pick(choices_.size(), 0);
  for (size_t t = 0; t < total; ++t) {
    size_t rest = t;
    for (size_t i = 0; i < choices_.size(); ++i) {
      pick[i] = rest % choices_[i].messages.size();
      rest /= choices_[i].messages.size();
    }
    Found out;
    out.head = fold(pick);
    if (out.head.value != want) continue;
    out.stood_in = stood_.empty() ? 0 : *stood_.begin();
    for (size_t i = 0; i < choices_.size(); ++i) {
      const Choice& c = choices_[i];
      // The other M of a lost row's place: the claim took this one.
      if (c.lost) {
        for (const Digest& other : lost_of_[{c.seq, c.table, c.row}])
          if (other != c.messages[pick[i]])
            out.refuted_lost.push_back({c.table, c.row, c.seq, other});
        continue;
      }
      // The kept digests of a field that lost to the one the claim took.
      if (!c.kept) continue;
      for (const auto& [field, d] : c.fields[pick[i]]) {
        auto k = c.kept->find(field);
        if (k == c.kept->end()) continue;
        for (const Digest& other : k->second)
          if (other != d) out.refuted.push_back({c.table, c.row, c.seq, field, other});
      }
    }
    return out;
  }
  return std::nullopt;
}

ChainHead rebuild_chain(const Id& network, const Id& origin, const ChainHead& from, uint64_t to,
                        const std::vector<Row>& rows, const std::vector<GoneDigests>& gone,
                        const std::vector<LostLeaf>& lost) {
  ChainRebuild rebuild(network, origin, from, to, gone);
  for (const Row& stored : rows) rebuild.add(stored);
  return rebuild.finish(lost);
}

}  // namespace mutua
