// mutua list --matched: matches made but not yet handed over, oldest first, with the contacts to
// call (core/waiting_matches.hpp). The same rows as the console's "Matched, not handed over".
#include <algorithm>
#include <iostream>

#include "app/cli_waiting.hpp"
#include "app/json.hpp"
#include "core/csv.hpp"
#include "core/waiting_matches.hpp"

namespace mutua::cli {

namespace {

std::string waited(int64_t created_ms, int64_t now_ms) {
  const int64_t minutes = std::max<int64_t>(0, now_ms - created_ms) / 60000;
  if (minutes < 60) return std::to_string(minutes) + " min";
  if (minutes < 48 * 60) return std::to_string(minutes / 60) + " h";
  return std::to_string(minutes / (24 * 60)) + " days";
}

std::string qty(int64_t n, const std::string& unit) {
  return std::to_string(n) + (unit.empty() ? "" : " " + unit);
}

void write_person(JsonWriter& w, const char* key, const Entry& e) {
  w.key(key);
  w.begin_object();
  w.field("ticket", e.ticket);
  w.field("item", e.item);
  w.field("site", e.site);
  w.field("contact_name", e.contact_name);
  w.field("contact_phone", e.contact_phone);
  w.field_bool("contact_consent", e.contact_consent);
  w.end_object();
}

}  // namespace

int list_matched(Context& ctx, size_t limit, const std::string& search) {
  auto& store = ctx.store();
  size_t total = 0;
  const auto rows = waiting_matches(store, search, limit, &total);
  const int64_t now = store.replica().now_ms();
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& r : rows) {
      w.begin_object();
      w.field("match", r.match.id.hex());
      w.field("status", to_string(r.match.status));
      w.field("matched_at", format_timestamp(r.match.created_at));
      w.field("waited_minutes", std::max<int64_t>(0, now - r.match.created_at) / 60000);
      w.field("quantity", r.match.quantity);
      w.field("given", r.given);
      w.field("left", r.left());
      w.field("unit", r.need.unit);
      write_person(w, "need", r.need);
      write_person(w, "offer", r.offer);
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (rows.empty()) {
    ctx.out << "no matches waiting for a handover\n";
    return 0;
  }
  for (const auto& r : rows) {
    ctx.out << r.need.ticket << "  " << r.need.item << "  " << qty(r.left(), r.need.unit)
            << "  waiting " << waited(r.match.created_at, now) << "  match "
            << r.match.id.hex().substr(0, 8) << "\n";
    ctx.out << "    from offer " << r.offer.ticket;
    if (!r.offer.contact_name.empty()) ctx.out << "  " << r.offer.contact_name;
    if (!r.offer.contact_phone.empty()) ctx.out << "  " << r.offer.contact_phone;
    if (!r.offer.site.empty()) ctx.out << "  at " << r.offer.site;
    ctx.out << "\n";
    if (!r.need.contact_name.empty() || !r.need.contact_phone.empty())
      ctx.out << "    call " << r.need.contact_name
              << (r.need.contact_name.empty() || r.need.contact_phone.empty() ? "" : "  ")
              << r.need.contact_phone << "\n";
  }
  if (total > rows.size())
    ctx.out << "(" << rows.size() << " of " << total << "; use --limit to see more)\n";
  return 0;
}

}  // namespace mutua::cli
