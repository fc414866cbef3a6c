#pragma once
// The chain check on import (docs/security.md, "Signed versions", "Built: step 3"). A relayed
// version's stamp is the relay's word; each device's SEQ-2 claim signs the chain of all its
// writes (core/write_chain.hpp). So after a bundle is merged, for each origin A other than the
// bundle's pinned sender whose versions it brought, this device rebuilds A's chain from where it
// last checked it (`chain_heads`, the checked point) up to A's claim, over what it now holds of
// A: the rows (found through the change marks, not a scan per origin), the digests of superseded
// fields (table 9) and of lost creations' writes (table 10).
//   - Equal: every version of A up to the claim is A's, and none was left out: the checked point
//     moves to the claim, and so may the vector for A.
//   - Not equal, a write missing, no valid claim, or versions past the claim: the import is
//     rolled back and done again without A's versions past the checked point (ChainFilter),
//     naming the sender; the vector for A stays there.
//   - An origin that never published a SEQ-2 claim (an older Mutua) is taken unchecked, unless
//     its id carries the mark of a device that publishes one from its first write
//     (core/device_identity.hpp): then, with no claim held, nothing of it is taken yet.
//   - A digest the bundle carried that this device does not keep may stand in for its field; a
//     match that used one moves the vector for A only to before that write. Where a field has
//     two digests (a forged one beside the genuine), the rebuild tries the other, and the
//     digests the claim refutes are forgotten (core/chain_rebuild.cpp).
// A bundle's sender, when its pinned key signed it, is not checked (the bundle signature
// authenticates its own versions); its claim becomes the checked point once the vector reaches it.
// Which starts are sound: the stored point when it is of the claim's network and base and not
// past the claim, and no version numbered at or below it is new here (a version "as A" with an
// old number); else the claim's base, where A's chain starts (versions up to it are unsigned, and
// stay unchecked).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "core/lost_creation.hpp"
#include "core/replica.hpp"
#include "core/superseded.hpp"
#include "core/write_chain.hpp"

namespace mutua {

// Local key: "off" switches the check off (relayed versions taken unchecked, as before step 3).
inline constexpr std::string_view kChainCheckKey = "chain_check";
bool chain_check_on(const Replica& store);

// The set-aside reason, after "N records from 'Tablet 3' were set aside: ".
inline constexpr std::string_view kChainNotConfirmed =
    "changes as another device that its chain does not confirm";

// The set-aside reason where no claim of the device is held (a relay that lacks it: an honest
// one may, after a revocation and reinstatement took it back there). Nothing says they are
// false; a later sync that brings the claim brings them again. (A claim held that does not
// verify is forged: kChainNotConfirmed.)
inline constexpr std::string_view kChainNotSignedYet =
    "changes of another device that its signed claim, not here yet, must confirm; a later sync "
    "brings them again";

// Origins whose versions an import does not take past a number: origin -> the last one taken.
using ChainCuts = std::map<Id, uint64_t>;

class ChainCheck {
 public:
  // `sender_own`: the sender's versions are expected to be its own (its key pinned, or introduced
  // by its record in the bundle): not made ready for a check.
  // `on`: false (the check switched off) makes nothing ready for a check.
  ChainCheck(const Replica& store, const Id& network, const Id& sender, bool sender_own,
             const VersionVector& mine, bool on);
  // One record as merged, with what the merge took from it.
  void see(const Row& row, const MergeResult& m);
  // A digest of a superseded field the bundle carried that this device does not keep
  // (gone_fits said no): it may stand in for that field in a rebuild (ChainRebuild::stand_in).
  // A chain confirmed with one is the origin's, but the write it stands for is not held here:
  // the origin counts as known only up to the number before it.
  // True: taken as a stand-in.
  bool stand_in(const GoneDigest& g);
  // After check(): whether stand-in `g` is proven its origin's, by a chain confirmed with it in
  // range and with no other stand-in for its field and number (docs/security.md, "A digest a
  // relay's chain proves").
  bool proven(const GoneDigest& g) const;
  // After the merge: checks each relayed origin that brought news. Returns the origins not
  // confirmed, with where to cut them.
  // `sender_pinned`: the sender's key, as pinned now, signed the bundle: its versions are not
  // checked.
  ChainCuts check(const Replica& store, bool sender_pinned);
  // What the bundle's header says it left out and what its sender holds: versions of a device
  // numbered up to `base` were left out as held by the device the bundle was made for, and
  // `covers` counts what the sender holds of each device without a hole. A chain that does not
  // rebuild where the base counts more of it than this device holds (a bundle made for another
  // device, read here), or past what the sender holds (it relays versions with a hole: it read
  // such a bundle itself), lacks what a later sync brings: check() cuts it as waiting, not as
  // unconfirmed. A member that states a higher base or a lower cover gets only the milder
  // word; the versions are set aside either way.
  void left_out(const VersionVector& base, const VersionVector& covers) {
    left_out_ = base;
    covers_ = covers;
  }
  // Devices revoked here that the revocation records this import brings leave standing, or
  // accepted further (sync/apply_body.cpp): checked as standing devices are.
  void lift(const std::set<Id>& devices) { lifted_ = devices; }
  // A device's record as the bundle carried it, before the revocation filter: when its revoked
  // flag was written by another device (a revocation or a reinstatement, whatever this device
  // makes of it), check() cuts that device's versions past the claim held here as waiting for a
  // claim, not as unconfirmed. A relay that revoked a device, or heard of its revocation, dropped
  // its claims, and relays its versions up to the cut-off it holds, or all of them once the
  // device is reinstated: past an older claim held here (seeds 1186 and 2225 of the long property
  // test with revocations). A member who makes up versions "as" that device with new numbers
  // gets the milder word only by writing that device's flag too, which stays on its record.
  // Either way they are set aside.
  void see_device_record(const Row& row);
  // The origins check() cut only because no claim of theirs is held, or one past which the
  // versions came with its revocation (see_device_record).
  const std::set<Id>& unsigned_yet() const { return unsigned_yet_; }
  // Origins a version of which replaced one held here though numbered at or below both where
  // its chain starts (its base: unsigned, so no chain covers it) and what this device knew of it
  // before the import (so it cannot be news): a version "as" that device with an old number.
  // The next attempt takes none of its versions at or below the limit given (ChainFilter). On a
  // device that never took versions back nor set a record aside, every version taken is judged
  // so. Elsewhere, a field's first version, or a record added whole, is not: a take-back after a
  // revocation may empty a field that such a version then fills honestly. A record of an
  // insert-only table added whole is judged everywhere: nothing empties it.
  // Also a version of a device revoked here, of which no claim is held, that replaced one held
  // here or came in a record added whole, though numbered at or below where its chain was last
  // confirmed here, and that this device never held and lost (judge_unclaimed; docs/security.md,
  // "A revoked device's chain").
  const ChainCuts& low_cuts() const { return low_cuts_; }
  // Clamps the vector's raise (sync/earned_vector.hpp) of every relayed origin that publishes a
  // chain to where it was checked, and keeps the new checked points (inside the transaction).
  void finish(Replica& store, VersionVector& raise, bool sender_pinned);

  struct Totals {
    size_t origins_checked = 0, rows_read = 0, numbers_folded = 0;
    size_t stood_in = 0;  // origins confirmed with a stand-in digest
    size_t refuted = 0;   // kept digests and lost writes refuted, and forgotten
  };
  const Totals& totals() const { return totals_; }

 private:
  // H(version_message) of a row this import added whole (the row stored is the one that came),
  // made as it is merged: what the rebuild would read back. A row changed again later in the
  // import, or named by a digest of a field gone, is read back instead.
  struct Fed {
    uint64_t seq = 0;
    LeafRow row;
  };
  struct Seen {
    uint64_t carried = 0;    // the highest number carried
    uint64_t taken_max = 0;  // the highest number a record here took
    uint64_t taken_min = 0;  // the lowest (0: none)
  };
  void note(const Stamp& s, bool taken, bool replaced);
  // Numbers of `origin` at or below this are no news here: min(its base, what this device knew
  // of it); 0 where it publishes no chain or nothing of it was known.
  uint64_t low_limit(const Id& origin);
  // A device revoked here with a cut-off, with no claim of it held (none at or before the
  // cut-off kept, core/kept_claim.hpp), but a checked point: min(that point, what this device
  // knew of it). Every version of it up to there was confirmed here once; 0 otherwise.
  uint64_t unclaimed_limit(const Id& origin);
  // Each version of such a device on `row` (the stamps whose bits `judged` sets), numbered at or
  // below that limit, that replaced one held here, or came in a record added whole (`added`; a
  // history line or a handover among them; a record of a newer Mutua's insert-only table, a gap
  // among them, added whole). Honest only as a version this device held and lost
  // to a take-back, whose digest it kept (core/gone_ahead.hpp), or, added whole, as that
  // device's creation that lost a collision here, whose lost write it kept: else a low cut.
  // Reads the record's kept digests and lost writes once, and only when a version needs them.
  void judge_unclaimed(const Row& row, uint64_t judged, bool added);
  // The limit a version of another device is judged against there (unclaimed_limit), or none
  // where it is not judged: past the limit, this device's or the sender's own, or already cut.
  std::optional<uint64_t> limit_to_judge(const Stamp& s);
  // A low cut of `origin` at `limit`: the import is done again without its versions up to it.
  void cut_low(const Id& origin, uint64_t limit);
  // A lost write (table 10) added here "as" such a device, numbered at or below that limit:
  // this device had every write of that device up to there, lost ones too, so it is made up (a
  // low cut as above) unless it names a record held here with the digests of that write's
  // superseded fields. Taken, it would let a record made up as that device, sent after it, be
  // given back under it.
  void judge_lost_write(const Row& row);
  // A record taken under the lost-write exception: the version's message, rebuilt from the record
  // as held once every row is merged (its fields, and the digests kept of those superseded),
  // must be the lost write's; else a low cut as above. (The record as it comes may lack fields
  // of that write a later one superseded, whose digests come after it in the bundle: seed 1948
  // of the long property test.)
  void check_given_back(const Replica& store);
  struct GivenBack {
    Id origin;
    uint64_t seq = 0, limit = 0;
    TableId table = TableId::entries;
    Id row;
    Digest message{};
  };

  const Replica* store_;
  Id network_;
  Id me_;
  Id sender_;
  std::set<Id> lifted_;
  VersionVector left_out_, covers_;
  bool sender_own_ = false;
  bool on_ = true;
  bool judge_all_ = false;  // every version taken is judged, not only those that replaced one
  VersionVector mine_;
  std::map<Id, Seen> seen_;
  std::map<Id, std::vector<Fed>> fed_;
  std::set<std::pair<TableId, Id>> reread_;  // rows merged into one held: read back
  // Origins that publish a chain: where they stand checked after this import (0: nowhere).
  std::map<Id, uint64_t> checked_;
  std::map<Id, Replica::StoredChainHead> new_points_;
  std::set<Id> unsigned_yet_;
  std::set<Id> revoked_in_bundle_;  // see_device_record
  std::map<Id, uint64_t> low_limits_;
  std::map<Id, uint64_t> unclaimed_limits_;
  std::vector<GivenBack> given_back_;  // judge_unclaimed, for check_given_back
  ChainCuts low_cuts_;
  std::map<Id, std::vector<GoneDigest>> stand_ins_;
  size_t stand_in_count_ = 0;
  std::set<Id> proven_;  // the rows (gone_id) of stand-ins a confirmed chain proved (check)
  // Kept digests a confirmed chain refuted (another digest of the field made the claim): forgotten.
  std::vector<GoneDigest> refuted_;
  // Lost writes (table 10) a confirmed chain refuted (another M of the row's place made it).
  std::vector<LostWrite> refuted_lost_;
  Totals totals_;
};

// The next attempt: takes out of a record every version of a cut origin past its cut (a field so
// taken is left empty with no version, which merge skips). False: nothing of it is left.
// `low`: origins none of whose versions numbered at or below the limit given is taken
// (ChainCheck::low_cuts). Records are counted by reason: those with a version of an origin in
// `unsigned_yet` and of no other cut origin, and the rest.
class ChainFilter {
 public:
  ChainFilter(const Replica& store, const ChainCuts& cuts, const ChainCuts& low,
              const std::set<Id>& unsigned_yet)
      : store_(store), cuts_(cuts), low_(low), unsigned_yet_(unsigned_yet) {}
  // Takes the versions cut out of `row`; false when nothing of it is left. A record counts as
  // set aside only when a version cut from it is not held here already: a relay that holds a
  // device's versions with a hole (a delta made for another device, read on both) sends what
  // this device has, and nothing of it waits.
  bool pass(Row& row);
  size_t records() const { return records_; }
  size_t records_unsigned_yet() const { return records_unsigned_yet_; }

 private:
  const Replica& store_;
  const ChainCuts& cuts_;
  const ChainCuts& low_;
  const std::set<Id>& unsigned_yet_;
  size_t records_ = 0, records_unsigned_yet_ = 0;
};

}  // namespace mutua
