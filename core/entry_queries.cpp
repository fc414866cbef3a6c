// Entries: the paged queries of the queue and the search, their counts and plans, and a ticket
// as typed.
#include <algorithm>
#include <cctype>

#include "core/entry_columns.hpp"
#include "core/item_words.hpp"
#include "core/save_failure.hpp"
#include "core/search.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {
// The columns a query filters and sorts on: the entries' own, or for a search their copies in the
// search index's map (core/search.hpp), so that a count never reads entries and a page reads
// only its own rows. `active` is the test of the generated column (migration 17).
struct Columns {
  const char* active;
  const char* kind;
  const char* state;
  const char* expires_at;
  const char* urgency;
  const char* created_at;
  const char* id;
  const char* category;
  const char* site_key;
};
constexpr Columns kEntriesColumns{"active = 1", "kind", "state",    "expires_at", "urgency",
                                  "created_at", "id",   "category", "site_key"};
constexpr Columns kSearchMapColumns{"(entry_state BETWEEN 0 AND 1 OR entry_state BETWEEN 5 AND 6)",
                                    "entry_kind",
                                    "entry_state",
                                    "entry_expires",
                                    "entry_urgency",
                                    "entry_created",
                                    "entry",
                                    "entry_category",
                                    "entry_site"};

struct Where {
  // A search reads the full-text index first, then its map, and only then entries (CROSS JOIN
  // fixes that order): the planner would otherwise walk a listing index, testing every row.
  std::string from = " FROM entries";
  const Columns* cols = &kEntriesColumns;
  bool map_only = false;  // filtered and sorted on the search map alone; entries read per row
  std::string sql;
  std::vector<Value> params;
  size_t blob_param = 0;  // 1-based index of the one parameter bound as a blob, if any
  void add(const std::string& clause, Value v) {
    sql += (sql.empty() ? " WHERE " : " AND ") + clause + " ?" + std::to_string(params.size() + 1);
    params.push_back(std::move(v));
  }
  std::string next(Value v) {
    params.push_back(std::move(v));
    return "?" + std::to_string(params.size());
  }
  void add_raw(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
};

Where where_for(const EntryQuery& q, int64_t now) {
  Where w;
  std::optional<std::string> match;
  if (q.search && !search_is_blank(*q.search)) {
    match = search_match_expression(*q.search,
                                    q.search_people ? SearchScope::people : SearchScope::board);
    if (match->empty()) {
      w.add_raw("0");  // nothing searchable typed (punctuation, emoji): nothing matches
      match.reset();
    } else {
      w.from =
          " FROM entry_search CROSS JOIN entry_search_rows ON entry_search_rows.fts ="
          " entry_search.rowid";
      w.add("entry_search MATCH", *match);
      // The map holds every column filtered on but updated_at (no search asks for it yet).
      w.map_only = !q.updated_since;
      if (w.map_only)
        w.cols = &kSearchMapColumns;
      else
        w.from += " CROSS JOIN entries ON entries.id = entry_search_rows.entry";
    }
  }
  const Columns& c = *w.cols;
  const std::string expires = c.expires_at;
  if (q.active_only) {
    w.add_raw(c.active);
    w.add("(" + expires + " = 0 OR " + expires + " >", now);
    w.sql += ")";
  }
  if (q.kind) w.add(std::string(c.kind) + " =", static_cast<int64_t>(*q.kind));
  if (q.site) w.add(std::string(c.site_key) + " =", fold_word(*q.site));
  if (q.category) w.add(std::string(c.category) + " =", *q.category);
  if (q.updated_since) w.add("updated_at >=", *q.updated_since);
  if (q.status) {
    const std::string state = c.state;
    if (*q.status == Status::expired) {
      w.add(
          "(" + state + " = 4 OR (" + c.active + " AND " + expires + " != 0 AND " + expires + " <=",
          now);
      w.sql += "))";
    } else {
      w.add(state + " =", static_cast<int64_t>(*q.status));
      if (is_active(*q.status)) {
        w.add("(" + expires + " = 0 OR " + expires + " >", now);
        w.sql += ")";
      }
    }
  }
  return w;
}

// A page in queue order (urgency, then age). A search on the map alone sorts the map's rows and
// reads from entries only the page's.
std::string page_sql(const Where& w, size_t limit) {
  const std::string order = " ORDER BY urgency, created_at, id LIMIT " + std::to_string(limit);
  if (!w.map_only) return std::string("SELECT ") + kEntryColumns + w.from + w.sql + order;
  return std::string("SELECT ") + kEntryColumns +
         " FROM (SELECT entry AS found, entry_urgency AS found_urgency, entry_created AS"
         " found_created" +
         w.from + w.sql + " ORDER BY entry_urgency, entry_created, entry LIMIT " +
         std::to_string(limit) +
         ") CROSS JOIN entries ON entries.id = found ORDER BY found_urgency, found_created, found";
}

void bind_all(Statement& st, const Where& w) {
  int i = 1;
  for (const auto& p : w.params) {
    if (auto n = std::get_if<int64_t>(&p)) {
      st.bind(i, *n);
    } else {
      const auto& s = std::get<std::string>(p);
      if (static_cast<size_t>(i) == w.blob_param)
        st.bind_blob(i, s.data(), s.size());
      else
        st.bind(i, std::string_view(s));
    }
    ++i;
  }
}
}  // namespace

std::optional<std::string> typed_ticket(std::string_view typed) {
  while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.front())))
    typed.remove_prefix(1);
  while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.back())))
    typed.remove_suffix(1);
  if (typed.size() < 4 || typed.size() > 32) return std::nullopt;
  std::string ticket(typed);
  if (typed.find('-') == std::string_view::npos) {
    if (!std::all_of(typed.begin(), typed.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      return std::nullopt;
    ticket.insert(3, "-");
  } else if (std::any_of(typed.begin(), typed.end(),
                         [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  for (auto& c : ticket) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return ticket;
}

std::optional<Entry> EntryService::by_ticket_given_elsewhere(std::string_view typed) const {
  const auto ticket = typed_ticket(typed);
  if (!ticket) return std::nullopt;
  auto e = by_ticket(*ticket);
  if (!e || e->ticket == *ticket) return std::nullopt;  // no such ticket, or the entry has it
  return e;
}

namespace {
// A search first indexes what was stored since the last one (core/search.hpp).
void refresh_for(const Db& db, const EntryQuery& q) {
  if (q.search && !search_is_blank(*q.search)) refresh_entry_search(db);
}

// A slip's ticket given with a creation that lost is searched as the ticket its entry has now,
// so the queue finds what the ticket screens find. Only a search that names tickets.
EntryQuery with_kept_ticket(const EntryService& entries, const EntryQuery& q) {
  if (!q.search || !q.search_people) return q;
  auto e = entries.by_ticket_given_elsewhere(*q.search);
  if (!e) return q;
  EntryQuery kept = q;
  kept.search = e->ticket;
  return kept;
}
}  // namespace

EntryPage EntryService::list(const EntryQuery& typed, size_t limit,
                             const std::optional<PageCursor>& after) const {
  refresh_for(db_, typed);
  const EntryQuery q = with_kept_ticket(*this, typed);
  Where w = where_for(q, now_ms());
  if (after) {
    std::string a = w.next(after->urgency), b = w.next(after->created_at),
                c = w.next(id_value(after->id));
    w.blob_param = w.params.size();
    w.add_raw(std::string("(") + w.cols->urgency + ", " + w.cols->created_at + ", " + w.cols->id +
              ") > (" + a + ", " + b + ", " + c + ")");
  }
  auto st = cached(page_sql(w, limit + 1));
  bind_all(st, w);
  EntryPage page;
  while (st.step()) {
    if (page.entries.size() == limit) {
      const auto& last = page.entries.back();
      page.next = PageCursor{static_cast<int64_t>(last.urgency), last.created_at, last.id};
      break;
    }
    page.entries.push_back(entry_from_statement(st));
  }
  st.reset();
  return page;
}

std::vector<std::string> EntryService::list_plan(const EntryQuery& q) const {
  Where w = where_for(q, now_ms());
  auto st = db_.prepare("EXPLAIN QUERY PLAN " + page_sql(w, 51));
  bind_all(st, w);
  std::vector<std::string> plan;
  while (st.step()) plan.push_back(st.text(3));
  return plan;
}

std::vector<std::string> count_plan(const Db& db, const EntryQuery& q, int64_t now) {
  Where w = where_for(q, now);
  auto st = db.prepare("EXPLAIN QUERY PLAN SELECT count(*)" + w.from + w.sql);
  bind_all(st, w);
  std::vector<std::string> plan;
  while (st.step()) plan.push_back(st.text(3));
  return plan;
}

Result<size_t> EntryService::refresh_search() {
  try {
    return refresh_entry_search(db_);
  } catch (const DbError& e) {
    return save_failed(replica_, e, "could not update the search index: ");
  }
}

int64_t EntryService::count(const EntryQuery& typed) const {
  refresh_for(db_, typed);
  Where w = where_for(with_kept_ticket(*this, typed), now_ms());
  auto st = cached("SELECT count(*)" + w.from + w.sql);
  bind_all(st, w);
  st.step();
  auto n = st.int64(0);
  st.reset();
  return n;
}

}  // namespace mutua
