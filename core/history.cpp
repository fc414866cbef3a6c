// The history of who changed what, and resolving conflicts by hand.
#include "core/creation_id.hpp"
#include "core/fixed_fields.hpp"
#include "core/save_failure.hpp"
#include "core/store.hpp"
#include "core/utf8.hpp"

namespace mutua {

void HistoryService::log(const Id& entry, const EventFacts& e) {
  static const std::vector<std::pair<uint16_t, Value>> no_changes;
  // `at` is a hybrid clock value, so events of one device keep their order within a millisecond.
  std::vector<Value> fixed{id_value(entry),
                           static_cast<int64_t>(replica_.clock().now()),
                           id_value(replica_.device_id()),
                           replica_.actor(),
                           std::string(utf8::truncate(e.summary, 2000)),
                           static_cast<int64_t>(e.what),
                           static_cast<int64_t>(e.field),
                           id_value(e.ref),
                           e.amount,
                           e.before_number,
                           e.after_number,
                           std::string(utf8::truncate(e.before_text, kEventTextBytes)),
                           std::string(utf8::truncate(e.after_text, kEventTextBytes))};
  // Its id is bound to these facts (core/creation_id.hpp): a copy of the id saying anything
  // else loses to this line on every device (docs/security.md, "Fixed fields").
  auto w = write(TableId::events, creation_bound_id(TableId::events, fixed), &fixed, no_changes);
  if (!w) throw DbError(w.error());
}

std::vector<EntryEvent> HistoryService::of(const Id& entry) const {
  std::vector<EntryEvent> out;
  auto st = db_.prepare(
      "SELECT at, device, actor, summary, what, field, ref, amount, before_number, after_number,"
      " before_text, after_text FROM events WHERE entry = ?1 ORDER BY at, id");
  st.bind_blob(1, entry.bytes.data(), 16);
  while (st.step()) {
    EntryEvent e;
    e.at = static_cast<int64_t>(hlc_wall_ms(static_cast<HlcValue>(st.int64(0))));
    e.device = id_from_value(st.blob(1));
    e.actor = st.text(2);
    e.summary = st.text(3);
    e.what = static_cast<EventKind>(st.int64(4));
    e.field = static_cast<uint16_t>(st.int64(5));
    e.ref = id_from_value(st.blob(6));
    e.amount = st.int64(7);
    e.before_number = st.int64(8);
    e.after_number = st.int64(9);
    e.before_text = st.text(10);
    e.after_text = st.text(11);
    out.push_back(std::move(e));
  }
  return out;
}

Result<Ok> Replica::resolve_conflict(int64_t conflict_id, bool keep_losing_value) {
  auto st = db_.prepare("SELECT tbl, row, field, losing_value FROM conflicts WHERE id = ?1");
  st.bind(1, conflict_id);
  if (!st.step()) return fail("that conflict was already resolved");
  auto table = static_cast<TableId>(st.int64(0));
  Id row = id_from_value(st.blob(1));
  auto field = static_cast<uint16_t>(st.int64(2));
  std::string losing = st.blob(3);
  if (static_cast<size_t>(table) < kTableCount && field >= kFixedConflictField) {
    // Two creations collided (core/fixed_fields.hpp): the kept one cannot change; the record only
    // tells a coordinator, who can dismiss it.
    if (keep_losing_value)
      return fail(
          "this was fixed when the record was created and cannot change; add the other "
          "one as a new entry");
    auto del = db_.prepare("DELETE FROM conflicts WHERE id = ?1");
    del.bind(1, conflict_id).run();
    return Ok{};
  }
  const auto& def = table_def(table);
  if (static_cast<size_t>(table) >= kTableCount || field >= def.fields.size())
    return fail("that conflict refers to a field this version does not know");
  try {
    Transaction tx(db_);
    Value kept;
    if (keep_losing_value) {
      if (def.fields[field].type == FieldType::integer) {
        try {
          kept = static_cast<int64_t>(std::stoll(losing));
        } catch (...) {
          return fail("the other value is not a number");
        }
      } else {
        kept = losing;
      }
      auto w = write(table, row, nullptr, {{field, kept}});
      if (!w) return w.error_value();
    }
    auto del = db_.prepare("DELETE FROM conflicts WHERE id = ?1");
    del.bind(1, conflict_id).run();
    // The domain records what was decided (an entry's history event).
    if (observer_)
      observer_->conflict_resolved(table, row, field, keep_losing_value ? &kept : nullptr);
    tx.commit();
  } catch (const DbError& e) {
    return save_failed(*this, e, "could not save: ");
  }
  return Ok{};
}

}  // namespace mutua
