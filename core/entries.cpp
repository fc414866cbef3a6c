// Entries: conversion to replicated rows, the writes a person makes, and lookups by id and ticket
// (the paged queries are in core/entry_queries.cpp).
#include <algorithm>
#include <cctype>

#include "core/batch_prefetch.hpp"
#include "core/creation_id.hpp"
#include "core/entry_columns.hpp"
#include "core/fixed_fields.hpp"
#include "core/leaf_hashing.hpp"
#include "core/save_failure.hpp"
#include "core/store.hpp"
#include "core/ticket_notes.hpp"
#include "core/utf8.hpp"
#include "core/validate.hpp"

namespace mutua {

std::string id_value(const Id& id) {
  return std::string(reinterpret_cast<const char*>(id.bytes.data()), 16);
}

Id id_from_value(const Value& v) {
  Id id;
  const auto& s = std::get<std::string>(v);
  if (s.size() == 16) std::copy(s.begin(), s.end(), id.bytes.begin());
  return id;
}

Row entry_to_row(const Entry& e) {
  Row r;
  r.table = TableId::entries;
  r.id = e.id;
  r.fixed = {e.ticket, static_cast<int64_t>(e.kind), e.created_at, id_value(e.created_by)};
  r.fields = {e.category,      e.item,
              e.details,       e.quantity,
              e.unit,          static_cast<int64_t>(e.urgency),
              e.people,        e.site,
              e.area,          e.contact_name,
              e.contact_phone, static_cast<int64_t>(e.contact_consent),
              e.language,      static_cast<int64_t>(e.status),
              e.expires_at};
  return r;
}

Entry entry_from_row(const Row& r) {
  using namespace entry_field;
  auto text = [&](size_t f) { return std::get<std::string>(r.fields[f]); };
  auto num = [&](size_t f) { return std::get<int64_t>(r.fields[f]); };
  Entry e;
  e.id = r.id;
  e.ticket = std::get<std::string>(r.fixed[entry_fixed::ticket]);
  e.kind = static_cast<Kind>(std::get<int64_t>(r.fixed[entry_fixed::kind]));
  e.created_at = std::get<int64_t>(r.fixed[entry_fixed::created_at]);
  e.created_by = id_from_value(r.fixed[entry_fixed::created_by]);
  e.category = text(category);
  e.item = text(item);
  e.details = text(details);
  e.quantity = num(quantity);
  e.unit = text(unit);
  e.urgency = static_cast<Urgency>(num(urgency));
  e.people = num(people);
  e.site = text(site);
  e.area = text(area);
  e.contact_name = text(contact_name);
  e.contact_phone = text(contact_phone);
  e.contact_consent = num(contact_consent) != 0;
  e.language = text(language);
  e.status = status_for_kind(static_cast<Status>(num(status)), e.kind);
  e.expires_at = num(expires_at);
  HlcValue newest = 0;
  for (const auto& s : r.stamps) newest = std::max(newest, s.hlc);
  e.updated_at = static_cast<int64_t>(hlc_wall_ms(newest));
  return e;
}

namespace {
std::string pad_counter(int64_t n) {
  std::string s = std::to_string(n);
  return s.size() < 3 ? std::string(3 - s.size(), '0') + s : s;
}
}  // namespace

Entry EntryService::entry_from_statement(const Statement& st) const {
  auto to_id = [](std::string_view b) {
    Id id;
    if (b.size() == 16) std::copy(b.begin(), b.end(), id.bytes.begin());
    return id;
  };
  Entry e;
  e.id = to_id(st.blob_view(0));
  e.ticket = st.text(1);
  e.kind = static_cast<Kind>(st.int64(2));
  e.created_at = st.int64(3);
  e.created_by = to_id(st.blob_view(4));
  e.category = st.text(5);
  e.item = st.text(6);
  e.details = st.text(7);
  e.quantity = st.int64(8);
  e.unit = st.text(9);
  e.urgency = static_cast<Urgency>(st.int64(10));
  e.people = st.int64(11);
  e.site = st.text(12);
  e.area = st.text(13);
  e.contact_name = st.text(14);
  e.contact_phone = st.text(15);
  e.contact_consent = st.int64(16) != 0;
  e.language = st.text(17);
  e.status = static_cast<Status>(st.int64(18));
  e.expires_at = st.int64(19);
  e.updated_at = st.int64(20);
  // Expiry is derived at read time, so every device agrees without anyone writing it.
  if (is_active(e.status) && e.expires_at != 0 && e.expires_at <= now_ms())
    e.status = Status::expired;
  return e;
}

Status EntryService::derive_state(const Row& r) const {
  auto kind = static_cast<Kind>(std::get<int64_t>(r.fixed[entry_fixed::kind]));
  // After two creations collided, the status may be one of the other kind (fixed_fields.hpp).
  auto manual =
      status_for_kind(static_cast<Status>(std::get<int64_t>(r.fields[entry_field::status])), kind);
  if (manual != Status::open && manual != Status::available) return manual;
  int64_t qty = std::get<int64_t>(r.fields[entry_field::quantity]);
  int64_t given = store_.matches().handed_over(r.id);
  if (given <= 0) return manual;
  if (kind == Kind::need) return given >= qty ? Status::met : Status::partly_met;
  return given >= qty ? Status::taken : Status::partly_taken;
}

void EntryService::refresh_state(const Id& id) {
  auto row = read_row(TableId::entries, id);
  if (!row) return;
  auto st = cached("UPDATE entries SET state = ?2 WHERE id = ?1");
  st.bind_blob(1, id.bytes.data(), 16).bind(2, static_cast<int64_t>(derive_state(*row))).run();
}

void EntryService::log_event(const Id& entry, const EventFacts& e) {
  store_.history().log(entry, e);
}

std::vector<std::string> EntryService::category_ids() const {
  return store_.settings().category_ids();
}

Result<Entry> EntryService::add(Entry e) {
  e.status = initial_status(e.kind);
  if (e.kind == Kind::offer) {
    e.urgency = Urgency::normal;
    e.people = 0;
  }
  if (auto why = validate_entry(e, category_ids())) return fail(*why);
  try {
    Transaction tx(db_);
    // Another connection (a sync on a worker thread) may have changed the prefix.
    const std::string prefix = replica_.refresh_ticket_prefix();
    auto counter = std::stoll(local_get("ticket_counter").value_or("0")) + 1;
    local_set("ticket_counter", std::to_string(counter));
    e.ticket = prefix + "-" + pad_counter(counter);
    e.created_at = now_ms();
    e.created_by = replica_.device_id();
    Row r = entry_to_row(e);
    // Bound to this creation: a copy of the id with other fixed values loses a collision
    // whatever creation time it claims (core/creation_id.hpp).
    e.id = creation_bound_id(TableId::entries, r.fixed);
    r.id = e.id;
    std::vector<std::pair<uint16_t, Value>> changes;
    for (uint16_t f = 0; f < entry_field::count; ++f) changes.emplace_back(f, r.fields[f]);
    auto w = write(TableId::entries, e.id, &r.fixed, changes);
    if (!w) return w.error_value();
    tx.commit();
  } catch (const DbError& err) {
    return save_failed(replica_, err, "could not save: ");
  }
  return *get(e.id);
}

namespace {

// `check` as the edit's rules read it. A field waiting for its value (no version held here: a
// take-back left it so, or a delta made for another device brought a record with only some of
// its fields: docs/security.md, "A field waiting for its value") is empty, and an empty category
// or item, or a quantity of 0, is not a value a person may write. Left as it is, it is not the
// edit's: it is read as if it held a valid value, and it stays waiting for the version another
// device's bundle brings. Typed over, it is checked as any value.
Entry waiting_filled(Entry check, const Entry& current, const Row& held,
                     const std::vector<std::string>& categories) {
  auto waiting = [&](uint16_t f) { return f < held.stamps.size() && held.stamps[f].hlc == 0; };
  if (waiting(entry_field::category) && check.category == current.category && !categories.empty())
    check.category = categories.front();
  if (waiting(entry_field::item) && check.item == current.item) check.item = "-";
  if (waiting(entry_field::quantity) && check.quantity == current.quantity) check.quantity = 1;
  return check;
}

}  // namespace

Result<Entry> EntryService::update(const Entry& edited) {
  auto current = get(edited.id);
  if (!current) return fail("no entry with that id");
  Entry check = edited;
  check.kind = current->kind;
  check.status =
      current->status == Status::expired ? initial_status(current->kind) : current->status;
  if (check.kind == Kind::offer) {
    check.urgency = Urgency::normal;
    check.people = 0;
  }
  auto have = read_row(TableId::entries, edited.id);
  const auto categories = category_ids();
  if (auto why = validate_entry(waiting_filled(check, *current, *have, categories), categories))
    return fail(*why);
  Row want = entry_to_row(check);
  std::vector<std::pair<uint16_t, Value>> changes;
  for (uint16_t f = 0; f < entry_field::count; ++f) {
    if (f == entry_field::status) continue;  // status changes go through set_status
    if (want.fields[f] != have->fields[f]) changes.emplace_back(f, want.fields[f]);
  }
  if (changes.empty()) return *current;
  try {
    Transaction tx(db_);
    auto w = write(TableId::entries, edited.id, nullptr, changes);
    if (!w) return w.error_value();
    // One event per changed field; contact name and phone are logged without their values.
    for (const auto& [f, v] : changes) log_event(edited.id, field_change(f, have->fields[f], v));
    tx.commit();
  } catch (const DbError& err) {
    return save_failed(replica_, err, "could not save: ");
  }
  return *get(edited.id);
}

Result<Entry> EntryService::set_status(const Id& id, Status status) {
  auto current = get(id);
  if (!current) return fail("no entry with that id");
  if (!status_fits_kind(status, current->kind))
    return fail(std::string(current->kind == Kind::need ? "a need" : "an offer") + " cannot be '" +
                std::string(to_string(status)) + "'");
  if (!transition_allowed(current->kind, current->status, status))
    return fail("cannot change " + current->ticket + " from '" +
                std::string(to_string(current->status)) + "' to '" +
                std::string(to_string(status)) + "'");
  try {
    Transaction tx(db_);
    auto w =
        write(TableId::entries, id, nullptr, {{entry_field::status, static_cast<int64_t>(status)}});
    if (!w) return w.error_value();
    log_event(id, field_change(entry_field::status, static_cast<int64_t>(current->status),
                               static_cast<int64_t>(status)));
    tx.commit();
  } catch (const DbError& err) {
    return save_failed(replica_, err, "could not save: ");
  }
  return *get(id);
}

std::optional<Entry> EntryService::get(const Id& id) const {
  auto st = cached(std::string("SELECT ") + kEntryColumns + " FROM entries WHERE id = ?1");
  st.bind_blob(1, id.bytes.data(), 16);
  if (!st.step()) return std::nullopt;
  auto e = entry_from_statement(st);
  st.reset();
  return e;
}

std::optional<Entry> EntryService::by_ticket(std::string_view ticket) const {
  std::string t(ticket);
  for (auto& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // Each statement is reset when it goes out of scope (CachedStatement).
  auto st = cached(std::string("SELECT ") + kEntryColumns + " FROM entries WHERE ticket = ?1");
  st.bind(1, std::string_view(t));
  if (st.step()) return entry_from_statement(st);
  // A ticket given with a creation that lost to another of the same record (the same spreadsheet
  // row imported on two devices, each giving its own ticket): the resident's slip still finds the
  // entry, under the ticket kept (Replica::merge notes it).
  auto alias =
      cached(std::string("SELECT ") + kEntryColumns +
             " FROM entries WHERE id = (SELECT entry FROM ticket_aliases WHERE ticket = ?1)");
  alias.bind(1, std::string_view(t));
  if (alias.step()) return entry_from_statement(alias);
  // Such a ticket written down by the device that gave it (core/ticket_notes.hpp): found on
  // devices that never held the creation it was given with.
  if (auto entry = entry_of_ticket_given(replica_, t)) return get(*entry);
  return std::nullopt;
}

Result<ImportCounts> EntryService::import(const std::vector<Entry>& entries) {
  bool given = false;
  return import(
      [&](std::vector<Entry>& batch) -> Result<Ok> {
        if (!given) batch = entries;
        given = true;
        return Ok{};
      },
      ImportIds::may_repeat);
}

Result<ImportCounts> EntryService::import(const ImportSource& next_batch, ImportIds ids) {
  ImportCounts counts;
  const auto categories = category_ids();
  // Each batch is read and checked on a second thread while the one before is stored. The check
  // needs only the categories, which nothing changes until the import ends.
  const BatchPrefetch::Check check =
      [&categories](std::vector<Entry>& batch) -> std::optional<BatchPrefetch::Refusal> {
    for (size_t k = 0; k < batch.size(); ++k) {
      Entry& e = batch[k];
      if (e.kind == Kind::offer) {
        e.urgency = Urgency::normal;
        e.people = 0;
      }
      if (auto why = validate_entry(e, categories)) return BatchPrefetch::Refusal{k, *why};
    }
    return std::nullopt;
  };
  try {
    auto tx = replica_.transaction();
    const std::string prefix = replica_.refresh_ticket_prefix();
    auto counter = std::stoll(local_get("ticket_counter").value_or("0"));
    uint64_t seq = 0;
    size_t i = 0;  // entries seen so far, over all batches
    // No entry can be here already when there were none before and no id comes twice: then
    // each needs no lookup (about 7 % of the first thread's time in a first import).
    const bool all_new = ids == ImportIds::unique && replica_.known_empty(TableId::entries);
    std::vector<Entry> batch;
    std::optional<BatchPrefetch::Refusal> refused;
    LeafHashing leaves(replica_);  // sign_version's, on a second thread
    BatchPrefetch ahead(next_batch, check);
    while (true) {
      if (auto got = ahead.next(batch, refused); !got) return got.error_value();
      if (batch.empty()) break;
      for (size_t k = 0; k < batch.size(); ++k) {
        Entry& e = batch[k];
        ++i;
        if (refused && refused->index == k)
          return fail("entry " + std::to_string(i) + ": " + refused->why);
        auto existing = all_new ? std::nullopt : read_row(TableId::entries, e.id);
        int64_t updated = e.updated_at ? e.updated_at : (e.created_at ? e.created_at : now_ms());
        // A time far ahead would drag every later clock with it.
        if (updated > now_ms() + 86'400'000)
          return fail("entry " + std::to_string(i) + ": updated_at lies in the future");
        if (existing) {
          Entry have = entry_from_row(*existing);
          if (have.updated_at >= updated) {
            // The same row again, perhaps with cells corrected in a spreadsheet.
            auto corrected = apply_correction(e, *existing, updated, i, counts);
            if (!corrected) return fail("entry " + std::to_string(i) + ": " + corrected.error());
            *corrected ? ++counts.corrected : ++counts.unchanged;
            continue;
          }
          e.ticket = have.ticket;
          e.created_at = have.created_at;
          e.created_by = have.created_by;
          e.kind = have.kind;
        } else {
          if (e.ticket.empty()) e.ticket = prefix + "-" + pad_counter(++counter);
          if (!e.created_at) e.created_at = updated;
          if (e.created_by.is_zero()) e.created_by = replica_.device_id();
        }
        // The version carries the spreadsheet's own time, so re-importing it changes nothing.
        Row r = entry_to_row(e);
        if (!seq) seq = replica_.next_seq();
        HlcValue hlc = hlc_make(static_cast<uint64_t>(updated), 0);
        replica_.clock().observe(hlc);
        Stamp stamp{hlc, replica_.device_id(), seq, 0};
        if (existing) {
          r.stamps = existing->stamps;
          for (size_t f = 0; f < r.fields.size(); ++f) {
            if (r.fields[f] == existing->fields[f]) continue;
            stamp.prev = existing->stamps[f].hlc;
            r.stamps[f] = stamp;
          }
        } else {
          r.stamps.assign(r.fields.size(), stamp);
        }
        // The check every write and every import runs (the ticket, say, has a bound of its own).
        if (auto why = validate_row(r)) return fail("entry " + std::to_string(i) + ": " + *why);
        // The versions it replaces are kept aside, as an edit keeps them: a revocation of this
        // device, or a retraction, can go back to them (docs/security.md, "Versions kept aside").
        if (existing) replica_.keep_replaced(r, *existing);
        // Only a source that broke its promise of unique ids gets here: never a wrong count,
        // nor a leaf for a row that was not stored.
        if (!replica_.store_imported(r, existing.has_value()))
          return fail("entry " + std::to_string(i) + ": its id " + e.id.hex() +
                      " came earlier in the same import");
        existing ? ++counts.updated : ++counts.added;
        // A row changed in the spreadsheet leaves the events an edit here would: one per field
        // (docs/history-events.md, kind 1). The handover limit reads the quantities an entry
        // ever held from them (core/handover_limits.hpp): without the event, a quantity the
        // file lowered would make an honest handover made elsewhere meanwhile look too large.
        if (existing)
          for (uint16_t f = 0; f < entry_field::count; ++f)
            if (r.fields[f] != existing->fields[f])
              log_event(e.id, field_change(f, existing->fields[f], r.fields[f]));
        leaves.add(std::move(r), seq);
      }
    }
    leaves.finish();
    local_set("ticket_counter", std::to_string(counter));
    local_set("hlc", std::to_string(replica_.clock().last()));
    tx.commit();
  } catch (const DbError& err) {
    return save_failed(replica_, err, "could not save: ");
  }
  return counts;
}

}  // namespace mutua
