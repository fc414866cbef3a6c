#include "core/revocation_derive.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <tuple>

namespace mutua {

namespace {
bool is_known_action(int64_t a) {
  return a == static_cast<int64_t>(RevocationAction::revoke) ||
         a == static_cast<int64_t>(RevocationAction::reinstate);
}

// The replay order: stamp, writer, number; the rest only so that two records that tie on those
// (a copy, or a record made up "as" another) still sort the same way on every device.
bool replays_before(const RevocationRecord& a, const RevocationRecord& b) {
  return std::tie(a.made.hlc, a.made.origin, a.made.seq, a.id, a.target, a.action, a.cutoff,
                  a.undoes) < std::tie(b.made.hlc, b.made.origin, b.made.seq, b.id, b.target,
                                       b.action, b.cutoff, b.undoes);
}

// A revocation with no cut-off (an older Mutua's) revokes, and refuses no number.
uint64_t until_of(uint64_t cutoff) {
  return cutoff == 0 ? std::numeric_limits<uint64_t>::max() : cutoff - 1;
}

// Per device revoked: its standing revocations (record, last number accepted), in replay order.
using Standing = std::map<Id, std::vector<std::pair<Id, uint64_t>>>;

bool accepted(const Standing& state, const Stamp& made) {
  auto it = state.find(made.origin);
  if (it == state.end()) return true;
  for (const auto& [by, until] : it->second)
    if (made.seq > until) return false;
  return true;
}
}  // namespace

DerivedRevocations derive_revocations(std::vector<RevocationRecord> records,
                                      const EarlierClock& earlier_clock) {
  std::sort(records.begin(), records.end(), replays_before);
  const size_t n = records.size();
  std::vector<bool> is_void(n, false), copy(n, false);
  std::set<Id> seen;
  for (size_t i = 0; i < n; ++i) {
    const RevocationRecord& r = records[i];
    copy[i] = !seen.insert(r.id).second;  // a second record under one id: never read
    const bool back_in_time =
        earlier_clock && r.made.hlc <= earlier_clock(r.made.origin, r.made.seq);
    const bool names_nothing = r.action == static_cast<int64_t>(RevocationAction::reinstate) &&
                               !r.lifts_all && r.undoes == Id{};
    is_void[i] = copy[i] || back_in_time || r.made.hlc == 0 || r.made.origin == r.target ||
                 !is_known_action(r.action) || names_nothing;
  }

  DerivedRevocations out;
  Standing state;
  // Each replay but the last voids at least one more record: at most n + 1.
  for (bool grew = true; grew && out.replays <= n;) {
    grew = false;
    ++out.replays;
    state.clear();
    std::vector<size_t> applied;
    for (size_t i = 0; i < n; ++i) {
      if (is_void[i]) continue;
      const RevocationRecord& r = records[i];
      const bool revoke = r.action == static_cast<int64_t>(RevocationAction::revoke);
      auto it = state.find(r.target);
      // The revocation a reinstatement lifts, in force now (none: it is void).
      const auto lifted = [&]() -> std::optional<size_t> {
        if (revoke || it == state.end()) return std::nullopt;
        if (r.lifts_all) return 0;
        for (size_t k = 0; k < it->second.size(); ++k)
          if (it->second[k].first == r.undoes) return k;
        return std::nullopt;
      }();
      if (!accepted(state, r.made) || (!revoke && !lifted)) {
        is_void[i] = grew = true;
        continue;
      }
      if (revoke) {
        // Replaces the one in force (a second revocation of a device is made only where the
        // first had not arrived), as the two fields do: docs/revocation-records.md, "Decided in
        // step 3".
        state[r.target] = {{r.id, until_of(r.cutoff)}};
      } else if (r.lifts_all) {
        state.erase(it);
      } else {
        it->second.erase(it->second.begin() + static_cast<std::ptrdiff_t>(*lifted));
        if (it->second.empty()) state.erase(it);
      }
      applied.push_back(i);
    }
    // Taken back by a later record: its writer ends revoked, and this record is past it.
    for (size_t i : applied)
      if (!accepted(state, records[i].made)) is_void[i] = grew = true;
  }
  for (const auto& [target, standing] : state) {
    StandingRevocation& s = out.revoked[target];
    s.until = std::numeric_limits<uint64_t>::max();
    for (const auto& [by, until] : standing) {
      if (until < s.until || s.every.empty()) {
        s.until = until;
        s.by = by;
      }
      s.every.push_back(by);
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (is_void[i] && !copy[i]) out.void_records.insert(records[i].id);
  return out;
}

}  // namespace mutua
