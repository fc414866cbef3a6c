#pragma once
// Network-wide settings: the replicated `settings` record (id = all-zero Id).
// SettingsService::get() (core/services.hpp) reads retention and kiosk timeout; this file writes
// them and owns the categories text.
//
// Categories text: one category per line, `id|enabled|lang=Label|lang=Label...`, e.g.
//   food|1|uk=Їжа
//   pets|0
//   firewood|1|en=Firewood|uk=Дрова
// A line holds only what differs from the defaults (a default category that is enabled and not
// renamed has no line). A bare `id` line (the older format) is an enabled extra category.
// SettingsService::category_ids() takes the id before the first '|': disabled categories stay valid
// for entries that already use them; new entries pick from enabled_category_ids().
// The whole text is one last-writer-wins field: two coordinators editing categories at the same
// time on two devices keep the later edit.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;

inline constexpr int64_t kMinRetentionDays = 0, kMaxRetentionDays = 3650;
inline constexpr int64_t kMinKioskTimeoutS = 10, kMaxKioskTimeoutS = 3600;

struct CategorySetting {
  std::string id;
  bool enabled = true;
  bool is_default = false;                    // one of PRODUCT.md's default categories
  std::map<std::string, std::string> labels;  // language code -> label chosen by the group
};

std::vector<CategorySetting> parse_categories(std::string_view text);
// Writes only lines that differ from the defaults.
std::string format_categories(const std::vector<CategorySetting>& categories);

// Defaults first (in PRODUCT.md's order), then the group's own, each with its settings.
std::vector<CategorySetting> category_settings(const Store& store);
// The categories a new entry can be filed under.
std::vector<std::string> enabled_category_ids(const Store& store);

Result<Ok> set_retention_days(Store& store, int64_t days);
Result<Ok> set_kiosk_timeout_s(Store& store, int64_t seconds);
Result<Ok> set_category_enabled(Store& store, std::string_view id, bool enabled);
// An empty label removes the rename for that language.
Result<Ok> set_category_label(Store& store, std::string_view id, std::string_view lang,
                              std::string_view label);
// A new category: id of 2 to 24 lowercase letters, digits or '_', with its English label.
Result<Ok> add_category(Store& store, std::string_view id, std::string_view english_label);

// The daily contact purge: runs entries().purge_contacts(retention_days) when the last run on this
// device (local "last_purge_ms") is a day or more ago. Returns how many entries were blanked, or
// nullopt when it was not due.
inline constexpr int64_t kPurgeIntervalMs = 86'400'000;
std::optional<size_t> purge_if_due(Store& store);
// Purges now (Settings' "Purge now") and records the run.
Result<size_t> purge_now(Store& store);

// This device's site: its name goes into the device record (replicated, so the devices list
// shows where each tablet is) and the local "site_name" the home status line reads; its kind
// into the replicated `sites` record of that name (created when new).
struct SiteChoice {
  std::string name;
  SiteKind kind = SiteKind::distribution;
};
SiteChoice device_site(const Store& store);
Result<Ok> set_device_site(Store& store, std::string_view name, SiteKind kind);

// Where residents pick up what was matched for them, and this device's receipt printer: local
// values (they never leave the device), set by a coordinator in Settings or with
// `mutua ticket place`. "Ready for pickup at <site>" shows the address and hours when <site> is
// this device's site. Each is one line of at most 120 characters; empty = not set.
struct PickupPlace {
  std::string address;  // e.g. "12 Harbor Road, by the blue door"
  std::string hours;    // e.g. "Mon-Fri 9-17, Sat 10-13"
};
PickupPlace pickup_place(const Store& store);
Result<Ok> set_pickup_place(Store& store, std::string_view address, std::string_view hours);
// The receipt printer: a device path (/dev/usb/lp0), a file, or a CUPS queue name. Empty: none.
std::string ticket_printer(const Store& store);
Result<Ok> set_ticket_printer(Store& store, std::string_view printer);

}  // namespace mutua
