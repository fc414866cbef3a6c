#pragma once
// One line of an entry's history, kept as facts rather than a sentence: every device words it in
// its reader's language. Events replicate and are kept for years, so what is below is a format
// (docs/history-events.md).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

// What happened. These numbers are stored in every database and carried in every bundle: never
// renumber or reuse one, only append. A number this version does not know (from a newer device)
// is kept as it came and shown as a neutral line.
enum class EventKind : int64_t {
  legacy = 0,                   // prose written before history was structured: `summary`
  field_changed = 1,            // field; before/after (left empty for contact name and phone)
  status_changed = 2,           // before/after: Status codes
  matched = 3,                  // ref: the other entry; after_text: its ticket; amount;
                                // after_number: the MatchStatus
  match_changed = 4,            // ref: the match; amount; after_number: the MatchStatus
  match_cancelled = 5,          // ref: the match; amount
  handed_over = 6,              // ref: the match; amount
  handover_undone = 7,          // ref: the match; amount
  contacts_removed = 8,         // amount: the retention period, in days
  conflict_resolved = 9,        // field; amount: a ConflictKept; after: the value kept when it
                                // was the other one (never for contact name and phone)
  contact_details_changed = 10  // from old prose only: some contact field changed
};

// Which value "Keep this one" kept (the `amount` of a conflict_resolved event).
enum class ConflictKept : int64_t { not_said = 0, value_in_use = 1, other_value = 2 };

// Validation bounds: wider than what this version writes, so a newer device's kinds and fields
// still import.
inline constexpr int64_t kMaxEventKind = 1023;
inline constexpr int64_t kMaxEventField = 1023;
// Text values in an event are cut here, on a character boundary.
inline constexpr size_t kEventTextBytes = 240;

struct EventFacts {
  EventKind what = EventKind::legacy;
  uint16_t field = 0;  // index into the entries table's fields
  Id ref;              // the other record (entry or match), zero when none or not known
  int64_t amount = 0;
  int64_t before_number = 0, after_number = 0;  // integer fields
  std::string before_text, after_text;          // text fields
  std::string summary;                          // legacy prose only; empty on new events
  bool operator==(const EventFacts&) const = default;
};

// A change of one entry field as it is stored: integer fields as numbers, text cut to
// kEventTextBytes; contact name and phone leave both values empty.
EventFacts field_change(uint16_t field, const Value& before, const Value& after);

// The value an event holds for `field` in the column of that field's type.
void set_event_value(EventFacts& e, uint16_t field, const Value& v, bool after);

// The structured events an old prose summary stands for (one per changed field), or nullopt when
// it is not a shape this program ever wrote. Deterministic: every device converts alike.
std::optional<std::vector<EventFacts>> parse_legacy_summary(std::string_view summary);

// The entries field with this column name, if any.
std::optional<uint16_t> entry_field_by_name(std::string_view name);

}  // namespace mutua
