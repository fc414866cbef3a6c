#pragma once
// "Show my last ticket": for 10 minutes after posting, Home offers the ticket just posted on this
// kiosk again (a resident who tapped Done too soon, or walked off when the idle reset came, gets
// the code back). The idle reset keeps it; the next person starting a wizard clears it. Only the
// code and what the ticket screen shows are kept, never an answer of the form.
#include <cstdint>

#include "app/ui/state.hpp"

namespace mutua {

inline constexpr int64_t kLastTicketMs = 10 * 60'000;

// Called when a form is posted: remembers its ticket (the form already holds only the ticket).
void remember_last_ticket(UiState& state, const WizardForm& posted, int64_t now_ms);
// The ticket Home may show again, or null: none, or posted 10 minutes ago or more (then it is
// forgotten).
const LastTicket* last_ticket(UiState& state, int64_t now_ms);
// A wizard is being entered: a new person starts, so the last ticket is forgotten, unless the
// wizard is the last ticket itself being shown again.
void wizard_entered(UiState& state);
// Opens the ticket screen for the last ticket, as it was after posting.
void show_last_ticket(UiState& state, const LastTicket& last);

// Home: a "Show my last ticket" button `width` wide and `height` tall, when there is one.
// Returns false (drawing nothing) when there is none.
bool draw_last_ticket_button(UiContext& ctx, float width, float height);

}  // namespace mutua
