#pragma once
// "Check my ticket": a keypad for the code, then the entry's status in words, colour and icon,
// with its item and quantity (what the board shows too) and never a name or phone: anyone can
// type any code, which is why the board shows no codes.
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/state.hpp"
#include "core/model.hpp"

namespace mutua {

class Store;
struct UiContext;

// What the store says about a ticket code; `site` is set for TicketAnswer::ready. `now_ticket`,
// when given, is set to the entry's ticket where `code` finds it as one given before (a creation
// of the same record that lost to another's, EntryService::by_ticket), else emptied.
TicketAnswer look_up_ticket(const Store& store, std::string_view code, std::string* site,
                            std::string* now_ticket = nullptr);
// What the resident is told then: the new ticket, and that the old code still works.
std::string ticket_now_text(const std::string& now_ticket);
// The plain sentence shown for an answer.
std::string ticket_answer_text(TicketAnswer answer, const std::string& site);
// The pictogram of an answer (core/pictogram.hpp), the same shape the kiosk's status card draws
// (app/ui/ticket_status.hpp): "status.open" for open and available, ... "status.unknown".
const char* answer_pictogram_id(TicketAnswer answer);

void enter_check_ticket(UiContext& ctx);
void draw_check_ticket(UiContext& ctx);
// What the speaker reads (app/ui/read_aloud.hpp): what to type and the code typed so far, or
// the answer with its details.
std::vector<std::string> check_ticket_speech(UiContext& ctx);

}  // namespace mutua
