#pragma once
// History events are stored as facts (core/history_event.hpp), so that they replicate between
// devices whatever their language; these word them, and the stored codes of a conflict, in the
// interface language.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/history_event.hpp"
#include "core/model.hpp"

namespace mutua {

// An entry column by the label the detail screen uses ("contact_phone" -> "Phone").
std::string field_label(std::string_view field);
// A stored value in words: statuses, urgencies, consent and categories are kept as codes.
std::string field_value(std::string_view field, const std::string& value, int64_t now_ms);
// One history event in the interface language. `own` is the kind of the entry whose history it
// is (a need is matched with an offer). Old prose that could not be converted is shown as stored;
// a kind this version does not know reads as a neutral line.
std::string history_text(const EventFacts& event, Kind own, int64_t now_ms);

}  // namespace mutua
