// edit: changes an entry's fields from the command line, through the same write path (and so
// with the same history event) as the entry detail screen's Save.
#include <iostream>

#include "app/command.hpp"

namespace mutua::cli {

namespace {

std::string consent_word(bool c) {
  return c ? "yes" : "no";
}

// One changed field as the person reads it: "quantity: 3 → 5".
struct Change {
  std::string field, before, after;
};

std::vector<Change> changes_between(const Entry& a, const Entry& b) {
  std::vector<Change> out;
  auto text = [&](const char* name, const std::string& x, const std::string& y) {
    if (x != y) out.push_back({name, x, y});
  };
  text("category", a.category, b.category);
  text("item", a.item, b.item);
  if (a.quantity != b.quantity)
    out.push_back({"quantity", std::to_string(a.quantity), std::to_string(b.quantity)});
  text("unit", a.unit, b.unit);
  if (a.urgency != b.urgency)
    out.push_back(
        {"urgency", std::string(to_string(a.urgency)), std::string(to_string(b.urgency))});
  if (a.people != b.people)
    out.push_back({"people", std::to_string(a.people), std::to_string(b.people)});
  text("site", a.site, b.site);
  text("area", a.area, b.area);
  text("details", a.details, b.details);
  text("contact name", a.contact_name, b.contact_name);
  text("contact phone", a.contact_phone, b.contact_phone);
  if (a.contact_consent != b.contact_consent)
    out.push_back({"consent", consent_word(a.contact_consent), consent_word(b.contact_consent)});
  text("language", a.language, b.language);
  return out;
}

const char* const kFieldOptions[] = {
    "category", "item",    "qty",          "unit",          "urgency", "people",     "site",
    "area",     "details", "contact-name", "contact-phone", "consent", "no-consent", "language"};

int edit(Context& ctx) {
  const auto& a = ctx.args;
  const std::string& ticket = a.positional()[0];
  bool any = false;
  for (const char* o : kFieldOptions) any = any || a.has(o);
  if (!any)
    throw UsageError{"say what to change, e.g. mutua edit " + ticket +
                     " --qty 5 (see mutua edit --help)"};
  if (a.has("consent") && a.has("no-consent"))
    throw UsageError{"choose --consent or --no-consent, not both"};
  std::optional<Urgency> urgency;
  if (auto u = a.get("urgency")) {
    urgency = parse_urgency(*u);
    if (!urgency) throw UsageError{"--urgency must be critical, high, normal or low"};
  }
  auto qty = a.get_int("qty", 1, limits::max_quantity);
  auto people = a.get_int("people", 0, limits::max_people);

  auto& store = ctx.store();
  const Entry before = require_entry(store, ticket);
  if (before.kind == Kind::offer && (urgency || people))
    throw UserError{before.ticket + " is an offer: urgency and people belong to needs only"};
  if (!is_active(before.status))
    throw UserError{before.ticket + " is " + std::string(to_string(before.status)) +
                    ": only open entries can be edited"};

  Entry e = before;
  if (auto v = a.get("category")) e.category = *v;
  if (auto v = a.get("item")) e.item = *v;
  if (qty) e.quantity = *qty;
  if (auto v = a.get("unit")) e.unit = *v;
  if (urgency) e.urgency = *urgency;
  if (people) e.people = *people;
  if (auto v = a.get("site")) e.site = *v;
  if (auto v = a.get("area")) e.area = *v;
  if (auto v = a.get("details")) e.details = *v;
  if (auto v = a.get("contact-name")) e.contact_name = *v;
  if (auto v = a.get("contact-phone")) e.contact_phone = *v;
  if (a.has("consent")) e.contact_consent = true;
  if (a.has("no-consent")) e.contact_consent = false;
  if (auto v = a.get("language")) e.language = *v;

  const bool contact_touched =
      a.has("contact-name") || a.has("contact-phone") || a.has("no-consent");
  if (contact_touched && !e.contact_consent &&
      (!e.contact_name.empty() || !e.contact_phone.empty()))
    throw UserError{
        "contact details need the person's consent: add --consent once they agree, or clear them "
        "with --contact-name '' --contact-phone ''"};

  if (changes_between(before, e).empty()) {
    ctx.out << "nothing to change: " << before.ticket << " already has those values\n";
    return 0;
  }
  auto saved = store.entries().update(e);
  if (!saved) throw UserError{saved.error()};
  ctx.out << before.ticket << " updated\n";
  auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
  for (const auto& c : changes_between(before, *saved))
    ctx.out << "  " << c.field << ": " << shown(c.before) << " \u2192 " << shown(c.after) << "\n";
  return 0;
}

}  // namespace

Command edit_command() {
  return {{"edit"},
          "TICKET",
          "change fields of an open entry; prints what changed",
          {
              {"item", true, "what exactly, in a few words"},
              {"qty", true, "how many, 1 to 1,000,000"},
              {"unit", true, "unit, e.g. kg, pack, hours"},
              {"urgency", true, "critical, high, normal or low (needs only)"},
              {"people", true, "people in the household, 0 to 1,000 (needs only)"},
              {"category", true, "category id (see mutua categories)"},
              {"site", true, "site name"},
              {"area", true, "area or neighbourhood"},
              {"details", true, "longer description"},
              {"contact-name", true, "name to reach the person ('' clears it)"},
              {"contact-phone", true, "phone to reach the person ('' clears it)"},
              {"consent", false, "the person agreed that volunteers may contact them"},
              {"no-consent", false, "the person withdrew that agreement (clear the contacts too)"},
              {"language", true, "language the person prefers, e.g. uk"},
          },
          1,
          1,
          edit};
}

}  // namespace mutua::cli
