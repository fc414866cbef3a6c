#pragma once
// Validation lives here, in one place: lengths, ranges, UTF-8 and enums. Each failure is one
// line a volunteer can act on.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace mutua {

// Returns the reason the entry is not acceptable, or nothing when it is.
std::optional<std::string> validate_entry(const Entry& e,
                                          const std::vector<std::string>& categories);

// One text field: valid UTF-8, no control characters except newline/tab in long text, and at
// most max_chars characters.
std::optional<std::string> validate_text(std::string_view field, std::string_view value,
                                         size_t max_chars, bool multiline = false);
std::optional<std::string> validate_quantity(int64_t q);

// True when `hash` is an Argon2id PIN hash whose cost lies within the range this app itself
// uses (libsodium's minimum up to its interactive limits: at most 64 MiB and 2 passes, one
// lane). Hashes from elsewhere are never verified outside that range. An empty hash (no PIN)
// is not within it.
bool pin_hash_cost_ok(std::string_view hash);

}  // namespace mutua

#include "core/schema.hpp"

namespace mutua {
// Checks a replicated row from a bundle: text is UTF-8 within its bound, enums and numbers in
// range. Only fields the bundle carried (non-empty version) are checked.
std::optional<std::string> validate_row(const Row& row);
}  // namespace mutua
