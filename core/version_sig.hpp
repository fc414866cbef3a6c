#pragma once
// Signed versions (docs/security.md, "Signed versions"). A version's stamp (hlc, origin, seq) is
// its writer's word; so that no member can write content stamped as another device, each device
// signs its own writes, once per write (one sequence number), with its device key (the key every
// device pins, sync/key_pins.hpp):
//
//   "MUTUA-VERSION-1" || network id (16) || origin (16) || seq (8, LE) || table (1) || row id (16)
//   || H(fixed values) (32) || for each field the write stamped, by ascending field id:
//      D(field) (32)
//
// H and D are BLAKE2b-256. H(fixed) hashes each fixed value as a type byte (0 integer, 1 text or
// id) and 8 bytes LE, or its length (8 bytes LE) and its bytes. D(field) hashes the field's id
// (2 bytes LE), its version's hlc and prev (8 bytes LE each) and its value, coded the same way.
// An insert-only row (a handover, an event) has one D, of field id 0 with the integer 0: its
// content is in its fixed values.
//
// A field of a write can be superseded later (an entry's status changes), and its value is then
// gone; the signature still covers it. So each device keeps, beside a signature, the digests of
// the fields of that write it no longer holds ("gone", recorded whenever a version loses or is
// superseded: Replica::keep_runner_up), to send them with the signature: a receiver can then
// check the fields the row carries and take the digests of the others as given. (Sending and
// checking signatures is the next step, not built: docs/security.md, "Signed versions".)
#include <array>
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
// `gone` as stored and sent: (field id, 2 bytes LE; digest, 32 bytes) after one another.
std::string encode_digests(const FieldDigests& d);
FieldDigests decode_digests(std::string_view bytes);
// The message a version's signature covers. `fields`: ascending by id, no id twice.
std::string version_message(const Id& network, const Id& origin, uint64_t seq, TableId table,
                            const Id& row, const Digest& fixed, const FieldDigests& fields);
// `held` and `gone` merged by field id (a field held with the version wins over its gone digest).
FieldDigests merged_digests(const FieldDigests& held, const FieldDigests& gone);

}  // namespace mutua
