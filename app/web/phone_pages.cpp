#include "app/web/phone_pages.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include <sys/socket.h>

#include "app/ui/check_ticket.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/picks.hpp"
#include "app/ui/post_entry.hpp"
#include "app/web/web_guard.hpp"
#include "app/web/web_html.hpp"
#include "core/digits.hpp"
#include "core/item_words.hpp"
#include "core/pictogram.hpp"
#include "core/store.hpp"
#include "sync/bounded_http.hpp"

namespace mutua {

namespace web {

std::string catalogue_for_tag(std::string_view primary) {
  // Dari (prs: what Afghan phones send, often as prs-AF) and Iranian Persian (pes), and Persian's
  // three-letter codes (fas, per) all read the Persian catalogue, fa, written in Dari here.
  for (std::string_view persian : {"prs", "pes", "fas", "per"})
    if (primary == persian) return "fa";
  if (primary == "ara") return "ar";
  return std::string(primary);
}

std::string pick_language(std::string_view accept, std::string_view cookie) {
  auto known = [](std::string_view code) {
    for (const auto& l : ui_languages())
      if (code == l.code) return true;
    return false;
  };
  // Cookie: "a=b; mutua_lang=es"
  for (size_t at = 0; at < cookie.size();) {
    size_t end = cookie.find(';', at);
    if (end == std::string_view::npos) end = cookie.size();
    std::string_view part = cookie.substr(at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.substr(0, 11) == "mutua_lang=" && known(part.substr(11)))
      return std::string(part.substr(11));
    at = end + 1;
  }
  // Accept-Language: "uk-UA,uk;q=0.9,en;q=0.5"; the first of the highest q wins.
  std::string best = "en";
  double best_q = -1;
  size_t tags = 0;
  for (size_t at = 0; at < accept.size() && tags < 32; ++tags) {
    size_t end = accept.find(',', at);
    if (end == std::string_view::npos) end = accept.size();
    std::string_view part = accept.substr(at, end - at);
    at = end + 1;
    double q = 1.0;
    if (const auto semi = part.find(';'); semi != std::string_view::npos) {
      std::string_view p = part.substr(semi + 1);
      part = part.substr(0, semi);
      while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
      if (p.substr(0, 2) == "q=") {
        try {
          q = std::stod(std::string(p.substr(2, 8)));
        } catch (...) {
          q = 0;
        }
      }
    }
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    std::string primary(part.substr(0, part.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    primary = catalogue_for_tag(primary);
    if (known(primary) && q > 0 && q > best_q) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

}  // namespace web

namespace {

using Clock = std::chrono::steady_clock;
using web::esc;

const char* urgency_key(Urgency u) {
  switch (u) {
    case Urgency::critical:
      return "critical";
    case Urgency::high:
      return "high";
    case Urgency::normal:
      return "normal";
    case Urgency::low:
      return "low";
  }
  return "normal";
}

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Fields of an application/x-www-form-urlencoded body (or query), first value of each name.
std::map<std::string, std::string> form_fields(std::string_view body) {
  std::map<std::string, std::string> out;
  for (size_t at = 0, n = 0; at <= body.size() && n < 64; ++n) {
    size_t end = body.find('&', at);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(at, end - at);
    at = end + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name = web::url_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : web::url_decode(pair.substr(eq + 1));
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

std::string field(const std::map<std::string, std::string>& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

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

EntryAnswers answers_from(Kind kind, const std::map<std::string, std::string>& f) {
  EntryAnswers a;
  a.kind = kind;
  a.category = field(f, "category");
  // A quick pick, unless something else was typed.
  a.item = field(f, "item");
  if (trimmed_answer(a.item).empty()) a.item = field(f, "pick");
  a.quantity = number_field(f, "quantity", 1, 1, limits::max_quantity);
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

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
}

// The pictogram of `id` (core/pictogram.hpp) as inline SVG, aria-hidden: the words beside it
// say what it means. Empty for an unknown id.
std::string pict(std::string_view id) {
  const Pictogram* p = find_pictogram(id);
  return p ? pictogram_svg(*p, 28) : std::string();
}

std::string category_pict(std::string_view category) {
  return pictogram_svg(category_pictogram(category), 28);
}

std::string radio(std::string_view name, std::string_view value, std::string_view label,
                  bool checked, bool required = false, const std::string& picture = "") {
  return "<label class=\"opt\"><input type=\"radio\" name=\"" + esc(name) + "\" value=\"" +
         esc(value) + "\"" + (checked ? " checked" : "") + (required ? " required" : "") + ">" +
         picture + esc(label) + "</label>";
}

std::string paragraph(std::string_view text, std::string_view cls = "") {
  return cls.empty() ? "<p>" + esc(text) + "</p>"
                     : "<p class=\"" + esc(cls) + "\">" + esc(text) + "</p>";
}

// A ticket's status: its pictogram (a shape of its own, never colour alone) and the sentence.
std::string status_paragraph(TicketAnswer answer, const std::string& site, std::string_view cls) {
  return "<p class=\"status" + std::string(cls.empty() ? "" : " ") + esc(cls) + "\">" +
         pict(answer_pictogram_id(answer)) + esc(ticket_answer_text(answer, site)) + "</p>";
}

std::string button(std::string_view label, std::string_view value = "", std::string_view cls = "",
                   std::string_view picture = "") {
  std::string b = "<button type=\"submit\"";
  if (!value.empty()) b += " name=\"action\" value=\"" + esc(value) + "\"";
  if (!cls.empty()) b += " class=\"" + esc(cls) + "\"";
  return b + ">" + pict(picture) + esc(label) + "</button>";
}

struct Answer {
  Answer() = default;
  Answer(int s, std::string h) : status(s), html(std::move(h)) {}
  int status = 200;
  std::string html;
  std::string location;  // a 303 to here when set
  std::string cookie;    // Set-Cookie when set
};

}  // namespace

struct PhonePages::Impl {
  PhoneLimits limits;
  std::string bind;
  uint16_t port = 0;
  HttpBounds bounds;
  std::unique_ptr<httplib::Server> http;
  int listen_fd = -1;
  std::thread listener;
  mutable std::mutex db_mutex;  // the one database connection, one request at a time
  std::unique_ptr<Store> store;
  web::CsrfTokens csrf;
  std::unique_ptr<web::PostLimit> posts;
  struct Window {
    Clock::time_point start;
    size_t count = 0;
  };
  std::mutex requests_mutex;
  std::map<std::string, Window> requests;  // per address, this minute

  // Board pages as last answered, by language and query, while the database holds what they were
  // built from (Store::data_stamp, checked under db_mutex before each answer): every phone on
  // the Wi-Fi reads the same few boards, and building one reads hundreds of rows. Emptied when
  // the data changes; at most kBoardPages kept, so queries people type cannot grow it.
  static constexpr size_t kBoardPages = 64;
  std::mutex board_mutex;
  Store::DataStamp board_stamp;
  std::map<std::string, Answer, std::less<>> board_pages;
  std::atomic<uint64_t> board_hits{0};
  Answer cached_board(const std::map<std::string, std::string>& q);

  bool serves(std::string_view address) const {
    return limits.serves ? limits.serves(address) : web::is_private_address(address);
  }
  void routes();
  void stop() noexcept;

  // --- pages (called with the request's LanguageScope in force) -----------------------------
  std::string frame(std::string_view title, std::string_view body, std::string_view back) const;
  Answer home() const;
  Answer categories(Kind kind) const;
  Answer form(Kind kind, const EntryAnswers& a, int blocked, const std::string& error,
              const std::string& client, const std::optional<Entry>& offer = {}) const;
  Answer review(Kind kind, const EntryAnswers& a, const std::string& client,
                const std::optional<Entry>& offer) const;
  // The open offer an "I need this" asks for (the `offer` field: its id), or none.
  std::optional<Entry> wanted_offer(const std::string& id) const;
  Answer ticket(const std::string& code, bool called) const;
  Answer check(const std::string& code) const;
  Answer board(const std::map<std::string, std::string>& q) const;
  Answer message(int status, std::string_view title, std::string_view text) const;
  Answer post_form(Kind kind, const std::string& body, const std::string& client);
};

std::string PhonePages::Impl::frame(std::string_view title, std::string_view body,
                                    std::string_view back) const {
  std::vector<web::PickerLanguage> langs;
  for (const auto& l : ui_languages()) langs.push_back({l.code, l.native_name});
  return web::page(language(), title, body, back, langs, tr("Home"), tr("Language"));
}

Answer PhonePages::Impl::message(int status, std::string_view title, std::string_view text) const {
  std::string body = "<h1>" + esc(title) + "</h1>" + paragraph(text, "notice") +
                     "<p><a class=\"go\" href=\"/\">" + esc(tr("Home")) + "</a></p>";
  return {status, frame(title, body, "/")};
}

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
    rows.emplace_back(tr("How many"), format_count(a.quantity));
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
       (offer ? hidden("offer", offer->id.hex()) : std::string());
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

Answer PhonePages::Impl::ticket(const std::string& code, bool called) const {
  std::optional<Kind> kind;
  TicketAnswer answer = TicketAnswer::unknown;
  std::string site;
  {
    std::lock_guard lock(db_mutex);
    if (auto e = store->entries().by_ticket(code)) kind = e->kind;  // nothing else of it is used
    if (kind) answer = look_up_ticket(*store, code, &site);
  }
  if (!kind)
    return message(404, tr("Check my ticket"), ticket_answer_text(TicketAnswer::unknown, ""));
  std::string b = "<h1>" + esc(tr("Your ticket number")) + "</h1><p class=\"code\">" + esc(code) +
                  "</p>" + paragraph(tr("Write this code down."), "notice") +
                  paragraph(tr("Save this page, or take a screenshot: it keeps your code.")) +
                  "<h2>" + esc(tr("What happens next")) + "</h2>";
  b += paragraph(*kind == Kind::need
                     ? tr("A volunteer looks for someone who can help. Come back to this kiosk "
                          "and tap \"Check my ticket\" to see what has happened.")
                     : tr("A volunteer will match your offer with someone who needs it. Tap "
                          "\"Check my ticket\" here to see what has happened."));
  if (called) b += paragraph(tr("A volunteer may also call you."));
  b += "<h2>" + esc(tr("Check my ticket")) + "</h2>" + status_paragraph(answer, site, "") +
       "<p><a class=\"go\" href=\"/\">" + pict("action.confirm") + esc(tr("Done")) + "</a></p>";
  return {200, frame(tr("Your ticket"), b, "/ticket/" + code + (called ? "?called=1" : ""))};
}

Answer PhonePages::Impl::check(const std::string& raw) const {
  std::string code = trimmed_answer(raw).substr(0, 16);
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string b = "<h1>" + esc(tr("Check my ticket")) + "</h1>";
  if (!code.empty()) {
    TicketAnswer answer;
    std::string site;
    {
      std::lock_guard lock(db_mutex);
      answer = look_up_ticket(*store, code, &site);
    }
    b += "<p class=\"code\">" + esc(code) + "</p>" + status_paragraph(answer, site, "notice");
  }
  b += "<form method=\"get\" action=\"/check\"><label class=\"q\" for=\"code\">" +
       esc(tr("Type the code on your ticket.")) +
       "</label><input type=\"text\" id=\"code\" name=\"code\" required maxlength=\"16\" "
       "autocapitalize=\"characters\" autocomplete=\"off\" value=\"\">" +
       button(tr("Check"), "", "", "action.search") + "</form>";
  return {200, frame(tr("Check my ticket"), b, "/check")};
}

Answer PhonePages::Impl::board(const std::map<std::string, std::string>& q) const {
  const Kind kind = field(q, "kind") == "offer" ? Kind::offer : Kind::need;
  std::string cat = field(q, "cat");
  const std::string search = trimmed_answer(field(q, "q")).substr(0, limits::item_chars);
  std::vector<std::string> categories;
  int64_t counts[2] = {0, 0};
  std::vector<Entry> shown;
  bool more = false;
  {
    std::lock_guard lock(db_mutex);
    categories = store->settings().category_ids();
    if (std::find(categories.begin(), categories.end(), cat) == categories.end()) cat.clear();
    auto query = [&](Kind k) {
      EntryQuery e;
      e.kind = k;
      e.active_only = true;
      if (!cat.empty()) e.category = cat;
      return e;
    };
    counts[0] = store->entries().count(query(Kind::need));
    counts[1] = store->entries().count(query(Kind::offer));
    // Pages of the list, filtered by the search words: bounded in pages read.
    std::vector<std::string> words;
    for (size_t at = 0; at < search.size() && words.size() < 8;) {
      size_t end = search.find(' ', at);
      if (end == std::string::npos) end = search.size();
      if (end > at) words.push_back(fold_word(search.substr(at, end - at)));
      at = end + 1;
    }
    std::optional<PageCursor> after;
    for (int page = 0; page < 20 && !more; ++page) {
      EntryPage p = store->entries().list(query(kind), 100, after);
      for (Entry& e : p.entries) {
        const std::string item = fold_word(e.item);
        bool hit = true;
        for (const auto& w : words) hit = hit && item.find(w) != std::string::npos;
        if (!hit) continue;
        if (shown.size() == limits.board_rows) {
          more = true;
          break;
        }
        Entry kept;      // only what the board shows: never a contact field
        kept.id = e.id;  // an offer's "I need this" link
        kept.kind = e.kind;
        kept.category = e.category;
        kept.item = e.item;
        kept.quantity = e.quantity;
        kept.unit = e.unit;
        kept.urgency = e.urgency;
        kept.site = e.site;
        kept.area = e.area;
        kept.details = availability_from_details(e.details);
        shown.push_back(std::move(kept));
      }
      if (!p.next) break;
      after = p.next;
    }
  }
  auto link = [&](Kind k, std::string_view c) {
    std::string h = std::string("/board?kind=") + (k == Kind::need ? "need" : "offer");
    if (!c.empty()) h += "&cat=" + web::url_encode(c);
    if (!search.empty()) h += "&q=" + web::url_encode(search);
    return h;
  };
  std::string b = "<h1>" + esc(tr("What's available")) + "</h1><p class=\"tabs\">";
  for (Kind k : {Kind::need, Kind::offer}) {
    b += "<a href=\"" + esc(link(k, cat)) + "\"" + (k == kind ? " aria-current=\"page\"" : "") +
         ">" + esc(k == Kind::need ? tr("Needs") : tr("Offers")) + " (" +
         std::to_string(counts[k == Kind::need ? 0 : 1]) + ")</a>";
  }
  b += "</p><form method=\"get\" action=\"/board\">" +
       hidden("kind", kind == Kind::need ? "need" : "offer") + "<label class=\"q\" for=\"cat\">" +
       esc(tr("Category")) + "</label><select id=\"cat\" name=\"cat\"><option value=\"\">" +
       esc(tr("All")) + "</option>";
  for (const auto& id : categories)
    b += "<option value=\"" + esc(id) + "\"" + (id == cat ? " selected" : "") + ">" +
         esc(category_label(id)) + "</option>";
  b += "</select><label class=\"q\" for=\"q\">" + esc(tr("Search")) +
       "</label><input type=\"search\" id=\"q\" name=\"q\" maxlength=\"" +
       std::to_string(limits::item_chars) + "\" value=\"" + esc(search) + "\">" +
       button(tr("Search"), "", "", "action.search") + "</form>";
  if (shown.empty()) {
    b += paragraph(kind == Kind::need ? tr("No open needs here right now.")
                                      : tr("No open offers here right now."),
                   "notice");
  } else {
    // Each category's pictogram once, as a <symbol>; each row <use>s it (40 rows stay small).
    std::vector<std::string_view> used;
    for (const Entry& e : shown) {
      const std::string_view id = category_pictogram(e.category).id;
      if (std::find(used.begin(), used.end(), id) == used.end()) used.push_back(id);
    }
    b += "<svg class=\"defs\" aria-hidden=\"true\" focusable=\"false\">";
    for (size_t i = 0; i < used.size(); ++i)
      b += "<symbol id=\"pc-" + std::to_string(i) + "\" viewBox=\"-1 -1 2 2\">" +
           pictogram_svg_shapes(*find_pictogram(used[i])) + "</symbol>";
    b += "</svg><ul class=\"list\">";
    for (const Entry& e : shown) {
      const size_t sym = size_t(
          std::find(used.begin(), used.end(), category_pictogram(e.category).id) - used.begin());
      b += "<li><svg class=\"pict\" viewBox=\"-1 -1 2 2\" width=\"28\" height=\"28\" "
           "aria-hidden=\"true\" focusable=\"false\"><use href=\"#pc-" +
           std::to_string(sym) + "\"/></svg><strong>" + esc(e.item) +
           "</strong><br><span class=\"muted\">" + esc(category_label(e.category)) + " \xC2\xB7 " +
           esc(format_quantity(e.quantity, e.unit));
      if (e.kind == Kind::need && (e.urgency == Urgency::critical || e.urgency == Urgency::high))
        b += " \xC2\xB7 " + esc(e.urgency == Urgency::critical ? tr("Urgent") : tr("Soon"));
      const std::string place = format_place(e.site, e.area);
      if (!place.empty()) b += " \xC2\xB7 " + esc(place);
      if (!e.details.empty()) b += " \xC2\xB7 " + esc(e.details);
      b += "</span>";
      if (e.kind == Kind::offer)
        b += "<br><a class=\"go\" href=\"/need?offer=" + e.id.hex() + "\">" +
             esc(tr("I need this")) + "</a>";
      b += "</li>";
    }
    b += "</ul>";
    if (more) b += paragraph(tr("Try \"All\" to see every category."), "muted");
  }
  return {200, frame(tr("What's available"), b, link(kind, cat))};
}

Answer PhonePages::Impl::cached_board(const std::map<std::string, std::string>& q) {
  std::string key = language();
  for (const auto& [name, value] : q) key += '\n' + name + '=' + value;
  Store::DataStamp stamp;
  {
    std::lock_guard lock(db_mutex);
    stamp = store->data_stamp();
  }
  {
    std::lock_guard lock(board_mutex);
    if (board_stamp == stamp)
      if (auto it = board_pages.find(key); it != board_pages.end()) {
        ++board_hits;
        return it->second;
      }
  }
  // Built after the stamp was read: it holds at least what the stamp stands for, so keeping it
  // under that stamp never serves older data than a reader would have read.
  Answer a = board(q);
  std::lock_guard lock(board_mutex);
  if (!(board_stamp == stamp)) {
    board_pages.clear();
    board_stamp = stamp;
  }
  if (board_pages.size() < kBoardPages) board_pages.emplace(std::move(key), a);
  return a;
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
  }
  const std::string action = field(f, "action");
  const int blocked = blocked_step(a);
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
  if (!added) return form(kind, a, 0, added.error(), client, offer);
  Answer moved;
  moved.status = 303;
  moved.location = "/ticket/" + web::url_encode(added->ticket) +
                   (added->contact_consent && !added->contact_phone.empty() ? "?called=1" : "");
  return moved;
}

void PhonePages::Impl::routes() {
  auto& svr = *http;
  auto language_of = [](const httplib::Request& req) {
    return web::pick_language(req.get_header_value("Accept-Language"),
                              req.get_header_value("Cookie"));
  };
  auto send = [](httplib::Response& res, Answer a) {
    res.status = a.status;
    res.set_header("Content-Security-Policy", web::content_security_policy());
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Cache-Control", "no-store");
    if (!a.cookie.empty()) res.set_header("Set-Cookie", a.cookie);
    if (!a.location.empty()) {
      res.set_header("Location", a.location);
      res.set_content("", "text/plain");
      return;
    }
    res.set_content(std::move(a.html), "text/html; charset=utf-8");
  };

  // Who may ask, and how often, before anything else is looked at.
  svr.set_pre_routing_handler([this, send, language_of](const httplib::Request& req,
                                                        httplib::Response& res) {
    if (!serves(req.remote_addr)) {
      LanguageScope scope(language_of(req));
      send(res, message(403, tr("Not available"),
                        tr("This page is only for phones on this site's Wi-Fi.")));
      return httplib::Server::HandlerResponse::Handled;
    }
    bool over = false;
    {
      std::lock_guard lock(requests_mutex);
      const auto now = Clock::now();
      if (requests.size() > 4096)
        for (auto it = requests.begin(); it != requests.end();)
          it =
              now - it->second.start > std::chrono::minutes(1) ? requests.erase(it) : std::next(it);
      auto& w = requests[req.remote_addr];
      if (now - w.start > std::chrono::minutes(1)) w = Window{now, 0};
      over = ++w.count > limits.http.requests_per_minute;
    }
    if (over) {
      LanguageScope scope(language_of(req));
      send(res, message(429, tr("Please wait"),
                        tr("You have posted a lot in a short time. Please wait a few minutes and "
                           "try again, or ask a volunteer.")));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto get = [&](const std::string& pattern, auto fn) {
    svr.Get(pattern,
            [this, send, language_of, fn](const httplib::Request& req, httplib::Response& res) {
              LanguageScope scope(language_of(req));
              send(res, fn(req));
            });
  };
  get("/", [this](const httplib::Request&) { return home(); });
  for (Kind kind : {Kind::need, Kind::offer}) {
    const std::string path = kind == Kind::need ? "/need" : "/offer";
    get(path, [this, kind](const httplib::Request& req) {
      EntryAnswers a;
      a.kind = kind;
      if (kind == Kind::need && req.has_param("offer")) {
        auto offer = wanted_offer(req.get_param_value("offer"));
        if (!offer)
          return message(404, tr("I need something"), tr("This offer is no longer here."));
        a.category = offer->category;
        a.item = offer->item;
        return form(kind, a, 0, "", req.remote_addr, offer);
      }
      a.category = req.get_param_value("category");
      std::vector<std::string> ids;
      {
        std::lock_guard lock(db_mutex);
        ids = store->settings().category_ids();
      }
      if (std::find(ids.begin(), ids.end(), a.category) == ids.end()) return categories(kind);
      return form(kind, a, 0, "", req.remote_addr);
    });
    svr.Post(path,
             [this, kind, send, language_of](const httplib::Request& req, httplib::Response& res) {
               LanguageScope scope(language_of(req));
               send(res, post_form(kind, req.body, req.remote_addr));
             });
  }
  get(R"(/ticket/([A-Za-z0-9-]{1,16}))", [this](const httplib::Request& req) {
    return ticket(req.matches[1].str(), req.get_param_value("called") == "1");
  });
  get("/check", [this](const httplib::Request& req) { return check(req.get_param_value("code")); });
  get("/board", [this](const httplib::Request& req) {
    std::map<std::string, std::string> q;
    for (const char* name : {"kind", "cat", "q"}) q[name] = req.get_param_value(name);
    return cached_board(q);
  });
  svr.Get("/lang", [send](const httplib::Request& req, httplib::Response& res) {
    const std::string to = req.get_param_value("to");
    std::string back = req.get_param_value("back");
    // Only a path of these pages: never another site, never a header break.
    if (back.empty() || back[0] != '/' ||
        (back.size() > 1 && (back[1] == '/' || back[1] == '\\')) ||
        back.find_first_of("\r\n\\") != std::string::npos || back.size() > 512)
      back = "/";
    Answer a;
    a.status = 303;
    a.location = back;
    for (const auto& l : ui_languages())
      if (to == l.code)
        a.cookie = "mutua_lang=" + to + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";
    send(res, std::move(a));
  });
  svr.set_error_handler(
      [this, send, language_of](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const int status = res.status;
        LanguageScope scope(language_of(req));
        send(res, message(status, tr("Not available"), tr("Page not found.")));
        res.status = status;
      });
}

void PhonePages::Impl::stop() noexcept {
  bounds.stopping = true;
  try {
    if (http) http->stop();
    if (listener.joinable()) listener.join();
  } catch (...) {
  }
}

PhonePages::PhonePages(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PhonePages::~PhonePages() {
  stop();
}

void PhonePages::stop() noexcept {
  if (impl_) impl_->stop();
}

uint64_t PhonePages::board_cache_hits() const {
  return impl_ ? impl_->board_hits.load() : 0;
}

uint16_t PhonePages::port() const {
  return impl_->port;
}

const std::string& PhonePages::bind() const {
  return impl_->bind;
}

Result<std::unique_ptr<PhonePages>> PhonePages::start(const std::string& db_path,
                                                      const std::string& bind, uint16_t port,
                                                      const PhoneLimits& limits) {
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->bind = bind;
  impl->bounds.limits = limits.http;
  impl->posts = std::make_unique<web::PostLimit>(limits.posts, limits.post_window);
  auto store = Store::open(db_path);
  if (!store) return fail(store.error());
  impl->store = std::move(*store);
  for (const auto& l : ui_languages()) (void)catalogue(l.code);  // loaded once, before serving
  impl->http = make_bounded_http(impl->bounds);
  impl->routes();
  {
    Impl* raw = impl.get();
    impl->http->set_socket_options([raw](socket_t s) {
      httplib::default_socket_options(s);
      raw->listen_fd = s;
    });
  }
  int bound = 0;
  if (port == 0)
    bound = impl->http->bind_to_any_port(bind);
  else if (impl->http->bind_to_port(bind, port))
    bound = port;
  if (bound <= 0)
    return fail("cannot serve the phone pages on " + bind + ":" + std::to_string(port) +
                " (is another program using that port?)");
  impl->port = static_cast<uint16_t>(bound);
  // Debian's cpp-httplib listens with a queue of 5: when many phones connect at once the kernel
  // drops the rest and each retries after a second (bench_phone: p99 1,067 ms, 325 dropped).
  // Listening again on the bound socket only lengthens the queue.
  if (impl->listen_fd >= 0) (void)::listen(impl->listen_fd, SOMAXCONN);
  Impl* raw = impl.get();
  impl->listener = std::thread([raw] { raw->http->listen_after_bind(); });
  for (int i = 0; i < 500 && !impl->http->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return std::unique_ptr<PhonePages>(new PhonePages(std::move(impl)));
}

}  // namespace mutua
