#include "app/ui/format.hpp"

#include <cstdio>
#include <mutex>

#include "app/ui/i18n.hpp"
#include "core/model.hpp"

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
  return buf;
}

std::string format_quantity(int64_t quantity, std::string_view unit) {
  std::string s = std::to_string(quantity);
  if (!unit.empty()) {
    s += ' ';
    s += unit;
  }
  return s;
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

}  // namespace mutua
