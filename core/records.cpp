// Matches, handovers, devices and the contact purge.
#include "core/creation_id.hpp"
#include "core/handover_limits.hpp"
#include "core/save_failure.hpp"
#include "core/search.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {
Match match_from_row(const Row& r) {
  Match m;
  m.id = r.id;
  m.need = id_from_value(r.fixed[match_fixed::need]);
  m.offer = id_from_value(r.fixed[match_fixed::offer]);
  m.created_at = std::get<int64_t>(r.fixed[match_fixed::created_at]);
  m.created_by = id_from_value(r.fixed[match_fixed::created_by]);
  m.quantity = std::get<int64_t>(r.fields[match_field::quantity]);
  m.status = static_cast<MatchStatus>(std::get<int64_t>(r.fields[match_field::status]));
  return m;
}

Handover handover_from_row(const Row& r) {
  Handover h;
  h.id = r.id;
  h.match = id_from_value(r.fixed[handover_fixed::match]);
  h.quantity = std::get<int64_t>(r.fixed[handover_fixed::quantity]);
  h.created_at = std::get<int64_t>(r.fixed[handover_fixed::created_at]);
  h.created_by = id_from_value(r.fixed[handover_fixed::created_by]);
  h.undoes = id_from_value(r.fixed[handover_fixed::undoes]);
  return h;
}

Device device_from_row(const Row& r) {
  Device d;
  d.id = r.id;
  d.name = std::get<std::string>(r.fields[device_field::name]);
  d.ticket_prefix = std::get<std::string>(r.fields[device_field::ticket_prefix]);
  d.public_key = std::get<std::string>(r.fields[device_field::public_key]);
  d.site = std::get<std::string>(r.fields[device_field::site]);
  d.revoked = std::get<int64_t>(r.fields[device_field::revoked]) != 0;
  d.revoked_cutoff =
      static_cast<uint64_t>(std::get<int64_t>(r.fields[device_field::revoked_cutoff]));
  return d;
}

}  // namespace

Result<Match> MatchService::add(const Id& need, const Id& offer, int64_t quantity,
                                MatchStatus status) {
  auto n = entry(need), o = entry(offer);
  if (!n || n->kind != Kind::need) return fail("the first ticket must be a need");
  if (!o || o->kind != Kind::offer) return fail("the second ticket must be an offer");
  if (quantity < 1 || quantity > limits::max_quantity)
    return fail("quantity must be a whole number from 1 to 1,000,000");
  std::vector<Value> fixed{id_value(need), id_value(offer), now_ms(),
                           id_value(replica_.device_id())};
  const Id id = creation_bound_id(TableId::matches, fixed);  // core/creation_id.hpp
  try {
    Transaction tx(db_);
    auto w = write(
        TableId::matches, id, &fixed,
        {{match_field::quantity, quantity}, {match_field::status, static_cast<int64_t>(status)}});
    if (!w) return w.error_value();
    EventFacts e;
    e.what = EventKind::matched;
    e.amount = quantity;
    e.after_number = static_cast<int64_t>(status);
    e.ref = offer;
    e.after_text = o->ticket;
    log_event(need, e);
    e.ref = need;
    e.after_text = n->ticket;
    log_event(offer, e);
    tx.commit();
  } catch (const DbError& e) {
    return save_failed(replica_, e, "could not save: ");
  }
  return *get(id);
}

Result<Match> MatchService::set(const Id& id, int64_t quantity, MatchStatus status) {
  auto m = get(id);
  if (!m) return fail("no match with that id");
  if (quantity < 1 || quantity > limits::max_quantity)
    return fail("quantity must be a whole number from 1 to 1,000,000");
  try {
    Transaction tx(db_);
    auto w = write(
        TableId::matches, id, nullptr,
        {{match_field::quantity, quantity}, {match_field::status, static_cast<int64_t>(status)}});
    if (!w) return w.error_value();
    EventFacts e;
    e.what =
        status == MatchStatus::cancelled ? EventKind::match_cancelled : EventKind::match_changed;
    e.ref = id;
    e.amount = quantity;
    if (status != MatchStatus::cancelled) e.after_number = static_cast<int64_t>(status);
    log_event(m->need, e);
    log_event(m->offer, e);
    tx.commit();
  } catch (const DbError& e) {
    return save_failed(replica_, e, "could not save: ");
  }
  return *get(id);
}

std::optional<Match> MatchService::get(const Id& id) const {
  auto r = read_row(TableId::matches, id);
  if (!r) return std::nullopt;
  return match_from_row(*r);
}

std::vector<Match> MatchService::for_entry(const Id& entry) const {
  std::vector<Match> out;
  auto st = db_.prepare(
      "SELECT id FROM matches WHERE need = ?1 UNION SELECT id FROM matches WHERE offer = ?1");
  st.bind_blob(1, entry.bytes.data(), 16);
  std::vector<Id> ids;
  while (st.step()) ids.push_back(id_from_value(st.blob(0)));
  for (const auto& id : ids)
    if (auto m = get(id)) out.push_back(*m);
  return out;
}

Result<Handover> MatchService::add_handover(const Id& match_id, int64_t quantity,
                                            const Id& undoes) {
  auto m = get(match_id);
  if (!m) return fail("no match with that id");
  if (quantity < 1 || quantity > limits::max_quantity)
    return fail("quantity must be a whole number from 1 to 1,000,000");
  // The limit every device checks a handover from a bundle against (core/handover_limits.hpp):
  // one written here past it would be set aside everywhere else, and only here stand.
  if (undoes.is_zero())
    if (auto too_large = handover_too_large(store_, {match_id, quantity})) return fail(*too_large);
  std::vector<Value> fixed{id_value(match_id), quantity, now_ms(), id_value(replica_.device_id()),
                           id_value(undoes)};
  const Id id = creation_bound_id(TableId::handovers, fixed);  // core/creation_id.hpp
  try {
    Transaction tx(db_);
    auto w = write(TableId::handovers, id, &fixed, {});
    if (!w) return w.error_value();
    EventFacts e;
    e.what = undoes.is_zero() ? EventKind::handed_over : EventKind::handover_undone;
    e.ref = match_id;
    e.amount = quantity;
    log_event(m->need, e);
    log_event(m->offer, e);
    tx.commit();
  } catch (const DbError& e) {
    return save_failed(replica_, e, "could not save: ");
  }
  return handover_from_row(*read_row(TableId::handovers, id));
}

std::vector<Handover> MatchService::handovers_for(const Id& match_id) const {
  std::vector<Handover> out;
  auto st = db_.prepare("SELECT id FROM handovers WHERE match = ?1 ORDER BY created_at, id");
  st.bind_blob(1, match_id.bytes.data(), 16);
  std::vector<Id> ids;
  while (st.step()) ids.push_back(id_from_value(st.blob(0)));
  for (const auto& id : ids) out.push_back(handover_from_row(*read_row(TableId::handovers, id)));
  return out;
}

int64_t MatchService::handed_over(const Id& entry) const {
  // Sum of handovers on the entry's matches, leaving out compensating records and the ones they
  // undo. Insert-only records: concurrent handovers on two devices simply add up.
  // A join rather than IN (... UNION ...): each match is one row (its id is the key), so every
  // handover still counts once, and no temporary table is built on every call (an import asks
  // this for every entry it stores). With no handover here at all (a first import stores the
  // entries before any), nothing was handed over, and nothing need be looked up.
  if (replica_.known_empty(TableId::handovers)) return 0;
  auto st = cached(R"sql(
SELECT COALESCE(SUM(h.quantity), 0) FROM matches m JOIN handovers h ON h.match = m.id
WHERE (m.need = ?1 OR m.offer = ?1)
  AND h.undoes = zeroblob(16)
  AND NOT EXISTS (SELECT 1 FROM handovers u WHERE u.undoes = h.id))sql");
  st.bind_blob(1, entry.bytes.data(), 16);
  st.step();
  auto n = st.int64(0);
  st.reset();
  return n;
}

std::optional<Device> Replica::device(const Id& id) const {
  auto r = read_row(TableId::devices, id);
  if (!r) return std::nullopt;
  return with_derived_revocation(device_from_row(*r));
}

std::optional<Device> DeviceService::get(const Id& id) const {
  return replica_.device(id);
}

std::optional<Entry> MatchService::entry(const Id& id) const {
  return store_.entries().get(id);
}

void MatchService::log_event(const Id& entry, const EventFacts& e) {
  store_.history().log(entry, e);
}

std::vector<Device> DeviceService::all() const {
  std::vector<Device> out;
  for_each_row(TableId::devices, [&](const Row& r) {
    out.push_back(replica_.with_derived_revocation(device_from_row(r)));
    return true;
  });
  return out;
}

Result<Ok> DeviceService::put(const Device& d, bool revocation) {
  static const std::vector<Value> no_fixed;
  // Keys are pinned (sync/key_pins.hpp): only a device introduces its own key, and it never
  // changes.
  auto current = get(d.id);
  const std::string pinned = current ? current->public_key : std::string();
  if (!pinned.empty() && d.public_key != pinned) return fail("a device's key never changes");
  if (pinned.empty() && !d.public_key.empty() && d.id != replica_.device_id())
    return fail("only a device itself can publish its key");
  std::vector<std::pair<uint16_t, Value>> fields = {{device_field::name, d.name},
                                                    {device_field::ticket_prefix, d.ticket_prefix},
                                                    {device_field::public_key, d.public_key},
                                                    {device_field::site, d.site}};
  // The revoked flag and cut-off read (Replica::device) are the derived state, not the fields:
  // they are written by a revocation or a reinstatement, when the record is new, or when the
  // caller changed them from what it read; never as a copy of the derived state.
  const bool changed =
      current && (d.revoked != current->revoked || d.revoked_cutoff != current->revoked_cutoff);
  if (revocation || !current || changed) {
    fields.emplace_back(device_field::revoked, static_cast<int64_t>(d.revoked));
    fields.emplace_back(device_field::revoked_cutoff, static_cast<int64_t>(d.revoked_cutoff));
  }
  return write(TableId::devices, d.id, &no_fixed, fields);
}

Result<size_t> EntryService::purge_contacts(int64_t days) {
  if (days < 0) return fail("days must be 0 or more");
  int64_t cutoff = now_ms() - days * 86'400'000;
  std::vector<Id> ids;
  {
    // Finished entries (met, cancelled, expired, taken, withdrawn) older than the cutoff that
    // still hold contact details.
    auto st = db_.prepare(
        "SELECT id FROM entries WHERE (contact_name != '' OR contact_phone != '') AND"
        " updated_at < ?1 AND (state IN (2, 3, 4, 7, 8) OR (expires_at != 0 AND expires_at <= "
        "?2))");
    st.bind(1, cutoff).bind(2, now_ms());
    while (st.step()) ids.push_back(id_from_value(st.blob(0)));
  }
  size_t purged = 0;
  try {
    Transaction tx(db_);
    for (const auto& id : ids) {
      // A contact field stamped with the last possible version (see write) cannot be blanked
      // from here; the rest of the purge goes on.
      if (auto r = read_row(TableId::entries, id)) {
        bool frozen = false;
        for (size_t f : {size_t{entry_field::contact_name}, size_t{entry_field::contact_phone},
                         size_t{entry_field::contact_consent}})
          if (r->fields[f] != default_value(table_def(TableId::entries).fields[f].type) &&
              !can_supersede(r->stamps[f]))
            frozen = true;
        if (frozen) continue;
      }
      ++purged;
      auto w = write(TableId::entries, id, nullptr,
                     {{entry_field::contact_name, std::string()},
                      {entry_field::contact_phone, std::string()},
                      {entry_field::contact_consent, int64_t{0}}});
      if (!w) return w.error_value();
      replica_.forget_conflicts(id, entry_field::contact_name);
      replica_.forget_conflicts(id, entry_field::contact_phone);
      EventFacts e;
      e.what = EventKind::contacts_removed;
      e.amount = days;
      log_event(id, e);
    }
    tx.commit();
    // The blanked names' words leave the search index's file too, not only its results.
    if (purged > 0) compact_entry_search(db_);
    // Old values must not linger in the write-ahead log either.
    replica_.checkpoint();
  } catch (const DbError& e) {
    return save_failed(replica_, e, "could not purge: ");
  }
  return purged;
}

}  // namespace mutua
