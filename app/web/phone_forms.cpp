#include <algorithm>
#include <cstdio>

#include "app/ui/error_text.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/picks.hpp"
#include "app/ui/units.hpp"
#include "app/web/phone_pages_impl.hpp"
#include "app/web/web_html.hpp"
#include "core/digits.hpp"

namespace mutua {

using namespace phone_detail;
using web::esc;

namespace {

int64_t number_field(const std::map<std::string, std::string>& f, const std::string& name,
                     int64_t fallback, int64_t lo, int64_t hi) {
  // A phone's keyboard may type Arabic-Indic or Persian digits.
  const std::string s = normalize_digits(trimmed_answer(field(f, name)));
  if (s.empty() || s.size() > 12) return fallback;
  int64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return fallback;
    v = v * 10 + (c - '0');
  }
  return std::clamp(v, lo, hi);
}

// The units the form offers, as the kiosk's step 3 does (app/ui/units.hpp): a need's or a goods
// offer's, the category's few, the usual one first; none for a skills offer (when, not how
// many) or for "I need this" (asked in the offer's own unit).
std::vector<const char*> units_asked(Kind kind, std::string_view category, bool for_offer) {
  if (for_offer || (kind == Kind::offer && is_skills_category(category))) return {};
  return units_for_category(category);
}

// The unit sent is one of those offered (none sent: the first, as the kiosk starts with).
bool unit_offered(EntryAnswers& a, bool for_offer) {
  const auto units = units_asked(a.kind, a.category, for_offer);
  if (units.empty()) return true;
  if (a.unit.empty()) a.unit = units.front();
  return std::find(units.begin(), units.end(), a.unit) != units.end();
}

EntryAnswers answers_from(Kind kind, const std::map<std::string, std::string>& f) {
  EntryAnswers a;
  a.kind = kind;
  a.category = field(f, "category");
  // A quick pick, unless something else was typed.
  a.item = field(f, "item");
  if (trimmed_answer(a.item).empty()) a.item = field(f, "pick");
  a.quantity = number_field(f, "quantity", 1, 1, limits::max_quantity);
  a.unit = field(f, "unit").substr(0, limits::short_chars);
  if (kind == Kind::need) {
    a.people = number_field(f, "people", 1, 1, limits::max_people);
    const std::string u = field(f, "urgency");
    for (Urgency x : kUrgencies)
      if (u == urgency_key(x)) a.urgency = x;
  } else {
    a.availability = field(f, "availability");
    if (trimmed_answer(a.availability).empty()) a.availability = field(f, "when");
    if (is_skills_category(a.category)) a.quantity = 1;  // skills and time: not how many
  }
  a.by_phone = field(f, "reach") == "phone";
  if (a.by_phone) {
    a.contact_name = field(f, "name");
    a.contact_phone = field(f, "phone");
    a.consent = field(f, "consent") == "yes";
  }
  return a;
}

}  // namespace

Answer PhonePages::Impl::home() const {
  struct Choice {
    const char* href;
    const char* title;
    const char* line;
    const char* picture;
  };
  const Choice choices[] = {
      {"/need", tr("I need something"), tr("Food, water, shelter, medicine, a hand"), "tile.need"},
      {"/offer", tr("I can offer something"), tr("Goods, skills or time"), "tile.offer"},
      {"/board", tr("What's available"), tr("Open needs and offers"), "tile.board"},
      {"/check", tr("Check my ticket"), tr("See what happened to your request"), "tile.ticket"},
  };
  std::string body = "<h1>Mutua</h1><ul class=\"choices\">";
  for (const auto& c : choices)
    body += "<li><a href=\"" + std::string(c.href) + "\">" + pict(c.picture) + esc(c.title) +
            "<span>" + esc(c.line) + "</span></a></li>";
  body += "</ul>";
  return {200, frame("Mutua", body, "/")};
}

Answer PhonePages::Impl::form(Kind kind, const EntryAnswers& a, int blocked,
                              const std::string& error, const std::string& client,
                              const std::optional<Entry>& offer) const {
  const bool need = kind == Kind::need;
  const std::string path = need ? "/need" : "/offer";
  const char* title = need ? tr("I need something") : tr("I can offer something");
  std::vector<std::string> categories;
  int64_t retention_days = 30;
  {
    std::lock_guard lock(db_mutex);
    categories = store->settings().category_ids();
    retention_days = store->settings().get().retention_days;
  }
  std::string b = "<h1>" + esc(title) + "</h1>";
  if (!error.empty()) b += "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>";
  b +=
      "<form method=\"post\" action=\"" + path + "\">" + hidden("csrf", csrf.make(client, now_s()));
  const bool skills = !need && is_skills_category(a.category);
  if (offer) {
    // "I need this": what is asked for is the offer's, as on the kiosk.
    b += hidden("offer", offer->id.hex()) + hidden("category", a.category) +
         hidden("item", a.item) + "<p><strong>" + esc(tr("What")) + ":</strong> " + esc(a.item) +
         "</p>";
  } else if (a.category.empty() || blocked == 1) {
    // Step 1: category (a form that came back without one; the form's page starts from the
    // category links otherwise).
    b += "<fieldset><legend>" + esc(need ? tr("What do you need?") : tr("What can you offer?")) +
         "</legend>";
    if (blocked == 1) b += paragraph(tr("Please answer this question."), "error");
    for (const auto& id : categories)
      b += radio("category", id, category_label(id), a.category == id, true, category_pict(id));
    b += "</fieldset>";
  } else {
    b += hidden("category", a.category) + "<p>" + category_pict(a.category) + esc(tr("Category")) +
         ": <strong>" + esc(category_label(a.category)) + "</strong> <a class=\"go\" href=\"" +
         path + "\">" + esc(tr("Change")) + "</a></p>";
  }
  if (!offer) {
    // Step 2: what exactly: the kiosk's quick picks for the category, or something else.
    const auto picks = quick_picks(a.category);
    const std::string question =
        need ? tr("What exactly do you need?") : tr("What exactly can you give?");
    bool picked = false;
    if (!picks.empty()) {
      b += "<fieldset><legend>" + esc(question) + "</legend>";
      if (blocked == 2) b += paragraph(tr("Please answer this question."), "error");
      for (const char* pick : picks) {
        const bool on = trimmed_answer(a.item) == pick;
        picked = picked || on;
        b += radio("pick", pick, pick, on);
      }
      b += "</fieldset><label class=\"q\" for=\"item\">" + esc(tr("Other")) + "</label>";
    } else {
      b += "<label class=\"q\" for=\"item\">" + esc(question) + "</label>";
      if (blocked == 2) b += paragraph(tr("Please answer this question."), "error");
    }
    b += "<input type=\"text\" id=\"item\" name=\"item\"" +
         std::string(picks.empty() ? " required" : "") + " maxlength=\"" +
         std::to_string(limits::item_chars) + "\" value=\"" + esc(picked ? "" : a.item) + "\">";
  }
  // Step 3: how many, how soon / when.
  if (!skills)
    b += "<label class=\"q\" for=\"quantity\">" + esc(tr("How many?")) + "</label>" +
         "<input type=\"number\" id=\"quantity\" name=\"quantity\" min=\"1\" max=\"" +
         std::to_string(limits::max_quantity) + "\" value=\"" + std::to_string(a.quantity) + "\">";
  // The kiosk's units for the category, as answer rows (the usual one chosen unless another was).
  if (const auto units = units_asked(kind, a.category, offer.has_value()); !units.empty()) {
    b += "<fieldset><legend>" + esc(tr("Unit")) + "</legend>";
    if (blocked == 3) b += paragraph(tr("Choose one of these units."), "error");
    const bool known = std::find(units.begin(), units.end(), a.unit) != units.end();
    for (const char* key : units)
      if (const UnitInfo* u = find_unit(key))
        b += radio("unit", key, unit_word(*u, a.quantity), known ? a.unit == key : key == units[0]);
    b += "</fieldset>";
  }
  if (need) {
    b += "<fieldset><legend>" + esc(tr("How soon?")) + "</legend>";
    for (Urgency u : kUrgencies)
      b += radio("urgency", urgency_key(u), urgency_words(u), a.urgency == u, false,
                 pict(urgency_pictogram_id(u)));
    b += "</fieldset><label class=\"q\" for=\"people\">" + esc(tr("People in your household")) +
         "</label><input type=\"number\" id=\"people\" name=\"people\" min=\"1\" max=\"" +
         std::to_string(limits::max_people) + "\" value=\"" + std::to_string(a.people) + "\">";
  } else {
    // When: the kiosk's chips as answer rows, or typed (skills and time ask when only).
    b += "<fieldset><legend>" +
         esc(skills ? tr("When can you do it?") : tr("When can it be picked up?")) + "</legend>";
    bool picked = false;
    for (const char* when : availability_picks(skills)) {
      const bool on = trimmed_answer(a.availability) == when;
      picked = picked || on;
      b += radio("when", when, when, on);
    }
    b += "<input type=\"text\" id=\"availability\" name=\"availability\" aria-label=\"" +
         esc(tr("Other")) + "\" maxlength=\"" + std::to_string(limits::short_chars) +
         "\" placeholder=\"" +
         esc(skills ? tr("For example: weekday mornings") : tr("For example: today until 6 pm")) +
         "\" value=\"" + esc(picked ? "" : a.availability) + "\"></fieldset>";
  }
  // Step 4: how to reach you.
  b += "<fieldset><legend>" + esc(tr("How can someone reach you?")) + "</legend>" +
       radio("reach", "come_back", tr("I will come back to this kiosk"), !a.by_phone) +
       paragraph(tr("Nothing about you is saved. Keep your ticket code and check it here."),
                 "muted") +
       radio("reach", "phone", tr("Leave a name and phone"), a.by_phone) +
       paragraph(tr("This is optional. With a phone number, a volunteer can call you."), "muted") +
       "<label class=\"q\" for=\"name\">" + esc(tr("Your name (optional)")) +
       "</label><input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"name\" maxlength=\"" +
       std::to_string(limits::short_chars) + "\" value=\"" + esc(a.contact_name) + "\">" +
       "<label class=\"q\" for=\"phone\">" + esc(tr("Phone number")) +
       "</label><input type=\"tel\" id=\"phone\" name=\"phone\" autocomplete=\"tel\" maxlength=\"" +
       std::to_string(limits::phone_chars) + "\" value=\"" + esc(a.contact_phone) + "\">";
  char sentence[400];
  std::snprintf(sentence, sizeof sentence,
                tr("Only this group's volunteers will see your name and phone, to arrange this. "
                   "They are deleted %lld days after it is done."),
                static_cast<long long>(retention_days));
  b += "<label class=\"opt\"><input type=\"checkbox\" name=\"consent\" value=\"yes\"" +
       std::string(a.consent ? " checked" : "") + ">" + esc(sentence) + "</label>";
  if (blocked == 4)
    b += paragraph(tr("Tick the box to share them, or choose \"I will come back to this kiosk\"."),
                   "error");
  b += "</fieldset>" + button(tr("Next"), "review", "", "action.next") + "</form>";
  return {blocked ? 422 : 200, frame(title, b, path)};
}

Answer PhonePages::Impl::categories(Kind kind) const {
  const bool need = kind == Kind::need;
  const std::string path = need ? "/need" : "/offer";
  const char* title = need ? tr("I need something") : tr("I can offer something");
  std::vector<std::string> ids;
  {
    std::lock_guard lock(db_mutex);
    ids = store->settings().category_ids();
  }
  // Step 1 of the kiosk's wizard: one tap on a category opens the rest of the form, with the
  // quick picks of that category (no JavaScript needed).
  std::string b = "<h1>" + esc(title) + "</h1><h2>" +
                  esc(need ? tr("What do you need?") : tr("What can you offer?")) +
                  "</h2><ul class=\"choices\">";
  for (const auto& id : ids)
    b += "<li><a href=\"" + path + "?category=" + esc(web::url_encode(id)) + "\">" +
         category_pict(id) + esc(category_label(id)) + "</a></li>";
  b += "</ul>";
  return {200, frame(title, b, path)};
}

std::optional<Entry> PhonePages::Impl::wanted_offer(const std::string& hex) const {
  const auto id = Id::from_hex(hex);
  if (!id) return std::nullopt;
  std::lock_guard lock(db_mutex);
  auto e = store->entries().get(*id);
  if (!e || e->kind != Kind::offer || !is_active(e->status)) return std::nullopt;
  Entry kept;  // only what the form shows: never a contact field
  kept.id = e->id;
  kept.kind = e->kind;
  kept.category = e->category;
  kept.item = e->item;
  kept.unit = e->unit;
  return kept;
}

Answer PhonePages::Impl::review(Kind kind, const EntryAnswers& a, const std::string& client,
                                const std::optional<Entry>& offer) const {
  const bool need = kind == Kind::need;
  const std::string path = need ? "/need" : "/offer";
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(tr("Category"), category_label(a.category));
  rows.emplace_back(tr("What"), trimmed_answer(a.item));
  if (need || !is_skills_category(a.category))
    rows.emplace_back(tr("How many"), format_quantity(a.quantity, a.unit));
  if (need) {
    rows.emplace_back(tr("How soon"), urgency_words(a.urgency));
    rows.emplace_back(tr("People in your household"), std::to_string(a.people));
  } else {
    const std::string when = trimmed_answer(a.availability);
    rows.emplace_back(tr("When"), when.empty() ? std::string(tr("Not said")) : when);
  }
  std::string reach = tr("I will come back to this kiosk");
  if (a.by_phone && contact_given(a) && a.consent) {
    reach = trimmed_answer(a.contact_name);
    const std::string phone = trimmed_answer(a.contact_phone);
    if (!phone.empty()) reach += (reach.empty() ? "" : " \xC2\xB7 ") + phone;
  }
  rows.emplace_back(tr("How to reach you"), reach);
  std::string b = "<h1>" + esc(tr("Is this right?")) + "</h1><dl>";
  for (const auto& [label, value] : rows)
    b += "<dt>" + esc(label) + "</dt><dd>" + esc(value) + "</dd>";
  b += "</dl><form method=\"post\" action=\"" + path + "\">" +
       hidden("csrf", csrf.make(client, now_s())) + hidden("category", a.category) +
       hidden("item", a.item) + hidden("quantity", std::to_string(a.quantity)) +
       hidden("unit", a.unit) + (offer ? hidden("offer", offer->id.hex()) : std::string());
  if (need)
    b += hidden("urgency", urgency_key(a.urgency)) + hidden("people", std::to_string(a.people));
  else
    b += hidden("availability", a.availability);
  b += hidden("reach", a.by_phone ? "phone" : "come_back");
  if (a.by_phone)
    b += hidden("name", a.contact_name) + hidden("phone", a.contact_phone) +
         (a.consent ? hidden("consent", "yes") : "");
  b += button(need ? tr("Post my need") : tr("Post my offer"), "post", "", "action.post") +
       button(tr("Change"), "change", "plain", "action.back") + "</form>";
  return {200, frame(tr("Is this right?"), b, path)};
}

Answer PhonePages::Impl::post_form(Kind kind, const std::string& body, const std::string& client) {
  const auto f = form_fields(body);
  if (!csrf.valid(field(f, "csrf"), client, now_s()))
    return message(403, kind == Kind::need ? tr("I need something") : tr("I can offer something"),
                   tr("This form has expired. Please fill it in again."));
  EntryAnswers a = answers_from(kind, f);
  // "I need this": the offer must still be open; its category and item are the need's.
  std::optional<Entry> offer;
  if (kind == Kind::need && !field(f, "offer").empty()) {
    offer = wanted_offer(field(f, "offer"));
    if (!offer) return message(404, tr("I need something"), tr("This offer is no longer here."));
    a.category = offer->category;
    a.item = offer->item;
    a.unit = offer->unit;
  }
  const std::string action = field(f, "action");
  int blocked = blocked_step(a);
  if (!blocked && !unit_offered(a, offer.has_value())) blocked = 3;
  if (action == "change" || blocked) return form(kind, a, blocked, "", client, offer);
  if (action != "post") return review(kind, a, client, offer);
  if (!posts->allow(client, Clock::now()))
    return message(429, tr("Please wait"),
                   tr("You have posted a lot in a short time. Please wait a few minutes and try "
                      "again, or ask a volunteer."));
  auto added = [&] {
    std::lock_guard lock(db_mutex);
    return post_entry(*store, a, language(),
                      offer ? std::optional<Id>(offer->id) : std::optional<Id>());
  }();
  if (!added) return form(kind, a, 0, screen_error(added), client, offer);
  Answer moved;
  moved.status = 303;
  moved.location = "/ticket/" + web::url_encode(added->ticket) +
                   (added->contact_consent && !added->contact_phone.empty() ? "?called=1" : "");
  return moved;
}

}  // namespace mutua
