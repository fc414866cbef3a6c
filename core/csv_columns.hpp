#pragma once
// The entry columns of a CSV file, shared by import (core/csv.cpp) and export
// (core/csv_write.cpp). Names, aliases and hashtags: the table at the top of core/csv.cpp and
// docs/csv.md. Not an interface for the rest of the program.
#include <cstdint>
#include <iterator>
#include <string_view>

namespace mutua::csv_detail {

enum Col : uint8_t {
  c_id,
  c_ticket,
  c_kind,
  c_category,
  c_item,
  c_details,
  c_quantity,
  c_unit,
  c_urgency,
  c_people,
  c_site,
  c_area,
  c_contact_name,
  c_contact_phone,
  c_contact_consent,
  c_language,
  c_status,
  c_created_at,
  c_expires_at,
  c_updated_at,
  c_sector,  // export only: the humanitarian cluster of the category; ignored on import
  c_count
};

struct ColumnDef {
  std::string_view name;
  std::string_view hxl;
  std::string_view aliases[3];
  std::string_view old_hxl = {};  // the tag an export before issue 11 wrote; still accepted
};

// Indexed by Col. Hashtags follow the HXL 1.1 dictionary (docs/csv.md, "HXL"): #item is the
// commodity (+name, +type, +num for how many, +unit), #inneed+ind the people in need; #value
// is money in HXL, so quantity and unit no longer use it (old exports still import).
inline constexpr ColumnDef kColumns[c_count] = {
    {"id", "#meta+id", {"uuid"}},
    {"ticket", "#meta+ticket", {"code"}},
    {"kind", "#meta+kind", {"type"}},
    {"category", "#item+type", {"cat"}},
    {"item", "#item+name", {"what", "title"}, "#item"},
    {"details", "#description", {"notes", "note", "description"}},
    {"quantity", "#item+num", {"qty", "amount"}, "#value"},
    {"unit", "#item+unit", {"units"}, "#value+unit"},
    {"urgency", "#severity", {"priority"}},
    {"people", "#inneed+ind", {"household", "household_size"}, "#affected"},
    {"site", "#loc", {"location", "place"}},
    {"area", "#loc+area", {"neighbourhood", "neighborhood", "district"}},
    {"contact_name", "#contact+name", {"name", "contact"}},
    {"contact_phone", "#contact+phone", {"phone", "telephone", "mobile"}},
    {"contact_consent", "#contact+consent", {"consent"}},
    {"language", "#meta+lang", {"lang"}},
    {"status", "#status", {"state"}},
    {"created_at", "#date", {"created", "date"}},
    {"expires_at", "#date+expires", {"expires", "expiry"}},
    {"updated_at", "#date+updated", {"updated", "modified"}},
    {"sector", "#sector", {}},
};

// The order of an export's columns: sector right after the category it is derived from.
inline constexpr Col kExportOrder[] = {
    c_id,         c_ticket,       c_kind,          c_category,        c_sector,   c_item,
    c_details,    c_quantity,     c_unit,          c_urgency,         c_people,   c_site,
    c_area,       c_contact_name, c_contact_phone, c_contact_consent, c_language, c_status,
    c_created_at, c_expires_at,   c_updated_at};
static_assert(std::size(kExportOrder) == c_count);

inline bool is_contact(int c) {
  return c == c_contact_name || c == c_contact_phone || c == c_contact_consent;
}

}  // namespace mutua::csv_detail
