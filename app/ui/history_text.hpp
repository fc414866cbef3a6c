#pragma once
// The change log keeps one canonical English line per change ("quantity: 2 → 3", "handed over
// 2"): it replicates between devices whatever their language. These read such lines, and the
// stored codes of a conflict, back in the interface language.
#include <cstdint>
#include <string>
#include <string_view>

namespace mutua {

// An entry column by the label the detail screen uses ("contact_phone" -> "Phone").
std::string field_label(std::string_view field);
// A stored value in words: statuses, urgencies, consent and categories are kept as codes.
std::string field_value(std::string_view field, const std::string& value, int64_t now_ms);
// One history line in the interface language; a line of an unknown shape is shown as stored.
std::string history_text(std::string_view summary, int64_t now_ms);

}  // namespace mutua
