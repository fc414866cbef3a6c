#include "core/settings.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/store.hpp"
#include "core/utf8.hpp"

namespace mutua {

namespace {

const Id kSettingsId{};

std::string clean_label(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '|' && c != '\n' && c != '\r') out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out.erase(0, std::min(out.find_first_not_of(' '), out.size()));
  return std::string(utf8::truncate(out, 120));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    parts.push_back(
        s.substr(start, end == std::string_view::npos ? s.size() - start : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string categories_text(const Store& store) {
  if (auto row = store.replica().read_row(TableId::settings, kSettingsId))
    if (const auto* t = std::get_if<std::string>(&row->fields[settings_field::categories]))
      return *t;
  return {};
}

// Writes settings fields; the first write creates the record with the current values, so an
// untouched field never starts at 0.
Result<Ok> write_settings(Store& store, std::vector<std::pair<uint16_t, Value>> changes) {
  static const std::vector<Value> no_fixed;
  if (!store.replica().read_row(TableId::settings, kSettingsId)) {
    const Settings s = store.settings().get();
    std::vector<std::pair<uint16_t, Value>> all{
        {settings_field::retention_days, s.retention_days},
        {settings_field::kiosk_timeout_s, s.kiosk_timeout_s},
        {settings_field::categories, std::string()}};
    for (auto& [f, v] : changes)
      for (auto& [g, w] : all)
        if (f == g) w = v;
    changes = std::move(all);
  }
  try {
    auto tx = store.replica().transaction();
    auto r = store.replica().write(TableId::settings, kSettingsId, &no_fixed, changes);
    if (!r) return r;
    tx.commit();
  } catch (const std::exception& e) {
    store.replica().reload_caches();
    return fail(std::string("could not save the settings: ") + e.what());
  }
  return Ok{};
}

Result<Ok> save_categories(Store& store, const std::vector<CategorySetting>& cats) {
  const std::string text = format_categories(cats);
  if (text.size() > 16 * 1024) return fail("too many category names (16 KB at most)");
  return write_settings(store, {{settings_field::categories, text}});
}

CategorySetting* find(std::vector<CategorySetting>& cats, std::string_view id) {
  for (auto& c : cats)
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace

std::vector<CategorySetting> parse_categories(std::string_view text) {
  std::vector<CategorySetting> out;
  for (std::string_view line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto parts = split(line, '|');
    if (parts[0].empty()) continue;
    CategorySetting c;
    c.id = std::string(parts[0]);
    c.is_default = find_default_category(c.id) != nullptr;
    if (parts.size() > 1) c.enabled = parts[1] != "0";
    for (size_t i = 2; i < parts.size(); ++i) {
      const size_t eq = parts[i].find('=');
      if (eq == std::string_view::npos || eq == 0) continue;
      c.labels[std::string(parts[i].substr(0, eq))] = std::string(parts[i].substr(eq + 1));
    }
    bool seen = false;
    for (auto& o : out) seen = seen || o.id == c.id;
    if (!seen) out.push_back(std::move(c));
  }
  return out;
}

std::string format_categories(const std::vector<CategorySetting>& categories) {
  std::string text;
  for (const auto& c : categories) {
    const bool is_default = find_default_category(c.id) != nullptr;
    if (is_default && c.enabled && c.labels.empty()) continue;
    text += c.id + (c.enabled ? "|1" : "|0");
    for (const auto& [lang, label] : c.labels)
      if (!label.empty()) text += "|" + lang + "=" + clean_label(label);
    text += "\n";
  }
  return text;
}

std::vector<CategorySetting> category_settings(const Store& store) {
  std::vector<CategorySetting> out;
  for (const auto& d : default_categories()) {
    CategorySetting c;
    c.id = d.id;
    c.is_default = true;
    out.push_back(c);
  }
  for (auto& c : parse_categories(categories_text(store))) {
    if (CategorySetting* existing = find(out, c.id))
      *existing = std::move(c);
    else
      out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> enabled_category_ids(const Store& store) {
  std::vector<std::string> ids;
  for (const auto& c : category_settings(store))
    if (c.enabled) ids.push_back(c.id);
  return ids;
}

Result<Ok> set_retention_days(Store& store, int64_t days) {
  if (days < kMinRetentionDays || days > kMaxRetentionDays)
    return fail("retention must be 0 to 3650 days");
  return write_settings(store, {{settings_field::retention_days, days}});
}

Result<Ok> set_kiosk_timeout_s(Store& store, int64_t seconds) {
  if (seconds < kMinKioskTimeoutS || seconds > kMaxKioskTimeoutS)
    return fail("the kiosk timeout must be 10 to 3600 seconds");
  return write_settings(store, {{settings_field::kiosk_timeout_s, seconds}});
}

Result<Ok> set_category_enabled(Store& store, std::string_view id, bool enabled) {
  auto cats = category_settings(store);
  CategorySetting* c = find(cats, id);
  if (!c) return fail("no category '" + std::string(id) + "'");
  if (!enabled && std::count_if(cats.begin(), cats.end(), [](auto& x) { return x.enabled; }) <= 1)
    return fail("at least one category must stay enabled");
  c->enabled = enabled;
  return save_categories(store, cats);
}

Result<Ok> set_category_label(Store& store, std::string_view id, std::string_view lang,
                              std::string_view label) {
  auto cats = category_settings(store);
  CategorySetting* c = find(cats, id);
  if (!c) return fail("no category '" + std::string(id) + "'");
  if (lang.empty() || lang.size() > 8 || lang.find_first_of("|=\n") != std::string_view::npos)
    return fail("unknown language code");
  const std::string clean = clean_label(label);
  if (clean.empty())
    c->labels.erase(std::string(lang));
  else
    c->labels[std::string(lang)] = clean;
  return save_categories(store, cats);
}

Result<Ok> add_category(Store& store, std::string_view id, std::string_view english_label) {
  if (id.size() < 2 || id.size() > 24 || !std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      }))
    return fail("a category id has 2 to 24 lowercase letters, digits or _");
  auto cats = category_settings(store);
  if (find(cats, id)) return fail("category '" + std::string(id) + "' exists already");
  if (clean_label(english_label).empty()) return fail("a new category needs a label");
  CategorySetting c;
  c.id = std::string(id);
  c.labels["en"] = clean_label(english_label);
  cats.push_back(std::move(c));
  return save_categories(store, cats);
}

Result<size_t> purge_now(Store& store) {
  auto r = store.entries().purge_contacts(store.settings().get().retention_days);
  if (r) store.replica().local_set("last_purge_ms", std::to_string(store.replica().now_ms()));
  return r;
}

std::optional<size_t> purge_if_due(Store& store) {
  int64_t last = 0;
  if (auto s = store.replica().local_get("last_purge_ms")) {
    try {
      last = std::stoll(*s);
    } catch (...) {
      last = 0;
    }
  }
  if (last != 0 && store.replica().now_ms() - last < kPurgeIntervalMs &&
      store.replica().now_ms() >= last)
    return std::nullopt;
  auto r = purge_now(store);
  if (!r) return std::nullopt;
  return *r;
}

SiteChoice device_site(const Store& store) {
  SiteChoice s;
  if (auto n = store.replica().local_get("site_name"); n && !n->empty())
    s.name = *n;
  else if (auto d = store.devices().get(store.replica().device_id()))
    s.name = d->site;
  if (s.name.empty()) return s;
  store.replica().for_each_row(TableId::sites, [&](const Row& row) {
    const auto* name = std::get_if<std::string>(&row.fields[site_field::name]);
    const auto* kind = std::get_if<int64_t>(&row.fields[site_field::kind]);
    if (!name || !kind || *name != s.name) return true;
    if (*kind >= 0 && *kind <= int64_t(SiteKind::other)) s.kind = SiteKind(*kind);
    return false;
  });
  return s;
}

Result<Ok> set_device_site(Store& store, std::string_view name, SiteKind kind) {
  const std::string clean = clean_label(name);
  if (clean.empty()) return fail("a site needs a name");
  std::optional<Id> site_id;
  store.replica().for_each_row(TableId::sites, [&](const Row& row) {
    const auto* n = std::get_if<std::string>(&row.fields[site_field::name]);
    if (n && *n == clean) site_id = row.id;
    return !site_id;
  });
  static const std::vector<Value> no_fixed;
  try {
    auto tx = store.replica().transaction();
    auto r = store.replica().write(TableId::sites, site_id.value_or(Id::random()), &no_fixed,
                                   {{site_field::name, clean}, {site_field::kind, int64_t(kind)}});
    if (!r) return r;
    if (auto d = store.devices().get(store.replica().device_id())) {
      d->site = clean;
      if (auto w = store.devices().put(*d); !w) return w;
    }
    store.replica().local_set("site_name", clean);
    tx.commit();
  } catch (const std::exception& e) {
    store.replica().reload_caches();
    return fail(std::string("could not save the site: ") + e.what());
  }
  return Ok{};
}

PickupPlace pickup_place(const Store& store) {
  PickupPlace place;
  place.address = store.replica().local_get("pickup_address").value_or("");
  place.hours = store.replica().local_get("pickup_hours").value_or("");
  return place;
}

Result<Ok> set_pickup_place(Store& store, std::string_view address, std::string_view hours) {
  const std::string a = clean_label(address), h = clean_label(hours);
  try {
    store.replica().local_set("pickup_address", a);
    store.replica().local_set("pickup_hours", h);
  } catch (const std::exception& e) {
    return fail(std::string("could not save the pickup place: ") + e.what());
  }
  return Ok{};
}

std::string ticket_printer(const Store& store) {
  return store.replica().local_get("ticket_printer").value_or("");
}

Result<Ok> set_ticket_printer(Store& store, std::string_view printer) {
  const std::string p = clean_label(printer);
  if (!p.empty() && p[0] == '-') return fail("a printer name cannot start with '-'");
  try {
    store.replica().local_set("ticket_printer", p);
  } catch (const std::exception& e) {
    return fail(std::string("could not save the printer: ") + e.what());
  }
  return Ok{};
}

}  // namespace mutua
