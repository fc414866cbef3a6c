#include "app/ui/history_text.hpp"

#include <optional>
#include <utility>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/pointing.hpp"
#include "core/schema.hpp"

namespace mutua {

namespace {

const std::pair<const char*, const char*> kLabels[] = {
    {"category", "Category"},   {"item", "What"},
    {"details", "Details"},     {"quantity", "How many"},
    {"unit", "How many"},       {"urgency", "Urgency"},
    {"people", "People"},       {"site", "Site"},
    {"area", "Area"},           {"contact_name", "Contact name"},
    {"contact_phone", "Phone"}, {"contact_consent", "Consent"},
    {"language", "Language"},   {"status", "Status"},
    {"expires_at", "Expires"}};

std::optional<long long> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The column name of an entries field, or empty for one this version does not know.
std::string_view field_name(uint16_t field) {
  const auto& fields = table_def(TableId::entries).fields;
  return field < fields.size() ? fields[field].name : std::string_view();
}

// One stored value of an event in words ("-" for an empty text).
std::string event_value(uint16_t field, int64_t number, const std::string& text, int64_t now_ms) {
  const std::string_view name = field_name(field);
  if (table_def(TableId::entries).fields[field].type == FieldType::integer)
    return field_value(name, std::to_string(number), now_ms);
  return text.empty() ? std::string("-") : field_value(name, text, now_ms);
}

// "3, Confirmed".
std::string quantity_and_match_status(int64_t quantity, int64_t status) {
  std::string s = format_count(quantity);
  if (status >= 0 && status <= static_cast<int64_t>(MatchStatus::cancelled))
    s += std::string(", ") + match_status_label(static_cast<MatchStatus>(status));
  return s;
}

std::string field_changed_text(const EventFacts& e, int64_t now_ms) {
  if (e.field == entry_field::contact_name) return tr("Contact name changed");
  if (e.field == entry_field::contact_phone) return tr("Phone number changed");
  // "Quantity: 3 → 5"; right to left the arrow points left (app/widgets/pointing.hpp).
  return field_label(field_name(e.field)) + ": " +
         change_text(event_value(e.field, e.before_number, e.before_text, now_ms),
                     event_value(e.field, e.after_number, e.after_text, now_ms));
}

std::string conflict_text(const EventFacts& e, int64_t now_ms) {
  const std::string label = field_label(field_name(e.field));
  switch (static_cast<ConflictKept>(e.amount)) {
    case ConflictKept::value_in_use:
      return format_tr_s(tr("Conflict on %s resolved: kept the value in use"), label);
    case ConflictKept::other_value:
      if (e.field == entry_field::contact_name || e.field == entry_field::contact_phone)
        return format_tr_s(tr("Conflict on %s resolved: kept the other value"), label);
      return format_tr_ss(tr("Conflict on %s resolved: kept %s"), label,
                          "'" + event_value(e.field, e.after_number, e.after_text, now_ms) + "'");
    case ConflictKept::not_said:
      break;
  }
  return format_tr_s(tr("Conflict on %s resolved"), label);
}

}  // namespace

std::string field_label(std::string_view field) {
  for (const auto& [column, label] : kLabels)
    if (field == column) return tr(label);
  return std::string(field);
}

std::string field_value(std::string_view field, const std::string& value, int64_t now_ms) {
  const auto n = whole_number(value);
  if (field == "status") {
    if (n && *n <= int(Status::withdrawn)) return status_label(Status(*n));
    if (auto s = parse_status(value)) return status_label(*s);
  }
  if (field == "urgency") {
    if (n && *n <= int(Urgency::low)) return urgency_label(Urgency(*n));
    if (auto u = parse_urgency(value)) return urgency_label(*u);
  }
  if (field == "contact_consent" && n) return *n ? tr("Agreed to be contacted") : tr("Not given");
  if (field == "expires_at" && n) return *n ? format_age(*n, now_ms) : std::string("-");
  if (field == "category") return category_label(value);
  if ((field == "quantity" || field == "people") && n) return format_count(*n);
  return value;
}

std::string history_text(const EventFacts& e, Kind own, int64_t now_ms) {
  const bool known_field = e.field < entry_field::count;
  switch (e.what) {
    case EventKind::legacy:
      return e.summary;  // old prose that did not convert: as stored
    case EventKind::field_changed:
    case EventKind::status_changed:
      if (!known_field) break;
      return field_changed_text(e, now_ms);
    case EventKind::matched:
      return format_tr_ss(
          own == Kind::need ? tr("Matched with offer %s (%s)") : tr("Matched with need %s (%s)"),
          e.after_text, quantity_and_match_status(e.amount, e.after_number));
    case EventKind::match_changed:
      return format_tr_s(tr("Match changed: %s"),
                         quantity_and_match_status(e.amount, e.after_number));
    case EventKind::match_cancelled:
      return format_tr(tr("Match cancelled (%lld)"), e.amount);
    case EventKind::handed_over:
      return format_tr(tr("Handed over %lld"), e.amount);
    case EventKind::handover_undone:
      return format_tr(tr("Handover of %lld undone"), e.amount);
    case EventKind::contacts_removed:
      return format_tr(trn("Contact details removed after %lld day",
                           "Contact details removed after %lld days", e.amount),
                       e.amount);
    case EventKind::conflict_resolved:
      if (!known_field) break;
      return conflict_text(e, now_ms);
    case EventKind::contact_details_changed:
      return tr("Contact details changed");
  }
  // A kind (or field) from a newer version: said plainly, never dropped.
  return tr("A change made with a newer version of Mutua");
}

}  // namespace mutua
