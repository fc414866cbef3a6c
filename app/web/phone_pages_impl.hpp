#pragma once
// Inside the phone pages (app/web/phone_pages.hpp): the server's state and the small HTML pieces
// the pages share. phone_pages.cpp has the routes and the server; phone_forms.cpp Home, the need
// and offer forms and their post; phone_board.cpp the board; phone_ticket.cpp the ticket page and
// Check my ticket. Not for use outside app/web/.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "app/ui/check_ticket.hpp"
#include "app/ui/post_entry.hpp"
#include "app/web/phone_pages.hpp"
#include "app/web/web_guard.hpp"
#include "core/store.hpp"
#include "sync/bounded_http.hpp"

namespace mutua {

namespace phone_detail {

using Clock = std::chrono::steady_clock;

const char* urgency_key(Urgency u);
int64_t now_s();
// Fields of an application/x-www-form-urlencoded body (or query), first value of each name.
std::map<std::string, std::string> form_fields(std::string_view body);
std::string field(const std::map<std::string, std::string>& f, const std::string& name);
std::string hidden(std::string_view name, std::string_view value);
// The pictogram of `id` (core/pictogram.hpp) as inline SVG, aria-hidden: the words beside it
// say what it means. Empty for an unknown id.
std::string pict(std::string_view id);
std::string category_pict(std::string_view category);
std::string radio(std::string_view name, std::string_view value, std::string_view label,
                  bool checked, bool required = false, const std::string& picture = "");
std::string paragraph(std::string_view text, std::string_view cls = "");
// A ticket's status: its pictogram (a shape of its own, never colour alone) and the sentence.
std::string status_paragraph(TicketAnswer answer, const std::string& site, std::string_view cls);
std::string button(std::string_view label, std::string_view value = "", std::string_view cls = "",
                   std::string_view picture = "");

struct Answer {
  Answer() = default;
  Answer(int s, std::string h) : status(s), html(std::move(h)) {}
  int status = 200;
  std::string html;
  std::string location;  // a 303 to here when set
  std::string cookie;    // Set-Cookie when set
};

}  // namespace phone_detail

using phone_detail::Answer;

struct PhonePages::Impl {
  PhoneLimits limits;
  std::string bind;
  uint16_t port = 0;
  HttpBounds bounds;
  std::unique_ptr<httplib::Server> http;
  std::thread listener;
  mutable std::mutex db_mutex;  // the one database connection, one request at a time
  std::unique_ptr<Store> store;
  web::CsrfTokens csrf;
  std::unique_ptr<web::PostLimit> posts;
  struct Window {
    phone_detail::Clock::time_point start;
    size_t count = 0;
  };
  std::mutex requests_mutex;
  std::map<std::string, Window> requests;  // per address, this minute

  // Pages as last answered, while the database holds what they were built from
  // (Store::data_stamp, checked under db_mutex before each answer): the pages with nothing of
  // the client in them (Home, the category lists, the board, a ticket page, Check my ticket; not
  // the forms, which carry the client's CSRF token), by language and what was asked. Every phone
  // on the Wi-Fi reads the same few, and building a board reads hundreds of rows. Emptied when
  // the data changes; at most kCachedPages and kCachedBytes kept, so addresses people type
  // cannot grow it (past the cap, pages are built each time until the data changes).
  static constexpr size_t kCachedPages = 256, kCachedBytes = size_t(8) << 20;
  std::mutex page_mutex;
  Store::DataStamp page_stamp;
  std::map<std::string, Answer, std::less<>> pages;
  size_t page_bytes = 0;
  std::atomic<uint64_t> page_hits{0};
  // The page under `key` (the request's language is added) from the cache, else build().
  Answer cached(std::string key, const std::function<Answer()>& build);

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

}  // namespace mutua
