#pragma once
// Fixed fields (ticket, kind, created_*...) are set once, when a record is created, and never
// merged. Two creations that share an id (the same spreadsheet row imported on two devices, or
// a hostile copy) converge on every device to the one that comes first in a total order both
// sides agree on, kept whole: its fixed values with its own field versions (the other's
// versions are set aside, so that a device holding the losing creation always lacks a version
// of the winner and is sent it). The collision is kept as a conflict record for a coordinator.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.hpp"
#include "core/schema.hpp"

namespace mutua {

// Conflict records for fixed fields use field numbers from here up (fixed index added), beside
// the field indexes of ordinary conflicts; they are never resolved by writing a new version.
inline constexpr uint16_t kFixedConflictField = 0x100;

// True when creation `a` wins over creation `b` of the same record `id`: the one `id` is bound
// to (core/creation_id.hpp) over one it is not, then the earlier created_at, then the smaller
// created_by, then the smaller fixed values, in that order. Each step reads only the two
// creations, so it is a strict total order and every device keeps the same creation whatever
// the order bundles arrive in. An insider who copies an id cannot make it bound to a creation of
// its own, so a claimed creation time wins only against creations whose id is not bound either
// (ids from a spreadsheet, records made before this rule).
bool creation_wins(const TableDef& t, const Id& id, const std::vector<Value>& a,
                   const std::vector<Value>& b);

// Of two creation versions of one insert-only record (a history line, a handover) with the same
// fixed values, whether `a` is kept over `b`. A device writes such a record once and relays never
// change its version, so two versions mean a copy: an insider's under its own stamp, or "as" the
// creator with another number. Kept: the version whose origin is the creator the fixed values
// name (`created_by`, or an event's `device`), then the higher sequence number, then the newer.
// The loser's write is kept as a lost write (core/lost_creation.hpp), so its chain still
// rebuilds. Each step reads only the two versions: a strict total order, the same everywhere.
bool creation_version_wins(const TableDef& t, const std::vector<Value>& fixed, const Stamp& a,
                           const Stamp& b);

// Two creations of one entry whose id neither is bound to (a spreadsheet row) and which differ
// only in when and on which device they were made: the same sheet imported on two devices. Such
// a collision is no conflict a coordinator could act on, and is not recorded as one.
bool same_row_imported_twice(const TableDef& t, const Id& id, const std::vector<Value>& a,
                             const std::vector<Value>& b);

// The fixed fields worth showing a coordinator when two creations collide: those that differ,
// leaving out created_at and created_by unless nothing else differs.
std::vector<size_t> collided_fixed_fields(const TableDef& t, const std::vector<Value>& a,
                                          const std::vector<Value>& b);

// A status that a merge left on an entry of the other kind (after a collision) is read as the
// matching status of the surviving kind: open <-> available, partly met <-> partly taken, met
// <-> taken, cancelled <-> withdrawn. So no merged row is ever invalid.
Status status_for_kind(Status s, Kind k);

}  // namespace mutua

namespace mutua {
// The version a conflict record shows for a creation: no time, its creator as the origin.
Stamp creation_stamp(const TableDef& t, const std::vector<Value>& fixed);
// A fixed value as a person reads it in a conflict record (a kind by name, an id in hex).
Value fixed_value_shown(const TableDef& t, size_t index, const Value& v);
// Whether a conflict record's field (by name) is one of the table's fixed fields: a collision of
// two creations of one record, not an edit (the entry's screen and `mutua conflicts` say so).
bool is_fixed_field(TableId table, std::string_view field);
}  // namespace mutua
