#pragma once
// The quick picks of the wizards, shared by the kiosk (app/ui/wizard_steps.cpp, as chips) and the
// phone pages (app/web/phone_pages.cpp, as answer rows): the items people ask for and offer most
// per category, and the common answers for "when". Translated through tr() on each call. No ImGui
// here; defined in app/ui/wizard_picks.cpp.
#include <string_view>
#include <vector>

namespace mutua {

// Common items for a category (translated).
std::vector<const char*> quick_picks(std::string_view category);
// Common answers for "when" (translated): a skills offer's ("Weekday mornings", ...) or a goods
// offer's ("Today", ...).
std::vector<const char*> availability_picks(bool skills);
// Offers in this category are of skills and time: they ask when, not how many.
inline bool is_skills_category(std::string_view category) {
  return category == "skills";
}

}  // namespace mutua
