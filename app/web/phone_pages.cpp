#include "app/web/phone_pages.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <thread>

#include <sys/socket.h>

#include "app/ui/i18n.hpp"
#include "app/web/phone_pages_impl.hpp"
#include "app/web/web_html.hpp"

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

using namespace phone_detail;
using web::esc;

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
  get("/", [this](const httplib::Request&) { return cached("home", [this] { return home(); }); });
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
      auto list = [&] {
        return cached(kind == Kind::need ? "need" : "offer", [&] { return categories(kind); });
      };
      if (a.category.empty()) return list();
      std::vector<std::string> ids;
      {
        std::lock_guard lock(db_mutex);
        ids = store->settings().category_ids();
      }
      if (std::find(ids.begin(), ids.end(), a.category) == ids.end()) return list();
      return form(kind, a, 0, "", req.remote_addr);
    });
    svr.Post(path,
             [this, kind, send, language_of](const httplib::Request& req, httplib::Response& res) {
               LanguageScope scope(language_of(req));
               send(res, post_form(kind, req.body, req.remote_addr));
             });
  }
  get(R"(/ticket/([A-Za-z0-9-]{1,16}))", [this](const httplib::Request& req) {
    const std::string code = req.matches[1].str();
    const bool called = req.get_param_value("called") == "1";
    return cached("ticket\n" + code + (called ? "\n1" : ""), [&] { return ticket(code, called); });
  });
  get("/check", [this](const httplib::Request& req) {
    const std::string code = req.get_param_value("code");
    return cached("check\n" + code, [&] { return check(code); });
  });
  get("/board", [this](const httplib::Request& req) {
    std::map<std::string, std::string> q;
    std::string key = "board";
    for (const char* name : {"kind", "cat", "q", "from"}) {
      q[name] = req.get_param_value(name);
      key += '\n' + q[name];
    }
    return cached(std::move(key), [&] { return board(q); });
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

Answer PhonePages::Impl::cached(std::string key, const std::function<Answer()>& build) {
  key = language() + '\n' + key;
  Store::DataStamp stamp;
  {
    std::lock_guard lock(db_mutex);
    stamp = store->data_stamp();
  }
  {
    std::lock_guard lock(page_mutex);
    if (page_stamp == stamp)
      if (auto it = pages.find(key); it != pages.end()) {
        ++page_hits;
        return it->second;
      }
  }
  // Built after the stamp was read: it holds at least what the stamp stands for, so keeping it
  // under that stamp never serves older data than a reader would have read.
  Answer a = build();
  std::lock_guard lock(page_mutex);
  if (!(page_stamp == stamp)) {
    pages.clear();
    page_bytes = 0;
    page_stamp = stamp;
  }
  if (pages.size() < kCachedPages && page_bytes + a.html.size() <= kCachedBytes &&
      pages.emplace(std::move(key), a).second)
    page_bytes += a.html.size();
  return a;
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

uint64_t PhonePages::page_cache_hits() const {
  return impl_ ? impl_->page_hits.load() : 0;
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
  impl->bounds.timings = limits.timings;
  impl->posts = std::make_unique<web::PostLimit>(limits.posts, limits.post_window);
  auto store = Store::open(db_path);
  if (!store) return store.error_value();
  impl->store = std::move(*store);
  for (const auto& l : ui_languages()) (void)catalogue(l.code);  // loaded once, before serving
  impl->http = make_bounded_http(impl->bounds);
  impl->routes();
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
  if (impl->bounds.listen_fd >= 0) (void)::listen(impl->bounds.listen_fd, SOMAXCONN);
  Impl* raw = impl.get();
  impl->listener = std::thread([raw] { raw->http->listen_after_bind(); });
  for (int i = 0; i < 500 && !impl->http->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return std::unique_ptr<PhonePages>(new PhonePages(std::move(impl)));
}

}  // namespace mutua
