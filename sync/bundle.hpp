#pragma once
// Bundles: signed, encrypted, compressed files that carry what a peer lacks.
// The byte layout is documented in docs/bundle-format.md.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/replica.hpp"
#include "core/result.hpp"
#include "sync/clock_skew.hpp"
#include "sync/codec.hpp"
#include "sync/key_ring.hpp"
#include "sync/network.hpp"

namespace mutua {

// Format 1 is written while the network still uses its genesis key (so older devices keep
// reading it); format 2, after a rotation, adds the key id and key grants to the header.
inline constexpr uint16_t kBundleFormat = 1;
inline constexpr uint16_t kBundleFormatRotated = 2;
inline constexpr uint16_t kBundleFormatNewest = kBundleFormatRotated;
// A genuine bundle is about half its body (46 bytes an entry for the sample data), and never
// more than the body plus a header: the body's cap bounds the file too.
inline constexpr size_t kMaxBundleFileBytes = 128u << 20;

struct BundleHeader {
  uint16_t format = kBundleFormat;
  std::string network_name;
  Id network_id;
  Id sender;
  std::array<uint8_t, 32> sender_key{};
  HlcValue created = 0;
  VersionVector base;    // what the recipient was assumed to hold (empty: everything is carried)
  VersionVector covers;  // the sender's vector when it wrote the bundle
  std::array<uint64_t, kTableCount> counts{};
  uint64_t plain_size = 0;  // body size once decompressed
  std::array<uint8_t, 24> nonce{};
  // Format 2 only: the key that encrypted the body, and the ring sealed to devices.
  Id key_id;
  std::vector<KeyGrant> grants;
};

struct ExportResult {
  std::string bytes;
  BundleHeader header;
  size_t records = 0;
};

// Builds a bundle of everything whose version is newer than `base` (empty base: everything).
// `for_peer`: the device it is for, whose open gaps (core/gaps.hpp) lower the base.
// A bundle no device would take (its body unpacked past `max_body` bytes, every reader's cap,
// bundle_limits::max_body_bytes, or more rows than bundle_limits::max_rows) is not made: the
// result says so, in words a person can act on. `max_body` is lowered by tests alone.
Result<ExportResult> build_bundle(Replica& store, const VersionVector& base = {},
                                  const std::optional<Id>& for_peer = std::nullopt,
                                  size_t max_body = bundle_limits::max_body_bytes);
// Builds and writes atomically. With `for_device`, only what that device is known to lack.
Result<ExportResult> export_bundle_file(Replica& store, const std::string& path,
                                        const std::optional<Id>& for_device = std::nullopt);

struct ImportSummary {
  size_t added = 0, updated = 0, conflicts = 0, known = 0;  // records of every kind
  // Needs and offers among them: what a person reads as "new" and "updated".
  size_t new_entries = 0, updated_entries = 0;
  Id sender;
  // Devices whose stamps say their clock is far ahead of or behind this device's (see
  // ClockSkewWatch); each worded by clock_skew_line.
  std::vector<ClockSkew> clock_skews;
  // Set when this bundle gave this device a newer network key: the sender's name (or short id).
  std::string learned_key_from;
  // Set when this device then changed the network key because the current one had reached a
  // device it now knows is revoked (sync/key_ring.hpp).
  bool rotated_key = false;
  // Set when the bundle was made for a device that held changes this one lacks (`mutua sync
  // export --for`, then read here): it left them out, so they come only with another bundle.
  bool made_for_another = false;
  // Records that carried versions of a revoked device past its cut-off, which were not
  // accepted: the device's name (or short id) and how many (sync/revocation_filter.hpp).
  std::vector<std::pair<std::string, size_t>> refused_revoked;
  // Records here that a revocation this bundle brought took back (removed, or a field sent back
  // to an earlier version): the revoked device's name (or short id) and how many. Without this
  // line, a record a volunteer had just seen would vanish unexplained.
  std::vector<std::pair<std::string, size_t>> taken_back;
  // Records set aside because they break a rule (sync/set_aside.hpp), per device that wrote
  // them: its name (or short id), how many, and the first one's reason (English, from
  // validate_row or the handover limit).
  struct SetAsideFrom {
    std::string from;
    size_t count = 0;
    std::string reason;
  };
  std::vector<SetAsideFrom> set_aside;
  // One more record set aside, written by `from`: counted under it (the first reason kept).
  void add_set_aside(const std::string& from, const std::string& reason);
  // Digests of superseded versions (table 9, core/superseded.hpp) not taken: damaged, or on a
  // field the row here does not hold at a newer version. Not counted among the records above.
  size_t digests_dropped = 0;
  // Lost creations' writes not taken: the record here carries that write (sync/apply_body.cpp).
  size_t lost_dropped = 0;
  // "2 new, 1 updated (needs and offers), 0 conflicts; 9 records, 6 already known"
  std::string line() const;
  // "; 3 records from revoked device 'Tablet 2' were not accepted", one per device, then
  // "; changes of revoked device 'Tablet 2' to 2 records were taken back"; "" if none.
  std::string refused_revoked_lines() const;
  // "; 2 records from 'Tablet 5' were set aside: entries.item is too long", one per device.
  std::string set_aside_lines() const;
};

// Why a bundle or a mailbox sync was refused, as a fact a screen can put in its own words; the
// English line for the CLI and logs comes with it. Stored in the sync log: never renumber.
enum class SyncProblem : uint8_t {
  none = 0,
  not_a_bundle = 1,
  newer_format = 2,  // detail: that format's number
  damaged = 3,
  other_network = 4,  // detail: the other network's name; when it is this network's name too,
                      // "<name>\t<their id, 8 hex>\t<our id, 8 hex>" (docs/bundle-format.md)
  no_network = 5,
  revoked_device = 6,  // detail: that device's name, or its short id
  wrong_key = 7,       // detail: the device it claims to come from
  too_large = 8,
  invalid_record = 9,
  cannot_read = 10,
  cannot_save = 11,
  no_folder = 12,  // the drive or folder is not there
  cannot_write = 13,
  forged_key = 14,   // a record would change or forge a device's key; detail: the sender
  missing_key = 15,  // encrypted with a network key this device was not given; detail: the sender
  // A LAN peer did not answer: nothing listens there, no answer in time, or the connection
  // broke. Local only (sync_log, lan_peers), never sent by a server. Versions before it stored
  // this as cannot_read: read LAN rows with lan_stored_failure (sync/lan_peers.hpp).
  unreachable = 16,
};
struct SyncFailure {
  SyncProblem problem = SyncProblem::none;
  std::string detail;
};

// Reads only the header (no key needed).
Result<BundleHeader> read_bundle_header(std::string_view bytes);

// Steps 1-3 of an import: checks magic, format, network, signature and sender, then decrypts
// and decompresses (bounded). `plain` is the Cereal-framed columnar body.
struct OpenedBundle {
  BundleHeader header;
  std::string plain;
};
Result<OpenedBundle> open_bundle(const Replica& store, std::string_view bytes);
// Verifies, decrypts, decompresses, decodes and validates everything, then applies it in one
// transaction. A record that breaks a rule is set aside and the rest imports (the summary says
// how many, from whom, and why). Any failure of the bundle itself changes nothing and gives one
// line a volunteer can act on; with `why`, also the problem as a fact (for a screen to word in its
// language).
Result<ImportSummary> import_bundle(Replica& store, std::string_view bytes,
                                    const std::string& source = "bundle",
                                    SyncFailure* why = nullptr);
Result<ImportSummary> import_bundle_file(Replica& store, const std::string& path,
                                         SyncFailure* why = nullptr);

}  // namespace mutua
