#include "app/ui/ticket_slip.hpp"

#include <stdexcept>

#include "app/ui/check_ticket.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/task.hpp"
#include "core/pictogram.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"

namespace mutua {

PaperWidth ticket_paper(const Store& store) {
  return store.replica().local_get("ticket_paper").value_or("80") == "58" ? PaperWidth::mm58
                                                                          : PaperWidth::mm80;
}

void set_ticket_paper(Store& store, PaperWidth paper) {
  store.replica().local_set("ticket_paper", paper == PaperWidth::mm58 ? "58" : "80");
}

std::string phone_ticket_url(const std::string& phone_address, const std::string& ticket,
                             bool called) {
  if (phone_address.empty()) return {};
  return phone_address + "/ticket/" + ticket + (called ? "?called=1" : "");
}

SlipText ticket_slip_text(const Store& store, const Entry& e, const std::string& phone_address) {
  SlipText t;
  t.title = tr("Your ticket number");
  t.code = e.ticket;
  const bool called = e.contact_consent && !e.contact_phone.empty();
  t.qr = phone_ticket_url(phone_address, e.ticket, called);
  if (!t.qr.empty()) t.qr_caption = tr("Scan to see this ticket on your phone");
  t.lines.push_back(e.item + "  \xC2\xB7  " + format_quantity(e.quantity, e.unit));
  const SiteChoice site = device_site(store);
  if (!site.name.empty()) t.lines.push_back(std::string(tr("Site:")) + " " + site.name);
  const PickupPlace place = pickup_place(store);
  if (!place.address.empty()) t.lines.push_back(std::string(tr("Address:")) + " " + place.address);
  if (!place.hours.empty())
    t.lines.push_back(std::string(tr("Opening hours:")) + " " + place.hours);
  // Under the code: the ticket's status now (open when just posted; a reprint says what it is
  // now) and its category's pictogram, with the words for both.
  std::string status_site;
  const TicketAnswer answer = look_up_ticket(store, e.ticket, &status_site);
  t.status_pictogram = answer_pictogram_id(answer);
  t.category_pictogram = std::string(category_pictogram(e.category).id);
  t.pictogram_caption =
      category_label(e.category) + "  \xC2\xB7  " + ticket_answer_text(answer, status_site);
  t.next_title = tr("What happens next");
  t.next = e.kind == Kind::need
               ? tr("A volunteer looks for someone who can help. Come back to this kiosk and tap "
                    "\"Check my ticket\" to see what has happened.")
               : tr("A volunteer will match your offer with someone who needs it. Tap \"Check my "
                    "ticket\" here to see what has happened.");
  if (called) t.next += std::string(" ") + tr("A volunteer may also call you.");
  return t;
}

std::shared_ptr<Task<std::string>> start_print(std::string bytes, std::string printer) {
  return Task<std::string>::run(
      "print ticket", [bytes = std::move(bytes), printer = std::move(printer)](TaskControl&) {
        auto r = send_to_printer(bytes, printer);
        if (!r) throw std::runtime_error(r.error());
        return printer;
      });
}

}  // namespace mutua
