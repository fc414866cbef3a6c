// Tickets given elsewhere (core/ticket_notes.hpp).
#include "core/ticket_notes.hpp"

#include <sodium.h>

#include "core/digest_rows.hpp"
#include "core/own_row.hpp"
#include "core/utf8.hpp"

namespace mutua {

namespace {

constexpr std::string_view kTicketNoteContext = "MUTUA-TICKET-GIVEN-1";
// The local setting that says write_down_earlier_tickets has run.
constexpr std::string_view kEarlierTicketsKey = "earlier_tickets_written";

// Whether a ticket could be an entry's: 1 to entries.ticket's own bound of bytes (core/schema.cpp)
// of valid UTF-8.
bool ticket_text_fits(std::string_view ticket) {
  const size_t bound = table_def(TableId::entries).fixed[entry_fixed::ticket].max_bytes;
  return !ticket.empty() && ticket.size() <= bound && utf8::valid(ticket);
}

}  // namespace

Id ticket_note_id(const TicketNote& n) {
  std::string in(kTicketNoteContext);
  in.append(reinterpret_cast<const char*>(n.device.bytes.data()), n.device.bytes.size());
  in.append(reinterpret_cast<const char*>(n.entry.bytes.data()), n.entry.bytes.size());
  in.append(n.ticket);
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(),
                     reinterpret_cast<const unsigned char*>(in.data()), in.size(), nullptr, 0);
  return id;
}

Row ticket_note_row(const TicketNote& n) {
  Row r;
  r.table = kTicketNotesTable;
  r.id = ticket_note_id(n);
  r.insert_only = true;
  r.extras = {digest_rows::fixed_id(ticket_note_column::device, n.device.bytes.data()),
              digest_rows::fixed_id(ticket_note_column::entry, n.entry.bytes.data()),
              {ticket_note_column::ticket, true, FieldType::text, IntCoding::plain, n.ticket, {}}};
  return r;
}

std::optional<TicketNote> ticket_note_of(const Row& row) {
  if (row.table != kTicketNotesTable || !row.insert_only || row.stamps.empty()) return std::nullopt;
  auto device = digest_rows::fixed_id_of(row, ticket_note_column::device);
  auto entry = digest_rows::fixed_id_of(row, ticket_note_column::entry);
  const auto* ticket = digest_rows::column_of(row, ticket_note_column::ticket, FieldType::text);
  if (!device || !entry || !ticket) return std::nullopt;
  const auto* text = std::get_if<std::string>(&ticket->value);
  if (!text || !ticket_text_fits(*text)) return std::nullopt;
  // Only a device's own word about a ticket it gave counts.
  if (row.stamps[0].origin != *device) return std::nullopt;
  TicketNote n{*device, *entry, *text};
  if (ticket_note_id(n) != row.id) return std::nullopt;
  return n;
}

size_t write_ticket_notes(Replica& store, const std::vector<TicketNote>& notes) {
  // One write for them all: one stamp in a bundle, not one a row.
  OwnRowsWrite write(store);
  for (const auto& n : notes) write.add(ticket_note_row(n));
  return write.finish();
}

size_t write_down_earlier_tickets(Replica& store) {
  if (store.local_get(kEarlierTicketsKey)) return 0;
  ReplicaTransaction tx(store);
  // Streamed: one alias in memory at a time, each added to one write as it is read.
  OwnRowsWrite write(store);
  store.each_own_lost_ticket([&](std::string_view ticket, const Id& entry) {
    if (ticket_text_fits(ticket))
      write.add(ticket_note_row({store.device_id(), entry, std::string(ticket)}));
  });
  const size_t wrote = write.finish();
  store.local_set(kEarlierTicketsKey, "1");
  tx.commit();
  return wrote;
}

std::optional<Id> entry_of_ticket_given(const Replica& store, std::string_view ticket) {
  for (const Id& id : store.ticket_note_rows(ticket, kTicketNotesRead)) {
    auto row = store.unknown_row(kTicketNotesTable, id);
    if (!row) continue;
    if (auto n = ticket_note_of(*row); n && n->ticket == ticket) return n->entry;
  }
  return std::nullopt;
}

}  // namespace mutua
