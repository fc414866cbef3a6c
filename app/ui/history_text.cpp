#include "app/ui/history_text.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "core/model.hpp"

namespace mutua {

namespace {

constexpr std::string_view kArrow = " \xE2\x86\x92 ";  // " → "

const std::pair<const char*, const char*> kLabels[] = {
    {"category", "Category"},         {"item", "What"},          {"details", "Details"},
    {"quantity", "How many"},         {"unit", "How many"},      {"urgency", "Urgency"},
    {"people", "People"},             {"site", "Site"},          {"area", "Area"},
    {"contact_name", "Contact name"}, {"contact_phone", "Phone"}, {"contact_consent", "Consent"},
    {"language", "Language"},         {"status", "Status"},      {"expires_at", "Expires"}};

bool known_field(std::string_view f) {
  for (const auto& [column, label] : kLabels)
    if (f == column) return true;
  return false;
}

std::optional<long long> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string fill2(const char* translated_format, std::string_view a, std::string_view b) {
  char buf[600];
  std::snprintf(buf, sizeof buf, translated_format, std::string(a).c_str(), std::string(b).c_str());
  return buf;
}

// "3, confirmed" -> "3, Confirmed".
std::string quantity_and_match_status(std::string_view s) {
  const size_t comma = s.find(", ");
  if (comma == std::string_view::npos) return std::string(s);
  const auto status = parse_match_status(s.substr(comma + 2));
  return std::string(s.substr(0, comma + 2)) +
         (status ? match_status_label(*status) : std::string(s.substr(comma + 2)));
}

// "field: before → after" in words, or nullopt when the segment is not of that shape.
std::optional<std::string> field_change(std::string_view seg, int64_t now_ms) {
  const size_t colon = seg.find(": ");
  if (colon == std::string_view::npos || !known_field(seg.substr(0, colon))) return std::nullopt;
  const std::string_view field = seg.substr(0, colon);
  const std::string_view change = seg.substr(colon + 2);
  const size_t arrow = change.find(kArrow);
  if (arrow == std::string_view::npos) return std::nullopt;
  return field_label(field) + ": " +
         field_value(field, std::string(change.substr(0, arrow)), now_ms) + std::string(kArrow) +
         field_value(field, std::string(change.substr(arrow + kArrow.size())), now_ms);
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
  return value;
}

std::string history_text(std::string_view s, int64_t now_ms) {
  if (starts_with(s, "matched with offer ") || starts_with(s, "matched with need ")) {
    const bool offer = starts_with(s, "matched with offer ");
    const std::string_view rest = s.substr(offer ? 19 : 18);
    const size_t open = rest.find(" (");
    if (open != std::string_view::npos && rest.back() == ')') {
      const std::string_view how = rest.substr(open + 2, rest.size() - open - 3);
      return fill2(offer ? tr("Matched with offer %s (%s)") : tr("Matched with need %s (%s)"),
                   rest.substr(0, open), quantity_and_match_status(how));
    }
  }
  if (starts_with(s, "match now "))
    return format_tr_s(tr("Match changed: %s"), quantity_and_match_status(s.substr(10)));
  if (starts_with(s, "handed over "))
    if (auto n = whole_number(s.substr(12))) return format_tr(tr("Handed over %lld"), *n);
  if (starts_with(s, "handover of ") && s.size() > 19 && s.substr(s.size() - 7) == " undone")
    if (auto n = whole_number(s.substr(12, s.size() - 19)))
      return format_tr(tr("Handover of %lld undone"), *n);
  if (starts_with(s, "contact details removed (retention "))
    if (auto n = whole_number(s.substr(35, s.find(' ', 35) - 35)))
      return format_tr(tr("Contact details removed after %lld days"), *n);
  if (starts_with(s, "conflict on ")) {
    const std::string_view rest = s.substr(12);
    const size_t end = rest.find(" resolved");
    if (end != std::string_view::npos) {
      const std::string field = field_label(rest.substr(0, end));
      const std::string_view after = rest.substr(end + 9);
      if (after.empty()) return format_tr_s(tr("Conflict on %s resolved"), field);
      if (after == ": kept the current value")
        return format_tr_s(tr("Conflict on %s resolved: kept the value in use"), field);
      if (starts_with(after, ": kept '") && after.back() == '\'') {
        const std::string kept = field_value(rest.substr(0, end),
                                             std::string(after.substr(8, after.size() - 9)), now_ms);
        return fill2(tr("Conflict on %s resolved: kept %s"), field, "'" + kept + "'");
      }
    }
  }
  // Edits: "field: a → b; field: a → b; contact details changed". A value may itself hold
  // "; ", so a piece that does not start a known change belongs to the one before.
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find("; ", start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view piece = s.substr(start, end - start);
    const size_t colon = piece.find(": ");
    const bool begins = piece == "contact details changed" ||
                        (colon != std::string_view::npos && known_field(piece.substr(0, colon)));
    if (begins || parts.empty()) parts.emplace_back(piece);
    else parts.back() += "; " + std::string(piece);
    start = end + 2;
  }
  std::string out;
  for (const auto& part : parts) {
    std::string shown;
    if (part == "contact details changed") shown = tr("Contact details changed");
    else if (auto c = field_change(part, now_ms)) shown = *c;
    else return std::string(s);  // not a shape this reader knows
    out += (out.empty() ? "" : "; ") + shown;
  }
  return out;
}

}  // namespace mutua
