#include <algorithm>
#include <map>
#include <mutex>

#include "app/ui/format.hpp"
#include "app/web/phone_pages_impl.hpp"
#include "app/web/web_html.hpp"
#include "core/pictogram.hpp"

namespace mutua::phone_detail {

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

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
}

// The pictogram of `id` (core/pictogram.hpp) as inline SVG, aria-hidden: the words beside it
// say what it means. Empty for an unknown id.
namespace {
// A pictogram's SVG by id, made once: every page draws the same few dozen, and making one
// prints its coordinates with printf (bench_phone: a tenth of a page's CPU).
const std::string& svg_of(const Pictogram& p) {
  static std::mutex mutex;
  static std::map<std::string, std::string, std::less<>> made;
  std::lock_guard lock(mutex);
  auto it = made.find(p.id);
  if (it == made.end()) it = made.emplace(std::string(p.id), pictogram_svg(p, 28)).first;
  return it->second;  // never erased: a reference stays valid
}
}  // namespace

std::string pict(std::string_view id) {
  const Pictogram* p = find_pictogram(id);
  return p ? svg_of(*p) : std::string();
}

std::string category_pict(std::string_view category) {
  return svg_of(category_pictogram(category));
}

std::string radio(std::string_view name, std::string_view value, std::string_view label,
                  bool checked, bool required, const std::string& picture) {
  return "<label class=\"opt\"><input type=\"radio\" name=\"" + esc(name) + "\" value=\"" +
         esc(value) + "\"" + (checked ? " checked" : "") + (required ? " required" : "") + ">" +
         picture + esc(label) + "</label>";
}

std::string paragraph(std::string_view text, std::string_view cls) {
  return cls.empty() ? "<p>" + esc(text) + "</p>"
                     : "<p class=\"" + esc(cls) + "\">" + esc(text) + "</p>";
}

// A ticket's status: its pictogram (a shape of its own, never colour alone) and the sentence.
std::string status_paragraph(TicketAnswer answer, const std::string& site, std::string_view cls) {
  return "<p class=\"status" + std::string(cls.empty() ? "" : " ") + esc(cls) + "\">" +
         pict(answer_pictogram_id(answer)) + esc(ticket_answer_text(answer, site)) + "</p>";
}

std::string button(std::string_view label, std::string_view value, std::string_view cls,
                   std::string_view picture) {
  std::string b = "<button type=\"submit\"";
  if (!value.empty()) b += " name=\"action\" value=\"" + esc(value) + "\"";
  if (!cls.empty()) b += " class=\"" + esc(cls) + "\"";
  return b + ">" + pict(picture) + esc(label) + "</button>";
}

}  // namespace mutua::phone_detail
