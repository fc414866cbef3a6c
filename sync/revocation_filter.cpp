#include "sync/revocation_filter.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "core/lost_creation.hpp"
#include "core/revocation.hpp"
#include "core/revocation_rank.hpp"
#include "sync/sync_words.hpp"

namespace mutua {

namespace {
// The last sequence number accepted of a device whose flag and cut-off are these (none: not
// revoked with a cut-off).
std::optional<uint64_t> until_of(int64_t revoked, int64_t cutoff) {
  Device d;
  d.revoked = revoked != 0;
  d.revoked_cutoff = static_cast<uint64_t>(cutoff);
  return accepted_until(d);
}
}  // namespace

RevokedCuts revoked_cuts(const Replica& store, bool own_void_too) {
  RevokedCuts out;
  std::vector<std::pair<Id, Stamp>> by;  // who set each cut-off, as a version
  store.for_each_row(TableId::devices, [&](const Row& r) {
    if (auto until = until_of(std::get<int64_t>(r.fields[device_field::revoked]),
                              std::get<int64_t>(r.fields[device_field::revoked_cutoff]))) {
      out[r.id] = *until;
      by.emplace_back(r.id, r.stamps[device_field::revoked]);
    }
    return true;
  });
  // This device's own revocations numbered past its own cut-off are void on every other device:
  // here too. Kept (a revoked device keeps its data), they would refuse a device every other one
  // takes: one that won a cycle against this one (cycle_winner), or, once a third device revokes
  // it with the same cut-off, leave its versions that cut-off refuses (seed 416).
  if (own_void_too) return out;
  if (auto mine = out.find(store.device_id()); mine != out.end())
    for (const auto& [device, s] : by)
      if (s.origin == store.device_id() && s.seq > mine->second) out.erase(device);
  return out;
}

std::optional<std::string> revokes_itself(const Row& row) {
  if (row.table != TableId::devices) return std::nullopt;
  for (const size_t f : {device_field::revoked, device_field::revoked_cutoff}) {
    if (row.stamps.size() <= f || row.fields.size() <= f) continue;
    const Stamp& s = row.stamps[f];
    const auto* v = std::get_if<int64_t>(&row.fields[f]);
    if (s.hlc != 0 && s.origin == row.id && v && *v != 0)
      return "devices." + std::string(table_def(TableId::devices).fields[f].name) +
             " is set as the device itself (a device never revokes itself)";
  }
  return std::nullopt;
}

const Id* RevocationFilter::cut_key(const Id& origin) const {
  return &cuts_.find(origin)->first;
}

void RevocationFilter::erase_refused_extras(Row& row, const Id*& from) const {
  std::erase_if(row.extras, [&](const ExtraValue& e) {
    if (e.fixed || !refuses(e.stamp)) return false;
    from = cut_key(e.stamp.origin);
    return true;
  });
}

bool RevocationFilter::pass(Row& row, bool count) {
  refused_creation_ = false;
  if (cuts_.empty()) return true;
  if (!is_known_table(row.table)) {
    // A newer Mutua's record (a digest of a superseded version, a lost write, a gap), made as a
    // version of the revoked device past its cut-off: a take-back removed it here (Replica::
    // retract_origin_after), so a relay that has not heard must not bring it back. Its values of
    // such versions go the same way.
    const Id* from = nullptr;
    const bool creation_refused = row.insert_only && !row.stamps.empty() && refuses(row.stamps[0]);
    if (creation_refused) from = cut_key(row.stamps[0].origin);
    erase_refused_extras(row, from);
    if (from && count) ++refused_[*from];
    if (creation_refused) return false;
    if (!from || row.insert_only) return true;
    // A record of last-writer-wins values with none of them left: dropped, as a known one is.
    return std::any_of(row.extras.begin(), row.extras.end(),
                       [](const ExtraValue& e) { return !e.fixed; });
  }
  const auto& t = table_def(row.table);
  const Id* from = nullptr;
  bool any_left = false, replaced_unknown = false;
  std::vector<bool> refused(row.stamps.size());
  for (size_t f = 0; f < row.stamps.size(); ++f) refused[f] = refuses(row.stamps[f]);
  refused_creation_ = creation_refused(row.table, row.stamps, refused);
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    Stamp& s = row.stamps[f];
    if (!refused[f]) {
      any_left = any_left || s.hlc != 0;
      continue;
    }
    from = cut_key(s.origin);
    if (t.insert_only()) continue;
    // It replaced another version, which (or one that competed with it) this device may never
    // get otherwise: the relay's vector covers it, and so may ours once this import is earned.
    replaced_unknown = replaced_unknown || s.prev != 0;
    row.fields[f] = default_value(t.fields[f].type);
    s = Stamp{};
  }
  // Columns of a newer Mutua from the revoked device go the same way.
  erase_refused_extras(row, from);
  if (from && count) ++refused_[*from];
  if (replaced_unknown) {
    earlier_unknown_ = true;
    if (count) earlier_unknown_rows_.emplace_back(row.table, row.id);
  }
  if (!from) return true;
  if (t.insert_only()) return false;
  for (const auto& e : row.extras) any_left = any_left || !e.fixed;
  return any_left;
}

size_t RevocationFilter::refused_total() const {
  size_t n = 0;
  for (const auto& [id, k] : refused_) n += k;
  return n;
}

void RevocationFilter::clamp(VersionVector& v) const {
  for (const auto& [origin, cut] : cuts_)
    if (auto it = v.find(origin); it != v.end()) it->second = std::min(it->second, cut);
}

std::optional<Id> cycle_winner(const Replica& store, const RevokedCuts& cuts, const Row& row) {
  constexpr size_t flag = device_field::revoked, cut = device_field::revoked_cutoff;
  if (row.table != TableId::devices || row.stamps.size() <= std::max(flag, cut))
    return std::nullopt;
  const Stamp& v = row.stamps[flag];
  const auto* revokes = std::get_if<int64_t>(&row.fields[flag]);
  const auto* cutoff = std::get_if<int64_t>(&row.fields[cut]);
  if (v.hlc == 0 || !revokes || *revokes == 0 || !cutoff || row.stamps[cut] != v)
    return std::nullopt;
  const Id& x = v.origin;
  auto x_cut = cuts.find(x);
  if (x == row.id || x_cut == cuts.end() || v.seq <= x_cut->second) return std::nullopt;
  // What revoked x here: a revocation by the device this row revokes.
  auto held = store.read_row(TableId::devices, x);
  if (!held) return std::nullopt;
  const Stamp& rx = held->stamps[flag];
  if (rx.origin != row.id) return std::nullopt;
  const auto y_until = until_of(1, *cutoff);
  // It takes that revocation back, and is the earlier of the two.
  if (!y_until || rx.seq <= *y_until || !rx.newer_than(v)) return std::nullopt;
  // Taking that revocation back must leave x standing: the version of x's flag it would fall
  // back to (kept aside) must not be another revocation that refuses v (seed 208: x revoked by
  // two devices with one cut-off, and v undoes only the later).
  auto taken = [&](const Stamp& s) { return s.origin == row.id && s.seq > *y_until; };
  for (const auto& back : store.runner_ups(TableId::devices, x, flag)) {
    if (taken(back.stamp)) continue;
    const auto* on = std::get_if<int64_t>(&back.value);
    if (on && *on != 0)
      for (const auto& c : store.runner_ups(TableId::devices, x, cut)) {
        const auto* at = std::get_if<int64_t>(&c.value);
        if (c.stamp != back.stamp || !at) continue;
        if (auto until = until_of(1, *at); until && v.seq > *until) return std::nullopt;
      }
    break;
  }
  // And it would be the version of that flag here: a later one (another revocation of the same
  // device, a reinstatement) makes it moot (seed 677: the device it revoked was revoked again
  // since, by a third, past its own version, with a cut-off that leaves x's revocation standing).
  if (auto y = store.read_row(TableId::devices, row.id);
      y && outranks(table_def(TableId::devices), row.id, flag, y->stamps[flag], v))
    return std::nullopt;
  // Made after every version of x's numbered before it and held here, as a device's own clock
  // runs: a revoked device cannot win by a stamp before its own earlier writes (it can still
  // stamp one between its last write the revoker took and the revocation: docs/security.md says
  // what that leaves). Its later writes, held here already, say nothing of it (seed 998: x's
  // revocations of two others, numbered after v, came first).
  if (v.hlc <= store.latest_clock_held(x, v.seq)) return std::nullopt;
  return x;
}

std::map<Id, size_t> apply_learned_revocations(
    Replica& store, const RevokedCuts& before,
    std::vector<Replica::RetractResult::Refused>* refused) {
  std::map<Id, size_t> taken;
  // Taken back one at a time, each revocation read again at its turn: those whose cut-off is
  // new or lower than what was taken back already. Taking back a revoker's versions may undo a
  // revocation it made: so one whose revoker is itself among them waits for it (seed 377 of the
  // long property test with revocations: its target's claims and versions would go, though a
  // device that took the revoker's revocation first never drops them). It may also bring back
  // an older revocation of a device, with a lower cut-off (a runner-up), which is then taken
  // back too (seed 922: two revocations of one device, the later by a device revoked past it).
  // Each device's cut-off here only goes down, so this ends; bounded besides.
  RevokedCuts done = before;
  std::vector<Stamp> revokers;  // the revocations taken back so far, as versions
  const size_t turns = 4 * (before.size() + revoked_cuts(store).size() + 8);
  for (size_t turn = 0; turn < turns; ++turn) {
    std::vector<std::pair<Id, uint64_t>> pending;
    for (const auto& [device, cut] : revoked_cuts(store)) {
      auto old = done.find(device);
      if (old != done.end() && old->second <= cut) continue;  // nothing new to take back
      pending.emplace_back(device, cut);
    }
    if (pending.empty()) return taken;
    // Each one's revocation as a version: its origin is the revoker.
    std::vector<Stamp> by(pending.size());
    for (size_t i = 0; i < pending.size(); ++i)
      if (auto r = store.read_row(TableId::devices, pending[i].first))
        by[i] = r->stamps[device_field::revoked];
    // When each waits for another (a cycle), the one revoked earliest goes first: its
    // take-back undoes the later revocations, so the earliest stands (cycle_winner).
    size_t pick = 0;
    for (size_t i = 1; i < pending.size(); ++i)
      if (by[pick].newer_than(by[i])) pick = i;
    for (size_t i = 0; i < pending.size(); ++i) {
      const Id& revoker = by[i].origin;
      const bool waits = by[i].hlc != 0 && revoker != pending[i].first &&
                         std::any_of(pending.begin(), pending.end(),
                                     [&](const auto& q) { return q.first == revoker; });
      if (!waits) {
        pick = i;
        break;
      }
    }
    const Id device = pending[pick].first;
    const uint64_t cut = pending[pick].second;
    done[device] = cut;
    // A device whose revocation of one taken back here is past this cut-off: taking it back
    // would undo what revoked it (seed 107: 0 revoked 2, then reinstated it; 2, not having
    // heard, revoked 0, which takes the reinstatement back). As before, it takes nothing back.
    const bool undoes_cause = std::any_of(revokers.begin(), revokers.end(), [&](const Stamp& s) {
      return s.origin == device && s.seq > cut;
    });
    revokers.push_back(by[pick]);
    if (undoes_cause) continue;
    if (device == store.device_id()) {
      store.lower_peer_vectors(device, cut);
    } else {
      auto r = store.retract_origin_after(device, cut);
      if (const size_t n = r.rows_removed + r.rows_changed) taken[device] += n;
      if (refused) refused->insert(refused->end(), r.refused.begin(), r.refused.end());
    }
  }
  return taken;
}

ImportSummary revocation_here(const Replica& store, const Id& device,
                              const Replica::RetractResult& taken) {
  ImportSummary out;
  if (const size_t n = taken.rows_removed + taken.rows_changed)
    out.taken_back.emplace_back(sync_words::device_word(store, device), n);
  for (const auto& r : taken.refused)
    out.add_set_aside(sync_words::device_word(store, r.writer), r.reason);
  return out;
}

}  // namespace mutua
