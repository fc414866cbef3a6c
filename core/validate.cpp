#include "core/validate.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "core/history_event.hpp"
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

bool pin_hash_cost_ok(std::string_view hash) {
  // libsodium's own format: $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
  constexpr std::string_view kPrefix = "$argon2id$v=19$m=";
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.substr(0, kPrefix.size()) != kPrefix)
    return false;
  size_t pos = kPrefix.size();
  auto number = [&](uint64_t& out, char end) {
    const char* first = hash.data() + pos;
    const char* last = hash.data() + hash.size();
    auto [p, ec] = std::from_chars(first, last, out);
    if (ec != std::errc{} || p == first || p == last || *p != end || *first == '0') return false;
    pos = static_cast<size_t>(p - hash.data()) + 1;
    return true;
  };
  uint64_t m = 0, t = 0, lanes = 0;
  if (!number(m, ',') || hash.substr(pos, 2) != "t=") return false;
  pos += 2;
  if (!number(t, ',') || hash.substr(pos, 2) != "p=") return false;
  pos += 2;
  if (!number(lanes, '$')) return false;
  const uint64_t min_kib = crypto_pwhash_MEMLIMIT_MIN / 1024,
                 max_kib = crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024;
  return lanes == 1 && m >= min_kib && m <= max_kib && t >= crypto_pwhash_OPSLIMIT_MIN &&
         t <= crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

std::optional<std::string> validate_entry(const Entry& e,
                                          const std::vector<std::string>& categories) {
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
  // Replicated with a bound in bytes: 16 Cyrillic letters would pass here and fail on import.
  if (e.language.size() > limits::language_chars)
    return std::string("language is too long: give a short code such as uk or en-GB");
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

namespace mutua {

namespace {
struct Range {
  TableId table;
  bool fixed;
  uint16_t field;
  int64_t min, max;
};
// Enum and number ranges for integer fields; anything not listed is a time or a flag.
const Range kRanges[] = {
    {TableId::entries, true, entry_fixed::kind, 0, 1},
    {TableId::entries, false, entry_field::quantity, 1, limits::max_quantity},
    {TableId::entries, false, entry_field::urgency, 0, 3},
    {TableId::entries, false, entry_field::people, 0, limits::max_people},
    {TableId::entries, false, entry_field::contact_consent, 0, 1},
    {TableId::entries, false, entry_field::status, 0, 8},
    {TableId::entries, false, entry_field::expires_at, 0, INT64_MAX},
    {TableId::matches, false, match_field::quantity, 1, limits::max_quantity},
    {TableId::matches, false, match_field::status, 0, 3},
    {TableId::handovers, true, handover_fixed::quantity, 1, limits::max_quantity},
    {TableId::sites, false, site_field::kind, 0, 5},
    {TableId::devices, false, device_field::revoked, 0, 1},
    {TableId::devices, false, device_field::revoked_cutoff, 0, INT64_MAX},
    {TableId::volunteers, false, volunteer_field::role, 0, 1},
    {TableId::volunteers, false, volunteer_field::removed, 0, 1},
    {TableId::settings, false, settings_field::retention_days, 0, 3650},
    {TableId::settings, false, settings_field::kiosk_timeout_s, 10, 3600},
    // Kinds and fields this version does not know still import (a newer device's events).
    {TableId::events, true, event_fixed::what, 0, kMaxEventKind},
    {TableId::events, true, event_fixed::field, 0, kMaxEventField},
    {TableId::events, true, event_fixed::amount, 0, limits::max_quantity},
};
}  // namespace

// Text fields people type, counted in characters exactly as the local write and the CSV import
// count them (validate_text), so that whatever one device accepts from a bundle it can also
// export to CSV and import again. Bytes (FieldDef::max_bytes) are only the decoder's bound.
namespace {
struct CharRule {
  TableId table;
  uint16_t field;
  size_t max_chars;
  bool multiline;
};
const CharRule kCharRules[] = {
    {TableId::entries, entry_field::category, limits::short_chars, false},
    {TableId::entries, entry_field::item, limits::item_chars, false},
    {TableId::entries, entry_field::details, limits::details_chars, true},
    {TableId::entries, entry_field::unit, limits::short_chars, false},
    {TableId::entries, entry_field::site, limits::short_chars, false},
    {TableId::entries, entry_field::area, limits::short_chars, false},
    {TableId::entries, entry_field::contact_name, limits::short_chars, false},
    {TableId::entries, entry_field::contact_phone, limits::phone_chars, false},
    {TableId::entries, entry_field::language, limits::language_chars, false},
    {TableId::sites, site_field::name, limits::short_chars, false},
    {TableId::sites, site_field::area, limits::short_chars, false},
    {TableId::devices, device_field::name, limits::short_chars, false},
    {TableId::devices, device_field::site, limits::short_chars, false},
    {TableId::volunteers, volunteer_field::name, limits::short_chars, false},
    {TableId::volunteers, volunteer_field::site, limits::short_chars, false},
};

// The rules a local write of an entry applies beyond length (validate_entry), for the fields a
// bundle carried.
std::optional<std::string> entry_field_rules(const Row& row) {
  if (row.stamps.size() > entry_field::contact_phone &&
      row.stamps[entry_field::contact_phone].hlc) {
    for (char c : std::get<std::string>(row.fields[entry_field::contact_phone]))
      if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == ' ' || c == '-' ||
            c == '(' || c == ')' || c == '.'))
        return std::string("entries.contact_phone may hold only digits, spaces and + - ( ) .");
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string> validate_row(const Row& row) {
  if (!is_known_table(row.table)) return std::nullopt;  // a newer Mutua's table: carried, not read
  const auto& def = table_def(row.table);
  auto check = [&](const FieldDef& f, const Value& v, bool fixed,
                   uint16_t index) -> std::optional<std::string> {
    // Named only when refused: this runs for every field of every imported row.
    auto where = [&] { return std::string(def.name) + "." + std::string(f.name); };
    if (f.type == FieldType::text) {
      const auto& s = std::get<std::string>(v);
      if (s.size() > f.max_bytes) return where() + " is too long";
      if (!utf8::valid(s)) return where() + " is not valid UTF-8";
    } else if (f.type == FieldType::id) {
      if (std::get<std::string>(v).size() != 16) return where() + " is not an id";
    } else {
      int64_t n = std::get<int64_t>(v);
      for (const auto& r : kRanges) {
        if (r.table == row.table && r.fixed == fixed && r.field == index &&
            (n < r.min || n > r.max))
          return where() + " has an unknown value (" + std::to_string(n) + ")";
      }
    }
    return std::nullopt;
  };
  if (row.fixed.size() != def.fixed.size() || row.fields.size() != def.fields.size())
    return std::string(def.name) + " record has the wrong shape";
  for (uint16_t i = 0; i < def.fixed.size(); ++i)
    if (auto why = check(def.fixed[i], row.fixed[i], true, i)) return why;
  // Every entry is given a ticket when it is created; a blank one would stop it resolving.
  if (row.table == TableId::entries &&
      std::get<std::string>(row.fixed[entry_fixed::ticket]).empty())
    return std::string("entries.ticket is empty");
  for (uint16_t i = 0; i < def.fields.size(); ++i) {
    if (row.stamps.size() > i && row.stamps[i].hlc == 0) continue;  // not carried
    if (auto why = check(def.fields[i], row.fields[i], false, i)) return why;
  }
  for (const auto& r : kCharRules) {
    if (r.table != row.table || row.stamps.size() <= r.field || row.stamps[r.field].hlc == 0)
      continue;
    // validate_text's reasons start with the name it is given: the name is put in front only
    // when the text is refused.
    if (auto why =
            validate_text("", std::get<std::string>(row.fields[r.field]), r.max_chars, r.multiline))
      return std::string(def.name) + "." + std::string(def.fields[r.field].name) + *why;
  }
  if (row.table == TableId::volunteers && row.stamps.size() > volunteer_field::pin_hash &&
      row.stamps[volunteer_field::pin_hash].hlc) {
    const auto& hash = std::get<std::string>(row.fields[volunteer_field::pin_hash]);
    if (!hash.empty() && !pin_hash_cost_ok(hash))
      return std::string(
          "volunteers.pin_hash asks for a cost outside what Mutua uses (Argon2id, at most 64 MiB "
          "and 2 passes)");
  }
  if (row.table == TableId::entries) {
    if (auto why = entry_field_rules(row)) return why;
  }
  // A status of the other kind is not refused: two creations that share an id can leave one on
  // the surviving kind (core/fixed_fields.hpp), and it reads as that kind's matching status.
  // Local writes check the fit where a status is set (set_status, validate_entry).
  return std::nullopt;
}

}  // namespace mutua
