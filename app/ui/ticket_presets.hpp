#pragma once
// --screen presets for the tickets people keep (issue 14), for screenshots and the layout check:
// ticket-open, ticket-matched, ticket-ready, ticket-met (the status answer of each state, with
// item, quantity and, for ready, the pickup address and hours), ticket-renamed,
// ticket-not-accepted (a ticket a revoked device gave past its cut-off) and home-last-ticket
// (Home with "Show my last ticket").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

namespace mutua {

class Store;
struct UiState;

std::vector<std::string> ticket_preset_names();
// Fills `state` for the preset and returns its screen; nullopt when `name` is not one of these.
std::optional<Screen> apply_ticket_preset(std::string_view name, UiState& state,
                                          const Store& store);

}  // namespace mutua
