// The columns an Entry is read from (EntryService::entry_from_statement), in its order.
#pragma once

namespace mutua {

inline constexpr const char* kEntryColumns =
    "id, ticket, kind, created_at, created_by, category, item, details, quantity, unit, urgency,"
    " people, site, area, contact_name, contact_phone, contact_consent, language, state,"
    " expires_at, updated_at";

}  // namespace mutua
