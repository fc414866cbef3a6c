#pragma once
// Revocations and reinstatements as records of their own: table 12 (docs/revocation-records.md,
// step 2; docs/bundle-format.md, "Table 12: revocation records").
//
// A device's revoked flag and cut-off are two last-writer-wins fields of its record, and only
// their newest version travels. So devices that heard of the same revocations in another order
// can hold different inputs, and decide a cycle, a ring or a paradox differently for good. Each
// revocation and reinstatement is also written as one insert-only row of table 12, with the same
// version (writer, number, stamp) as the write of the two fields, which stays for devices of the
// versions before. Each row carries its own signature by its writer's pinned key, so it can be
// checked where its writer's chain cannot be (a revoked writer past its cut-off), and it is kept
// whoever is revoked: the revocation filter and the take-back leave such a row whose signature
// checks. Every device that heard of the same records then holds the same inputs.
//
// The engine follows the rule's answer over them (derive_held_revocations, kept by
// Replica::revoked_until): docs/revocation-records.md, "Step 3, built".
//
// This Mutua keeps the table as it keeps any table a newer Mutua added (extra_rows and
// extra_fields), as it keeps tables 8 and 11: older devices relay the rows unread.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/revocation_derive.hpp"
#include "core/schema.hpp"

namespace mutua {

class Replica;

inline constexpr auto kRevocationRecordsTable = static_cast<TableId>(12);
// Its fixed columns (ids never reused; docs/bundle-format.md).
namespace revocation_column {
enum : uint16_t { target = 1, action, cutoff, undoes, signature };
}
// Records kept of one writer: per device named, and in all. Past them, an import refuses the
// newest by number (a revoked insider could otherwise fill a device with records that are void
// but kept, since they pass every filter).
inline constexpr size_t kRevocationRecordsPerTarget = 64;
inline constexpr size_t kRevocationRecordsPerWriter = 4096;

// The row id: BLAKE2b-128 over "MUTUA-REVOCATION-1", the writer (16), its number (8, LE), the
// target (16), the action (8, LE), the cut-off (8, LE) and the revocation undone (16). One version
// can write several (a reinstatement of a device revoked twice), and a copy cannot clash.
Id revocation_record_id(const RevocationRecord& r);
// The id under which a version of a device's old `revoked` field enters the derivation (never a
// row of table 12, but a reinstatement names it when it lifts such a revocation): BLAKE2b-128
// over "MUTUA-REVOCATION-FIELD-1", the device (16), the version's writer (16) and number (8, LE).
Id field_revocation_id(const Id& device, const Stamp& version);
// What the writer signs (Ed25519, its pinned device key): "MUTUA-REVOCATION-SIG-1", the network
// (16), the table (1 byte: 12), the id (16), target (16), action (8, LE), cut-off (8, LE), undoes
// (16), writer (16), number (8, LE), stamp (8, LE).
std::string revocation_record_message(const Id& network, const RevocationRecord& r);

// A row of table 12 as it replicates (fixed values as extras; its one stamp the version).
Row revocation_record_row(const RevocationRecord& r, const std::array<uint8_t, 64>& sig);
// The record a row carries, and its signature; nothing when the row is not a well-formed row of
// table 12 or its id does not fit its values. (The signature is not checked.)
struct SignedRevocation {
  RevocationRecord record;
  std::array<uint8_t, 64> sig{};
};
std::optional<SignedRevocation> revocation_record_fields(const Row& row);

enum class RecordCheck {
  valid,        // its writer signed it, for this network
  forged,       // its writer's key is known here, and did not sign it
  unknown_key,  // its writer's key is not known here (yet)
  malformed     // not a record: a bad column or an id that does not fit
};
// `writer_key`: the writer's pinned key as the devices table holds it (hex), if any.
RecordCheck check_revocation_record(const Id& network, const std::optional<std::string>& writer_key,
                                    const Row& row);
// The same, with the writer's key from `store`'s devices table and the network this device
// signs for (no network: unknown_key).
RecordCheck check_revocation_record(const Replica& store, const Row& row);

// Writes `records` (target, action, cut-off, undoes set) as rows of table 12, each of version
// `version` (the version of this device's write of the two fields, in the open transaction),
// signed with this device's key and as leaves of its chain. Nothing outside a network. Returns
// the records written, with their ids and versions.
std::vector<RevocationRecord> write_revocation_records(Replica& store, const Stamp& version,
                                                       std::vector<RevocationRecord> records);

// Every revocation and reinstatement this device holds, as derive_revocations reads them: the
// rows of table 12 whose signature checks, and the current version of each device's `revoked`
// field that no such row stands for (a device of the versions before wrote it, or its row has
// not come yet) and that another device wrote: a revocation with the cut-off its field holds (0:
// none), or a reinstatement that lifts every revocation standing.
std::vector<RevocationRecord> held_revocation_records(const Replica& store);
// derive_revocations over them (and `more`, records not held yet), with the clock check read
// from the versions held here (Replica::latest_clock_held) for the writers some record revokes.
// Replica::revoked_until keeps its answer.
DerivedRevocations derive_held_revocations(const Replica& store,
                                           const std::vector<RevocationRecord>& more = {});

}  // namespace mutua
