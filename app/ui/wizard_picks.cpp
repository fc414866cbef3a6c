// Quick picks of the wizards and the phone pages (app/ui/picks.hpp): the items people ask for and
// offer most, per category, so most of them never need the keyboard. Built on each call, through
// tr(), so they follow the language and the catalogue check finds every one.
#include "app/ui/i18n.hpp"
#include "app/ui/picks.hpp"

namespace mutua {

std::vector<const char*> quick_picks(std::string_view c) {
  if (c == "food")
    return {tr("Rice"),        tr("Bread"),    tr("Tinned food"),
            tr("Cooking oil"), tr("Hot meal"), tr("Fruit and vegetables")};
  if (c == "water")
    return {tr("Drinking water"), tr("Water containers"), tr("Water purification tablets")};
  if (c == "hygiene")
    return {tr("Soap"), tr("Toothbrush and toothpaste"), tr("Sanitary pads"), tr("Toilet paper"),
            tr("Towels")};
  if (c == "shelter")
    return {tr("Blankets"), tr("Sleeping bag"), tr("Mattress"),
            tr("Tent"),     tr("Tarpaulin"),    tr("Pillow")};
  if (c == "clothing")
    return {tr("Warm jacket"), tr("Shoes"),     tr("Socks"),
            tr("Underwear"),   tr("Rain coat"), tr("Children's clothes")};
  if (c == "health")
    return {tr("Painkillers"), tr("First aid kit"), tr("Prescription medicine"), tr("Glasses"),
            tr("See a nurse")};
  if (c == "baby")
    return {tr("Nappies"), tr("Baby formula"), tr("Baby food"), tr("Pram"), tr("Baby clothes")};
  if (c == "mobility")
    return {tr("Wheelchair"), tr("Walking frame"), tr("Crutches"), tr("Hearing aid batteries")};
  if (c == "transport")
    return {tr("Lift to the clinic"), tr("Lift to the shelter"), tr("Help moving things"),
            tr("Delivery")};
  if (c == "power") return {tr("Phone charging"), tr("Power bank"), tr("Batteries"), tr("Torch")};
  if (c == "skills")
    return {tr("Translation"), tr("Childcare"),   tr("Cooking"),
            tr("Repairs"),     tr("Cleaning up"), tr("Lifts in my car")};
  if (c == "info")
    return {tr("Help with forms"), tr("Legal advice"), tr("Finding family"),
            tr("Replacing documents")};
  if (c == "pets") return {tr("Pet food"), tr("Lead"), tr("Cat litter"), tr("Pet carrier")};
  return {};
}

std::vector<const char*> availability_picks(bool skills) {
  if (skills)
    return {tr("Weekday mornings"), tr("Weekday evenings"), tr("Weekends"), tr("Any time")};
  return {tr("Today"), tr("This week"), tr("Mornings"), tr("Evenings"), tr("Any time")};
}

}  // namespace mutua
