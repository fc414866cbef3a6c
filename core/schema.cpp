#include "core/schema.hpp"

#include "core/history_event.hpp"
#include "core/model.hpp"

namespace mutua {

namespace {
using F = FieldType;
constexpr size_t kText = limits::short_chars * 4;  // bytes: up to 4 per character
constexpr size_t kEventText = kEventTextBytes;

const std::vector<TableDef>& tables() {
  static const std::vector<TableDef> defs{
      {TableId::entries,
       "entries",
       {{"ticket", F::text, 32}, {"kind", F::integer}, {"created_at", F::integer},
        {"created_by", F::id}},
       {{"category", F::text, kText},
        {"item", F::text, limits::item_chars * 4},
        {"details", F::text, limits::details_chars * 4},
        {"quantity", F::integer},
        {"unit", F::text, kText},
        {"urgency", F::integer},
        {"people", F::integer},
        {"site", F::text, kText},
        {"area", F::text, kText},
        {"contact_name", F::text, kText},
        {"contact_phone", F::text, limits::phone_chars * 4},
        {"contact_consent", F::integer},
        {"language", F::text, limits::language_chars},
        {"status", F::integer},
        {"expires_at", F::integer}}},
      {TableId::matches,
       "matches",
       {{"need", F::id}, {"offer", F::id}, {"created_at", F::integer}, {"created_by", F::id}},
       {{"quantity", F::integer}, {"status", F::integer}}},
      {TableId::handovers,
       "handovers",
       {{"match", F::id},
        {"quantity", F::integer},
        {"created_at", F::integer},
        {"created_by", F::id},
        {"undoes", F::id}},
       {}},
      {TableId::sites,
       "sites",
       {},
       {{"name", F::text, kText}, {"kind", F::integer}, {"area", F::text, kText}}},
      {TableId::devices,
       "devices",
       {},
       {{"name", F::text, kText},
        {"ticket_prefix", F::text, 16},
        {"public_key", F::text, 64},
        {"site", F::text, kText},
        {"revoked", F::integer}}},
      {TableId::volunteers,
       "volunteers",
       {},
       {{"name", F::text, kText},
        {"role", F::integer},
        {"pin_hash", F::text, 256},
        {"site", F::text, kText},
        {"removed", F::integer}}},
      {TableId::settings,
       "settings",
       {},
       {{"retention_days", F::integer},
        {"kiosk_timeout_s", F::integer},
        {"categories", F::text, 16 * 1024}}},
      // Insert-only history of who changed what, as facts (core/history_event.hpp,
      // docs/history-events.md). Contact details never enter an event. `summary` holds only
      // prose from before history was structured.
      {TableId::events,
       "events",
       {{"entry", F::id},
        {"at", F::integer},
        {"device", F::id},
        {"actor", F::text, kText},
        {"summary", F::text, 2000},
        {"what", F::integer},
        {"field", F::integer},
        {"ref", F::id},
        {"amount", F::integer},
        {"before_number", F::integer},
        {"after_number", F::integer},
        {"before_text", F::text, kEventText},
        {"after_text", F::text, kEventText}},
       {}},
  };
  return defs;
}
}  // namespace

const TableDef& table_def(TableId t) { return tables()[static_cast<size_t>(t)]; }

const std::vector<const TableDef*>& all_tables() {
  static const std::vector<const TableDef*> list = [] {
    std::vector<const TableDef*> v;
    for (const auto& t : tables()) v.push_back(&t);
    return v;
  }();
  return list;
}

}  // namespace mutua
