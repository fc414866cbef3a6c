// CSV import and export of entries (PRODUCT.md sections 6 and 8). docs/csv.md is the user's
// version of this comment; keep the two in step.
//
// Columns are matched by header name, case-insensitively, ignoring spaces, '-' and '_' around
// words ("Contact Phone" = contact_phone). Names and aliases:
//
//   column           aliases                                   HXL tag
//   id               uuid                                      #meta+id
//   ticket           code                                      #meta+ticket
//   kind             type                                      #meta+kind
//   category         cat                                       #item+type
//   item             what, title                               #item
//   details          notes, note, description                  #description
//   quantity         qty, amount                               #value
//   unit             units                                     #value+unit
//   urgency          priority                                  #severity
//   people           household, household_size                 #affected
//   site             location, place                           #loc
//   area             neighbourhood, neighborhood, district     #loc+area
//   contact_name     name, contact                             #contact+name
//   contact_phone    phone, telephone, mobile                  #contact+phone
//   contact_consent  consent                                   #contact+consent
//   language         lang                                      #meta+lang
//   status           state                                     #status
//   created_at       created, date                             #date
//   expires_at       expires, expiry                           #date+expires
//   updated_at       updated, modified                         #date+updated
//
// kind, category and item are required. Unknown columns are ignored and reported as warnings.
// An optional second row of HXL hashtags (every non-empty cell starts with '#') is skipped; a
// column whose header is not recognised is matched by its hashtag (attributes in any order).
//
// Parsing is RFC 4180 plus what spreadsheets write: a UTF-8 BOM, CRLF or LF line ends, quoted
// fields with "" and line breaks inside. The file is one buffer; fields are string_views into
// it (quoted fields with "" are unescaped into reused scratch strings). Every bound is checked
// while scanning, so a 10 MB field is refused after reading 64 KiB of it.
//
// Spreadsheet formula injection: on export a text value starting with = + - @ gets a leading
// apostrophe, which spreadsheets hide and show the value as text; import removes it again.
#include "core/csv.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "core/schema.hpp"
#include "core/utf8.hpp"
#include "core/validate.hpp"

namespace mutua {
namespace {

constexpr size_t kMaxFileBytes = size_t{512} << 20;
constexpr size_t kMaxFieldBytes = size_t{64} << 10;
constexpr size_t kMaxColumns = 256;

enum Col : uint8_t {
  c_id, c_ticket, c_kind, c_category, c_item, c_details, c_quantity, c_unit, c_urgency, c_people,
  c_site, c_area, c_contact_name, c_contact_phone, c_contact_consent, c_language, c_status,
  c_created_at, c_expires_at, c_updated_at, c_count
};

struct ColumnDef {
  std::string_view name;
  std::string_view hxl;
  std::string_view aliases[3];
};

// Indexed by Col.
constexpr ColumnDef kColumns[c_count] = {
    {"id", "#meta+id", {"uuid"}},
    {"ticket", "#meta+ticket", {"code"}},
    {"kind", "#meta+kind", {"type"}},
    {"category", "#item+type", {"cat"}},
    {"item", "#item", {"what", "title"}},
    {"details", "#description", {"notes", "note", "description"}},
    {"quantity", "#value", {"qty", "amount"}},
    {"unit", "#value+unit", {"units"}},
    {"urgency", "#severity", {"priority"}},
    {"people", "#affected", {"household", "household_size"}},
    {"site", "#loc", {"location", "place"}},
    {"area", "#loc+area", {"neighbourhood", "neighborhood", "district"}},
    {"contact_name", "#contact+name", {"name", "contact"}},
    {"contact_phone", "#contact+phone", {"phone", "telephone", "mobile"}},
    {"contact_consent", "#contact+consent", {"consent"}},
    {"language", "#meta+lang", {"lang"}},
    {"status", "#status", {"state"}},
    {"created_at", "#date", {"created", "date"}},
    {"expires_at", "#date+expires", {"expires", "expiry"}},
    {"updated_at", "#date+updated", {"updated", "modified"}},
};

bool is_contact(int c) { return c == c_contact_name || c == c_contact_phone || c == c_contact_consent; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// "Contact Phone", "contact-phone" and "CONTACT_PHONE" all become "contact_phone".
std::string normalise_header(std::string_view s) {
  std::string out;
  for (char c : trim(s)) out += (c == ' ' || c == '-') ? '_' : lower(c);
  return out;
}

// "#Item +Type" and "#item+type" match; attribute order does not matter.
std::string normalise_hxl(std::string_view s) {
  std::string t;
  for (char c : s)
    if (c != ' ') t += lower(c);
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t plus = t.find('+', start);
    parts.push_back(t.substr(start, plus == std::string::npos ? std::string::npos : plus - start));
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  std::sort(parts.begin() + 1, parts.end());
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += "+" + parts[i];
  return out;
}

int column_by_name(std::string_view normalised) {
  for (int c = 0; c < c_count; ++c) {
    if (kColumns[c].name == normalised) return c;
    for (auto a : kColumns[c].aliases)
      if (!a.empty() && a == normalised) return c;
  }
  return -1;
}

int column_by_hxl(std::string_view tag) {
  std::string n = normalise_hxl(tag);
  for (int c = 0; c < c_count; ++c)
    if (normalise_hxl(kColumns[c].hxl) == n) return c;
  return -1;
}

std::string with_thousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// --- Records --------------------------------------------------------------------------------

class CsvReader {
 public:
  explicit CsvReader(std::string_view data) : d_(data) { scratch_.resize(kMaxColumns); }

  enum class Next { record, end, error };

  // Reads the next record into fields (views into the data or into scratch strings that stay
  // valid until the next call).
  Next next(std::vector<std::string_view>& fields) {
    fields.clear();
    if (pos_ >= d_.size()) return Next::end;
    record_line_ = line_;
    while (true) {
      if (fields.size() == kMaxColumns)
        return failed("more than " + std::to_string(kMaxColumns) + " columns");
      std::string_view value;
      if (d_[pos_] == '"') {
        if (!quoted(fields.size(), value)) return Next::error;
      } else {
        size_t start = pos_;
        while (pos_ < d_.size()) {
          char c = d_[pos_];
          if (c == ',' || c == '\n' || c == '\r') break;
          if (++pos_ - start > kMaxFieldBytes) return too_long(fields.size());
        }
        value = d_.substr(start, pos_ - start);
      }
      fields.push_back(value);
      if (pos_ >= d_.size()) return Next::record;
      char c = d_[pos_++];
      if (c == ',') {
        if (pos_ == d_.size()) {  // a trailing comma at the end of the file
          fields.emplace_back();
          return Next::record;
        }
        continue;
      }
      if (c == '\r' && pos_ < d_.size() && d_[pos_] == '\n') ++pos_;
      ++line_;
      return Next::record;
    }
  }

  size_t record_line() const { return record_line_; }
  const std::string& error() const { return error_; }

 private:
  bool quoted(size_t column, std::string_view& value) {
    size_t start = ++pos_;
    bool escaped = false;
    // Searching at most a little past the bound keeps a hostile field cheap to refuse.
    const size_t limit = start + 2 * kMaxFieldBytes + 2;
    while (true) {
      if (pos_ >= limit) {
        too_long(column);
        return false;
      }
      size_t window = std::min(d_.size() - pos_, limit - pos_);
      const void* hit = std::memchr(d_.data() + pos_, '"', window);
      size_t q = hit ? static_cast<size_t>(static_cast<const char*>(hit) - d_.data()) : pos_ + window;
      line_ += static_cast<size_t>(std::count(d_.data() + pos_, d_.data() + q, '\n'));
      if (!hit) {
        if (q == d_.size()) {
          failed("unbalanced quote: a field opened with \" is never closed");
          return false;
        }
        too_long(column);
        return false;
      }
      if (q + 1 < d_.size() && d_[q + 1] == '"') {
        escaped = true;
        pos_ = q + 2;
        continue;
      }
      value = d_.substr(start, q - start);
      pos_ = q + 1;
      break;
    }
    if (escaped) {
      std::string& s = scratch_[column];
      s.clear();
      for (size_t i = 0; i < value.size(); ++i) {
        s += value[i];
        if (value[i] == '"') ++i;  // the second quote of a ""
      }
      value = s;
    }
    if (value.size() > kMaxFieldBytes) {
      too_long(column);
      return false;
    }
    while (pos_ < d_.size() && (d_[pos_] == ' ' || d_[pos_] == '\t')) ++pos_;
    if (pos_ < d_.size() && d_[pos_] != ',' && d_[pos_] != '\n' && d_[pos_] != '\r') {
      failed("unexpected text after a closing quote (a quote inside a field is written \"\")");
      return false;
    }
    return true;
  }

  Next failed(std::string why) {
    error_ = "line " + std::to_string(record_line_) + ": " + why;
    return Next::error;
  }
  Next too_long(size_t column) {
    return failed("field " + std::to_string(column + 1) + " is longer than " +
                  with_thousands(kMaxFieldBytes) + " bytes");
  }

  std::string_view d_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 1;
  std::string error_;
  std::vector<std::string> scratch_;  // sized once so views into it never move
};

// --- Values ---------------------------------------------------------------------------------

bool parse_uint(std::string_view s, int64_t max, int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > max) return false;
  out = v;
  return true;
}

std::optional<bool> parse_yes_no(std::string_view s) {
  std::string l = lowercase(s);
  if (l.empty() || l == "no" || l == "n" || l == "false" || l == "0") return false;
  if (l == "yes" || l == "y" || l == "true" || l == "1") return true;
  return std::nullopt;
}

// Removes the apostrophe that export puts before a value a spreadsheet would run as a formula.
std::string_view unguard(std::string_view s) {
  if (s.size() >= 2 && s[0] == '\'' && std::strchr("=+-@", s[1])) s.remove_prefix(1);
  return s;
}

bool needs_guard(std::string_view s) { return !s.empty() && std::strchr("=+-@", s[0]); }

// Ids are random, so their first 8 bytes are already a good hash.
struct IdHash {
  size_t operator()(const Id& id) const {
    uint64_t h;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    return static_cast<size_t>(h);
  }
};

struct ParseContext {
  const std::vector<std::string>& categories;
  int64_t now_ms;
};

// Fills e from one record's values (indexed by Col); returns the reason on failure.
std::optional<std::string> fill_entry(const std::string_view (&v)[c_count], const ParseContext& ctx,
                                      Entry& e) {
  if (!v[c_id].empty()) {
    std::string hex;
    for (char c : v[c_id])
      if (c != '-') hex += c;  // a UUID with dashes is the same 128 bits
    auto id = Id::from_hex(hex);
    if (!id || id->is_zero()) return "id must be 32 hexadecimal digits (not all zero), not '" + std::string(utf8::truncate(v[c_id], 40)) + "'";
    e.id = *id;
  } else {
    e.id = Id::random();
  }
  if (auto why = validate_text("ticket", v[c_ticket], limits::short_chars)) return why;
  // Tickets replicate with a bound in bytes: a longer one would be refused by every peer.
  if (const size_t max = table_def(TableId::entries).fixed[entry_fixed::ticket].max_bytes;
      v[c_ticket].size() > max)
    return "ticket is too long (at most " + std::to_string(max) + " bytes, e.g. RVS-042)";
  e.ticket = v[c_ticket];

  auto kind = parse_kind(lowercase(v[c_kind]));
  if (!kind) return "kind must be need or offer, not '" + std::string(utf8::truncate(v[c_kind], 40)) + "'";
  e.kind = *kind;

  std::string category = lowercase(v[c_category]);
  if (std::find(ctx.categories.begin(), ctx.categories.end(), category) == ctx.categories.end()) {
    // A spreadsheet may use the label ("shelter & bedding") rather than the id.
    for (const auto& c : default_categories())
      if (lowercase(c.label) == category) category = c.id;
  }
  e.category = category;

  e.item = unguard(v[c_item]);
  std::string details(unguard(v[c_details]));
  // Long text keeps its line breaks as \n whatever the file's line ends were.
  details.erase(std::remove(details.begin(), details.end(), '\r'), details.end());
  e.details = std::move(details);
  e.unit = unguard(v[c_unit]);
  e.site = unguard(v[c_site]);
  e.area = unguard(v[c_area]);
  e.contact_name = unguard(v[c_contact_name]);
  e.contact_phone = unguard(v[c_contact_phone]);
  e.language = lowercase(v[c_language]);

  e.quantity = 1;
  if (!v[c_quantity].empty() && !parse_uint(v[c_quantity], limits::max_quantity, e.quantity))
    return std::string("quantity must be a whole number from 1 to 1,000,000");

  e.urgency = Urgency::normal;
  e.people = 0;
  if (e.kind == Kind::need) {
    if (!v[c_urgency].empty()) {
      auto u = parse_urgency(lowercase(v[c_urgency]));
      if (!u)
        return "urgency must be critical, high, normal or low, not '" +
               std::string(utf8::truncate(v[c_urgency], 40)) + "'";
      e.urgency = *u;
    }
    if (!v[c_people].empty() && !parse_uint(v[c_people], limits::max_people, e.people))
      return std::string("people must be a whole number from 0 to 1,000");
  } else {
    if (!v[c_urgency].empty()) return std::string("urgency is for needs only; leave it empty for an offer");
    if (!v[c_people].empty() && v[c_people] != "0")
      return std::string("people is for needs only; leave it empty for an offer");
  }

  auto consent = parse_yes_no(v[c_contact_consent]);
  if (!consent) return std::string("contact_consent must be yes or no");
  e.contact_consent = *consent;

  if (v[c_status].empty()) {
    e.status = initial_status(e.kind);
  } else {
    auto s = parse_status(lowercase(v[c_status]));
    if (!s) return "unknown status '" + std::string(utf8::truncate(v[c_status], 40)) + "'";
    if (!status_fits_kind(*s, e.kind))
      return "status '" + std::string(to_string(*s)) + "' is not a status of a " +
             std::string(to_string(e.kind));
    e.status = *s;
  }

  struct TimeCol {
    Col col;
    int64_t& out;
  };
  e.created_at = ctx.now_ms;
  e.expires_at = 0;
  e.updated_at = 0;
  for (TimeCol t : {TimeCol{c_created_at, e.created_at}, TimeCol{c_expires_at, e.expires_at},
                    TimeCol{c_updated_at, e.updated_at}}) {
    if (v[t.col].empty()) continue;
    auto ms = parse_timestamp(v[t.col]);
    if (!ms)
      return std::string(kColumns[t.col].name) + " must be a date like 2025-01-21 or 2025-01-21T10:49:44.134Z, not '" +
             std::string(utf8::truncate(v[t.col], 40)) + "'";
    t.out = *ms;
  }
  // Without updated_at the row counts as last changed when it was created, so importing the
  // same file again is recognised as nothing new.
  e.updated_at = std::max(e.updated_at, e.created_at);
  // A date far ahead would drag every later clock with it (the store refuses it too).
  if (e.updated_at > ctx.now_ms + 86'400'000)
    return "the date " + format_timestamp(e.updated_at) + " lies in the future";

  if (auto why = validate_entry(e, ctx.categories)) return why;
  return std::nullopt;
}

// --- Writing --------------------------------------------------------------------------------

void append_field(std::string& out, std::string_view s, bool guard) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (quote) out += '"';
  if (guard && needs_guard(s)) out += '\'';
  if (s.find('"') == std::string_view::npos) {
    out += s;
  } else {
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  if (quote) out += '"';
}

std::vector<int> export_columns(bool with_contacts) {
  std::vector<int> cols;
  for (int c = 0; c < c_count; ++c)
    if (with_contacts || !is_contact(c)) cols.push_back(c);
  return cols;
}

void append_entry(std::string& out, const Entry& e, const std::vector<int>& cols) {
  bool first = true;
  for (int c : cols) {
    if (!first) out += ',';
    first = false;
    switch (c) {
      case c_id: out += e.id.hex(); break;
      case c_ticket: append_field(out, e.ticket, true); break;
      case c_kind: out += to_string(e.kind); break;
      case c_category: append_field(out, e.category, true); break;
      case c_item: append_field(out, e.item, true); break;
      case c_details: append_field(out, e.details, true); break;
      case c_quantity: out += std::to_string(e.quantity); break;
      case c_unit: append_field(out, e.unit, true); break;
      case c_urgency: if (e.kind == Kind::need) out += to_string(e.urgency); break;
      case c_people: if (e.kind == Kind::need && e.people > 0) out += std::to_string(e.people); break;
      case c_site: append_field(out, e.site, true); break;
      case c_area: append_field(out, e.area, true); break;
      case c_contact_name: append_field(out, e.contact_name, true); break;
      case c_contact_phone: append_field(out, e.contact_phone, true); break;
      case c_contact_consent: out += e.contact_consent ? "yes" : "no"; break;
      case c_language: append_field(out, e.language, true); break;
      case c_status: out += to_string(e.status); break;
      case c_created_at: out += format_timestamp(e.created_at); break;
      case c_expires_at: if (e.expires_at > 0) out += format_timestamp(e.expires_at); break;
      case c_updated_at: out += format_timestamp(std::max(e.updated_at, e.created_at)); break;
    }
  }
  out += "\r\n";
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

}  // namespace

// --- Timestamps -----------------------------------------------------------------------------

std::optional<int64_t> parse_timestamp(std::string_view s) {
  s = trim(s);
  size_t i = 0;
  auto digits = [&](size_t n, int64_t& out) {
    if (i + n > s.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i += n;
    return true;
  };
  auto take = [&](char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!digits(4, y) || !take('-') || !digits(2, mo) || !take('-') || !digits(2, d)) return std::nullopt;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] + (mo == 2 && leap)) return std::nullopt;
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    ++i;
    if (!digits(2, h) || !take(':') || !digits(2, mi)) return std::nullopt;
    if (take(':')) {
      if (!digits(2, sec)) return std::nullopt;
      if (take('.') || take(',')) {
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return std::nullopt;
        std::string frac(s.substr(start, std::min<size_t>(i - start, 3)));
        frac.resize(3, '0');
        ms = std::stoi(frac);
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (take('Z') || take('z')) {
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      int sign = s[i++] == '-' ? -1 : 1;
      int64_t oh, om = 0;
      if (!digits(2, oh)) return std::nullopt;
      take(':');
      if (i < s.size() && !digits(2, om)) return std::nullopt;
      if (oh > 14 || om > 59) return std::nullopt;
      offset_min = sign * (oh * 60 + om);
    }
  }
  if (i != s.size()) return std::nullopt;
  int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi - offset_min) * 60000 + std::min<int64_t>(sec, 59) * 1000 + ms;
}

std::string format_timestamp(int64_t ms) {
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  int64_t rest = ms - days * 86400000;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rest / 3600000),
                static_cast<long long>(rest / 60000 % 60), static_cast<long long>(rest / 1000 % 60),
                static_cast<long long>(rest % 1000));
  return buf;
}

// --- Import ---------------------------------------------------------------------------------

Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms, std::vector<std::string>* warnings) {
  if (data.size() > kMaxFileBytes)
    return fail("the file is larger than " + with_thousands(kMaxFileBytes >> 20) + " MiB");
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);

  CsvReader reader(data);
  std::vector<std::string_view> fields;
  auto next = reader.next(fields);
  while (next == CsvReader::Next::record && fields.size() == 1 && trim(fields[0]).empty())
    next = reader.next(fields);  // blank lines before the header
  if (next == CsvReader::Next::error) return fail(reader.error());
  if (next == CsvReader::Next::end) return fail("the file is empty: it needs a header row");

  // Header: file column -> entry column (or -1).
  std::vector<int> map(fields.size(), -1);
  std::vector<std::string> headers;
  int seen[c_count];
  std::fill(std::begin(seen), std::end(seen), -1);
  for (size_t i = 0; i < fields.size(); ++i) {
    headers.push_back(std::string(trim(fields[i])));
    map[i] = column_by_name(normalise_header(fields[i]));
  }
  const size_t header_line = reader.record_line();

  // An HXL hashtag row right under the header.
  next = reader.next(fields);
  if (next == CsvReader::Next::error) return fail(reader.error());
  bool hxl_row = false;
  if (next == CsvReader::Next::record) {
    bool any = false, all = true;
    for (auto f : fields) {
      f = trim(f);
      if (f.empty()) continue;
      any = true;
      if (f[0] != '#') all = false;
    }
    hxl_row = any && all;
    if (hxl_row)
      for (size_t i = 0; i < fields.size() && i < map.size(); ++i)
        if (map[i] < 0 && !trim(fields[i]).empty()) map[i] = column_by_hxl(trim(fields[i]));
  }

  for (size_t i = 0; i < map.size(); ++i) {
    if (map[i] < 0) {
      if (!headers[i].empty() && warnings)
        warnings->push_back("column '" + headers[i] + "' is not an entry field; it was ignored");
      continue;
    }
    if (seen[map[i]] >= 0)
      return fail("line " + std::to_string(header_line) + ": columns '" + headers[seen[map[i]]] +
                  "' and '" + headers[i] + "' both mean " + std::string(kColumns[map[i]].name));
    seen[map[i]] = static_cast<int>(i);
  }
  for (int required : {c_kind, c_category, c_item})
    if (seen[required] < 0)
      return fail("line " + std::to_string(header_line) + ": the header has no '" +
                  std::string(kColumns[required].name) + "' column");

  ParseContext ctx{category_ids, now_ms};
  std::vector<Entry> entries;
  entries.reserve(data.size() / 200 + 1);
  std::unordered_map<Id, size_t, IdHash> id_lines;  // only for files that carry ids
  id_lines.reserve(seen[c_id] >= 0 ? entries.capacity() : 0);
  std::string_view values[c_count];
  if (hxl_row) next = reader.next(fields);
  for (; next == CsvReader::Next::record; next = reader.next(fields)) {
    const size_t line = reader.record_line();
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
    if (fields.size() > map.size()) {
      for (size_t i = map.size(); i < fields.size(); ++i)
        if (!trim(fields[i]).empty())
          return fail("line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                      " fields but the header has " + std::to_string(map.size()) +
                      " (is a comma missing its quotes?)");
    }
    std::fill(std::begin(values), std::end(values), std::string_view{});
    for (size_t i = 0; i < fields.size() && i < map.size(); ++i)
      if (map[i] >= 0) values[map[i]] = trim(fields[i]);
    Entry e;
    if (auto why = fill_entry(values, ctx, e)) return fail("line " + std::to_string(line) + ": " + *why);
    if (!values[c_id].empty()) {
      auto [it, fresh] = id_lines.emplace(e.id, line);
      if (!fresh)
        return fail("line " + std::to_string(line) + ": id " + it->first.hex() +
                    " is already used on line " + std::to_string(it->second));
    }
    entries.push_back(std::move(e));
  }
  if (next == CsvReader::Next::error) return fail(reader.error());
  return entries;
}

Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms) {
  return parse_entries_csv(data, category_ids, now_ms, nullptr);
}

static Result<std::string> read_csv_file(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("cannot read the file: " + ec.message());
  if (size > kMaxFileBytes)
    return fail("the file is larger than " + with_thousands(kMaxFileBytes >> 20) +
                " MiB; split it into smaller files");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(std::string("cannot open the file: ") + std::strerror(errno));
  std::string data(static_cast<size_t>(size), '\0');
  size_t got = std::fread(data.data(), 1, data.size(), f);
  bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) return fail("cannot read the file (is the drive still connected?)");
  data.resize(got);
  return data;
}

Result<ImportCounts> import_csv_file(Store& store, const std::string& path,
                                                 std::vector<std::string>* warnings) {
  std::vector<Entry> entries;
  {  // the file's text goes before the store starts, to keep peak memory down
    auto data = read_csv_file(path);
    if (!data) return fail(data.error());
    auto parsed = parse_entries_csv(*data, store.settings().category_ids(), store.replica().now_ms(), warnings);
    if (!parsed) return fail(parsed.error());
    entries = std::move(*parsed);
  }
  return store.entries().import(entries);
}

Result<ImportCounts> import_csv_file(Store& store, const std::string& path) {
  return import_csv_file(store, path, nullptr);
}

// --- Export ---------------------------------------------------------------------------------

static std::string csv_header(const CsvExportOptions& options) {
  auto cols = export_columns(options.with_contacts);
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    out += kColumns[cols[i]].name;
  }
  out += "\r\n";
  if (options.hxl) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      out += kColumns[cols[i]].hxl;
    }
    out += "\r\n";
  }
  return out;
}

std::string entries_to_csv(const std::vector<Entry>& entries, const CsvExportOptions& options) {
  auto cols = export_columns(options.with_contacts);
  std::string out = "\xEF\xBB\xBF" + csv_header(options);
  for (const auto& e : entries) append_entry(out, e, cols);
  return out;
}

Result<size_t> export_csv_file(const Store& store, const std::string& path,
                               const CsvExportOptions& options) {
  // Written beside the target and renamed, so a half-written file never has the final name.
  const std::string tmp = path + ".part";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return fail(std::string("cannot write the file: ") + std::strerror(errno));
  auto cols = export_columns(options.with_contacts);
  // The BOM tells spreadsheet programs the file is UTF-8 (names in any script stay readable).
  std::string buf = "\xEF\xBB\xBF" + csv_header(options);
  size_t rows = 0;
  bool ok = true;
  std::optional<PageCursor> cursor;
  do {
    EntryPage page = store.entries().list(EntryQuery{}, 2000, cursor);
    for (const auto& e : page.entries) {
      append_entry(buf, e, cols);
      ++rows;
    }
    if (buf.size() > (size_t{1} << 20)) {
      ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
      buf.clear();
    }
    cursor = page.next;
  } while (cursor);
  ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  ok = std::fflush(f) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    return fail("cannot write the file (is the drive full or read-only?)");
  }
  return rows;
}

}  // namespace mutua
