#include "sync/relayed_chains.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "core/device_identity.hpp"
#include "core/held_chain_rows.hpp"
#include "core/kept_claim.hpp"
#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "core/seq_claim.hpp"
#include "core/write_chain.hpp"
#include "sync/network.hpp"
#include "sync/set_aside.hpp"

namespace mutua {

namespace {

// Numbers folded beyond what was read: each number of a device is a write (rows, or digests
// standing for them) or the claim at its commit (an empty leaf), so an honest span is at most
// about twice what its rebuild reads. The claim's number is the signer's choice: past this, the
// claim is taken as not confirmed, never hashed.
constexpr uint64_t kSpanSlack = 4096;
constexpr uint64_t kSpanPerRead = 4;
// Folds of one origin's chain, trying the other digest where a field has two (a forged one kept
// beside the genuine): 2^6 covers six such fields.
constexpr size_t kChainFolds = 64;
// Stand-in digests held for one import at most (a bundle of them all is a cost, not a chain).
constexpr size_t kMaxStandIns = size_t{1} << 16;

struct HeldClaim {
  bool present = false;  // a field 9 is held, valid or not: the device publishes a chain
  // No key of the device is held here (a relay's delta carried its claim, not its own record):
  // the claim cannot be checked yet, which is no sign of a forgery.
  bool keyless = false;
  std::optional<Stamp> stamp;
  Seq2Claim claim;
};

// `origin`'s SEQ-2 claim as held here (the import's merged in), checked against its pinned key.
HeldClaim held_claim(const Replica& store, const Id& network, const Id& origin,
                     const std::map<Id, std::vector<ExtraValue>>& device_extras) {
  HeldClaim out;
  auto it = device_extras.find(origin);
  std::vector<ExtraValue> kept;
  if (it == device_extras.end() ||
      std::none_of(it->second.begin(), it->second.end(), [](const ExtraValue& e) {
        return e.column == kDeviceSeq2ClaimColumn && !e.fixed && e.stamp.hlc != 0;
      })) {
    // A device revoked with a cut-off: its claim at or before the cut-off, kept aside
    // (core/kept_claim.hpp), is the one its versions up to there are checked against.
    auto d = store.device(origin);
    const auto until = d ? accepted_until(*d) : std::nullopt;
    auto c = until ? kept_claim(store, origin) : std::nullopt;
    if (!c || c->stamp.seq > *until) return out;
    kept = claim_extras(*c);
  }
  for (const auto& e : kept.empty() ? it->second : kept) {
    if (e.column != kDeviceSeq2ClaimColumn || e.fixed || e.stamp.hlc == 0) continue;
    out.present = true;
    const auto* text = std::get_if<std::string>(&e.value);
    auto c = text ? decode_seq2_claim(*text) : std::nullopt;
    auto d = store.device(origin);
    auto key = d ? public_key_from_hex(d->public_key) : std::nullopt;
    out.keyless = !key;
    if (c && key && seq2_claim_valid(network, origin, *key, e.stamp, *c)) {
      out.stamp = e.stamp;
      out.claim = *c;
    }
  }
  return out;
}

}  // namespace

bool chain_check_on(const Replica& store) {
  return store.local_get(kChainCheckKey) != "off";
}

ChainCheck::ChainCheck(const Replica& store, const Id& network, const Id& sender, bool sender_own,
                       const VersionVector& mine, bool on)
    : store_(&store),
      network_(network),
      me_(store.device_id()),
      sender_(sender),
      sender_own_(sender_own),
      on_(on),
      // Nothing here was ever emptied (no take-back) or left out (no record set aside): every
      // version of a number this device knew is here already or was superseded here.
      judge_all_(!store.took_back() && !records_set_aside(store)),
      mine_(mine) {}

void ChainCheck::note(const Stamp& s, bool taken, bool replaced) {
  if (s.hlc == 0) return;
  auto& o = seen_[s.origin];
  o.carried = std::max(o.carried, s.seq);
  if (!taken) return;
  o.taken_max = std::max(o.taken_max, s.seq);
  o.taken_min = o.taken_min == 0 ? s.seq : std::min(o.taken_min, s.seq);
  if ((replaced || judge_all_) && on_ && s.origin != me_ && !(s.origin == sender_ && sender_own_))
    if (const uint64_t limit = low_limit(s.origin); s.seq <= limit) low_cuts_[s.origin] = limit;
}

uint64_t ChainCheck::low_limit(const Id& origin) {
  if (auto it = low_limits_.find(origin); it != low_limits_.end()) return it->second;
  uint64_t limit = 0;
  auto m = mine_.find(origin);
  if (const uint64_t had = m == mine_.end() ? 0 : m->second; had > 0) {
    // Where its chain starts: the checked point's base, else its claim's as held.
    std::optional<uint64_t> base;
    if (auto p = store_->chain_head(origin); p && p->network == network_)
      base = p->head.base;
    else if (auto held = held_claim(*store_, network_, origin, store_->extras_of(TableId::devices));
             held.stamp)
      base = held.claim.base;
    if (base) limit = std::min(*base, had);
  }
  low_limits_[origin] = limit;
  return limit;
}

uint64_t ChainCheck::unclaimed_limit(const Id& origin) {
  if (auto it = unclaimed_limits_.find(origin); it != unclaimed_limits_.end()) return it->second;
  uint64_t limit = 0;
  auto m = mine_.find(origin);
  const uint64_t had = m == mine_.end() ? 0 : m->second;
  if (had > 0 && !lifted_.count(origin))
    if (auto d = store_->device(origin); d && accepted_until(*d))
      if (auto point = store_->chain_head(origin); point && point->network == network_)
        if (!held_claim(*store_, network_, origin, store_->extras_of(TableId::devices)).present)
          limit = std::min(point->head.seq, had);
  unclaimed_limits_[origin] = limit;
  return limit;
}

void ChainCheck::judge_unclaimed(const Row& row, uint64_t judged, bool added) {
  if (!on_) return;
  const bool known = is_known_table(row.table);
  // A record of a newer Mutua's insert-only table (a gap of table 8 too) is a leaf of its
  // writer's chain, as a history line is; its last-writer-wins values are in none. Digests of
  // superseded writes (table 9) and lost writes (table 10) have judgements of their own.
  if (!known &&
      (!row.insert_only || row.table == kSupersededTable || row.table == kLostTable || !added))
    return;
  const bool insert_only = !known || table_def(row.table).insert_only();
  // Read once a record, and only once a version needs them.
  std::optional<std::vector<GoneDigest>> gone;
  std::map<std::pair<Id, uint64_t>, std::pair<std::vector<LostWrite>, bool>> lost;  // bool: queued
  // A field's version; an insert-only record's one version (its creation).
  const size_t versions = std::min(
      {row.stamps.size(),
       insert_only ? size_t{1} : std::min(row.fields.size(), table_def(row.table).fields.size()),
       size_t{64}});
  for (size_t f = 0; f < versions; ++f) {
    if ((judged >> f & 1) == 0) continue;
    const Stamp& s = row.stamps[f];
    const auto limit = limit_to_judge(s);
    if (!limit) continue;
    // Its own write, held here once and taken back with a later one (the revocation itself
    // takes back that device's versions past the cut-off): the digest kept ahead of the field.
    // (A record of an insert-only table has no field: a take-back removes it whole, and keeps
    // no digest of it.)
    if (!insert_only) {
      if (!gone) gone = gone_naming(*store_, row.table, row.id);
      const uint16_t id = table_def(row.table).fields[f].id;
      const Digest d = field_digest(id, s, row.fields[f]);
      if (std::any_of(gone->begin(), gone->end(), [&](const GoneDigest& g) {
            return g.field == id && g.version.origin == s.origin && g.version.seq == s.seq &&
                   g.digest == d;
          }))
        continue;
    }
    // A record added whole: a creation of that device's that had lost a collision here, given
    // back when the winner was taken back. Its lost write, kept here, names this record and this
    // very version (number and clock); its message is compared once every row is merged
    // (check_given_back). So too a history line or a handover whose copy it had lost to here.
    if (added || insert_only) {
      auto [w, fresh] = lost.try_emplace({s.origin, s.seq});
      if (fresh) w->second.first = lost_writes_of(*store_, s.origin, s.seq - 1, s.seq);
      auto& [writes, queued] = w->second;
      const auto l = std::find_if(writes.begin(), writes.end(), [&](const LostWrite& l) {
        return l.table == row.table && l.row == row.id && l.version.hlc == s.hlc;
      });
      if (l != writes.end()) {
        // Its values are checked once every row is merged (check_given_back), once a version.
        if (!queued)
          given_back_.push_back({s.origin, s.seq, *limit, row.table, row.id, l->message});
        queued = true;
        continue;
      }
    }
    cut_low(s.origin, *limit);
  }
}

std::optional<uint64_t> ChainCheck::limit_to_judge(const Stamp& s) {
  if (s.hlc == 0 || s.origin == me_ || (s.origin == sender_ && sender_own_)) return std::nullopt;
  const uint64_t limit = unclaimed_limit(s.origin);
  if (s.seq > limit) return std::nullopt;
  // Already cut there: the next attempt takes none of its versions up to the limit.
  if (auto c = low_cuts_.find(s.origin); c != low_cuts_.end() && c->second >= limit)
    return std::nullopt;
  return limit;
}

void ChainCheck::cut_low(const Id& origin, uint64_t limit) {
  auto& cut = low_cuts_[origin];
  cut = std::max(cut, limit);
}

void ChainCheck::judge_lost_write(const Row& row) {
  if (!on_) return;
  const auto w = lost_of(row);
  if (!w) return;
  const Stamp& s = w->version;
  const auto limit = limit_to_judge(s);
  if (!limit) return;
  // Honest only where this device holds the record it names, and the digests of that write's
  // fields on it: a later write superseded them all here, then that record's creation lost
  // elsewhere. (Where that device's creation lost here, or the record is not held, this device
  // made the same lost write itself, or held it already.) A forged one naming a record held
  // would wait there for the record to be taken back, to give back a made-up one under it.
  if (store_->read_row(w->table, w->row)) {
    const auto gone = gone_naming(*store_, w->table, w->row);
    if (std::any_of(gone.begin(), gone.end(), [&](const GoneDigest& g) {
          return g.version.origin == s.origin && g.version.seq == s.seq;
        }))
      return;
  }
  cut_low(s.origin, *limit);
}

void ChainCheck::check_given_back(const Replica& store) {
  for (const GivenBack& g : given_back_) {
    if (auto c = low_cuts_.find(g.origin); c != low_cuts_.end() && c->second >= g.limit) continue;
    const auto row = store.read_row(g.table, g.row);
    if (!row) continue;
    // The write's fields the record holds, and the digests of those a later write superseded,
    // kept now that every row and digest of the bundle is here. A field with more than one
    // digest kept (one of them forged) is tried with each, the same choices the chain rebuild
    // tries; if none matches, or no digest is kept for a field that needs one, the version is cut.
    std::map<uint16_t, std::vector<Digest>> kept;
    for (const GoneDigest& d : gone_naming(store, g.table, g.row))
      if (d.version.origin == g.origin && d.version.seq == g.seq) kept[d.field].push_back(d.digest);
    WriteChoices write(held_digests(*row, g.origin, g.seq));
    for (const auto& [field, ds] : kept) write.offer(field, ds);
    const Digest fixed = fixed_digest(row->fixed);
    bool found = false;
    for (size_t k = 0, n = write.count(kWriteChoices); k < n && !found; ++k)
      found = message_digest(version_message(network_, g.origin, g.seq, g.table, g.row, fixed,
                                             write.choice(k))) == g.message;
    if (!found) cut_low(g.origin, g.limit);
  }
  given_back_.clear();
}

void ChainCheck::see_device_record(const Row& row) {
  const size_t f = device_field::revoked;
  if (row.table != TableId::devices || row.stamps.size() <= f || row.stamps[f].hlc == 0) return;
  // Its flag written by another device: a revocation, or a reinstatement (every device writes
  // its own flag, 0, when it introduces itself).
  if (row.stamps[f].origin != row.id) revoked_in_bundle_.insert(row.id);
}

void ChainCheck::see(const Row& row, const MergeResult& m) {
  // A record of an insert-only table (a history line, a handover) added here is judged as a
  // version that replaced one: a take-back never empties such a record, so a version of it with
  // a number this device already knew is not news.
  const bool judged_whole = m.outcome == MergeOutcome::added && is_known_table(row.table) &&
                            table_def(row.table).insert_only();
  for (size_t f = 0; f < row.stamps.size(); ++f)
    note(row.stamps[f], f < 64 && (m.taken >> f & 1) != 0,
         judged_whole || (f < 64 && (m.replaced >> f & 1) != 0));
  // A record of an insert-only table (no field; its one version is its creation's), a newer
  // Mutua's among them, is judged when it is added whole, as the creation of a record of any
  // other kind is.
  judge_unclaimed(row, m.outcome == MergeOutcome::added ? m.taken : m.replaced,
                  m.outcome == MergeOutcome::added);
  if (row.table == kLostTable && m.outcome == MergeOutcome::added) judge_lost_write(row);
  // A newer Mutua's column, or a device's claims: not signed by a leaf; they count as carried.
  for (const auto& e : row.extras)
    if (!e.fixed) note(e.stamp, false, false);
  if (!on_ || !is_known_table(row.table) || m.outcome == MergeOutcome::known) return;
  if (m.outcome != MergeOutcome::added) {
    reread_.insert({row.table, row.id});
    return;
  }
  // Added whole: its leaf rows now, for each write of a relayed device it carries (one, mostly).
  std::vector<std::pair<Id, uint64_t>> writes;
  for (const Stamp& s : row.stamps)
    if (s.hlc != 0 && s.origin != me_ && !(s.origin == sender_ && sender_own_) &&
        std::find(writes.begin(), writes.end(), std::pair{s.origin, s.seq}) == writes.end())
      writes.emplace_back(s.origin, s.seq);
  if (writes.empty()) return;
  const Digest fixed = fixed_digest(row.fixed);
  for (const auto& [origin, seq] : writes) {
    const FieldDigests fields = held_digests(row, origin, seq);
    if (fields.empty()) continue;
    fed_[origin].push_back({seq,
                            {row.table, row.id,
                             message_digest(version_message(network_, origin, seq, row.table,
                                                            row.id, fixed, fields))}});
  }
}

bool ChainCheck::stand_in(const GoneDigest& g) {
  const Id& origin = g.version.origin;
  if (!on_ || g.version.hlc == 0 || origin == me_ || (origin == sender_ && sender_own_))
    return false;
  if (stand_in_count_ >= kMaxStandIns) return false;
  ++stand_in_count_;
  stand_ins_[origin].push_back(g);
  return true;
}

bool ChainCheck::proven(const GoneDigest& g) const {
  return proven_.count(gone_id(g)) != 0;
}

ChainCuts ChainCheck::check(const Replica& store, bool sender_pinned) {
  ChainCuts cuts;
  proven_.clear();
  check_given_back(store);
  const Id me = store.device_id();
  const auto device_extras = store.extras_of(TableId::devices);
  for (const auto& [origin, seen] : seen_) {
    if (origin == me || (origin == sender_ && sender_pinned)) continue;
    // A revoked device is checked as a standing one: the revocation filter refused its versions
    // past the cut-off, and those up to it are checked against its claim at or before the
    // cut-off, kept aside (core/kept_claim.hpp). An insider's revocation, whatever cut-off it
    // names, does not let it make up that device's versions unchecked (docs/security.md, "A
    // revoked device's chain").
    const auto held = held_claim(store, network_, origin, device_extras);
    auto point = store.chain_head(origin);
    if (point && point->network != network_) point.reset();
    auto m = mine_.find(origin);
    const uint64_t had = m == mine_.end() ? 0 : m->second;
    // Revoked with a cut-off and no claim at or before it held here (none reached the revoker
    // before it revoked, or this device met it only through a relay that had none): its versions
    // up to the cut-off are taken unchecked, as the devices that revoked it took them. But for a
    // device whose id carries the mark, only up to what this device knew of it (or its checked
    // point): it publishes a claim from its first write, and a revoker keeps the latest one at or
    // before the cut-off and passes it on, so versions past there wait for that claim. Else a
    // member's revocation naming a cut-off above the numbers the device used let it make up
    // records "as" the device on a device that met it first that way.
    if (auto d = store.device(origin);
        !held.present && d && accepted_until(*d) && !lifted_.count(origin)) {
      if (!chains_from_first_write(origin)) continue;
      const uint64_t at = std::max(had, point ? point->head.seq : 0);
      if (seen.taken_max > at) {
        cuts[origin] = at;
        unsigned_yet_.insert(origin);
      }
      continue;
    }
    // Publishes no chain (an older Mutua): unchecked. A device whose id carries the mark
    // publishes one from its first write, whether or not a relay carried its claim.
    if (!held.present && !point && !chains_from_first_write(origin)) continue;
    if (!held.stamp) {
      // A chain published, and no claim of it that verifies: nothing past the point is taken.
      const uint64_t at = point ? point->head.seq : had;
      checked_[origin] = point ? point->head.seq : 0;
      if (seen.taken_max > at || seen.carried > at) {
        cuts[origin] = at;
        // None held at all (a relay that lacks it), or none that can be checked yet (no key of
        // the device here); one held that does not verify against the key held is forged.
        if (!held.present || held.keyless) unsigned_yet_.insert(origin);
      }
      continue;
    }
    const Seq2Claim& c = held.claim;
    const uint64_t upto = held.stamp->seq;
    // The point, where it is sound to start: of this chain, not past the claim, and no number at
    // or below it new here (a version "as A" with an old number is checked from the start).
    if (point && (point->head.base != c.base || point->head.seq > upto)) point.reset();
    if (point && seen.taken_min != 0 && seen.taken_min <= point->head.seq) point.reset();
    const ChainHead from =
        point ? point->head : ChainHead{c.base, c.base, chain_start(network_, origin, c.base)};
    checked_[origin] = point ? point->head.seq : 0;
    const bool news = seen.taken_max > from.seq || seen.carried > std::max(from.seq, had);
    if (!news) continue;
    ++totals_.origins_checked;
    // What this device holds of the origin past the start: the rows this import added, whose
    // leaf rows were made as they were merged; the rows it merged into ones held, and those the
    // digests of fields gone name, read back; and rows stored before, through the change marks.
    const auto gone = store.gone_digests(origin, from.seq, upto);
    ChainRebuild rebuild(network_, origin, from, upto, gone);
    if (auto si = stand_ins_.find(origin); si != stand_ins_.end())
      for (const GoneDigest& g : si->second)
        rebuild.stand_in({g.table, g.row, g.version.seq, {{g.field, g.digest}}});
    const auto read_back = rows_to_read_back(rebuild, reread_);
    uint64_t read = 0;
    if (auto f = fed_.find(origin); f != fed_.end())
      for (const Fed& leaf : f->second)
        if (rebuild.in_range(leaf.seq) && !read_back.count({leaf.row.table, leaf.row.row})) {
          rebuild.add_leaf(leaf.seq, leaf.row);
          ++read;
        }
    const auto fed = feed_held_rows(store, rebuild, origin, from.seq, upto, read_back, true, true);
    totals_.rows_read += fed.visited;
    read += fed.added;
    const auto lost = lost_leaves_of(store, origin, from.seq, upto);
    read += gone.size() + lost.size();
    std::optional<ChainRebuild::Found> found;
    if (upto - from.seq <= kSpanSlack + kSpanPerRead * read) {
      totals_.numbers_folded += upto - from.seq;
      found = rebuild.find(lost, c.chain, kChainFolds);
    }
    if (!found) {
      cuts[origin] = from.seq;
      const auto b = left_out_.find(origin);
      const auto cov = covers_.find(origin);
      if ((b != left_out_.end() && b->second > had) || cov == covers_.end() || cov->second < upto)
        unsigned_yet_.insert(origin);
      continue;
    }
    // (A digest row's id, table 9's or 10's, names the version by origin and number only: the
    // hlc given here is any non-zero value, and is never stored.)
    for (const auto& r : found->refuted)
      refuted_.push_back({r.table, r.row, r.field, Stamp{1, origin, r.seq, 0}, r.digest});
    for (const auto& l : found->refuted_lost)
      refuted_lost_.push_back({l.table, l.row, Stamp{1, origin, l.seq, 0}, l.message});
    if (found->stood_in != 0) {
      // Every version here is the origin's, but one write is not held: known up to before it.
      ++totals_.stood_in;
      checked_[origin] = found->stood_in - 1;
      // A stand-in in range, the one digest of its field and number here, made the claim: it is
      // the origin's. (Counted in maps: a relay may send many stand-ins.)
      if (auto si = stand_ins_.find(origin); si != stand_ins_.end()) {
        using Place = std::tuple<TableId, Id, uint64_t, uint16_t>;
        std::map<Place, size_t> digests_at;
        for (const GoneDigest& g : si->second)
          if (rebuild.in_range(g.version.seq))
            ++digests_at[{g.table, g.row, g.version.seq, g.field}];
        for (const auto& o : gone)
          for (const auto& [field, d] : o.digests)
            if (auto at = digests_at.find({o.table, o.row, o.seq, field}); at != digests_at.end())
              ++at->second;
        for (const GoneDigest& g : si->second) {
          auto at = digests_at.find({g.table, g.row, g.version.seq, g.field});
          if (at != digests_at.end() && at->second == 1) proven_.insert(gone_id(g));
        }
      }
    } else {
      checked_[origin] = upto;
      new_points_[origin] = {network_, ChainHead{c.base, upto, c.chain}};
    }
    // Versions past the claim are confirmed by no claim yet. (Those of a device revoked here:
    // a later claim at or before its cut-off may come, kept aside by a device that held it.)
    if (seen.taken_max > upto || seen.carried > upto) {
      cuts[origin] = upto;
      const auto d = store.device(origin);
      if (revoked_in_bundle_.count(origin) || (d && accepted_until(*d)))
        unsigned_yet_.insert(origin);
    }
  }
  return cuts;
}

void ChainCheck::finish(Replica& store, VersionVector& raise, bool sender_pinned) {
  for (auto it = raise.begin(); it != raise.end();) {
    auto c = checked_.find(it->first);
    if (c != checked_.end()) it->second = std::min(it->second, c->second);
    auto m = mine_.find(it->first);
    const uint64_t had = m == mine_.end() ? 0 : m->second;
    it = it->second <= had ? raise.erase(it) : std::next(it);
  }
  for (const auto& [origin, p] : new_points_) store.set_chain_head(origin, p.network, p.head);
  for (const GoneDigest& g : refuted_) forget_gone(store, g);
  for (const LostWrite& w : refuted_lost_) store.forget_unknown_row(kLostTable, lost_id(w));
  totals_.refuted += refuted_.size() + refuted_lost_.size();
  // The pinned sender's own claim: a point once this device holds all it claims.
  if (!sender_pinned || sender_ == store.device_id()) return;
  const auto held = held_claim(store, network_, sender_, store.extras_of(TableId::devices));
  if (!held.stamp) return;
  const uint64_t upto = held.stamp->seq;
  auto r = raise.find(sender_);
  auto m = mine_.find(sender_);
  const uint64_t now = std::max(r == raise.end() ? 0 : r->second, m == mine_.end() ? 0 : m->second);
  if (now < upto) return;
  auto point = store.chain_head(sender_);
  if (point && point->network == network_ && point->head.base == held.claim.base &&
      point->head.seq >= upto)
    return;
  store.set_chain_head(sender_, network_, ChainHead{held.claim.base, upto, held.claim.chain});
}

bool ChainFilter::pass(Row& row) {
  if (cuts_.empty() && low_.empty()) return true;
  auto low = [&](const Stamp& s) {
    auto it = low_.find(s.origin);
    return it != low_.end() && s.seq <= it->second;
  };
  auto cut = [&](const Stamp& s) {
    if (s.hlc == 0) return false;
    auto it = cuts_.find(s.origin);
    return (it != cuts_.end() && s.seq > it->second) || low(s);
  };
  const bool insert_only =
      is_known_table(row.table) ? table_def(row.table).insert_only() : row.insert_only;
  bool any_cut = false, any_left = false, any_confirmed_wrong = false;
  // Whether every version cut is held here already (the row and its extras read once each).
  bool all_held = true;
  std::optional<std::optional<Row>> held;
  std::optional<std::vector<ExtraValue>> held_extras;
  const auto held_row = [&]() -> const std::optional<Row>& {
    if (!held) held = is_known_table(row.table) ? store_.read_row(row.table, row.id) : std::nullopt;
    return *held;
  };
  // `f`: the field cut (for an insert-only row, its creation: the whole row), or `extra`.
  const auto note_cut = [&](const Stamp& s, size_t f, const ExtraValue* extra) {
    any_cut = true;
    any_confirmed_wrong = any_confirmed_wrong || !unsigned_yet_.count(s.origin) || low(s);
    if (!all_held) return;
    const auto& here = held_row();
    if (!here || here->fixed != row.fixed) {
      all_held = false;
    } else if (extra) {
      if (!held_extras) held_extras = store_.extras_of_row(row.table, row.id);
      all_held = std::find(held_extras->begin(), held_extras->end(), *extra) != held_extras->end();
    } else if (insert_only) {
      all_held = here->stamps == row.stamps && here->fields == row.fields;
    } else {
      all_held =
          f < here->stamps.size() && here->stamps[f] == s && here->fields[f] == row.fields[f];
    }
  };
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    Stamp& s = row.stamps[f];
    if (!cut(s)) {
      any_left = any_left || s.hlc != 0;
      continue;
    }
    note_cut(s, f, nullptr);
    if (insert_only) continue;
    row.fields[f] = default_value(table_def(row.table).fields[f].type);
    s = Stamp{};
  }
  std::erase_if(row.extras, [&](const ExtraValue& e) {
    if (e.fixed || !cut(e.stamp)) return false;
    note_cut(e.stamp, 0, &e);
    return true;
  });
  if (!any_cut) return true;
  if (!all_held) ++(any_confirmed_wrong ? records_ : records_unsigned_yet_);
  if (insert_only) return false;
  for (const auto& e : row.extras) any_left = any_left || !e.fixed;
  return any_left;
}

}  // namespace mutua
