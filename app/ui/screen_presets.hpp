#pragma once
// Extra names for `mutua --screenshot FILE --screen NAME`: every step of the wizards with example
// answers, so each can be looked at without tapping through. need-1 .. need-6, offer-1 ..
// offer-6 (goods), offer-skills-1 .. offer-skills-6, need-this-3 ("I need this" on an offer),
// offer-detail, ticket-check (code half typed) and ticket-answer (a status shown).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

bool is_screen_preset(std::string_view name);
std::vector<std::string> screen_preset_names();
// Fills `state` for the preset and returns its screen; nullopt if `name` is not a preset. Reads
// the store (for a real offer to show) but never writes to it.
std::optional<Screen> apply_screen_preset(std::string_view name, UiState& state,
                                          const Store& store);

}  // namespace mutua
