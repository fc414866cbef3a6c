#pragma once
// The domain records of PRODUCT.md section 3.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"

namespace mutua {

enum class Kind : uint8_t { need = 0, offer = 1 };
// Ordered by priority: critical sorts first.
enum class Urgency : uint8_t { critical = 0, high = 1, normal = 2, low = 3 };
enum class Status : uint8_t {
  open = 0,
  partly_met,
  met,
  cancelled,
  expired,  // needs
  available,
  partly_taken,
  taken,
  withdrawn,  // offers (expired is shared)
};
enum class MatchStatus : uint8_t { proposed = 0, confirmed, handed_over, cancelled };
enum class SiteKind : uint8_t { shelter = 0, distribution, clinic, kitchen, warehouse, other };
enum class Role : uint8_t { volunteer = 0, coordinator };

std::string_view to_string(Kind);
std::string_view to_string(Urgency);
std::string_view to_string(Status);
std::string_view to_string(MatchStatus);
std::string_view to_string(SiteKind);
std::string_view to_string(Role);
std::optional<Kind> parse_kind(std::string_view);
std::optional<Urgency> parse_urgency(std::string_view);
std::optional<Status> parse_status(std::string_view);
std::optional<MatchStatus> parse_match_status(std::string_view);
std::optional<SiteKind> parse_site_kind(std::string_view);
std::optional<Role> parse_role(std::string_view);

// The statuses an entry of this kind may have, and the one it starts with.
bool status_fits_kind(Status, Kind);
Status initial_status(Kind);
// Still waiting for a match: open/partly_met needs, available/partly_taken offers.
bool is_active(Status);
// Whether a person may move an entry from one status to another by hand.
bool transition_allowed(Kind, Status from, Status to);

struct Category {
  std::string id;       // used by the CLI, CSV and bundles
  std::string label;    // English label; translations live in assets/i18n
  std::string cluster;  // humanitarian cluster code for export
};
const std::vector<Category>& default_categories();
const Category* find_default_category(std::string_view id);

struct Entry {
  Id id;
  std::string ticket;
  Kind kind = Kind::need;
  std::string category;
  std::string item;
  std::string details;
  int64_t quantity = 1;
  std::string unit;
  Urgency urgency = Urgency::normal;  // needs only; offers keep normal
  int64_t people = 0;                 // needs only; 0 = not given
  std::string site;
  std::string area;
  std::string contact_name;
  std::string contact_phone;
  bool contact_consent = false;
  std::string language;
  Status status = Status::open;
  int64_t created_at = 0;  // ms since epoch
  int64_t expires_at = 0;  // ms since epoch, 0 = never
  int64_t updated_at = 0;  // ms since epoch, derived from the newest field version
  Id created_by;
};

// A quantity of 0 is no count anyone wrote (every write and import keeps it from 1 to
// 1,000,000): the field waits for the value another device's bundle brings. A take-back left it
// so, or a delta made for another device brought the record without it (docs/security.md, "A
// field waiting for its value").
inline bool quantity_waiting(const Entry& e) {
  return e.quantity == 0;
}

struct Match {
  Id id;
  Id need;
  Id offer;
  int64_t quantity = 1;
  MatchStatus status = MatchStatus::proposed;
  int64_t created_at = 0;
  Id created_by;
};

// Insert-only: fulfilled quantities are derived from these, never kept in a shared counter.
struct Handover {
  Id id;
  Id match;
  int64_t quantity = 1;
  int64_t created_at = 0;
  Id created_by;
  Id undoes;  // non-zero for a compensating record that undoes another handover
};

struct Site {
  Id id;
  std::string name;
  SiteKind kind = SiteKind::shelter;
  std::string area;
};

struct Device {
  Id id;
  std::string name;
  std::string ticket_prefix;
  std::string public_key;  // raw Ed25519 public key bytes, may be empty until known
  std::string site;
  bool revoked = false;
  // While revoked: 1 + the last sequence number of this device the revoker had accepted (its
  // records after it are refused everywhere); 0: no cut-off known (core/revocation.hpp).
  uint64_t revoked_cutoff = 0;
};

struct Volunteer {
  Id id;
  std::string name;
  Role role = Role::volunteer;
  std::string pin_hash;
  std::string site;
};

struct Settings {
  int64_t retention_days = 30;
  int64_t kiosk_timeout_s = 60;
};

// Limits every input is checked against (PRODUCT.md section 8).
namespace limits {
inline constexpr size_t item_chars = 120;
inline constexpr size_t details_chars = 2000;
inline constexpr size_t short_chars = 80;  // unit, site, area, names, category ids
inline constexpr size_t phone_chars = 32;
inline constexpr size_t language_chars = 16;
inline constexpr int64_t max_quantity = 1'000'000;
inline constexpr int64_t max_people = 1'000;
}  // namespace limits

}  // namespace mutua
