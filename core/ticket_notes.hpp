#pragma once
// Tickets given elsewhere (docs/csv.md, "The same file imported at two sites";
// docs/bundle-format.md, "Table 11: tickets given elsewhere").
//
// The same spreadsheet row imported on two devices is one record created twice; one creation is
// kept whole, with its ticket (core/fixed_fields.hpp). A resident given the other ticket at the
// other site still holds a slip with it. Every device that held both creations keeps that ticket
// as a local alias (table ticket_aliases, Replica::note_lost_ticket). A device that only ever
// heard of the kept creation did not know it: the slip found nothing there.
//
// So the device that gave the lost ticket, once it learns that its creation lost, writes it down
// for every device: one insert-only row of table 11, fixed values the device, the entry and the
// ticket, written as its own signed write (core/own_row.hpp). EntryService::by_ticket reads it
// when no entry and no local alias has the ticket.
//
// This Mutua keeps the table as an older Mutua keeps any table a newer one added (extra_rows and
// extra_fields), as it keeps table 8 (core/gaps.hpp): older devices relay the rows unread, and one
// updated to this version reads the rows it already relayed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/replica.hpp"
#include "core/schema.hpp"

namespace mutua {

inline constexpr auto kTicketNotesTable = static_cast<TableId>(11);
// Its fixed columns (ids never reused; docs/bundle-format.md).
namespace ticket_note_column {
enum : uint16_t { device = 1, entry, ticket };
}
// Rows read for one ticket typed (a member could write many naming it).
inline constexpr size_t kTicketNotesRead = 8;

struct TicketNote {
  Id device;           // the device that gave the ticket, and wrote this row
  Id entry;            // the entry the ticket stands for
  std::string ticket;  // as it was given (1 to 32 bytes of UTF-8)
};

// The row id: BLAKE2b-128 over "MUTUA-TICKET-GIVEN-1", device, entry and the ticket, so a ticket
// is written down once however often its creation loses.
Id ticket_note_id(const TicketNote& n);
// A table-11 row as it replicates (fixed values as extras, no stamps), and back. ticket_note_of
// takes only a device's own word: the row's creation stamp's origin must be the device it names,
// and its id must fit its content.
Row ticket_note_row(const TicketNote& n);
std::optional<TicketNote> ticket_note_of(const Row& row);

// Writes them as one write of this device (core/own_row.hpp; their device must be this device);
// returns how many were not here yet. Call inside a transaction.
size_t write_ticket_notes(Replica& store, const std::vector<TicketNote>& notes);

// Writes down the tickets this device gave creations that lost before it wrote such tickets down
// (a Mutua before table 11 learned of the loss and kept the ticket only as a local alias), from
// those aliases (Replica::each_own_lost_ticket), as one write of this device, in a transaction
// of its own (nested inside a caller's). Once: a local setting notes that it ran, and nothing is
// read after that. Later losses are written down by the import that shows them. Returns how many
// rows it wrote. Called before a bundle is built and before an import.
size_t write_down_earlier_tickets(Replica& store);

// The entry a ticket given elsewhere stands for, from the rows of table 11 (`ticket` as stored:
// upper case); nothing when no device wrote it down.
std::optional<Id> entry_of_ticket_given(const Replica& store, std::string_view ticket);

}  // namespace mutua
