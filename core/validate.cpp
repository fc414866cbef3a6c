#include "core/validate.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace mutua {

std::optional<std::string> validate_text(std::string_view field, std::string_view value,
                                         size_t max_chars, bool multiline) {
  if (!utf8::valid(value)) return std::string(field) + " is not valid UTF-8 text";
  if (utf8::length(value) > max_chars)
    return std::string(field) + " is too long (at most " + std::to_string(max_chars) +
           " characters)";
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && !(multiline && (c == '\n' || c == '\t')))
      return std::string(field) + " contains a control character";
  }
  return std::nullopt;
}

std::optional<std::string> validate_quantity(int64_t q) {
  if (q < 1 || q > limits::max_quantity)
    return std::string("quantity must be a whole number from 1 to 1,000,000");
  return std::nullopt;
}

std::optional<std::string> validate_entry(const Entry& e, const std::vector<std::string>& categories) {
  if (std::find(categories.begin(), categories.end(), e.category) == categories.end())
    return "unknown category '" + e.category + "'";
  if (e.item.empty()) return std::string("item is empty: say what is needed or offered");
  struct TextRule {
    std::string_view name;
    const std::string& value;
    size_t max;
    bool multiline;
  };
  const TextRule rules[] = {
      {"item", e.item, limits::item_chars, false},
      {"details", e.details, limits::details_chars, true},
      {"unit", e.unit, limits::short_chars, false},
      {"site", e.site, limits::short_chars, false},
      {"area", e.area, limits::short_chars, false},
      {"contact name", e.contact_name, limits::short_chars, false},
      {"contact phone", e.contact_phone, limits::phone_chars, false},
      {"language", e.language, limits::language_chars, false},
  };
  for (const auto& r : rules)
    if (auto why = validate_text(r.name, r.value, r.max, r.multiline)) return why;
  for (char c : e.contact_phone) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == ' ' || c == '-' ||
          c == '(' || c == ')' || c == '.'))
      return std::string("contact phone may hold only digits, spaces and + - ( ) .");
  }
  if (auto why = validate_quantity(e.quantity)) return why;
  if (e.people < 0 || e.people > limits::max_people)
    return std::string("people must be a whole number from 0 to 1,000");
  if (static_cast<int>(e.urgency) > static_cast<int>(Urgency::low))
    return std::string("unknown urgency");
  if (static_cast<int>(e.kind) > static_cast<int>(Kind::offer)) return std::string("unknown kind");
  if (static_cast<int>(e.status) > static_cast<int>(Status::withdrawn) ||
      !status_fits_kind(e.status, e.kind))
    return "status '" + std::string(static_cast<int>(e.status) <= 8 ? to_string(e.status) : "?") +
           "' does not fit a " + std::string(to_string(e.kind));
  if (e.expires_at < 0) return std::string("expiry date is before 1970");
  return std::nullopt;
}

}  // namespace mutua
