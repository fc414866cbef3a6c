#include <algorithm>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/web/phone_pages_impl.hpp"
#include "app/web/web_html.hpp"
#include "core/item_words.hpp"
#include "core/pictogram.hpp"

namespace mutua {

using namespace phone_detail;
using web::esc;

namespace {
// The board reads at most this many pages of the store's list (bounded work per request).
constexpr size_t kBoardScanPages = 20, kBoardScanRows = 100;
// The weight limit for a page, CSS included.
constexpr size_t kMaxPageBytes = 30 * 1024;
}  // namespace

Answer PhonePages::Impl::board(const std::map<std::string, std::string>& q) const {
  const Kind kind = field(q, "kind") == "offer" ? Kind::offer : Kind::need;
  std::string cat = field(q, "cat");
  const std::string search = trimmed_answer(field(q, "q")).substr(0, limits::item_chars);
  // The first entry of this page among those listed (a "More" link's), within what is read.
  size_t from = 0;
  if (const std::string f = field(q, "from");
      !f.empty() && f.size() <= 5 &&
      std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; }))
    from = std::min<size_t>(std::stoul(f), kBoardScanPages * kBoardScanRows);
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
    size_t matched = 0;
    for (size_t page = 0; page < kBoardScanPages && !more; ++page) {
      EntryPage p = store->entries().list(query(kind), kBoardScanRows, after);
      for (Entry& e : p.entries) {
        const std::string item = fold_word(e.item);
        bool hit = true;
        for (const auto& w : words) hit = hit && item.find(w) != std::string::npos;
        if (!hit || matched++ < from) continue;
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
  std::string back = link(kind, cat);
  if (from > 0) back += "&from=" + std::to_string(from);
  if (shown.empty()) {
    b += paragraph(kind == Kind::need ? tr("No open needs here right now.")
                                      : tr("No open offers here right now."),
                   "notice");
    return {200, frame(tr("What's available"), b, back)};
  }
  // The rows while the page stays under kMaxPageBytes, whatever the language and however long
  // the names (an item may be 120 characters of a script of 2 to 4 bytes each, or of quotes
  // escaped to 6): the frame and the form above are counted first; the rest go to "More".
  const std::string more_words = tr("More");
  const size_t fixed = frame(tr("What's available"), "", back).size() + b.size() +
                       more_words.size() + back.size() + 256;  // the defs, the list, the link
  const size_t budget = kMaxPageBytes > fixed ? kMaxPageBytes - fixed : 0;
  // Each category's pictogram once, as a <symbol>; each row <use>s it.
  std::vector<std::string_view> used;
  std::string defs, rows;
  size_t listed = 0;
  for (const Entry& e : shown) {
    const std::string_view id = category_pictogram(e.category).id;
    size_t sym = size_t(std::find(used.begin(), used.end(), id) - used.begin());
    std::string symbol;
    if (sym == used.size())
      symbol = "<symbol id=\"pc-" + std::to_string(sym) + "\" viewBox=\"-1 -1 2 2\">" +
               pictogram_svg_shapes(*find_pictogram(id)) + "</symbol>";
    std::string row =
        "<li><svg class=\"pict\" viewBox=\"-1 -1 2 2\" width=\"28\" height=\"28\" "
        "aria-hidden=\"true\" focusable=\"false\"><use href=\"#pc-" +
        std::to_string(sym) + "\"/></svg><strong>" + esc(e.item) +
        "</strong><br><span class=\"muted\">" + esc(category_label(e.category)) + " \xC2\xB7 " +
        esc(entry_quantity_text(e));
    if (e.kind == Kind::need && (e.urgency == Urgency::critical || e.urgency == Urgency::high))
      row += " \xC2\xB7 " + esc(e.urgency == Urgency::critical ? tr("Urgent") : tr("Soon"));
    const std::string place = format_place(e.site, e.area);
    if (!place.empty()) row += " \xC2\xB7 " + esc(place);
    if (!e.details.empty()) row += " \xC2\xB7 " + esc(e.details);
    row += "</span>";
    if (e.kind == Kind::offer)
      row += "<br><a class=\"go\" href=\"/need?offer=" + e.id.hex() + "\">" +
             esc(tr("I need this")) + "</a>";
    row += "</li>";
    // The first row always (no row is near the budget alone).
    if (listed > 0 && defs.size() + symbol.size() + rows.size() + row.size() > budget) break;
    if (!symbol.empty()) used.push_back(id);
    defs += symbol;
    rows += row;
    ++listed;
  }
  more = more || listed < shown.size();
  b += "<svg class=\"defs\" aria-hidden=\"true\" focusable=\"false\">" + defs +
       "</svg><ul class=\"list\">" + rows + "</ul>";
  // The next entries: a plain link, no JavaScript.
  if (more)
    b += "<p><a class=\"go\" href=\"" +
         esc(link(kind, cat) + "&from=" + std::to_string(from + listed)) + "\" rel=\"next\">" +
         esc(more_words) + "</a></p>";
  return {200, frame(tr("What's available"), b, back)};
}

}  // namespace mutua
