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
//   item             what, title                               #item+name    (was #item)
//   details          notes, note, description                  #description
//   quantity         qty, amount                               #item+num     (was #value)
//   unit             units                                     #item+unit    (was #value+unit)
//   urgency          priority                                  #severity
//   people           household, household_size                 #inneed+ind   (was #affected)
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
//   sector           (export only; ignored on import)          #sector
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

#include "core/civil_date.hpp"
#include "core/csv_columns.hpp"
#include "core/csv_encoding.hpp"
#include "core/csv_internal.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <utility>

#include "core/schema.hpp"
#include "core/utf8.hpp"
#include "core/validate.hpp"

namespace mutua {
using namespace csv_detail;
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

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
  for (int c = 0; c < c_count; ++c)
    if (!kColumns[c].old_hxl.empty() && normalise_hxl(kColumns[c].old_hxl) == n) return c;
  return -1;
}

}  // namespace
std::string csv_detail::with_thousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::optional<std::string> csv_detail::zero_bytes(std::string_view text, size_t first_line) {
  const size_t at = text.find('\0');
  if (at == std::string_view::npos) return std::nullopt;
  size_t line = first_line;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return "line " + std::to_string(line) +
         ": the file is cut short or damaged here (zero bytes: was the drive removed while it "
         "was written?); copy it again";
}
namespace {

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
    if (!id || id->is_zero())
      return "id must be 32 hexadecimal digits (not all zero), not '" +
             std::string(utf8::truncate(v[c_id], 40)) + "'";
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
  if (!kind)
    return "kind must be need or offer, not '" + std::string(utf8::truncate(v[c_kind], 40)) + "'";
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
    if (!v[c_urgency].empty())
      return std::string("urgency is for needs only; leave it empty for an offer");
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
      return std::string(kColumns[t.col].name) +
             " must be a date like 2025-01-21 or 2025-01-21T10:49:44.134Z, not '" +
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
  if (!digits(4, y) || !take('-') || !digits(2, mo) || !take('-') || !digits(2, d))
    return std::nullopt;
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
  const YearMonthDay c = civil_from_days(days);
  const int64_t y = c.year;
  const unsigned m = c.month, d = c.day;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rest / 3600000),
                static_cast<long long>(rest / 60000 % 60), static_cast<long long>(rest / 1000 % 60),
                static_cast<long long>(rest % 1000));
  return buf;
}

// --- Import ---------------------------------------------------------------------------------

// --- The row parser -------------------------------------------------------------------------

namespace {

// The ids of a file so far, with the line each was on: open addressing over 20-byte slots, so
// a million ids take 40 MB at most (streamed import keeps its memory bounded).
class IdLines {
 public:
  // The line an id was first seen on, or 0 after recording it now.
  uint32_t seen_or_add(const Id& id, uint32_t line) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash(id) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.line == 0) {
        s.id = id;
        s.line = line;
        ++count_;
        return 0;
      }
      if (s.id == id) return s.line;
    }
  }

 private:
  struct Slot {
    Id id;
    uint32_t line = 0;  // 0: empty (lines start at 1)
  };
  static size_t hash(const Id& id) {
    uint64_t h;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    count_ = 0;
    for (const Slot& s : old)
      if (s.line) seen_or_add(s.id, s.line);
  }
  std::vector<Slot> slots_;
  size_t count_ = 0;
};

}  // namespace

struct EntryCsvParser::State {
  State(const std::vector<std::string>& c, int64_t now, std::vector<std::string>* w)
      : categories(c), now_ms(now), warnings(w) {}
  const std::vector<std::string>& categories;
  int64_t now_ms;
  std::vector<std::string>* warnings;
  enum class Phase { header, hxl_row, rows } phase = Phase::header;
  std::vector<int> map;
  std::vector<std::string> headers;
  int seen[c_count] = {};
  size_t header_line = 0;
  IdLines ids;
  size_t last_fields = 0;  // fields of the data row before, 0 before the first
  std::string_view values[c_count];
  Result<Ok> check_header();
};

Result<Ok> EntryCsvParser::State::check_header() {
  State& st = *this;
  for (size_t i = 0; i < st.map.size(); ++i) {
    if (st.map[i] < 0) {
      if (!st.headers[i].empty() && st.warnings)
        st.warnings->push_back("column '" + st.headers[i] +
                               "' is not an entry field; it was ignored");
      continue;
    }
    if (st.seen[st.map[i]] >= 0)
      return fail("line " + std::to_string(st.header_line) + ": columns '" +
                  st.headers[st.seen[st.map[i]]] + "' and '" + st.headers[i] + "' both mean " +
                  std::string(kColumns[st.map[i]].name));
    st.seen[st.map[i]] = static_cast<int>(i);
  }
  for (int required : {c_kind, c_category, c_item})
    if (st.seen[required] < 0)
      return fail("line " + std::to_string(st.header_line) + ": the header has no '" +
                  std::string(kColumns[required].name) + "' column");
  st.phase = State::Phase::rows;
  return Ok{};
}

EntryCsvParser::EntryCsvParser(const std::vector<std::string>& categories, int64_t now_ms,
                               std::vector<std::string>* warnings)
    : s_(std::make_unique<State>(categories, now_ms, warnings)) {}
EntryCsvParser::~EntryCsvParser() = default;

Result<Ok> EntryCsvParser::finish() {
  if (s_->phase == State::Phase::header) return fail("the file is empty: it needs a header row");
  if (s_->phase == State::Phase::hxl_row) return s_->check_header();  // a header alone
  return Ok{};
}

Result<EntryCsvParser::Got> EntryCsvParser::record(const std::vector<std::string_view>& fields,
                                                   size_t line, bool unbroken, Entry& out) {
  State& st = *s_;
  const bool blank = fields.size() == 1 && trim(fields[0]).empty();
  if (st.phase == State::Phase::header) {
    if (blank) return Got::nothing;  // blank lines before the header
    // Header: file column -> entry column (or -1).
    st.map.assign(fields.size(), -1);
    std::fill(std::begin(st.seen), std::end(st.seen), -1);
    for (size_t i = 0; i < fields.size(); ++i) {
      st.headers.push_back(std::string(trim(fields[i])));
      st.map[i] = column_by_name(normalise_header(fields[i]));
    }
    st.header_line = line;
    st.phase = State::Phase::hxl_row;
    return Got::nothing;
  }
  if (st.phase == State::Phase::hxl_row) {
    // An HXL hashtag row right under the header.
    bool any = false, all = true;
    for (auto f : fields) {
      f = trim(f);
      if (f.empty()) continue;
      any = true;
      if (f[0] != '#') all = false;
    }
    if (any && all) {
      for (size_t i = 0; i < fields.size() && i < st.map.size(); ++i)
        if ((st.map[i] < 0 || st.map[i] == c_sector) && !trim(fields[i]).empty()) {
          // "Sector" is also a plain word for a category in someone's own sheet: its tag decides.
          int by_tag = column_by_hxl(trim(fields[i]));
          if (st.map[i] < 0 || by_tag >= 0) st.map[i] = by_tag;
        }
      if (auto ok = st.check_header(); !ok) return ok.error_value();
      return Got::nothing;
    }
    if (auto ok = st.check_header(); !ok) return ok.error_value();
  }
  if (blank) return Got::nothing;
  const auto& map = st.map;
  // A copy cut short (a drive removed mid-write) ends inside a row. A last row that stops short
  // of the header, after a row that did not, with no line break after it, is taken as that,
  // not as a row with empty fields: its last value would be cut too.
  if (unbroken && fields.size() < map.size() && st.last_fields >= map.size())
    return fail("line " + std::to_string(line) + ": the file ends partway through this row (" +
                std::to_string(fields.size()) + " of " + std::to_string(map.size()) +
                " fields, no line break): was it copied whole? If the row is complete, end it "
                "with a line break");
  st.last_fields = fields.size();
  if (fields.size() > map.size()) {
    for (size_t i = map.size(); i < fields.size(); ++i)
      if (!trim(fields[i]).empty())
        return fail("line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                    " fields but the header has " + std::to_string(map.size()) +
                    " (is a delimiter missing its quotes?)");
  }
  std::fill(std::begin(st.values), std::end(st.values), std::string_view{});
  for (size_t i = 0; i < fields.size() && i < map.size(); ++i)
    if (map[i] >= 0) st.values[map[i]] = trim(fields[i]);
  out = Entry{};
  ParseContext ctx{st.categories, st.now_ms};
  if (auto why = fill_entry(st.values, ctx, out))
    return fail("line " + std::to_string(line) + ": " + *why);
  if (!st.values[c_id].empty()) {
    if (uint32_t first = st.ids.seen_or_add(out.id, static_cast<uint32_t>(line)))
      return fail("line " + std::to_string(line) + ": id " + out.id.hex() +
                  " is already used on line " + std::to_string(first));
  }
  return Got::entry;
}

Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms, std::vector<std::string>* warnings) {
  if (data.size() > kMaxFileBytes)
    return fail("the file is larger than " + with_thousands(kMaxFileBytes >> 20) + " MiB");
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  if (auto why = zero_bytes(data, 1)) return fail(*why);
  const CsvLayout layout = detect_layout(data);
  data.remove_prefix(layout.skip);
  CsvReader reader(data, layout.delimiter, layout.first_line);
  EntryCsvParser parser(category_ids, now_ms, warnings);
  std::vector<std::string_view> fields;
  std::vector<Entry> entries;
  Entry e;
  CsvReader::Next next;
  while ((next = reader.next(fields)) == CsvReader::Next::record) {
    auto got = parser.record(fields, reader.record_line(), reader.record_unbroken(), e);
    if (!got) return got.error_value();
    if (*got == EntryCsvParser::Got::entry) entries.push_back(std::move(e));
  }
  if (next == CsvReader::Next::error) return fail(reader.error());
  if (auto ok = parser.finish(); !ok) return ok.error_value();
  return entries;
}

Result<std::vector<Entry>> parse_entries_csv(std::string_view data,
                                             const std::vector<std::string>& category_ids,
                                             int64_t now_ms) {
  return parse_entries_csv(data, category_ids, now_ms, nullptr);
}

}  // namespace mutua
