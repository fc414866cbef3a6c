#include "core/history_event.hpp"

#include "core/model.hpp"
#include "core/utf8.hpp"

namespace mutua {

namespace {

constexpr std::string_view kArrow = " \xE2\x86\x92 ";   // " → "
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"

bool is_contact(uint16_t field) {
  return field == entry_field::contact_name || field == entry_field::contact_phone;
}

std::string bounded(const std::string& s) {
  if (s.size() <= kEventTextBytes) return s;
  return std::string(utf8::truncate(s, kEventTextBytes - kEllipsis.size())) +
         std::string(kEllipsis);
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

std::optional<int64_t> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// "3, confirmed" -> quantity and match status.
bool quantity_and_status(std::string_view s, EventFacts& e) {
  const size_t comma = s.find(", ");
  if (comma == std::string_view::npos) return false;
  auto q = whole_number(s.substr(0, comma));
  auto st = parse_match_status(s.substr(comma + 2));
  if (!q || !st) return false;
  e.amount = *q;
  e.after_number = static_cast<int64_t>(*st);
  return true;
}

// A value as the old prose wrote it ("normal" for an urgency, "3" for a quantity).
std::optional<Value> prose_value(uint16_t field, std::string_view s) {
  if (field == entry_field::urgency) {
    if (auto u = parse_urgency(s)) return Value(static_cast<int64_t>(*u));
    return std::nullopt;
  }
  if (field == entry_field::status) {
    if (auto st = parse_status(s)) return Value(static_cast<int64_t>(*st));
    return std::nullopt;
  }
  if (table_def(TableId::entries).fields[field].type == FieldType::integer) {
    if (auto n = whole_number(s)) return Value(*n);
    return std::nullopt;
  }
  return Value(std::string(s));
}

// "field: before → after".
std::optional<EventFacts> prose_field_change(std::string_view seg) {
  if (seg == "contact details changed") {
    EventFacts e;
    e.what = EventKind::contact_details_changed;
    return e;
  }
  const size_t colon = seg.find(": ");
  if (colon == std::string_view::npos) return std::nullopt;
  auto field = entry_field_by_name(seg.substr(0, colon));
  if (!field || is_contact(*field) || *field == entry_field::contact_consent) return std::nullopt;
  const std::string_view change = seg.substr(colon + 2);
  const size_t arrow = change.find(kArrow);
  if (arrow == std::string_view::npos) return std::nullopt;
  auto before = prose_value(*field, change.substr(0, arrow));
  auto after = prose_value(*field, change.substr(arrow + kArrow.size()));
  if (!before || !after) return std::nullopt;
  EventFacts e = field_change(*field, *before, *after);
  if (*field == entry_field::status) e.what = EventKind::status_changed;
  return e;
}

std::optional<std::vector<EventFacts>> one(EventFacts e) {
  return std::vector<EventFacts>{std::move(e)};
}

}  // namespace

std::optional<uint16_t> entry_field_by_name(std::string_view name) {
  const auto& fields = table_def(TableId::entries).fields;
  for (uint16_t f = 0; f < fields.size(); ++f)
    if (fields[f].name == name) return f;
  return std::nullopt;
}

void set_event_value(EventFacts& e, uint16_t field, const Value& v, bool after) {
  if (is_contact(field)) return;  // contact details never enter an event
  if (auto n = std::get_if<int64_t>(&v)) {
    (after ? e.after_number : e.before_number) = *n;
  } else {
    (after ? e.after_text : e.before_text) = bounded(std::get<std::string>(v));
  }
}

EventFacts field_change(uint16_t field, const Value& before, const Value& after) {
  EventFacts e;
  e.what = field == entry_field::status ? EventKind::status_changed : EventKind::field_changed;
  e.field = field;
  set_event_value(e, field, before, false);
  set_event_value(e, field, after, true);
  return e;
}

std::optional<std::vector<EventFacts>> parse_legacy_summary(std::string_view s) {
  if (s.empty() || !utf8::valid(s)) return std::nullopt;
  EventFacts e;
  for (const bool offer : {true, false}) {
    const std::string_view head = offer ? "matched with offer " : "matched with need ";
    if (!starts_with(s, head)) continue;
    const std::string_view rest = s.substr(head.size());
    const size_t open = rest.find(" (");
    if (open == std::string_view::npos || open == 0 || rest.back() != ')') return std::nullopt;
    if (!quantity_and_status(rest.substr(open + 2, rest.size() - open - 3), e)) return std::nullopt;
    e.what = EventKind::matched;
    e.after_text = bounded(std::string(rest.substr(0, open)));
    return one(e);
  }
  if (starts_with(s, "match now ")) {
    if (!quantity_and_status(s.substr(10), e)) return std::nullopt;
    e.what = e.after_number == static_cast<int64_t>(MatchStatus::cancelled)
                 ? EventKind::match_cancelled
                 : EventKind::match_changed;
    if (e.what == EventKind::match_cancelled) e.after_number = 0;
    return one(e);
  }
  if (starts_with(s, "handed over ")) {
    auto n = whole_number(s.substr(12));
    if (!n) return std::nullopt;
    e.what = EventKind::handed_over;
    e.amount = *n;
    return one(e);
  }
  if (starts_with(s, "handover of ")) {
    constexpr std::string_view tail = " undone";
    if (s.size() < 12 + tail.size() || s.substr(s.size() - tail.size()) != tail)
      return std::nullopt;
    auto n = whole_number(s.substr(12, s.size() - 12 - tail.size()));
    if (!n) return std::nullopt;
    e.what = EventKind::handover_undone;
    e.amount = *n;
    return one(e);
  }
  if (starts_with(s, "contact details removed (retention ")) {
    constexpr std::string_view tail = " days)";
    const std::string_view rest = s.substr(35);
    if (rest.size() < tail.size() || rest.substr(rest.size() - tail.size()) != tail)
      return std::nullopt;
    auto n = whole_number(rest.substr(0, rest.size() - tail.size()));
    if (!n) return std::nullopt;
    e.what = EventKind::contacts_removed;
    e.amount = *n;
    return one(e);
  }
  if (starts_with(s, "conflict on ")) {
    const std::string_view rest = s.substr(12);
    const size_t end = rest.find(" resolved");
    if (end == std::string_view::npos) return std::nullopt;
    auto field = entry_field_by_name(rest.substr(0, end));
    if (!field) return std::nullopt;
    e.what = EventKind::conflict_resolved;
    e.field = *field;
    const std::string_view after = rest.substr(end + 9);
    if (after.empty()) {
      e.amount = static_cast<int64_t>(ConflictKept::not_said);
    } else if (after == ": kept the current value") {
      e.amount = static_cast<int64_t>(ConflictKept::value_in_use);
    } else if (starts_with(after, ": kept '") && after.size() >= 9 && after.back() == '\'') {
      // Old versions stored integer fields' values as digits ("kept '0'").
      const std::string_view kept = after.substr(8, after.size() - 9);
      const bool integer = table_def(TableId::entries).fields[*field].type == FieldType::integer;
      std::optional<Value> v;
      if (integer) {
        if (auto n = whole_number(kept)) v = Value(*n);
      } else {
        v = Value(std::string(kept));
      }
      if (!v) return std::nullopt;
      e.amount = static_cast<int64_t>(ConflictKept::other_value);
      set_event_value(e, *field, *v, true);
    } else {
      return std::nullopt;
    }
    return one(e);
  }
  // Edits: "field: a → b; field: a → b; contact details changed". A value may itself hold "; ",
  // so a piece that does not start a known change belongs to the one before.
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find("; ", start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view piece = s.substr(start, end - start);
    const size_t colon = piece.find(": ");
    const bool begins =
        piece == "contact details changed" ||
        (colon != std::string_view::npos && entry_field_by_name(piece.substr(0, colon)));
    if (begins || parts.empty())
      parts.emplace_back(piece);
    else
      parts.back() += "; " + std::string(piece);
    start = end + 2;
  }
  std::vector<EventFacts> out;
  for (const auto& part : parts) {
    auto c = prose_field_change(part);
    if (!c) return std::nullopt;
    out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace mutua
