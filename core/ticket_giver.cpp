#include "core/ticket_giver.hpp"

#include <string>

#include "core/store.hpp"

namespace mutua {

std::optional<Device> revoked_giver(const Store& store, std::string_view typed) {
  const auto ticket = typed_ticket(typed);
  if (!ticket) return std::nullopt;
  const std::string prefix = ticket->substr(0, ticket->find('-'));
  if (prefix.empty()) return std::nullopt;
  std::optional<Device> giver;
  for (auto& d : store.devices().all()) {
    if (d.ticket_prefix != prefix) continue;
    if (!d.revoked) return std::nullopt;  // a standing device's: it may still come
    giver = std::move(d);
  }
  return giver;
}

}  // namespace mutua
