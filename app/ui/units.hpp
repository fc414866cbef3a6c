#pragma once
// Units of a quantity ("3 bags"), shown in the reader's language with its plural form.
//
// What is stored in an entry's unit (and sent in bundles and CSV) is whatever was typed or chosen:
// that never changes. Here a stored unit is only recognised for display: a known unit key
// ("bag"), or one of its English spellings ("bags", "Bags", "litre", "kgs"), is shown through the
// catalogue entry with msgctxt "unit" ("%s bag" / "%s bags": "٣ أكياس" in Arabic, "5 мішків" in
// Ukrainian); anything else (a unit in another language, a word nobody foresaw) is shown as
// stored after the number.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

struct UnitInfo {
  const char* key;                   // what is stored when the unit is chosen from the list: "bag"
  const char* singular;              // the English msgid: "%s bag"
  const char* plural;                // the English msgid_plural: "%s bags"
  std::vector<const char*> aliases;  // other English spellings recognised: "bags", "sack"
};

// Every known unit, in a fixed order (the order of the chooser).
const std::vector<UnitInfo>& known_units();
// The known unit a stored unit stands for (its key or an alias; ASCII case and the spaces around
// it do not matter), or null.
const UnitInfo* find_unit(std::string_view stored);
// "3 bags" / "٣ أكياس": n in the active language's digits with the unit's plural form; an unknown
// unit after the number as stored; the number alone for an empty unit.
std::string unit_quantity_text(int64_t n, std::string_view stored_unit);
// The few units a person chooses from for a category (keys of known_units()), the usual one
// first: food "pack", "kg", "can", "meal", ...; transport "ride", "trip". A category a group
// added gets the general "each", "pack", "box", "kg".
std::vector<const char*> units_for_category(std::string_view category);
// The unit alone as a word for a chooser: the plural form for n with the number taken out
// ("bags", "أكياس" for n = 3).
std::string unit_word(const UnitInfo& unit, int64_t n);

}  // namespace mutua
