#include "core/fixed_fields.hpp"

#include <optional>
#include <string_view>

#include "core/creation_id.hpp"

namespace mutua {

namespace {
std::optional<size_t> fixed_index(const TableDef& t, std::string_view name) {
  for (size_t i = 0; i < t.fixed.size(); ++i)
    if (t.fixed[i].name == name) return i;
  return std::nullopt;
}
}  // namespace

bool creation_wins(const TableDef& t, const Id& id, const std::vector<Value>& a,
                   const std::vector<Value>& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  const bool a_bound = creation_bound(t.id, id, a), b_bound = creation_bound(t.id, id, b);
  if (a_bound != b_bound) return a_bound;
  for (std::string_view name : {"created_at", "created_by"})
    if (auto i = fixed_index(t, name); i && *i < a.size() && a[*i] != b[*i]) return a[*i] < b[*i];
  return a < b;
}

bool creation_version_wins(const TableDef& t, const std::vector<Value>& fixed, const Stamp& a,
                           const Stamp& b) {
  std::optional<size_t> at = fixed_index(t, "created_by");
  if (!at) at = fixed_index(t, "device");
  if (at && *at < fixed.size()) {
    const Id creator = id_from_value(fixed[*at]);
    const bool a_creator = a.origin == creator, b_creator = b.origin == creator;
    if (a_creator != b_creator) return a_creator;
  }
  if (a.seq != b.seq) return a.seq > b.seq;
  if (a.hlc != b.hlc || a.origin != b.origin) return a.newer_than(b);
  return a.prev > b.prev;
}

bool same_row_imported_twice(const TableDef& t, const Id& id, const std::vector<Value>& a,
                             const std::vector<Value>& b) {
  if (t.id != TableId::entries || a.size() != t.fixed.size() || b.size() != t.fixed.size())
    return false;
  if (a[entry_fixed::ticket] != b[entry_fixed::ticket] ||
      a[entry_fixed::kind] != b[entry_fixed::kind])
    return false;
  return !creation_bound(t.id, id, a) && !creation_bound(t.id, id, b);
}

std::vector<size_t> collided_fixed_fields(const TableDef& t, const std::vector<Value>& a,
                                          const std::vector<Value>& b) {
  std::vector<size_t> out, bookkeeping;
  for (size_t i = 0; i < t.fixed.size() && i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    bool book = t.fixed[i].name == "created_at" || t.fixed[i].name == "created_by";
    (book ? bookkeeping : out).push_back(i);
  }
  if (out.empty() && !bookkeeping.empty()) out.push_back(bookkeeping.back());
  return out;
}

Status status_for_kind(Status s, Kind k) {
  if (static_cast<int>(s) > static_cast<int>(Status::withdrawn)) return initial_status(k);
  if (status_fits_kind(s, k)) return s;
  switch (s) {
    case Status::open:
      return Status::available;
    case Status::partly_met:
      return Status::partly_taken;
    case Status::met:
      return Status::taken;
    case Status::cancelled:
      return Status::withdrawn;
    case Status::available:
      return Status::open;
    case Status::partly_taken:
      return Status::partly_met;
    case Status::taken:
      return Status::met;
    case Status::withdrawn:
      return Status::cancelled;
    case Status::expired:
      break;
  }
  return s;
}

}  // namespace mutua

namespace mutua {

Stamp creation_stamp(const TableDef& t, const std::vector<Value>& fixed) {
  Stamp s;
  if (auto i = fixed_index(t, "created_by"); i && *i < fixed.size())
    s.origin = id_from_value(fixed[*i]);
  return s;
}

Value fixed_value_shown(const TableDef& t, size_t index, const Value& v) {
  if (t.id == TableId::entries && index == entry_fixed::kind)
    if (auto k = std::get_if<int64_t>(&v); k && (*k == 0 || *k == 1))
      return std::string(to_string(static_cast<Kind>(*k)));
  if (index < t.fixed.size() && t.fixed[index].type == FieldType::id) return id_from_value(v).hex();
  return v;
}

bool is_fixed_field(TableId table, std::string_view field) {
  if (!is_known_table(table)) return false;
  for (const auto& f : table_def(table).fixed)
    if (field == f.name) return true;
  return false;
}

}  // namespace mutua
