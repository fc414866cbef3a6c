#include <algorithm>
#include <cctype>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/picks.hpp"
#include "app/web/phone_pages_impl.hpp"
#include "app/web/web_html.hpp"

namespace mutua {

using namespace phone_detail;
using web::esc;

Answer PhonePages::Impl::ticket(const std::string& code, bool called) const {
  std::optional<Kind> kind;
  std::string what;  // "Rice · 3 packs": what the board would show, never a contact field
  TicketAnswer answer = TicketAnswer::unknown;
  std::string site;
  std::string now_ticket;  // where `code` is one the entry was given before
  {
    std::lock_guard lock(db_mutex);
    if (auto e = store->entries().by_ticket(code)) {
      kind = e->kind;
      what = e->item;
      if ((e->kind == Kind::need || !is_skills_category(e->category)) && !quantity_waiting(*e))
        what += " \xC2\xB7 " + format_quantity(e->quantity, e->unit);
    }
    // No entry: look_up_ticket tells a ticket a revoked device gave past its cut-off.
    answer = look_up_ticket(*store, code, &site, &now_ticket);
  }
  if (!kind) return message(404, tr("Check my ticket"), ticket_answer_text(answer, ""));
  std::string b = "<h1>" + esc(tr("Your ticket number")) + "</h1><p class=\"code\">" + esc(code) +
                  "</p>" +
                  (now_ticket.empty() ? "" : paragraph(ticket_now_text(now_ticket), "notice")) +
                  paragraph(what) + paragraph(tr("Write this code down."), "notice") +
                  paragraph(tr("Save this page, or take a screenshot: it keeps your code.")) +
                  "<h2>" + esc(tr("What happens next")) + "</h2>";
  b += paragraph(*kind == Kind::need
                     ? tr("A volunteer looks for someone who can help. Come back to this kiosk "
                          "and tap \"Check my ticket\" to see what has happened.")
                     : tr("A volunteer will match your offer with someone who needs it. Tap "
                          "\"Check my ticket\" here to see what has happened."));
  if (called) b += paragraph(tr("A volunteer may also call you."));
  b += "<h2>" + esc(tr("Check my ticket")) + "</h2>" + status_paragraph(answer, site, "") +
       "<p><a class=\"go\" href=\"/\">" + pict("action.confirm") + esc(tr("Done")) + "</a></p>";
  return {200, frame(tr("Your ticket"), b, "/ticket/" + code + (called ? "?called=1" : ""))};
}

Answer PhonePages::Impl::check(const std::string& raw) const {
  std::string code = trimmed_answer(raw).substr(0, 16);
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string b = "<h1>" + esc(tr("Check my ticket")) + "</h1>";
  if (!code.empty()) {
    TicketAnswer answer;
    std::string site, now_ticket;
    {
      std::lock_guard lock(db_mutex);
      answer = look_up_ticket(*store, code, &site, &now_ticket);
    }
    b += "<p class=\"code\">" + esc(code) + "</p>" + status_paragraph(answer, site, "notice");
    if (!now_ticket.empty()) b += paragraph(ticket_now_text(now_ticket), "notice");
  }
  b += "<form method=\"get\" action=\"/check\"><label class=\"q\" for=\"code\">" +
       esc(tr("Type the code on your ticket.")) +
       "</label><input type=\"text\" id=\"code\" name=\"code\" required maxlength=\"16\" "
       "autocapitalize=\"characters\" autocomplete=\"off\" value=\"\">" +
       button(tr("Check"), "", "", "action.search") + "</form>";
  return {200, frame(tr("Check my ticket"), b, "/check")};
}

}  // namespace mutua
