#pragma once
// The volunteer's console language (app/ui/console_language.hpp), replicated with the volunteer
// so that it follows their PIN to every device: field 6 of the volunteers table ("language",
// text, a language tag such as "ar" or "pt-BR").
//
// A field of a known table needs a column of its own in every device's database, which is a
// schema migration. Until one is given, this field is kept the way a newer Mutua's column is
// kept on an older device (core/extras.cpp, `extra_fields`): carried in every bundle with its
// version, merged last-writer-wins by (hlc, origin), passed on by devices that do not read it.
// This Mutua reads it from there and writes it there with a version of its own, stamped as
// Replica::write stamps a field. Id 6 is taken in the volunteers table for good (core/schema.cpp);
// docs/bundle-format.md, "Fields kept as extras".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/schema.hpp"

namespace mutua {

class Store;

inline constexpr uint16_t kVolunteerLanguageColumn = 6;

// The value as stored, with its version, whatever its type (a bundle may carry anything).
std::optional<ExtraValue> volunteer_language_value(const Store& store, const Id& volunteer);
// The volunteer's language tag. Empty when never set, and for a value that is not a text field
// or not shaped as a tag (from a damaged or hostile bundle: carried on, never used). Whether the
// app has that language is the app's question.
std::string volunteer_language(const Store& store, const Id& volunteer);
// 2 to 16 ASCII letters, digits and hyphens, a letter first.
bool language_tag_shaped(std::string_view tag);
// Writes the volunteer's language with a new version of this device. Refuses a tag not shaped
// as one, a removed or unknown volunteer, and a value another device gave another meaning (a
// number, a fixed value: kept as it came, as every extra is).
Result<Ok> set_volunteer_language(Store& store, const Id& volunteer, std::string_view tag);
// The same write for any text (tests: a value a damaged or hostile device could send).
Result<Ok> write_volunteer_language_unchecked(Store& store, const Id& volunteer,
                                              const std::string& value);

}  // namespace mutua
