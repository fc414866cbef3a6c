#pragma once
// The one exception to "the newer version wins" (Stamp::newer_than): a device's own version of
// its own revoked flag or cut-off stamped past the year 9999 ranks below every other version of
// that field. No honest device writes one: a device never revokes or reinstates itself, and no
// honest clock gets there (core/hlc.hpp, kHlcImpossible). Without it, an insider whose id orders
// after every other one could stamp its flag at kHlcMax, where only the origin breaks a tie, and
// never be revoked (docs/security.md, "A clock at the end of time"). Merge, the local write and
// the versions kept aside all order by it, so every device of this version picks the same one.
#include <cstddef>

#include "core/hlc.hpp"
#include "core/schema.hpp"

namespace mutua {

inline bool is_revocation_field(const TableDef& t, size_t f) {
  return t.id == TableId::devices &&
         (f == device_field::revoked || f == device_field::revoked_cutoff);
}

inline bool self_revocation_past_clock(const TableDef& t, const Id& row, size_t f, const Stamp& s) {
  return is_revocation_field(t, f) && s.origin == row && s.hlc >= kHlcImpossible;
}

// Whether version `a` of field f of `row` wins over version `b`.
inline bool outranks(const TableDef& t, const Id& row, size_t f, const Stamp& a, const Stamp& b) {
  const bool a_last = self_revocation_past_clock(t, row, f, a);
  const bool b_last = self_revocation_past_clock(t, row, f, b);
  if (a_last != b_last) return b_last;
  return a.newer_than(b);
}

}  // namespace mutua
