#include "app/ui/format.hpp"

#include <cstdio>
#include <mutex>

#include "app/ui/i18n.hpp"
#include "app/ui/units.hpp"
#include "core/digits.hpp"
#include "core/model.hpp"
#include "sync/network_created.hpp"

namespace mutua {

std::string format_age(int64_t created_ms, int64_t now_ms) {
  const int64_t minutes = (now_ms - created_ms) / 60000;
  char buf[64];
  // Clock skew between devices can put created_at slightly in the future.
  if (minutes < 1) return tr("just now");
  if (minutes < 60) {
    std::snprintf(buf, sizeof buf, tr("%lld min ago"), static_cast<long long>(minutes));
  } else if (minutes < 48 * 60) {
    std::snprintf(buf, sizeof buf, tr("%lld h ago"), static_cast<long long>(minutes / 60));
  } else {
    std::snprintf(buf, sizeof buf, tr("%lld days ago"), static_cast<long long>(minutes / 1440));
  }
  return ui_number_text(buf);
}

std::string ui_number_text(std::string_view text) {
  return localize_digits(text, language_digits(language()));
}

std::string format_quantity(int64_t quantity, std::string_view unit) {
  return unit_quantity_text(quantity, unit);
}

std::string entry_quantity_text(const Entry& e) {
  return quantity_waiting(e) ? std::string("?") : format_quantity(e.quantity, e.unit);
}

namespace {
std::map<std::string, std::map<std::string, std::string>>& renames() {
  static std::map<std::string, std::map<std::string, std::string>> r;
  return r;
}
// The phone pages (app/web/) read the names from their server threads.
std::mutex& renames_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

void set_category_renames(std::map<std::string, std::map<std::string, std::string>> r) {
  std::lock_guard lock(renames_mutex());
  renames() = std::move(r);
}

std::string category_label(std::string_view id) {
  // The group's own name in this language, else in English for a category it added.
  {
    std::lock_guard lock(renames_mutex());
    if (auto it = renames().find(std::string(id)); it != renames().end()) {
      if (auto l = it->second.find(language()); l != it->second.end()) return l->second;
      if (auto en = it->second.find("en"); en != it->second.end() && !find_default_category(id))
        return en->second;
    }
  }
  const Category* c = find_default_category(id);
  std::string label = c ? tr(c->label.c_str()) : std::string(id);
  // Only ASCII letters are capitalised; translated labels arrive already capitalised.
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') label[0] = char(label[0] - 'a' + 'A');
  return label;
}

std::string format_place(std::string_view site, std::string_view area) {
  std::string s(site);
  if (!site.empty() && !area.empty()) s += " \xC2\xB7 ";
  s += area;
  return s;
}

std::string format_day(int64_t day) {
  // One msgid a month, so each language orders and abbreviates as it does.
  static const char* const kMonths[] = {"%d Jan %d", "%d Feb %d", "%d Mar %d", "%d Apr %d",
                                        "%d May %d", "%d Jun %d", "%d Jul %d", "%d Aug %d",
                                        "%d Sep %d", "%d Oct %d", "%d Nov %d", "%d Dec %d"};
  const CivilDate c = civil_from_day(day);
  char buf[96];
  std::snprintf(buf, sizeof buf, tr(kMonths[c.month - 1]), c.day, c.year);
  return ui_number_text(buf);
}

std::string format_count_in(long long n, std::string_view lang) {
  const char* group = ",";
  size_t min_digits = 4;  // the shortest number that is grouped
  if (lang == "es") {
    group = ".";
    min_digits = 5;
  } else if (lang == "fr") {
    group = "\xE2\x80\xAF";  // U+202F narrow no-break space
  } else if (lang == "uk") {
    group = "\xC2\xA0";  // U+00A0 no-break space
  }
  const Digits digits_of = language_digits(lang);
  if (digits_of != Digits::latin) group = "\xD9\xAC";  // U+066C Arabic thousands separator (CLDR)
  const bool negative = n < 0;
  // Digits of |n| without overflow for LLONG_MIN.
  unsigned long long u =
      negative ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  const std::string digits = std::to_string(u);
  std::string out = negative ? "-" : "";
  if (digits.size() < min_digits) return localize_digits(out + digits, digits_of);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += group;
    out += digits[i];
  }
  return localize_digits(out, digits_of);
}

std::string format_count(long long n) {
  return format_count_in(n, language());
}

std::string format_counts(const char* translated_format, long long a, long long b, long long c) {
  const std::string x = format_count(a), y = format_count(b), z = format_count(c);
  char buf[512];
  std::snprintf(buf, sizeof buf, translated_format, x.c_str(), y.c_str(), z.c_str());
  return buf;
}

}  // namespace mutua
