#include "core/ticket_giver.hpp"

#include <cctype>
#include <string>

#include "core/store.hpp"

namespace mutua {

std::optional<Device> revoked_giver(const Store& store, std::string_view ticket) {
  while (!ticket.empty() && std::isspace(static_cast<unsigned char>(ticket.front())))
    ticket.remove_prefix(1);
  // The prefix: what comes before the dash, or the three characters a ticket typed without it
  // starts with (the way EntryService::by_ticket_given_elsewhere reads one).
  const size_t dash = ticket.find('-');
  std::string prefix(ticket.substr(0, dash == std::string_view::npos ? 3 : dash));
  if (prefix.empty() || ticket.size() <= prefix.size()) return std::nullopt;
  for (auto& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<Device> giver;
  for (auto& d : store.devices().all()) {
    if (d.ticket_prefix != prefix) continue;
    if (!d.revoked) return std::nullopt;  // a standing device's: it may still come
    giver = std::move(d);
  }
  return giver;
}

}  // namespace mutua
