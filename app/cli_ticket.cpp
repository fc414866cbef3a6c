// mutua ticket print (the slip on a receipt printer, docs/printing.md) and mutua ticket place
// (this device's pickup address, opening hours, printer and paper).
#include <iostream>

#include "app/command.hpp"
#include "app/json.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/ticket_slip.hpp"
#include "core/settings.hpp"
#include "core/slip.hpp"
#include "sync/lan_discovery.hpp"

namespace mutua::cli {

namespace {

std::optional<PaperWidth> paper_option(const Args& args) {
  auto v = args.get("paper");
  if (!v) return std::nullopt;
  if (*v == "58") return PaperWidth::mm58;
  if (*v == "80") return PaperWidth::mm80;
  throw UsageError{"--paper takes 58 or 80 (millimetres)"};
}

const char* page_name(CodePage p) {
  return p == CodePage::pc866 ? "PC866" : "PC850";
}

int ticket_print(Context& ctx) {
  Store& store = ctx.store();
  const Entry e = require_entry(store, ctx.args.positional()[0]);
  std::string printer = ctx.args.get("printer").value_or(ticket_printer(store));
  if (printer.empty())
    throw UserError{
        "no printer: give --printer DEVICE_OR_FILE (e.g. /dev/usb/lp0) or set one with "
        "mutua ticket place --printer NAME"};
  const PaperWidth paper = paper_option(ctx.args).value_or(ticket_paper(store));
  // The QR opens the phone ticket page: at --phone-address, else where this device serves the
  // phone pages when they are on.
  std::string phone = ctx.args.get("phone-address").value_or("");
  if (phone.empty() && phone_pages_on(store)) {
    const auto addresses = local_ipv4_addresses();
    if (!addresses.empty()) phone = "http://" + addresses.front() + ":8080";
  }
  if (!phone.empty() && phone.rfind("http://", 0) != 0 && phone.rfind("https://", 0) != 0)
    throw UsageError{"--phone-address must start with http:// (e.g. http://192.168.43.1:8080)"};
  const Slip slip = build_slip(ticket_slip_text(store, e, phone), paper);
  if (auto r = send_to_printer(slip.bytes, printer); !r) throw UserError{r.error()};
  const int mm = paper == PaperWidth::mm58 ? 58 : 80;
  if (ctx.args.has("json")) {
    JsonWriter j;
    j.begin_object();
    j.field("ticket", e.ticket);
    j.field("printer", printer);
    j.field("paper_mm", int64_t(mm));
    j.field("code_page", page_name(slip.page));
    j.field("bytes", int64_t(slip.bytes.size()));
    j.field("unprintable", int64_t(slip.replaced));
    j.field("qr", phone_ticket_url(phone, e.ticket, e.contact_consent && !e.contact_phone.empty()));
    j.end_object();
    ctx.out << j.take() << "\n";
  } else {
    ctx.out << "printed ticket " << e.ticket << " to " << printer << " (" << mm << " mm, "
            << page_name(slip.page) << ", " << slip.bytes.size() << " bytes"
            << (phone.empty() ? ", no QR code: the phone pages are off" : "") << ")\n";
  }
  if (slip.replaced > 0)
    std::cerr << "mutua: " << slip.replaced
              << " character(s) are not in the printer's code page and print as '?'\n";
  return 0;
}

int ticket_place(Context& ctx) {
  Store& store = ctx.store();
  const auto& a = ctx.args;
  PickupPlace place = pickup_place(store);
  bool changed = false;
  if (auto v = a.get("address")) {
    place.address = *v;
    changed = true;
  }
  if (auto v = a.get("hours")) {
    place.hours = *v;
    changed = true;
  }
  if (changed)
    if (auto r = set_pickup_place(store, place.address, place.hours); !r)
      throw UserError{r.error()};
  if (auto v = a.get("printer")) {
    if (!v->empty() && v->find('/') == std::string::npos && !is_cups_queue(*v))
      throw UserError{
          "'" + *v + "' is neither a path (/dev/usb/lp0) nor a printer queue name (see lpstat -p)"};
    if (auto r = set_ticket_printer(store, *v); !r) throw UserError{r.error()};
  }
  if (auto p = paper_option(a)) set_ticket_paper(store, *p);
  place = pickup_place(store);
  const std::string printer = ticket_printer(store);
  const int mm = ticket_paper(store) == PaperWidth::mm58 ? 58 : 80;
  if (a.has("json")) {
    JsonWriter j;
    j.begin_object();
    j.field("site", device_site(store).name);
    j.field("address", place.address);
    j.field("hours", place.hours);
    j.field("printer", printer);
    j.field("paper_mm", int64_t(mm));
    j.end_object();
    ctx.out << j.take() << "\n";
    return 0;
  }
  auto or_none = [](const std::string& s) { return s.empty() ? std::string("not set") : s; };
  ctx.out << "site           " << or_none(device_site(store).name) << "\n"
          << "address        " << or_none(place.address) << "\n"
          << "opening hours  " << or_none(place.hours) << "\n"
          << "printer        " << (printer.empty() ? "none" : printer) << " (" << mm << " mm)\n";
  return 0;
}

}  // namespace

std::vector<Command> ticket_commands() {
  return {
      {{"ticket", "print"},
       "TICKET",
       "print a ticket's slip on a receipt printer (ESC/POS)",
       {{"printer", true,
         "a device (/dev/usb/lp0), a file (./slip.bin) or a CUPS queue name; "
         "default: the one set with mutua ticket place --printer"},
        {"paper", true, "58 or 80 (mm); default: this device's setting, else 80"},
        {"phone-address", true,
         "the phone pages' address for the QR code, e.g. "
         "http://192.168.43.1:8080 (default: this device's, when on)"},
        {"json", false, "machine-readable output"}},
       1,
       1,
       ticket_print},
      {{"ticket", "place"},
       "",
       "show or set this device's pickup address, opening hours and receipt printer",
       {{"address", true, "where residents pick things up, one line"},
        {"hours", true, "opening hours, one line, e.g. \"Mon-Fri 9-17\""},
        {"printer", true, "receipt printer: a device path, a file or a CUPS queue (\"\": none)"},
        {"paper", true, "the printer's paper: 58 or 80 (mm)"},
        {"json", false, "machine-readable output"}},
       0,
       0,
       ticket_place},
  };
}

}  // namespace mutua::cli
