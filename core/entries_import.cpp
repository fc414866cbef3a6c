// Corrections in a re-imported spreadsheet (issue 11). A row that keeps its id and updated_at
// but whose cells differ from the entry was corrected by hand (a typo fixed in LibreOffice).
// Such cells are written as an ordinary edit, stamped now, with one history event per field,
// as EntryService::update does. A cell is only taken from the file when the entry's own
// version of that field is no newer than the file's updated_at: a field changed on this device
// after the spreadsheet was exported keeps the device's value, so re-importing an old export
// never undoes later work. Fixed fields (kind, ticket) are never corrected; the row gets a note.
#include "core/services.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

void note(ImportCounts& counts, size_t ordinal, std::string text) {
  if (counts.notes.size() >= ImportCounts::kMaxNotes) {
    ++counts.notes_left_out;
    return;
  }
  counts.notes.push_back({ordinal, std::move(text)});
}

}  // namespace

Result<bool> EntryService::apply_correction(const Entry& from_file, const Row& existing,
                                            int64_t file_updated, size_t ordinal,
                                            ImportCounts& counts) {
  auto shown = get(from_file.id);
  if (!shown) return false;
  auto fresh_here = [&](uint16_t f) {
    // The field changed here after the file was made: the device's value stands.
    return static_cast<int64_t>(hlc_wall_ms(existing.stamps[f].hlc)) > file_updated;
  };

  const Entry& have = *shown;
  if (from_file.kind != have.kind)
    note(counts, ordinal,
         "kind cannot be corrected (it is fixed when an entry is made); " + have.ticket +
             " stays " + std::string(to_string(have.kind)));
  if (!from_file.ticket.empty() && from_file.ticket != have.ticket)
    note(counts, ordinal,
         "ticket cannot be corrected (it is fixed when an entry is made); it stays " + have.ticket);
  if (from_file.kind != have.kind) return false;  // the other cells describe another kind of entry

  Entry want = from_file;
  want.status = have.status;
  Row want_row = entry_to_row(want);
  std::vector<std::pair<uint16_t, Value>> changes;
  for (uint16_t f = 0; f < entry_field::count; ++f) {
    if (f == entry_field::status) continue;  // below: the file shows the derived status
    if (want_row.fields[f] == existing.fields[f] || fresh_here(f)) continue;
    changes.emplace_back(f, want_row.fields[f]);
  }
  if (from_file.status != have.status && !fresh_here(entry_field::status)) {
    if (transition_allowed(have.kind, have.status, from_file.status))
      changes.emplace_back(entry_field::status, static_cast<int64_t>(from_file.status));
    else
      note(counts, ordinal,
           "status cannot change from '" + std::string(to_string(have.status)) + "' to '" +
               std::string(to_string(from_file.status)) + "'; " + have.ticket +
               " keeps its status");
  }
  if (changes.empty()) return false;
  auto w = write(TableId::entries, from_file.id, nullptr, changes);
  if (!w) return w.error_value();
  for (const auto& [f, v] : changes)
    log_event(from_file.id, field_change(f, existing.fields[f], v));
  return true;
}

}  // namespace mutua
