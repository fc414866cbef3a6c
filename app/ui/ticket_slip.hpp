#pragma once
// The printed slip of a ticket (core/slip.hpp builds the ESC/POS bytes): its words in the current
// language, and printing it off the UI thread for "Print my ticket" on the ticket screen.
#include <memory>
#include <string>

#include "core/model.hpp"
#include "core/slip.hpp"

namespace mutua {

class Store;
template <class T>
class Task;

// The paper of this device's printer (local "ticket_paper": "58" or "80"; default 80 mm).
PaperWidth ticket_paper(const Store& store);
void set_ticket_paper(Store& store, PaperWidth paper);

// The slip of `entry`: code, the QR of its phone ticket page (when `phone_address`, e.g.
// "http://192.168.43.1:8080", is known), item and quantity, this device's site, its address and
// opening hours, what happens next. Never a contact field.
SlipText ticket_slip_text(const Store& store, const Entry& entry, const std::string& phone_address);

// The phone ticket page of `ticket` at `phone_address`.
std::string phone_ticket_url(const std::string& phone_address, const std::string& ticket,
                             bool called);

// Sends `bytes` to `printer` on a worker thread; the value is the printer's name.
std::shared_ptr<Task<std::string>> start_print(std::string bytes, std::string printer);

}  // namespace mutua
