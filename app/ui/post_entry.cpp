#include "app/ui/post_entry.hpp"

#include "app/ui/i18n.hpp"
#include "app/ui/site_status.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {
constexpr std::string_view kAvailablePrefix = "Available: ";
}  // namespace

std::string trimmed_answer(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool contact_given(const EntryAnswers& a) {
  return !trimmed_answer(a.contact_name).empty() || !trimmed_answer(a.contact_phone).empty();
}

bool step_answered(const EntryAnswers& a, int step) {
  switch (step) {
    case 1:
      return !a.category.empty();
    case 2:
      return !trimmed_answer(a.item).empty();
    case 4:
      return !a.by_phone || !contact_given(a) || a.consent;
    default:
      return true;
  }
}

int blocked_step(const EntryAnswers& a) {
  for (int step : {1, 2, 4})
    if (!step_answered(a, step)) return step;
  return 0;
}

Entry entry_from_answers(const EntryAnswers& a) {
  Entry e;
  e.kind = a.kind;
  e.category = a.category;
  e.item = trimmed_answer(a.item);
  e.quantity = a.quantity;
  e.unit = a.unit;
  if (a.kind == Kind::need) {
    e.urgency = a.urgency;
    e.people = a.people;
  } else {
    e.details = availability_details(trimmed_answer(a.availability));
  }
  if (a.by_phone && a.consent && contact_given(a)) {
    e.contact_name = trimmed_answer(a.contact_name);
    e.contact_phone = trimmed_answer(a.contact_phone);
    e.contact_consent = true;
  }
  return e;
}

Result<Entry> post_entry(Store& store, const EntryAnswers& a, const std::string& language,
                         const std::optional<Id>& for_offer) {
  Entry e = entry_from_answers(a);
  e.site = this_site_name(store);
  e.language = language;
  auto tx = store.replica().transaction();
  auto added = store.entries().add(e);
  if (!added) return added.error_value();
  if (for_offer) {
    auto m = store.matches().add(added->id, *for_offer, a.quantity, MatchStatus::proposed);
    if (!m) return m.error_value();
  }
  tx.commit();
  return added;
}

std::string availability_details(std::string_view availability) {
  if (availability.empty()) return {};
  return std::string(kAvailablePrefix) + std::string(availability);
}

std::string availability_from_details(std::string_view details) {
  // One line among others, so details may also hold other text.
  size_t at = 0;
  while (at <= details.size()) {
    size_t end = details.find('\n', at);
    if (end == std::string_view::npos) end = details.size();
    const std::string_view line = details.substr(at, end - at);
    if (line.substr(0, kAvailablePrefix.size()) == kAvailablePrefix)
      return std::string(line.substr(kAvailablePrefix.size()));
    at = end + 1;
  }
  return {};
}

const char* urgency_words(Urgency u) {
  switch (u) {
    case Urgency::critical:
      return tr("Right now");
    case Urgency::high:
      return tr("Today");
    case Urgency::normal:
      return tr("This week");
    case Urgency::low:
      return tr("No rush");
  }
  return "";
}

const char* urgency_pictogram_id(Urgency u) {
  switch (u) {
    case Urgency::critical:
      return "urgency.critical";
    case Urgency::high:
      return "urgency.high";
    case Urgency::normal:
      return "urgency.normal";
    case Urgency::low:
      return "urgency.low";
  }
  return "";
}

}  // namespace mutua
