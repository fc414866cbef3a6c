// The phone pages (app/web/): served on 127.0.0.1 only here, driven by cpp-httplib's client.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/ui/check_ticket.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/picks.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/units.hpp"
#include "app/ui/worker_hold.hpp"
#include "app/web/phone_pages.hpp"
#include "app/web/web_guard.hpp"
#include "app/web/web_html.hpp"
#include "core/demo.hpp"
#include "kiosk_driver.hpp"
#include "phone_client.hpp"
#include "support/temp_dir.hpp"
#include "support/waiting_quantity.hpp"

using namespace mutua;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

constexpr size_t kMaxPage = 30 * 1024;
const char* const kLanguages[] = {"en", "es", "fr", "uk", "ar", "fa"};

struct Phone {
  TempDir dir;
  std::string db = dir.file("kiosk.mutua");
  std::unique_ptr<Store> kiosk = open_test_store(db);
  std::unique_ptr<PhonePages> pages;
  std::unique_ptr<httplib::Client> client;

  explicit Phone(PhoneLimits limits = {}) {
    auto started = PhonePages::start(db, "127.0.0.1", 0, limits);
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
    pages = std::move(*started);
    client = std::make_unique<httplib::Client>("127.0.0.1", pages->port());
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
  }

  httplib::Result get(const std::string& path, const std::string& lang = "en") {
    return client->Get(path.c_str(), httplib::Headers{{"Accept-Language", lang}});
  }
  httplib::Result post(const std::string& path, const std::string& body,
                       const std::string& lang = "en") {
    return client->Post(path.c_str(), httplib::Headers{{"Accept-Language", lang}}, body,
                        "application/x-www-form-urlencoded");
  }
  // The CSRF token of the form at `path`.
  std::string token(const std::string& path = "/need?category=water") {
    auto r = get(path);
    REQUIRE(r);
    const std::string key = "name=\"csrf\" value=\"";
    const auto at = r->body.find(key);
    REQUIRE(at != std::string::npos);
    const auto end = r->body.find('"', at + key.size());
    return r->body.substr(at + key.size(), end - at - key.size());
  }
};

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields) {
    if (!body.empty()) body += '&';
    body += web::url_encode(k) + "=" + web::url_encode(v);
  }
  return body;
}

std::vector<std::pair<std::string, std::string>> need_fields(const std::string& csrf,
                                                             const std::string& item,
                                                             const std::string& action) {
  return {{"csrf", csrf},      {"category", "water"}, {"item", item},         {"quantity", "3"},
          {"urgency", "high"}, {"people", "4"},       {"reach", "come_back"}, {"action", action}};
}

std::vector<Entry> active_needs(const Store& store) {
  EntryQuery q;  // what the kiosk's board and the volunteer queue ask for
  q.kind = Kind::need;
  q.active_only = true;
  return store.entries().list(q, 1000).entries;
}

}  // namespace

TEST_CASE("the phone pages serve loopback and private addresses only") {
  for (const char* a : {"127.0.0.1", "127.8.9.10", "10.0.0.7", "172.16.0.1", "172.31.255.254",
                        "192.168.43.1", "169.254.1.1", "::1", "fd12:3456::1", "fc00::1", "fe80::1",
                        "fe80::1%wlan0", "::ffff:192.168.1.20", "febf::1"})
    CHECK_MESSAGE(web::is_private_address(a), a);
  for (const char* a : {"8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.255.0.1",
                        "11.0.0.1", "2001:db8::1", "fec0::1", "::ffff:8.8.8.8", "::", "",
                        "localhost", "192.168.1", "not an address", "1.2.3.4.5"})
    CHECK_FALSE_MESSAGE(web::is_private_address(a), a);
}

TEST_CASE("the phone pages pick the language from the cookie, then Accept-Language") {
  CHECK(web::pick_language("", "") == "en");
  CHECK(web::pick_language("uk-UA,uk;q=0.9,en;q=0.5", "") == "uk");
  CHECK(web::pick_language("de-DE,de;q=0.9,fr;q=0.4,es;q=0.6", "") == "es");
  CHECK(web::pick_language("de", "") == "en");
  CHECK(web::pick_language("fr;q=0", "") == "en");
  CHECK(web::pick_language("es", "a=b; mutua_lang=uk") == "uk");
  CHECK(web::pick_language("es", "mutua_lang=xx") == "es");
  // Arabic and Dari phones: their catalogues are offered like the others.
  CHECK(web::pick_language("ar-SY,ar;q=0.9,en;q=0.5", "") == "ar");
  CHECK(web::pick_language("fa-AF,fa;q=0.9", "") == "fa");
  CHECK(web::pick_language("en", "mutua_lang=fa") == "fa");
  // An Afghan phone says Dari as prs (ISO 639-3), often prs-AF: the Dari catalogue is fa.
  CHECK(web::pick_language("prs", "") == "fa");
  CHECK(web::pick_language("prs-AF,prs;q=0.9,en;q=0.5", "") == "fa");
  CHECK(web::pick_language("PRS-af", "") == "fa");
  CHECK(web::pick_language("fa-AF", "") == "fa");
  CHECK(web::pick_language("en;q=0.4,prs-AF;q=0.8", "") == "fa");
  CHECK(web::pick_language("pes-IR", "") == "fa");
  CHECK(web::pick_language("prs;q=0,en", "") == "en");
  CHECK(web::catalogue_for_tag("prs") == "fa");
  CHECK(web::catalogue_for_tag("uk") == "uk");
}

TEST_CASE("an Afghan phone asking for Dari (prs, prs-AF) gets the Dari pages, right to left") {
  Phone phone;
  for (const char* accept : {"prs", "prs-AF,prs;q=0.9,en;q=0.5", "fa-AF"}) {
    CAPTURE(accept);
    auto r = phone.get("/", accept);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("<html lang=\"fa\" dir=\"rtl\">") != std::string::npos);
  }
}

TEST_CASE("one escaping function makes every value safe in text and attributes") {
  CHECK(web::esc("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(web::esc("Jab\xC3\xB3n \xD0\xB4\xD0\xB5") == "Jab\xC3\xB3n \xD0\xB4\xD0\xB5");
  CHECK(web::esc("a\xFF"
                 "b\x01") ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD");
}

TEST_CASE("CSRF tokens are tied to the client and expire") {
  web::CsrfTokens t(std::chrono::seconds(60));
  const std::string tok = t.make("192.168.1.5", 1000);
  CHECK(t.valid(tok, "192.168.1.5", 1030));
  CHECK_FALSE(t.valid(tok, "192.168.1.6", 1030));
  CHECK_FALSE(t.valid(tok, "192.168.1.5", 1061));
  CHECK_FALSE(t.valid("1000." + std::string(40, '0'), "192.168.1.5", 1001));
  CHECK_FALSE(t.valid("", "192.168.1.5", 1001));
  CHECK_FALSE(web::CsrfTokens().valid(tok, "192.168.1.5", 1001));  // another server's key
}

TEST_CASE("every phone page renders in every language, under 30 KB, with strict headers") {
  Phone phone;
  auto entry = [&](Kind kind, const char* item) {
    Entry e;
    e.kind = kind;
    e.category = "food";
    e.item = item;
    e.quantity = 2;
    auto r = phone.kiosk->entries().add(e);
    REQUIRE(r.ok());
    return r->ticket;
  };
  const std::string ticket = entry(Kind::need, "Rice");
  entry(Kind::offer, "Bread");
  for (int i = 0; i < 60; ++i) entry(Kind::need, "Tinned tomatoes, the large tins please");
  size_t largest = 0;
  for (const char* lang : kLanguages) {
    for (const std::string& path : std::vector<std::string>{
             "/", "/need", "/offer", "/board", "/board?kind=offer&cat=food", "/board?q=rice",
             "/check", "/check?code=" + ticket, "/ticket/" + ticket}) {
      CAPTURE(lang);
      CAPTURE(path);
      auto r = phone.get(path, lang);
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body.size() <= kMaxPage);
      largest = std::max(largest, r->body.size());
      const bool rtl = lang == std::string("ar") || lang == std::string("fa");
      CHECK(r->body.find("<html lang=\"" + std::string(lang) + "\" dir=\"" + (rtl ? "rtl" : "ltr") +
                         "\">") != std::string::npos);
      CHECK(r->get_header_value("Content-Security-Policy") == web::content_security_policy());
      CHECK(r->get_header_value("Content-Security-Policy").find("script-src") ==
            std::string::npos);  // default-src 'none': no script at all
      CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
      CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
      CHECK(r->get_header_value("Cache-Control") == "no-store");
      CHECK(r->body.find("<script") == std::string::npos);
      CHECK(r->body.find("http://") == std::string::npos);  // no external asset
      CHECK(r->body.find("https://") == std::string::npos);
    }
  }
  MESSAGE("largest phone page: " << largest << " bytes");
  // The picker names each language in its own script; the cookie it sets is honoured.
  auto home = phone.get("/");
  REQUIRE(home);
  CHECK(home->body.find("lang=\"uk\" hreflang=\"uk\">\xD0\xA3\xD0\xBA\xD1\x80") !=
        std::string::npos);
  auto pick = phone.get("/lang?to=es&back=/board");
  REQUIRE(pick);
  CHECK(pick->status == 303);
  CHECK(pick->get_header_value("Location") == "/board");
  CHECK(pick->get_header_value("Set-Cookie").find("mutua_lang=es") == 0);
  auto away = phone.get("/lang?to=es&back=//evil.example/");
  REQUIRE(away);
  CHECK(away->get_header_value("Location") == "/");
  auto spanish = phone.client->Get("/", httplib::Headers{{"Cookie", "mutua_lang=es"}});
  REQUIRE(spanish);
  CHECK(spanish->body.find("<html lang=\"es\"") != std::string::npos);
  auto missing = phone.get("/volunteers");
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("a need posted from a phone reaches the kiosk board and the volunteer queue") {
  Phone phone;
  const std::string csrf = phone.token();
  auto review = phone.post("/need", form(need_fields(csrf, "Drinking water", "review")));
  REQUIRE(review);
  CHECK(review->status == 200);
  CHECK(review->body.find("Drinking water") != std::string::npos);
  CHECK(active_needs(*phone.kiosk).empty());  // the review writes nothing

  auto posted = phone.post("/need", form(need_fields(csrf, "Drinking water", "post")));
  REQUIRE(posted);
  CHECK(posted->status == 303);
  const std::string location = posted->get_header_value("Location");
  REQUIRE(location.rfind("/ticket/", 0) == 0);
  const std::string ticket = location.substr(8);

  const auto needs = active_needs(*phone.kiosk);
  REQUIRE(needs.size() == 1);
  const Entry& e = needs[0];
  CHECK(e.ticket == ticket);
  CHECK(e.item == "Drinking water");
  CHECK(e.category == "water");
  CHECK(e.quantity == 3);
  CHECK(e.urgency == Urgency::high);
  CHECK(e.people == 4);
  CHECK(e.contact_phone.empty());
  CHECK(e.language == "en");
  CHECK(e.created_by == phone.kiosk->replica().device_id());
  CHECK(ticket.rfind(phone.kiosk->replica().refresh_ticket_prefix() + "-", 0) == 0);

  auto page = phone.get(location);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Cache-Control") == "no-store");
  CHECK(page->body.find("<p class=\"code\">" + ticket + "</p>") != std::string::npos);
  CHECK(page->body.find("Save this page") != std::string::npos);
  CHECK(page->body.find("What happens next") != std::string::npos);
  auto checked = phone.get("/check?code=" + ticket);
  REQUIRE(checked);
  CHECK(checked->body.find("Open: waiting for a match.") != std::string::npos);
  auto unknown = phone.get("/check?code=ZZZ-999");
  REQUIRE(unknown);
  CHECK(unknown->body.find("No ticket with this code") != std::string::npos);

  // In Ukrainian, the entry keeps the phone's language.
  auto uk = phone.post("/need", form(need_fields(phone.token(), "Вода", "post")), "uk");
  REQUIRE(uk);
  CHECK(uk->status == 303);
  bool found = false;
  for (const Entry& n : active_needs(*phone.kiosk))
    if (n.item == "Вода") found = n.language == "uk";
  CHECK(found);

  // And on the kiosk's own screens, as drawn: the public board shows the item (never the ticket
  // code), the volunteer queue the ticket and the item.
  mutua::test::Kiosk k(*phone.kiosk, 1280, 800);
  k.ui.state.screen = Screen::board;
  k.frames(3);
  CHECK_MESSAGE(k.shows("Drinking water"), k.drawn());
  CHECK_MESSAGE(k.shows("Вода"), k.drawn());
  CHECK_FALSE(k.shows(ticket));
  k.ui.state.signed_in = SignedIn{Id{}, "Ana", Role::volunteer};
  k.ui.state.screen = Screen::queue;
  k.frames(3);
  CHECK_MESSAGE(k.find(ticket), k.drawn());
  CHECK_MESSAGE(k.shows("Drinking water"), k.drawn());
}

TEST_CASE("a form with a step left unanswered comes back with the kiosk's words") {
  Phone phone;
  const std::string csrf = phone.token();
  auto no_item = phone.post("/need", form(need_fields(csrf, "   ", "post")));
  REQUIRE(no_item);
  CHECK(no_item->status == 422);
  CHECK(no_item->body.find("Please answer this question.") != std::string::npos);
  auto fields = need_fields(csrf, "Soap", "post");
  fields.push_back({"reach", "phone"});
  fields.erase(std::find(fields.begin(), fields.end(),
                         std::pair<std::string, std::string>{"reach", "come_back"}));
  fields.push_back({"phone", "0555 123"});
  auto no_consent = phone.post("/need", form(fields));
  REQUIRE(no_consent);
  CHECK(no_consent->status == 422);
  CHECK(no_consent->body.find("Tick the box to share them") != std::string::npos);
  CHECK(active_needs(*phone.kiosk).empty());
}

TEST_CASE("script-injection payloads in every field, in every language, come back escaped") {
  PhoneLimits limits;
  limits.posts = 1000;
  limits.http.requests_per_minute = 100000;
  Phone phone(limits);
  const std::vector<std::string> payloads = {
      "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>"};
  auto clean = [&](const std::string& body) {
    for (const char* raw : {"<script>alert", "<img src=x", "<svg onload"})
      CHECK_MESSAGE(body.find(raw) == std::string::npos, raw);
  };
  for (const char* lang : kLanguages) {
    for (const auto& p : payloads) {
      CAPTURE(lang);
      CAPTURE(p);
      for (const char* path : {"/need", "/offer"}) {
        const std::string csrf = phone.token(std::string(path) + "?category=food");
        std::vector<std::pair<std::string, std::string>> fields = {
            {"csrf", csrf}, {"category", "food"}, {"item", p},         {"quantity", p},
            {"urgency", p}, {"people", p},        {"reach", "phone"},  {"name", p},
            {"phone", p},   {"consent", "yes"},   {"availability", p}, {"pick", p},
            {"when", p}};
        for (const char* action : {"review", "change"}) {
          auto f = fields;
          f.push_back({"action", action});
          auto r = phone.post(path, form(f), lang);
          REQUIRE(r);
          clean(r->body);
          CHECK(r->body.find(web::esc(p)) != std::string::npos);
        }
        auto f = fields;
        f[1].second = p;  // a category that is no category: the form comes back
        f.push_back({"action", "post"});
        auto bad = phone.post(path, form(f), lang);
        REQUIRE(bad);
        clean(bad->body);
        f[1].second = "food";
        f.back().second = "post";
        auto refused = phone.post(path, form(f), lang);  // the phone holds letters: refused
        REQUIRE(refused);
        CHECK(refused->status == 200);
        CHECK(refused->body.find("contact phone may hold only digits") != std::string::npos);
        clean(refused->body);
        for (auto& [k, v] : f)
          if (k == "phone") v = "+44 7700 900000";
        auto posted = phone.post(path, form(f), lang);
        REQUIRE(posted);
        CHECK(posted->status == 303);
        clean(posted->body);
      }
      for (const std::string& path : std::vector<std::string>{
               "/board?q=" + web::url_encode(p), "/board?kind=offer&cat=" + web::url_encode(p),
               "/check?code=" + web::url_encode(p), std::string("/board"), "/board?kind=offer"}) {
        auto r = phone.get(path, lang);
        REQUIRE(r);
        clean(r->body);
      }
      auto lang_link = phone.get("/lang?to=" + web::url_encode(p) + "&back=" + web::url_encode(p));
      REQUIRE(lang_link);
      CHECK(lang_link->get_header_value("Location") == "/");
      CHECK(lang_link->get_header_value("Set-Cookie").empty());
    }
  }
  // The posted payloads are on the board, escaped.
  auto board = phone.get("/board?cat=food");
  REQUIRE(board);
  CHECK(board->body.find(web::esc(payloads[0])) != std::string::npos);
}

TEST_CASE("a client outside the private ranges is refused with a short page") {
  PhoneLimits limits;
  limits.serves = [](std::string_view address) {
    return web::is_private_address(address) && address != "127.0.0.1";  // loopback acts public
  };
  Phone phone(limits);
  for (const char* path : {"/", "/need", "/board", "/check", "/ticket/AAA-001"}) {
    auto r = phone.get(path);
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("only for phones on this site") != std::string::npos);
    CHECK(r->body.size() < 8 * 1024);
  }
  auto posted = phone.post("/need", form(need_fields("x", "Rice", "post")));
  REQUIRE(posted);
  CHECK(posted->status == 403);
  CHECK(active_needs(*phone.kiosk).empty());
}

TEST_CASE("a post without a valid CSRF token writes nothing") {
  Phone phone;
  for (const std::string& csrf :
       {std::string(), std::string("12345.abcdef"), phone.token().substr(0, 20) + "0000"}) {
    auto r = phone.post("/need", form(need_fields(csrf, "Rice", "post")));
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("This form has expired") != std::string::npos);
  }
  CHECK(active_needs(*phone.kiosk).empty());
}

TEST_CASE("posts are limited per client, with a friendly page") {
  PhoneLimits limits;
  limits.posts = 2;
  Phone phone(limits);
  const std::string csrf = phone.token();
  for (int i = 0; i < 2; ++i) {
    auto r = phone.post("/need", form(need_fields(csrf, "Rice " + std::to_string(i), "post")));
    REQUIRE(r);
    CHECK(r->status == 303);
  }
  auto over = phone.post("/need", form(need_fields(csrf, "Rice 3", "post")), "es");
  REQUIRE(over);
  CHECK(over->status == 429);
  CHECK(over->body.find("<html lang=\"es\"") != std::string::npos);
  CHECK(active_needs(*phone.kiosk).size() == 2);
  // Reading goes on.
  auto board = phone.get("/board");
  REQUIRE(board);
  CHECK(board->status == 200);
}

TEST_CASE("no page ever shows a contact detail") {
  PhoneLimits limits;
  limits.posts = 100;
  Phone phone(limits);
  const std::string name = "Zedekiah Quillfeather";
  const std::string number = "+44 7700 900123";
  // One from the kiosk with consent, one from a phone with consent.
  Entry e;
  e.kind = Kind::offer;
  e.category = "water";
  e.item = "Water bottles";
  e.quantity = 5;
  e.contact_name = name;
  e.contact_phone = number;
  e.contact_consent = true;
  auto kiosk_entry = phone.kiosk->entries().add(e);
  REQUIRE(kiosk_entry.ok());
  auto fields = need_fields(phone.token(), "Blankets", "post");
  fields.push_back({"name", name});
  fields.push_back({"phone", number});
  fields.push_back({"consent", "yes"});
  for (auto& f : fields)
    if (f.first == "reach") f.second = "phone";
  auto posted = phone.post("/need", form(fields));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  bool stored = false;
  for (const Entry& n : active_needs(*phone.kiosk)) stored = stored || n.contact_phone == number;
  CHECK(stored);  // the volunteers have it
  const std::string location = posted->get_header_value("Location");
  const std::string ticket = location.substr(8, location.find('?') - 8);
  for (const std::string& path : std::vector<std::string>{
           std::string("/"), std::string("/board"), std::string("/board?kind=offer"),
           std::string("/board?q=water&kind=offer"), "/check?code=" + ticket,
           "/check?code=" + kiosk_entry->ticket, posted->get_header_value("Location"),
           "/ticket/" + kiosk_entry->ticket}) {
    for (const char* lang : kLanguages) {
      auto r = phone.get(path, lang);
      REQUIRE(r);
      CAPTURE(path);
      CHECK(r->body.find("Zedekiah") == std::string::npos);
      CHECK(r->body.find("900123") == std::string::npos);
    }
  }
}

TEST_CASE("the kiosk serves the phone pages only while its setting is on, and Home says so") {
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  CHECK_FALSE(phone_pages_on(*store));  // off by default
  mutua::test::Kiosk k(*store, 1280, 800);
  k.ui.state.phone = std::make_shared<PhoneHost>();
  PhoneHost& host = *k.ui.state.phone;
  host.bind = "127.0.0.1";
  host.port = 0;
  host.follow(*store, phone_pages_on(*store));
  CHECK_FALSE(host.running());
  k.frames(3);
  CHECK_FALSE(k.shows("Use your own phone: scan this"));

  set_phone_pages_on(*store, true);
  {
    // Starting runs on a Task, not on the UI thread: with the workers held it has not started
    // when follow() returns, and frames keep being drawn meanwhile.
    WorkersHeldForTest hold;
    host.follow(*store, phone_pages_on(*store));
    CHECK(host.starting());
    CHECK_FALSE(host.running());
    k.frames(3);
    CHECK_FALSE(host.running());
    CHECK_FALSE(k.shows("Use your own phone: scan this"));
  }
  for (int i = 0; i < 500 && host.starting(); ++i) {
    k.frames(1);  // Home polls the start once a frame
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_MESSAGE(host.running(), host.error());
  const std::string address = host.address();
  CHECK(address.rfind("http://127.0.0.1:", 0) == 0);
  k.frames(3);
  CHECK(k.shows("Use your own phone: scan this"));
  CHECK(k.shows(address));
  httplib::Client client(address);
  client.set_read_timeout(5);
  auto home = client.Get("/");
  REQUIRE(home);
  CHECK(home->status == 200);

  set_phone_pages_on(*store, false);
  host.follow(*store, phone_pages_on(*store));
  CHECK_FALSE(host.running());
  CHECK_FALSE(host.starting());
  k.frames(3);
  CHECK_FALSE(k.shows("Use your own phone: scan this"));
  CHECK_FALSE(client.Get("/"));  // nobody listens any more
}

TEST_CASE("the phone need form starts from the categories and offers the kiosk's quick picks") {
  Phone phone;
  auto start = phone.get("/need");
  REQUIRE(start);
  CHECK(start->status == 200);
  CHECK(start->body.find("href=\"/need?category=water\"") != std::string::npos);
  CHECK(start->body.find("name=\"csrf\"") == std::string::npos);  // no form yet: links only
  for (const char* lang : kLanguages) {
    LanguageScope scope(lang);
    auto page = phone.get("/need?category=water", lang);
    REQUIRE(page);
    CHECK(page->status == 200);
    for (const char* pick : quick_picks("water"))
      CHECK_MESSAGE(
          page->body.find("name=\"pick\" value=\"" + web::esc(pick) + "\"") != std::string::npos,
          lang << ": " << pick);
    CHECK(page->body.find(web::esc(category_label("water"))) != std::string::npos);
  }
  // A pick with nothing typed is the item; something typed wins over a pick.
  auto fields = need_fields(phone.token(), "", "post");
  fields.push_back({"pick", "Water containers"});
  auto posted = phone.post("/need", form(fields));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  fields = need_fields(phone.token(), "Bottled water", "post");
  fields.push_back({"pick", "Water containers"});
  posted = phone.post("/need", form(fields));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  std::vector<std::string> items;
  for (const Entry& e : active_needs(*phone.kiosk)) items.push_back(e.item);
  CHECK(std::count(items.begin(), items.end(), "Water containers") == 1);
  CHECK(std::count(items.begin(), items.end(), "Bottled water") == 1);
}

TEST_CASE("a skills offer from a phone asks the kiosk's skills questions") {
  Phone phone;
  auto page = phone.get("/offer?category=skills");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("When can you do it?") != std::string::npos);
  CHECK(page->body.find("Weekday mornings") != std::string::npos);
  CHECK(page->body.find("name=\"quantity\"") == std::string::npos);  // when, not how many
  for (const char* pick : quick_picks("skills"))
    CHECK(page->body.find(web::esc(pick)) != std::string::npos);
  auto goods = phone.get("/offer?category=food");
  REQUIRE(goods);
  CHECK(goods->body.find("When can it be picked up?") != std::string::npos);
  CHECK(goods->body.find("name=\"quantity\"") != std::string::npos);

  const std::string body = form({{"csrf", phone.token("/offer?category=skills")},
                                 {"category", "skills"},
                                 {"pick", "Translation"},
                                 {"quantity", "7"},
                                 {"when", "Weekends"},
                                 {"reach", "come_back"},
                                 {"action", "review"}});
  auto review = phone.post("/offer", body);
  REQUIRE(review);
  CHECK(review->status == 200);
  CHECK(review->body.find("Weekends") != std::string::npos);
  CHECK(review->body.find("How many") == std::string::npos);
  std::string post = body;
  post.replace(post.find("action=review"), 13, "action=post");
  auto posted = phone.post("/offer", post);
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  const auto e = phone.kiosk->entries().by_ticket(posted->get_header_value("Location").substr(8));
  REQUIRE(e);
  CHECK(e->item == "Translation");
  CHECK(e->quantity == 1);
  CHECK(availability_from_details(e->details) == "Weekends");
}

TEST_CASE("\"I need this\" on a phone's board asks for that offer, as on the kiosk") {
  Phone phone;
  Entry o;
  o.kind = Kind::offer;
  o.category = "shelter";
  o.item = "Camping mattress";
  o.quantity = 4;
  o.contact_name = "Orsolya Brightwater";
  o.contact_phone = "+44 7700 900456";
  o.contact_consent = true;
  auto offer = phone.kiosk->entries().add(o);
  REQUIRE(offer.ok());
  const std::string link = "/need?offer=" + offer->id.hex();
  auto board = phone.get("/board?kind=offer");
  REQUIRE(board);
  CHECK(board->body.find("href=\"" + link + "\"") != std::string::npos);
  auto page = phone.get(link);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("Camping mattress") != std::string::npos);
  CHECK(page->body.find("name=\"offer\" value=\"" + offer->id.hex() + "\"") != std::string::npos);
  CHECK(page->body.find("Orsolya") == std::string::npos);
  CHECK(page->body.find("900456") == std::string::npos);
  // What the form sends for category and item does not change what is asked for.
  auto fields = need_fields(phone.token(link), "Something else", "post");
  fields.push_back({"offer", offer->id.hex()});
  auto posted = phone.post("/need", form(fields));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  const auto need =
      phone.kiosk->entries().by_ticket(posted->get_header_value("Location").substr(8));
  REQUIRE(need);
  CHECK(need->item == "Camping mattress");
  CHECK(need->category == "shelter");
  const auto matches = phone.kiosk->matches().for_entry(need->id);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].offer == offer->id);
  CHECK(matches[0].status == MatchStatus::proposed);
  // An offer that is not there, or not an offer, is refused with a short page.
  for (const std::string& bad : {std::string("/need?offer=00"), "/need?offer=" + need->id.hex(),
                                 std::string("/need?offer=")}) {
    auto r = phone.get(bad);
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 404, bad);
  }
}

TEST_CASE("the phone pages turned off while starting are stopped when the start ends") {
  TempDir dir;
  auto store = open_test_store(dir.file("kiosk.mutua"));
  PhoneHost host;
  host.bind = "127.0.0.1";
  host.port = 0;
  {
    WorkersHeldForTest hold;
    host.follow(*store, true);
    CHECK(host.starting());
    host.follow(*store, false);  // returns at once: the start is left to end
    CHECK_FALSE(host.running());
  }
  for (int i = 0; i < 500 && host.starting(); ++i) {
    host.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK_FALSE(host.starting());
  CHECK_FALSE(host.running());
  CHECK(host.error().empty());
  // On again: a new start.
  host.follow(*store, true);
  for (int i = 0; i < 500 && host.starting(); ++i) {
    host.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_MESSAGE(host.running(), host.error());
}

TEST_CASE("the board is built once per data change: a repeat is served from memory, never stale") {
  Phone phone;
  auto item_on = [&](const std::string& path, const std::string& item, const std::string& lang) {
    auto r = phone.get(path, lang);
    REQUIRE(r);
    CHECK(r->status == 200);
    return r->body.find(item) != std::string::npos;
  };
  Entry o;
  o.kind = Kind::offer;
  o.category = "food";
  o.item = "Lentil soup";
  o.quantity = 12;
  REQUIRE(phone.kiosk->entries().add(o).ok());
  CHECK(item_on("/board?kind=offer", "Lentil soup", "en"));
  CHECK(phone.pages->page_cache_hits() == 0);
  const auto first = phone.get("/board?kind=offer");
  REQUIRE(first);
  CHECK(phone.pages->page_cache_hits() == 1);
  // Another language or another query is another page.
  CHECK(item_on("/board?kind=offer", "Lentil soup", "uk"));
  CHECK(!item_on("/board?kind=offer&q=rice", "Lentil soup", "en"));
  CHECK(phone.pages->page_cache_hits() == 1);

  // A write by the kiosk's own connection (another connection to the same file) shows at once.
  o.item = "Rice, 1 kg bags";
  auto rice = phone.kiosk->entries().add(o);
  REQUIRE(rice.ok());
  CHECK(item_on("/board?kind=offer", "Rice, 1 kg bags", "en"));
  CHECK(item_on("/board?kind=offer&q=rice", "Rice, 1 kg bags", "en"));
  const uint64_t hits = phone.pages->page_cache_hits();
  CHECK(hits == 1);

  // A need posted through the pages' own connection shows at once too.
  CHECK(!item_on("/board", "Baby formula", "en"));
  auto posted = phone.post("/need", form(need_fields(phone.token(), "Baby formula", "post")));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  CHECK(item_on("/board", "Baby formula", "en"));

  // An offer taken off the board by the kiosk leaves it at once.
  REQUIRE(phone.kiosk->entries().set_status(rice->id, Status::withdrawn).ok());
  CHECK(!item_on("/board?kind=offer", "Rice, 1 kg bags", "en"));
  CHECK(phone.pages->page_cache_hits() == hits);

  // Home and a ticket page come from memory too; a ticket's new status shows at once.
  const uint64_t before = phone.pages->page_cache_hits();
  REQUIRE(phone.get("/"));
  REQUIRE(phone.get("/"));
  CHECK(phone.pages->page_cache_hits() == before + 1);
  o.item = "Tea";
  auto tea = phone.kiosk->entries().add(o);
  REQUIRE(tea.ok());
  const std::string waiting = ticket_answer_text(TicketAnswer::available, "");
  const uint64_t tickets = phone.pages->page_cache_hits();
  CHECK(item_on("/ticket/" + tea->ticket, waiting, "en"));
  CHECK(item_on("/ticket/" + tea->ticket, waiting, "en"));
  CHECK(item_on("/check?code=" + tea->ticket, waiting, "en"));
  CHECK(phone.pages->page_cache_hits() == tickets + 1);
  REQUIRE(phone.kiosk->entries().set_status(tea->id, Status::withdrawn).ok());
  CHECK(!item_on("/ticket/" + tea->ticket, waiting, "en"));
  CHECK(!item_on("/check?code=" + tea->ticket, waiting, "en"));
  // A form carries the client's own CSRF token: never from the cache.
  const uint64_t forms = phone.pages->page_cache_hits();
  REQUIRE(phone.get("/need?category=water"));
  REQUIRE(phone.get("/need?category=water"));
  CHECK(phone.pages->page_cache_hits() == forms);
}

TEST_CASE("the heaviest board stays under 30 KB in every language; \"More\" pages through it") {
  PhoneLimits many;
  many.http.requests_per_minute = 100000;  // one client reads every page of every language
  Phone phone(many);
  REQUIRE(generate_demo(*phone.kiosk, DemoOptions{1000, 1}).ok());
  // Every open entry gets the longest item, place and availability the limits allow, in a
  // script of two bytes a character (Arabic), and one in five of the worst for escaping ('"' is
  // six bytes as &quot;).
  std::string arabic;
  for (size_t i = 0; i < limits::item_chars; ++i) arabic += "\xD8\xB4";  // ش
  std::string place;
  for (size_t i = 0; i < limits::short_chars; ++i) place += "\xD0\x96";  // Ж
  size_t changed = 0;
  for (Kind kind : {Kind::need, Kind::offer}) {
    EntryQuery q;
    q.kind = kind;
    q.active_only = true;
    for (Entry e : phone.kiosk->entries().list(q, 1000).entries) {
      e.item = changed % 5 == 0 ? std::string(limits::item_chars, '"') : arabic;
      e.site = place;
      e.area = place;
      e.unit = place;
      e.details = availability_details(place);
      REQUIRE(phone.kiosk->entries().update(e).ok());
      ++changed;
    }
  }
  REQUIRE(changed > 100);
  for (const std::string lang : kLanguages) {
    CAPTURE(lang);
    for (const std::string kind : {"need", "offer"}) {
      CAPTURE(kind);
      // Follow "More" to the end of the list: every page under 30 KB, each entry listed once.
      std::string path = "/board?kind=" + kind;
      std::set<std::string> seen;
      size_t pages = 0, rows = 0;
      for (; pages < 200 && !path.empty(); ++pages) {
        CAPTURE(path);
        auto r = phone.get(path, lang);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(r->body.size() <= kMaxPage);
        const std::string& b = r->body;
        for (size_t at = b.find("<li><svg class=\"pict\""); at != std::string::npos;
             at = b.find("<li><svg class=\"pict\"", at + 1))
          ++rows;
        // The next page: the link after the list (href escaped: &amp;).
        path.clear();
        const auto link = b.find("\" rel=\"next\"");
        if (link != std::string::npos) {
          const auto start = b.rfind("href=\"", link);
          REQUIRE(start != std::string::npos);
          path = b.substr(start + 6, link - start - 6);
          for (size_t amp; (amp = path.find("&amp;")) != std::string::npos;) path.erase(amp + 1, 4);
          CHECK(seen.insert(path).second);
        }
      }
      EntryQuery q;
      q.kind = kind == "need" ? Kind::need : Kind::offer;
      q.active_only = true;
      const auto open = static_cast<size_t>(phone.kiosk->entries().count(q));
      CHECK(pages > 1);
      // All of them, as far as the board reads (2,000 entries).
      CHECK(rows == std::min<size_t>(open, 2000));
      MESSAGE(lang << " " << kind << ": " << rows << " entries on " << pages << " pages");
    }
  }
}

TEST_CASE("a phone need offers the kiosk's units and keeps the one chosen, with its plural") {
  Phone phone;
  // The form: the category's units as answer rows, the usual one chosen.
  auto page = phone.get("/need?category=food");
  REQUIRE(page);
  CHECK(page->body.find("<legend>Unit</legend>") != std::string::npos);
  const auto units = units_for_category("food");
  REQUIRE(units.size() > 1);
  for (const char* key : units) {
    CAPTURE(key);
    CHECK(page->body.find("name=\"unit\" value=\"" + std::string(key) + "\"" +
                          (key == units[0] ? " checked" : "") + ">") != std::string::npos);
  }
  // A skills offer asks when, not how many: no unit.
  auto skills = phone.get("/offer?category=skills");
  REQUIRE(skills);
  CHECK(skills->body.find("name=\"unit\"") == std::string::npos);

  auto fields = [&](const std::string& unit, const std::string& action) {
    auto f = need_fields(phone.token(), "Rice", action);
    f[1].second = "food";
    f.emplace_back("unit", unit);
    return form(f);
  };
  // The review says it with the unit; the post keeps it.
  auto review = phone.post("/need", fields("pack", "review"));
  REQUIRE(review);
  CHECK(review->status == 200);
  CHECK(review->body.find("<dd>3 packs</dd>") != std::string::npos);
  CHECK(review->body.find("name=\"unit\" value=\"pack\"") != std::string::npos);
  auto posted = phone.post("/need", fields("pack", "post"));
  REQUIRE(posted);
  REQUIRE(posted->status == 303);
  const std::string location = posted->get_header_value("Location");
  auto needs = active_needs(*phone.kiosk);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].unit == "pack");
  CHECK(needs[0].quantity == 3);
  auto ticket = phone.get(location);
  REQUIRE(ticket);
  CHECK(ticket->body.find("Rice \xC2\xB7 3 packs") != std::string::npos);
  // In Ukrainian and Arabic: the catalogue's plural and digits.
  for (const char* lang : {"uk", "ar"}) {
    CAPTURE(lang);
    auto translated = phone.get(location, lang);
    REQUIRE(translated);
    LanguageScope scope(lang);
    CHECK(translated->body.find(web::esc(format_quantity(3, "pack"))) != std::string::npos);
  }

  // A unit the category does not offer is refused in words, and nothing is written.
  for (const char* wrong : {"liter", "ride", "bags of gold"}) {
    CAPTURE(wrong);
    auto refused = phone.post("/need", fields(wrong, "post"));
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(refused->body.find("Choose one of these units.") != std::string::npos);
    CHECK(active_needs(*phone.kiosk).size() == 1);
  }
  // No unit sent (a form from before units): the category's usual one, as the kiosk starts.
  auto plain = need_fields(phone.token(), "Water", "post");
  auto older = phone.post("/need", form(plain));
  REQUIRE(older);
  CHECK(older->status == 303);
  bool found = false;
  for (const Entry& n : active_needs(*phone.kiosk))
    if (n.item == "Water") found = n.unit == units_for_category("water")[0];
  CHECK(found);
}

TEST_CASE(
    "the phone board shows ? for a quantity a take-back left waiting, and the ticket page no "
    "count") {
  TempDir dir;
  Entry need;
  {
    mutua::test::WaitingQuantity w(dir.path().string());
    need = w.need;
  }
  mutua::test::PhoneClient phone(dir.file("device3.db"));
  const std::string board = phone.get("/board?kind=need").second;
  REQUIRE_MESSAGE(board.find("tea") != std::string::npos, board);
  CHECK_MESSAGE(board.find("Food \xC2\xB7 ?") != std::string::npos, board);
  CHECK(board.find("Food \xC2\xB7 0") == std::string::npos);
  const std::string ticket = phone.get("/ticket/" + need.ticket).second;
  REQUIRE_MESSAGE(ticket.find("tea") != std::string::npos, ticket);
  CHECK_MESSAGE(ticket.find("tea \xC2\xB7 0") == std::string::npos, ticket);
}
