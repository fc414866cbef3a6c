#pragma once
// Who is revoked, decided from every revocation and reinstatement held, as one set
// (docs/revocation-records.md, "One rule, the same inputs, the same answer").
//
// The rule, as a pure function over records (step 1 of that design). The records are rows of
// table 12 and the versions of the old fields (core/revocation_records.hpp), and the engine
// follows the answer (Replica::revoked_until). It decides alike on every device the shapes the
// fields could not: rings of three, overlapping cycles, paradoxes with reinstatements.
//
// The answer depends only on the set of records (and on the clock facts `earlier_clock` gives):
// never on the order they arrived in, nor on a previous answer. Two devices that hold the same
// records derive the same state.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

enum class RevocationAction : int64_t { revoke = 1, reinstate = 2 };

// One revocation or reinstatement, as its writer made it. `id` names it (a reinstatement names
// the revocation it lifts by it). Any `action` other than revoke or reinstate is a newer Mutua's
// and is void here.
struct RevocationRecord {
  Id id;
  Stamp made;  // writer (origin), its number (seq) and its stamp (hlc)
  Id target;
  int64_t action = 0;
  uint64_t cutoff = 0;  // a revocation's: 1 + the last number of the target its writer accepted
  Id undoes;            // a reinstatement's: the revocation it lifts
  // Never on the wire: a reinstatement read from a version of the old `revoked` field
  // (core/revocation_records.hpp), which names no revocation and lifts every one standing, as a
  // write of that field does on a device of the versions before.
  bool lifts_all = false;
};

// The revocation in force for one device: the last one replayed (a later revocation replaces
// it, with its cut-off; docs/revocation-records.md, "Decided in step 3").
struct StandingRevocation {
  uint64_t until = 0;     // the last number of the device still accepted
  Id by;                  // the record
  std::vector<Id> every;  // the revocations in force: that one alone
};

struct DerivedRevocations {
  std::map<Id, StandingRevocation> revoked;  // device -> its revocations in force
  std::set<Id> void_records;  // records that have no effect, and never will here (a second record
                              // under an id already read is not listed: it is never read)
  size_t replays = 0;
};

// The latest clock among the writer's versions numbered below `seq` that this device holds (0:
// none). A record stamped at or before it was stamped back in time, which a device's own clock
// never does: it is void (the clock check of "Revocations in a cycle", docs/security.md).
using EarlierClock = std::function<HlcValue(const Id& writer, uint64_t seq)>;

// The rule (docs/revocation-records.md):
// 1. Records are replayed in the order (stamp, writer id, number).
// 2. Void ones are skipped. A record whose writer is revoked at that point, with the record's
//    number past what is accepted of it, becomes void. Otherwise a revocation revokes its target
//    with its cut-off (replacing the one in force), and a reinstatement lifts the revocation it
//    names if that one is in force for its target (else it becomes void); one read from an old
//    field (lifts_all) lifts the one in force, and is void where none is.
// 3. After a replay, every record applied whose writer ends revoked past it becomes void.
// 4. If the void set grew, replay again. It only grows, so this ends (at most one replay more
//    than there are records).
// A record by a device about itself, one with an unknown action, one stamped back in time, and
// a reinstatement that names nothing (and is not read from an old field) are void from the
// start.
DerivedRevocations derive_revocations(std::vector<RevocationRecord> records,
                                      const EarlierClock& earlier_clock = {});

}  // namespace mutua
