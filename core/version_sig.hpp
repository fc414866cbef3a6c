#pragma once
// Signed versions (docs/security.md, "Signed versions"). A version's stamp (hlc, origin, seq) is
// its writer's word; so that no member can write content stamped as another device, each device
// signs its writes, with its device key (the key every device pins, sync/key_pins.hpp): once a
// commit, its SEQ-2 claim over the chain of its writes (core/write_chain.hpp), whose leaves hash
// this message of each row a write stamped:
//
//   "MUTUA-VERSION-1" || network id (16) || origin (16) || seq (8, LE) || table (1) || row id (16)
//   || H(fixed values) (32) || for each field the write stamped, by ascending field id:
//      D(field) (32)
//
// H and D are BLAKE2b-256. H(fixed) hashes each fixed value as a type byte (0 integer, 1 text or
// id) and 8 bytes LE, or its length (8 bytes LE) and its bytes. D(field) hashes the field's id
// (2 bytes LE), its version's hlc and prev (8 bytes LE each) and its value, coded the same way.
// An insert-only row (a handover, an event) has one D, of field id 0 with the integer 0: its
// content is in its fixed values. (Each message was once signed alone too, table version_sigs of
// migration 21; that signature never left the device, and is no longer made.)
//
// A field of a write can be superseded later (an entry's status changes), and its value is then
// gone; the message still covers it. So every device keeps the digests of the fields of a write
// no row holds with it any more (recorded whenever a version loses or is superseded:
// Replica::keep_runner_up), as rows of table 9 (core/superseded.hpp): a receiver rebuilds the
// message from the fields the row carries and those digests.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

using Digest = std::array<uint8_t, 32>;
// (field id, D) of one write, ascending by field id.
using FieldDigests = std::vector<std::pair<uint16_t, Digest>>;

Digest fixed_digest(const std::vector<Value>& fixed);
Digest field_digest(uint16_t field_id, const Stamp& s, const Value& v);
// The digests of the fields of `row` that carry the version (origin, seq) (an insert-only row:
// its one creation version).
FieldDigests held_digests(const Row& row, const Id& origin, uint64_t seq);
// The message a version's signature covers. `fields`: ascending by id, no id twice.
std::string version_message(const Id& network, const Id& origin, uint64_t seq, TableId table,
                            const Id& row, const Digest& fixed, const FieldDigests& fields);
// `held` and `gone` merged by field id (a field held with the version wins over its gone digest;
// a field twice in `gone`: its first).
FieldDigests merged_digests(const FieldDigests& held, const FieldDigests& gone);

// The choices of one write's fields tried at most, where some field has more than one digest kept
// (a forged one beside the genuine). Honest data has one digest a field: one choice.
constexpr size_t kWriteChoices = 16;

// The fields a version's message can be rebuilt from when some of them are gone: those a row
// holds with the version, then, for each field it does not hold, one of the digests kept for it.
// Where a field has more than one digest kept, each choice takes one of them: choice 0 the first
// of each, and the first such field offered varies fastest. Used wherever a message is rebuilt
// over kept digests (core/chain_rebuild.cpp, sync/relayed_chains.cpp), so both try the same.
class WriteChoices {
 public:
  explicit WriteChoices(FieldDigests held);
  // The digests kept of `field`, in any order: they are tried lowest first, each once. Passed
  // over (false) where `ds` is empty or the field is here already: held with the version, or
  // offered before.
  bool offer(uint16_t field, const std::vector<Digest>& ds);
  bool empty() const { return first_.empty(); }
  // How many choices there are, at most `bound`.
  size_t count(size_t bound) const;
  // Choice k's fields, ascending by id (k below count()).
  FieldDigests choice(size_t k) const;

 private:
  FieldDigests first_;                                          // ascending by field id
  std::vector<std::pair<uint16_t, std::vector<Digest>>> many_;  // the fields with more than one
};

}  // namespace mutua
