#include "core/model.hpp"

#include <array>

namespace mutua {
namespace {

template <typename E, size_t N>
std::optional<E> parse_from(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 2> kKinds{"need", "offer"};
constexpr std::array<std::string_view, 4> kUrgencies{"critical", "high", "normal", "low"};
constexpr std::array<std::string_view, 9> kStatuses{"open",         "partly_met", "met",
                                                    "cancelled",    "expired",    "available",
                                                    "partly_taken", "taken",      "withdrawn"};
constexpr std::array<std::string_view, 4> kMatchStatuses{"proposed", "confirmed", "handed_over",
                                                         "cancelled"};
constexpr std::array<std::string_view, 6> kSiteKinds{"shelter", "distribution", "clinic",
                                                     "kitchen", "warehouse",    "other"};
constexpr std::array<std::string_view, 2> kRoles{"volunteer", "coordinator"};

}  // namespace

std::string_view to_string(Kind v) {
  return kKinds[static_cast<size_t>(v)];
}
std::string_view to_string(Urgency v) {
  return kUrgencies[static_cast<size_t>(v)];
}
std::string_view to_string(Status v) {
  return kStatuses[static_cast<size_t>(v)];
}
std::string_view to_string(MatchStatus v) {
  return kMatchStatuses[static_cast<size_t>(v)];
}
std::string_view to_string(SiteKind v) {
  return kSiteKinds[static_cast<size_t>(v)];
}
std::string_view to_string(Role v) {
  return kRoles[static_cast<size_t>(v)];
}
std::optional<Kind> parse_kind(std::string_view s) {
  return parse_from<Kind>(kKinds, s);
}
std::optional<Urgency> parse_urgency(std::string_view s) {
  return parse_from<Urgency>(kUrgencies, s);
}
std::optional<Status> parse_status(std::string_view s) {
  return parse_from<Status>(kStatuses, s);
}
std::optional<MatchStatus> parse_match_status(std::string_view s) {
  return parse_from<MatchStatus>(kMatchStatuses, s);
}
std::optional<SiteKind> parse_site_kind(std::string_view s) {
  return parse_from<SiteKind>(kSiteKinds, s);
}
std::optional<Role> parse_role(std::string_view s) {
  return parse_from<Role>(kRoles, s);
}

bool status_fits_kind(Status s, Kind k) {
  if (s == Status::expired) return true;
  bool need_status =
      s == Status::open || s == Status::partly_met || s == Status::met || s == Status::cancelled;
  return k == Kind::need ? need_status : !need_status;
}

Status initial_status(Kind k) {
  return k == Kind::need ? Status::open : Status::available;
}

bool is_active(Status s) {
  return s == Status::open || s == Status::partly_met || s == Status::available ||
         s == Status::partly_taken;
}

bool transition_allowed(Kind k, Status from, Status to) {
  if (!status_fits_kind(to, k) || from == to) return false;
  // Partial states are derived from handovers; nobody sets them by hand.
  if (to == Status::partly_met || to == Status::partly_taken) return false;
  // Anything may finish, and a finished entry may be reopened (mistakes happen at a busy table).
  return true;
}

const std::vector<Category>& default_categories() {
  static const std::vector<Category> categories{
      {"food", "food", "FSC"},
      {"water", "water", "WSH"},
      {"hygiene", "hygiene", "WSH"},
      {"shelter", "shelter & bedding", "SHL"},
      {"clothing", "clothing", "SHL"},
      {"health", "health & medicine", "HEA"},
      {"baby", "baby & child", "PRO-CPN"},
      {"mobility", "mobility & disability aids", "HEA"},
      {"transport", "transport & delivery", "LOG"},
      {"power", "power & phone charging", "ETC"},
      {"skills", "skills & time", "ERY"},
      {"info", "information & legal", "PRO"},
      {"pets", "pets", "AGR"},
      {"other", "other", "CCCM"},
  };
  return categories;
}

const Category* find_default_category(std::string_view id) {
  for (const auto& c : default_categories())
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace mutua
