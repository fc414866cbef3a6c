#include "app/ui/last_ticket.hpp"

#include <algorithm>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"

namespace mutua {

void remember_last_ticket(UiState& state, const WizardForm& posted, int64_t now_ms) {
  if (posted.ticket.empty()) return;
  state.last_ticket = LastTicket{posted.ticket, posted.kind,     posted.left_contact, now_ms,
                                 posted.item,   posted.quantity, posted.unit};
}

const LastTicket* last_ticket(UiState& state, int64_t now_ms) {
  if (!state.last_ticket) return nullptr;
  const int64_t age = now_ms - state.last_ticket->posted_ms;
  // A clock that went back (set by hand) counts as expired too: never show it for longer.
  if (age >= kLastTicketMs || age < 0) {
    state.last_ticket.reset();
    return nullptr;
  }
  return &*state.last_ticket;
}

void wizard_entered(UiState& state) {
  if (state.wizard.shown_again && state.wizard.step == 6) return;
  state.last_ticket.reset();
}

void show_last_ticket(UiState& state, const LastTicket& last) {
  WizardForm f;
  f.kind = last.kind;
  f.step = 6;
  f.ticket = last.ticket;
  f.left_contact = last.left_contact;
  f.item = last.item;
  f.quantity = last.quantity;
  f.unit = last.unit;
  f.shown_again = true;
  state.wizard = std::move(f);
  go_to(state, last.kind == Kind::need ? Screen::need : Screen::offer);
}

bool draw_last_ticket_button(UiContext& ctx, float width, float height) {
  const LastTicket* last = last_ticket(ctx.state, ctx.now_ms);
  if (!last) return false;
  const LastTicket copy = *last;
  // Wake up when it expires, so the button goes away without a touch.
  const int left = int(std::max<int64_t>(1, copy.posted_ms + kLastTicketMs - ctx.now_ms));
  if (ctx.state.redraw_in_ms <= 0 || ctx.state.redraw_in_ms > left) ctx.state.redraw_in_ms = left;
  if (touch_button("##last_ticket", tr("Show my last ticket"), width, ButtonLook::plain,
                   palette().ticket, ctx.fonts.strong, height))
    show_last_ticket(ctx.state, copy);
  return true;
}

}  // namespace mutua
