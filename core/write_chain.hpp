#pragma once
// A device's writes as one chain of digests, signed once a commit (docs/security.md, "Signed
// versions", "Built: step 1 of the chain"). For each sequence number s a device A issued:
//
//   leaf(A, s) = H("MUTUA-WRITE-1" || row count (8, LE) || H(version_message) of each row that
//                  write stamped, by ascending (table, row id))
//   C(A, base) = H("MUTUA-CHAIN-1" || network id (16) || A (16) || base (8, LE))
//   C(A, s)    = H(C(A, s - 1) || s (8, LE) || leaf(A, s))
//
// version_message is a signed version's message (core/version_sig.hpp); H is BLAKE2b-256. The
// chain covers every sequence number after `base`: a number that stamped no signed row (the
// sequence claim itself, a volunteer's language: values kept as extras) has the empty leaf (row
// count 0), so a write left out of what a relay carries changes the chain. `base` is where the
// device's chain starts. A device whose database this version made (kChainFromStartKey) starts
// at 0: at its first signed commit it folds its earlier writes (its own record as made, and
// whatever it wrote in no network, which nobody saw) out of the rows it holds, as a receiver
// rebuilds them, so none of its writes is unsigned. Any other device starts at the highest
// sequence number it had issued when it first signed in this network (writes up to it stay
// unsigned, as in step 1: an older Mutua's may have travelled without the digests that would
// rebuild them). The SEQ-2 claim states it.
//
// The SEQ-2 claim, signed with the device's pinned key at each commit that issued stamps:
//   "MUTUA-SEQ-2" || network id (16) || A (16) || base (8, LE) || seq (8, LE) || hlc (8, LE)
//   || C(A, seq) (32)
// It travels as field 9 of A's devices record (core/seq_claim.hpp). Receivers check relayed
// versions against it (sync/relayed_chains.hpp).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/hlc.hpp"
#include "core/id.hpp"
#include "core/schema.hpp"
#include "core/version_sig.hpp"

namespace mutua {

// One row a write stamped: its table, id and H(version_message).
struct LeafRow {
  TableId table = TableId::entries;
  Id row;
  Digest message;
};

Digest message_digest(std::string_view version_message);
// The leaf of one write (`rows` in any order; sorted here). No rows: the empty leaf.
Digest write_leaf(std::vector<LeafRow> rows);
// The same, fed row by row, already in order: no copy of a CSV import's many rows.
class LeafHasher {
 public:
  explicit LeafHasher(uint64_t rows);
  void add(const Digest& message);
  Digest finish();

 private:
  alignas(64) unsigned char state_[384];  // crypto_generichash_state
};
Digest chain_start(const Id& network, const Id& origin, uint64_t base);
// The local key (never replicated) a database gets when this version makes it: its device's chain
// starts at 0 (above). A database made by an older Mutua lacks it, and keeps starting its chain
// where it first signs.
inline constexpr std::string_view kChainFromStartKey = "chain_from_start";
Digest chain_next(const Digest& previous, uint64_t seq, const Digest& leaf);

// Where a chain stands: it covers the writes after `base` up to `seq`, and C(A, seq) is `value`.
struct ChainHead {
  uint64_t base = 0;
  uint64_t seq = 0;
  Digest value{};
  bool operator==(const ChainHead&) const = default;
};

std::string seq2_claim_message(const Id& network, const Id& device, uint64_t base, uint64_t seq,
                               HlcValue hlc, const Digest& chain);
// Field 9 as it travels: "<base, decimal>:<C(A, seq), 64 hex digits>:<signature, 128 hex>".
struct Seq2Claim {
  uint64_t base = 0;
  Digest chain{};
  std::array<uint8_t, 64> sig{};
};
std::string encode_seq2_claim(const Seq2Claim& c);
std::optional<Seq2Claim> decode_seq2_claim(std::string_view text);
// Whether `c` is `device`'s signature, with `key`, over its chain at the claim's version `stamp`.
bool seq2_claim_valid(const Id& network, const Id& device, const std::array<uint8_t, 32>& key,
                      const Stamp& stamp, const Seq2Claim& c);

// The digests of fields of one write of a row that the row no longer holds with that version
// (rows of table 9, core/superseded.hpp; Replica::gone_digests reads them by origin).
struct GoneDigests {
  TableId table = TableId::entries;
  Id row;
  uint64_t seq = 0;
  FieldDigests digests;
};

// Rebuilds origin's chain from `from` up to `to` out of the rows that carry its versions and the
// digests of the fields they no longer hold: what a receiver checks a SEQ-2 claim with
// (sync/relayed_chains.hpp). `rows` may hold any rows (others' versions are passed over); a row
// of a table this Mutua does not know is signed with its extras as fixed values (core/gaps.cpp).
// Writes with no row in `rows` fold as the empty leaf. Its cost grows with `to - from.seq` (one
// hash a number): a caller bounds it by what it was sent.
// A row's place in a write's leaf where the row holds that write no more: its creation lost to
// another with the same id (core/lost_creation.hpp keeps these as table 10).
struct LostLeaf {
  TableId table = TableId::entries;
  Id row;
  uint64_t seq = 0;
  Digest message{};  // H(version_message)
};

// `lost` stands for a row of a write only where the row in `rows` carries that write on no
// field and no gone digest of it (a row that carries it is rebuilt from what it carries).
// Two gone digests for one field (a forged one kept beside the genuine): the lower is taken.
ChainHead rebuild_chain(const Id& network, const Id& origin, const ChainHead& from, uint64_t to,
                        const std::vector<Row>& rows, const std::vector<GoneDigests>& gone,
                        const std::vector<LostLeaf>& lost = {});

// The same, fed one row at a time (no copy of the rows: an import checks a relayed chain over
// many), and able to look for the claim's value where a field has more than one digest
// (core/chain_rebuild.cpp). Each row once; leaves already made (a row's H(version_message)) may
// be fed as they are.
class ChainRebuild {
 public:
  ChainRebuild(const Id& network, const Id& origin, const ChainHead& from, uint64_t to,
               const std::vector<GoneDigests>& gone);
  // Digests a relay sent of fields that this device keeps no digest of (gone_fits said no: the
  // row here holds the field at no newer version, as where a revoked device's newer version was
  // taken out on the way in). Each fills in only a field the row here neither carries with that
  // write nor has a kept digest of. Call before add().
  void stand_in(const GoneDigests& g);
  void add(const Row& stored);
  void add_leaf(uint64_t seq, const LeafRow& row);
  // The rows the gone and stand-in digests name (a row may hold none of the origin's versions
  // any more).
  std::vector<std::pair<TableId, Id>> rows_with_gone() const;
  bool in_range(uint64_t seq) const { return seq > from_.seq && seq <= to_; }
  // The chain with the first choice of each field (the lower digest), and of each lost row's
  // place (the first lost write kept).
  ChainHead finish(const std::vector<LostLeaf>& lost);

  // A kept digest the chain showed to be nobody's: another digest of its field made the claim.
  struct Refuted {
    TableId table = TableId::entries;
    Id row;
    uint64_t seq = 0;
    uint16_t field = 0;
    Digest digest{};
  };
  struct Found {
    ChainHead head;
    std::vector<Refuted> refuted;
    // Lost writes (table 10) the chain showed to be nobody's: another M of their row's place in
    // that write's leaf made the claim.
    std::vector<LostLeaf> refuted_lost;
    // The lowest number whose leaf a stand-in digest filled (0: none): the chain is the origin's,
    // but this device does not hold that write, so it must not count it as known.
    uint64_t stood_in = 0;
  };
  // Folds the chain until C(origin, to) equals `want`, trying other digests where a field has
  // more than one, and the other M where a lost row's place has more than one, at most `folds`
  // times. nullopt: no choice made it.
  std::optional<Found> find(const std::vector<LostLeaf>& lost, const Digest& want, size_t folds);

 private:
  using Candidates = std::map<uint16_t, std::vector<Digest>>;  // by field id, ascending
  using ByRow = std::map<std::pair<TableId, Id>, std::map<uint64_t, Candidates>>;
  // One row's place in a leaf that has more than one message: its fields had more than one
  // digest, or (`lost`) more than one lost write names it. Its messages, one per choice.
  struct Choice {
    uint64_t seq = 0;
    size_t index = 0;  // in leaves_[seq] as added; after prepare(), in that leaf's sorted order
    std::vector<Digest> messages;
    std::vector<FieldDigests> fields;  // what each message was made of (none for a lost row)
    TableId table = TableId::entries;
    Id row;
    const Candidates* kept = nullptr;
    // A lost row's place: lost_of_ holds all its M (`messages`, at most kWriteChoices of them).
    bool lost = false;
  };
  // A leaf some choice changes, its rows sorted once for every fold: a fold puts in the messages
  // it picks and hashes again only from the first row that changed.
  struct OpenLeaf {
    std::vector<Digest> messages;    // in write_leaf's order
    std::vector<size_t> at;          // the choices' rows in `messages`, ascending
    std::vector<LeafHasher> before;  // the hash state before each row of `at`
    size_t changed = SIZE_MAX;       // the first row changed since `leaf` was made
    Digest leaf{};
  };
  void add_lost(const std::vector<LostLeaf>& lost);
  // Once, for `total` folds: sorts the leaves the choices those folds change, hashes the others.
  void prepare(size_t total);
  void rehash(OpenLeaf& open);
  ChainHead fold(const std::vector<size_t>& pick);

  Id network_, origin_;
  ChainHead from_;
  uint64_t to_;
  ByRow gone_of_, stand_of_;
  std::map<uint64_t, std::vector<LeafRow>> leaves_;
  std::vector<Choice> choices_;
  std::set<uint64_t> stood_;  // the numbers whose leaves a stand-in filled
  bool lost_added_ = false;
  // Every M kept for a lost row's place that has more than one: by (seq, table, row).
  std::map<std::tuple<uint64_t, TableId, Id>, std::vector<Digest>> lost_of_;
  // Made once by prepare(): the leaves no choice changes, the others sorted, and the head before
  // the first number with a choice (the folds that try other choices start there).
  bool prepared_ = false;
  size_t live_ = 0;  // the first choices, those the folds change
  std::map<uint64_t, Digest> fixed_leaves_;
  std::map<uint64_t, OpenLeaf> open_leaves_;
  Digest empty_leaf_{};
  ChainHead before_choices_;
};

}  // namespace mutua
