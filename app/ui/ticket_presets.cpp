#include "app/ui/ticket_presets.hpp"

#include "app/ui/state.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

struct Preset {
  const char* name;
  TicketAnswer answer;
  const char* now_ticket = "";  // a slip's ticket the entry no longer goes by
};
constexpr Preset kPresets[] = {
    {"ticket-open", TicketAnswer::open},
    {"ticket-matched", TicketAnswer::matched},
    {"ticket-ready", TicketAnswer::ready},
    {"ticket-met", TicketAnswer::met},
    {"ticket-renamed", TicketAnswer::open, "RFU-017"},
    // Given on a device revoked since, past its cut-off (core/ticket_giver.hpp): no entry.
    {"ticket-not-accepted", TicketAnswer::not_accepted},
};

}  // namespace

std::vector<std::string> ticket_preset_names() {
  std::vector<std::string> names;
  for (const Preset& p : kPresets) names.emplace_back(p.name);
  names.emplace_back("home-last-ticket");
  return names;
}

std::optional<Screen> apply_ticket_preset(std::string_view name, UiState& state,
                                          const Store& store) {
  if (name == "home-last-ticket") {
    // The ticket of a need just posted, with its item and quantity as the other presets': its
    // screen ("Show my last ticket") says what it is for, as after posting.
    state.last_ticket =
        LastTicket{"K7Q-042", Kind::need, true, store.replica().now_ms(), "Rice", 3, "bag"};
    return Screen::home;
  }
  for (const Preset& p : kPresets) {
    if (name != p.name) continue;
    TicketCheckState& t = state.ticket_check;
    t = TicketCheckState{};
    t.code = "K7Q-042";
    t.answer = p.answer;
    t.site = p.answer == TicketAnswer::ready ? "Harbor Hall" : "";
    t.status.answer = p.answer;
    if (p.answer != TicketAnswer::not_accepted) {
      t.status.item = "Rice";
      t.status.quantity = 3;
      t.status.unit = "bags";
    }
    t.status.site = t.site;
    t.status.now_ticket = p.now_ticket;
    if (p.answer == TicketAnswer::ready) {
      t.status.address = "12 Harbor Road, by the blue door";
      t.status.hours = "Mon-Fri 9:00-17:00, Sat 10:00-13:00";
    }
    return Screen::ticket;
  }
  return std::nullopt;
}

}  // namespace mutua
