// need add, offer add, list, show, status, categories (and edit, from cli_edit.cpp).
#include <iomanip>
#include <iostream>

#include "app/cli_waiting.hpp"
#include "app/command.hpp"
#include "app/json.hpp"
#include "core/csv.hpp"
#include "core/utf8.hpp"

namespace mutua::cli {

void write_entry_json(JsonWriter& w, const Entry& e, bool with_contacts) {
  w.begin_object();
  w.field("id", e.id.hex());
  w.field("ticket", e.ticket);
  w.field("kind", to_string(e.kind));
  w.field("category", e.category);
  w.field("item", e.item);
  w.field("details", e.details);
  w.field("quantity", e.quantity);
  w.field("unit", e.unit);
  if (e.kind == Kind::need) {
    w.field("urgency", to_string(e.urgency));
    w.field("people", e.people);
  }
  w.field("site", e.site);
  w.field("area", e.area);
  if (with_contacts) {
    w.field("contact_name", e.contact_name);
    w.field("contact_phone", e.contact_phone);
    w.field_bool("contact_consent", e.contact_consent);
  }
  w.field("language", e.language);
  w.field("status", to_string(e.status));
  w.field("created_at", format_timestamp(e.created_at));
  w.key("expires_at");
  e.expires_at ? w.str(format_timestamp(e.expires_at)) : w.null();
  w.field("updated_at", format_timestamp(e.updated_at));
  w.field("created_by", e.created_by.hex());
  w.end_object();
}

namespace {

std::vector<OptionSpec> add_options(Kind kind) {
  std::vector<OptionSpec> o{
      {"category", true, "category id (see mutua categories)"},
      {"item", true, "what exactly, in a few words"},
      {"qty", true, "how many, 1 to 1,000,000 (default 1)"},
      {"unit", true, "unit, e.g. kg, pack, hours"},
  };
  if (kind == Kind::need) {
    o.push_back({"urgency", true, "critical, high, normal (default) or low"});
    o.push_back({"people", true, "people in the household"});
  }
  o.insert(o.end(), {
                        {"site", true, "site name"},
                        {"area", true, "area or neighbourhood"},
                        {"details", true, "longer description"},
                        {"contact-name", true, "name to reach the person"},
                        {"contact-phone", true, "phone to reach the person"},
                        {"consent", false, "the person agreed that volunteers may contact them"},
                        {"language", true, "language the person prefers, e.g. uk"},
                        {"expires-in-days", true, "the entry expires after this many days"},
                    });
  return o;
}

int add_entry(Context& ctx, Kind kind) {
  const auto& a = ctx.args;
  Entry e;
  e.kind = kind;
  if (!a.get("category") || !a.get("item"))
    throw UsageError{"--category and --item are required (see mutua " +
                     std::string(to_string(kind)) + " add --help)"};
  e.category = *a.get("category");
  e.item = *a.get("item");
  e.quantity = a.get_int("qty", 1, limits::max_quantity).value_or(1);
  e.unit = a.get("unit").value_or("");
  if (auto u = a.get("urgency")) {
    auto parsed = parse_urgency(*u);
    if (!parsed) throw UsageError{"--urgency must be critical, high, normal or low"};
    e.urgency = *parsed;
  }
  if (kind == Kind::need) e.people = a.get_int("people", 0, limits::max_people).value_or(0);
  e.site = a.get("site").value_or("");
  e.area = a.get("area").value_or("");
  e.details = a.get("details").value_or("");
  e.contact_name = a.get("contact-name").value_or("");
  e.contact_phone = a.get("contact-phone").value_or("");
  e.contact_consent = a.has("consent");
  e.language = a.get("language").value_or("");
  auto& store = ctx.store();
  if (auto days = a.get_int("expires-in-days", 1, 3650))
    e.expires_at = store.replica().now_ms() + *days * 86'400'000;
  if ((!e.contact_name.empty() || !e.contact_phone.empty()) && !e.contact_consent)
    throw UserError{"contact details need the person's consent: add --consent once they agree"};
  auto added = store.entries().add(e);
  if (!added) throw UserError{added.error()};
  ctx.out << added->ticket << "\n";
  return 0;
}

// Pads to a width in characters, not bytes, so Cyrillic and accents line up.
std::string cell(const std::string& s, size_t width) {
  std::string out = s;
  size_t n = utf8::length(out);
  while (n > width) {
    utf8::pop_back(out);
    --n;
  }
  if (n < width) out.append(width - n, ' ');
  return out;
}

int list_entries(Context& ctx) {
  const auto& a = ctx.args;
  if (a.has("matched")) {
    if (a.get("kind") || a.get("status") || a.get("category"))
      throw UsageError{"--matched lists matches; it takes only --search, --limit and --json"};
    return list_matched(ctx, static_cast<size_t>(a.get_int("limit", 1, 1'000'000).value_or(50)),
                        a.get("search").value_or(""));
  }
  EntryQuery q;
  if (auto k = a.get("kind")) {
    auto parsed = parse_kind(*k);
    if (!parsed) throw UsageError{"--kind must be need or offer"};
    q.kind = parsed;
  }
  if (auto s = a.get("status")) {
    auto parsed = parse_status(*s);
    if (!parsed) throw UsageError{"unknown --status '" + *s + "'"};
    q.status = parsed;
  }
  auto& store = ctx.store();
  if (auto c = a.get("category")) {
    auto ids = store.settings().category_ids();
    if (std::find(ids.begin(), ids.end(), *c) == ids.end())
      throw UserError{"unknown category '" + *c + "' (see mutua categories)"};
    q.category = *c;
  }
  if (auto text = a.get("search")) {
    // Tickets, item and details words, contact names: the device owner's shell sees them all.
    q.search = *text;
    q.search_people = true;
  }
  auto limit = static_cast<size_t>(a.get_int("limit", 1, 1'000'000).value_or(50));
  std::vector<Entry> rows;
  std::optional<PageCursor> cursor;
  do {
    auto page = store.entries().list(q, std::min<size_t>(limit - rows.size(), 500), cursor);
    rows.insert(rows.end(), page.entries.begin(), page.entries.end());
    cursor = page.next;
  } while (cursor && rows.size() < limit);
  if (a.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& e : rows) write_entry_json(w, e, false);
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (rows.empty()) {
    ctx.out << "no entries match\n";
    return 0;
  }
  ctx.out << cell("TICKET", 10) << cell("KIND", 6) << cell("CATEGORY", 10) << cell("ITEM", 30)
          << cell("QTY", 12) << cell("URGENCY", 9) << cell("STATUS", 13) << "SITE\n";
  for (const auto& e : rows) {
    std::string qty = std::to_string(e.quantity) + (e.unit.empty() ? "" : " " + e.unit);
    ctx.out << cell(e.ticket, 10) << cell(std::string(to_string(e.kind)), 6) << cell(e.category, 10)
            << cell(e.item, 30) << cell(qty, 12)
            << cell(e.kind == Kind::need ? std::string(to_string(e.urgency)) : "", 9)
            << cell(std::string(to_string(e.status)), 13) << e.site << "\n";
  }
  int64_t total = store.entries().count(q);
  if (total > static_cast<int64_t>(rows.size()))
    ctx.out << "(" << rows.size() << " of " << total << "; use --limit to see more)\n";
  return 0;
}

int show(Context& ctx) {
  auto& store = ctx.store();
  Entry e = require_entry(store, ctx.args.positional()[0]);
  int64_t given = store.matches().handed_over(e.id);
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    write_entry_json(w, e, true);
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  auto line = [&](const char* label, const std::string& v) {
    if (!v.empty()) ctx.out << std::left << std::setw(16) << label << v << "\n";
  };
  line("ticket", e.ticket);
  line("kind", std::string(to_string(e.kind)));
  line("status", std::string(to_string(e.status)));
  line("category", e.category);
  line("item", e.item);
  // --json gives a waiting quantity as it is, 0.
  line("quantity", quantity_waiting(e)
                       ? std::string("not known on this device yet (it comes with the next "
                                     "update from the device that has it)")
                       : std::to_string(e.quantity) + (e.unit.empty() ? "" : " " + e.unit));
  if (given) line(e.kind == Kind::need ? "received" : "given", std::to_string(given));
  if (e.kind == Kind::need) {
    line("urgency", std::string(to_string(e.urgency)));
    if (e.people) line("people", std::to_string(e.people));
  }
  line("site", e.site);
  line("area", e.area);
  line("details", e.details);
  line("contact name", e.contact_name);
  line("contact phone", e.contact_phone);
  line("consent", e.contact_consent ? "yes" : "");
  line("language", e.language);
  line("created", format_timestamp(e.created_at));
  line("updated", format_timestamp(e.updated_at));
  if (e.expires_at) line("expires", format_timestamp(e.expires_at));
  line("id", e.id.hex());
  return 0;
}

int set_status(Context& ctx) {
  auto& store = ctx.store();
  Entry e = require_entry(store, ctx.args.positional()[0]);
  const auto& word = ctx.args.positional()[1];
  auto s = parse_status(word);
  if (!s) throw UsageError{"unknown status '" + word + "'"};
  auto r = store.entries().set_status(e.id, *s);
  if (!r) throw UserError{r.error()};
  ctx.out << e.ticket << " is now " << to_string(r->status) << "\n";
  return 0;
}

int categories(Context& ctx) {
  auto& store = ctx.store();
  auto ids = store.settings().category_ids();
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& id : ids) {
      const auto* c = find_default_category(id);
      w.begin_object();
      w.field("id", id);
      w.field("label", c ? c->label : id);
      w.field("cluster", c ? c->cluster : "");
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  for (const auto& id : ids) {
    const auto* c = find_default_category(id);
    ctx.out << std::left << std::setw(12) << id << (c ? c->label : id) << "\n";
  }
  return 0;
}

}  // namespace

std::vector<Command> entry_commands() {
  const OptionSpec json{"json", false, "machine-readable output"};
  return {
      {{"need", "add"},
       "",
       "record a need; prints its ticket",
       add_options(Kind::need),
       0,
       0,
       [](Context& c) { return add_entry(c, Kind::need); }},
      {{"offer", "add"},
       "",
       "record an offer; prints its ticket",
       add_options(Kind::offer),
       0,
       0,
       [](Context& c) { return add_entry(c, Kind::offer); }},
      {{"list"},
       "",
       "list entries by urgency, then age",
       {{"kind", true, "need or offer"},
        {"status", true, "open, partly_met, met, cancelled, expired, available, ..."},
        {"category", true, "category id"},
        {"limit", true, "at most this many (default 50)"},
        {"search", true,
         "only entries with every word (a ticket, item or details words, a contact name; each "
         "word may be the start of one)"},
        {"matched", false,
         "matches made but not yet handed over, oldest first, with the contacts to call"},
        json},
       0,
       0,
       list_entries},
      {{"show"}, "TICKET", "every field of one entry, contacts included", {json}, 1, 1, show},
      edit_command(),
      {{"status"},
       "TICKET STATUS",
       "set an entry's status (met, cancelled, open, ...)",
       {},
       2,
       2,
       set_status},
      {{"categories"}, "", "list the category ids", {json}, 0, 0, categories},
  };
}

}  // namespace mutua::cli
