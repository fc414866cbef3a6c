#include "core/schema.hpp"

#include "core/history_event.hpp"
#include "core/model.hpp"

namespace mutua {

namespace {
using F = FieldType;
constexpr size_t kText = limits::short_chars * 4;  // bytes: up to 4 per character
constexpr size_t kEventText = kEventTextBytes;

// Column ids: see FieldDef::id. A new field takes the next unused id of its table and goes at the
// end of its list (fixed or fields), so that layout-2 bundles still find their columns by place.
const std::vector<TableDef>& tables() {
  static const std::vector<TableDef> defs{
      {TableId::entries,
       "entries",
       {{1, "ticket", F::text, 32},
        {2, "kind", F::integer},
        {3, "created_at", F::integer, 0, IntCoding::before_version},
        {4, "created_by", F::id}},
       {{5, "category", F::text, kText},
        {6, "item", F::text, limits::item_chars * 4},
        {7, "details", F::text, limits::details_chars * 4},
        {8, "quantity", F::integer},
        {9, "unit", F::text, kText},
        {10, "urgency", F::integer},
        {11, "people", F::integer},
        {12, "site", F::text, kText},
        {13, "area", F::text, kText},
        {14, "contact_name", F::text, kText},
        {15, "contact_phone", F::text, limits::phone_chars * 4},
        {16, "contact_consent", F::integer},
        {17, "language", F::text, limits::language_chars},
        {18, "status", F::integer},
        {19, "expires_at", F::integer, 0, IntCoding::delta}}},
      {TableId::matches,
       "matches",
       {{1, "need", F::id},
        {2, "offer", F::id},
        {3, "created_at", F::integer, 0, IntCoding::before_version},
        {4, "created_by", F::id}},
       {{5, "quantity", F::integer}, {6, "status", F::integer}}},
      {TableId::handovers,
       "handovers",
       {{1, "match", F::id},
        {2, "quantity", F::integer},
        {3, "created_at", F::integer, 0, IntCoding::before_version},
        {4, "created_by", F::id},
        {5, "undoes", F::id}},
       {}},
      {TableId::sites,
       "sites",
       {},
       {{1, "name", F::text, kText}, {2, "kind", F::integer}, {3, "area", F::text, kText}}},
      {TableId::devices,
       "devices",
       {},
       {{1, "name", F::text, kText},
        {2, "ticket_prefix", F::text, 16},
        {3, "public_key", F::text, 64},
        {4, "site", F::text, kText},
        {5, "revoked", F::integer},
        // The device's own Ed25519 signature over its key (sync/key_pins.hpp), hex.
        {6, "key_signature", F::text, 128},
        // The revocation's cut-off (core/revocation.hpp): 1 + the last sequence number of this
        // device that the revoker had accepted, written together with `revoked`; 0 when not
        // revoked, or revoked by a Mutua that did not know cut-offs.
        {7, "revoked_cutoff", F::integer}}},
      // Id 8 is "seq_claim" (text, the device's signature over its sequence number), kept as an
      // extra (core/seq_claim.hpp): the next field of this table takes id 9.
      {TableId::volunteers,
       "volunteers",
       {},
       {{1, "name", F::text, kText},
        {2, "role", F::integer},
        {3, "pin_hash", F::text, 256},
        {4, "site", F::text, kText},
        {5, "removed", F::integer}}},
      // Id 6 is "language" (text), kept as an extra until a migration gives it a column
      // (core/volunteer_language.hpp): the next field of this table takes id 7.
      {TableId::settings,
       "settings",
       {},
       {{1, "retention_days", F::integer},
        {2, "kiosk_timeout_s", F::integer},
        {3, "categories", F::text, 16 * 1024}}},
      // Insert-only history of who changed what, as facts (core/history_event.hpp,
      // docs/history-events.md). Contact details never enter an event. `summary` holds only
      // prose from before history was structured (layout 2 carries only columns 1 to 5).
      {TableId::events,
       "events",
       {{1, "entry", F::id},
        {2, "at", F::integer},
        {3, "device", F::id},
        {4, "actor", F::text, kText},
        {5, "summary", F::text, 2000},
        {6, "what", F::integer},
        {7, "field", F::integer},
        {8, "ref", F::id},
        {9, "amount", F::integer},
        {10, "before_number", F::integer},
        {11, "after_number", F::integer},
        {12, "before_text", F::text, kEventText},
        {13, "after_text", F::text, kEventText}},
       {}},
  };
  return defs;
}
}  // namespace

const TableDef& table_def(TableId t) {
  return tables()[static_cast<size_t>(t)];
}

const std::vector<const TableDef*>& all_tables() {
  static const std::vector<const TableDef*> list = [] {
    std::vector<const TableDef*> v;
    for (const auto& t : tables()) v.push_back(&t);
    return v;
  }();
  return list;
}

}  // namespace mutua
