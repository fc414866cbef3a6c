// match suggest, match confirm, match list, handover, handover undo.
#include <iostream>

#include "app/command.hpp"
#include "app/json.hpp"
#include "core/matching.hpp"

namespace mutua::cli {

namespace {

std::string reason_kind(MatchReason::Kind k) {
  using K = MatchReason::Kind;
  switch (k) {
    case K::same_category:
      return "same_category";
    case K::shared_words:
      return "shared_words";
    case K::covers_all:
      return "covers_all";
    case K::covers_part:
      return "covers_part";
    case K::same_site:
      return "same_site";
    case K::same_area:
      return "same_area";
    case K::urgent_nearby:
      return "urgent_nearby";
    case K::waiting:
      return "waiting";
    case K::no_shared_words:
      return "no_shared_words";
  }
  return "other";
}

std::string qty_text(int64_t n, const std::string& unit) {
  return std::to_string(n) + (unit.empty() ? "" : " " + unit);
}

int64_t require_qty(const Context& ctx) {
  auto q = ctx.args.get_int("qty", 1, limits::max_quantity);
  if (!q) throw UsageError{"--qty N is required (1 to 1,000,000)"};
  return *q;
}

// "K7Q-001 is now partly_met: 6 of 10 given".
std::string status_line(const Store& store, const Id& id) {
  auto e = store.entries().get(id);
  if (!e) return "";
  const Allocation a = allocation(store, *e);
  return std::string(to_string(e->kind)) + " " + e->ticket + " is now " +
         std::string(to_string(e->status)) + ": " + std::to_string(a.given) + " of " +
         qty_text(e->quantity, e->unit) + " given";
}

int suggest(Context& ctx) {
  auto& store = ctx.store();
  Entry need = require_entry(store, ctx.args.positional()[0]);
  if (need.kind != Kind::need)
    throw UserError{need.ticket + " is an offer; suggestions are made for a need"};
  SuggestOptions o;
  o.limit = static_cast<size_t>(ctx.args.get_int("limit", 1, 100).value_or(10));
  auto found = suggest_offers(store, need, o);
  const Allocation a = allocation(store, need);
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_object();
    w.field("need", need.ticket);
    w.field("still_to_match", a.unmatched());
    w.key("suggestions");
    w.begin_array();
    for (const auto& s : found) {
      w.begin_object();
      w.field("ticket", s.offer.ticket);
      w.field("id", s.offer.id.hex());
      w.field("item", s.offer.item);
      w.field("category", s.offer.category);
      w.field("quantity", s.offer.quantity);
      w.field("unit", s.offer.unit);
      w.field("available", s.available);
      w.field("site", s.offer.site);
      w.field("area", s.offer.area);
      w.field("score", s.score);
      w.key("reasons");
      w.begin_array();
      for (const auto& r : s.reasons) {
        w.begin_object();
        w.field("kind", reason_kind(r.kind));
        w.field("points", r.points);
        w.field("text", describe(r));
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
    ctx.out << w.take() << "\n";
    return 0;
  }
  ctx.out << "need " << need.ticket << ": " << need.item << ", " << a.unmatched() << " of "
          << qty_text(need.quantity, need.unit) << " still to match\n";
  if (found.empty()) {
    ctx.out << "no open offers fit this need\n";
    return 0;
  }
  int rank = 0;
  for (const auto& s : found) {
    ctx.out << ++rank << ". " << s.offer.ticket << "  " << s.offer.item << "  ("
            << qty_text(s.available, s.offer.unit) << " free)  score " << s.score << "\n";
    for (const auto& r : s.reasons) ctx.out << "     - " << describe(r) << "\n";
  }
  return 0;
}

int confirm(Context& ctx) {
  auto& store = ctx.store();
  Entry need = require_entry(store, ctx.args.positional()[0]);
  Entry offer = require_entry(store, ctx.args.positional()[1]);
  const int64_t qty = require_qty(ctx);
  auto m = confirm_match(store, need, offer, qty);
  if (!m) throw UserError{m.error()};
  const Allocation a = allocation(store, *store.entries().get(need.id));
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_object();
    w.field("match", m->id.hex());
    w.field("need", need.ticket);
    w.field("offer", offer.ticket);
    w.field("quantity", m->quantity);
    w.field("still_to_match", a.unmatched());
    w.end_object();
    ctx.out << w.take() << "\n";
    return 0;
  }
  ctx.out << m->id.hex() << "\n"
          << "confirmed: " << qty_text(m->quantity, offer.unit) << " from offer " << offer.ticket
          << " for need " << need.ticket << "; " << a.unmatched() << " still to match\n";
  return 0;
}

int list_matches(Context& ctx) {
  auto& store = ctx.store();
  Entry e = require_entry(store, ctx.args.positional()[0]);
  auto matches = store.matches().for_entry(e.id);
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  auto ticket = [&](const Id& id) {
    auto x = store.entries().get(id);
    return x ? x->ticket : std::string("?");
  };
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& m : matches) {
      w.begin_object();
      w.field("id", m.id.hex());
      w.field("need", ticket(m.need));
      w.field("offer", ticket(m.offer));
      w.field("quantity", m.quantity);
      w.field("handed_over", handed_on_match(store, m.id));
      w.field("status", to_string(m.status));
      w.key("handovers");
      w.begin_array();
      for (const auto& h : store.matches().handovers_for(m.id)) {
        w.begin_object();
        w.field("id", h.id.hex());
        w.field("quantity", h.quantity);
        w.key("undoes");
        h.undoes.is_zero() ? w.null() : w.str(h.undoes.hex());
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (matches.empty()) {
    ctx.out << "no matches for " << e.ticket << "\n";
    return 0;
  }
  for (const auto& m : matches) {
    ctx.out << m.id.hex() << "  need " << ticket(m.need) << "  offer " << ticket(m.offer)
            << "  qty " << m.quantity << "  given " << handed_on_match(store, m.id) << "  "
            << to_string(m.status) << "\n";
    for (const auto& h : store.matches().handovers_for(m.id))
      ctx.out << "    handover " << h.id.hex() << "  "
              << (h.undoes.is_zero() ? "qty " + std::to_string(h.quantity)
                                     : "undoes " + h.undoes.hex().substr(0, 8))
              << "\n";
  }
  return 0;
}

int handover(Context& ctx) {
  auto& store = ctx.store();
  auto m = find_match(store, ctx.args.positional()[0]);
  if (!m) throw UserError{m.error()};
  const int64_t qty = require_qty(ctx);
  auto h = record_handover(store, m->id, qty);
  if (!h) throw UserError{h.error()};
  ctx.out << h->id.hex() << "\n"
          << status_line(store, m->need) << "\n"
          << status_line(store, m->offer) << "\n"
          << "undo within 2 minutes: mutua handover undo " << h->id.hex().substr(0, 8) << "\n";
  return 0;
}

int undo(Context& ctx) {
  auto& store = ctx.store();
  auto h = find_handover(store, ctx.args.positional()[0]);
  if (!h) throw UserError{h.error()};
  auto u = undo_handover(store, h->id);
  if (!u) throw UserError{u.error()};
  auto m = store.matches().get(h->match);
  ctx.out << u->id.hex() << "\n"
          << "undone: " << h->quantity << " handed over on match " << h->match.hex().substr(0, 8)
          << "\n";
  if (m) ctx.out << status_line(store, m->need) << "\n" << status_line(store, m->offer) << "\n";
  return 0;
}

}  // namespace

std::vector<Command> match_commands() {
  const OptionSpec json{"json", false, "machine-readable output"};
  const OptionSpec qty{"qty", true, "how many, 1 to 1,000,000"};
  return {
      {{"match", "suggest"},
       "TICKET",
       "the best open offers for a need, with their reasons",
       {json, {"limit", true, "at most this many (default 10)"}},
       1,
       1,
       suggest},
      {{"match", "confirm"},
       "NEED_TICKET OFFER_TICKET",
       "match part or all of a need with an offer; prints the match id",
       {qty, json},
       2,
       2,
       confirm},
      {{"match", "list"},
       "TICKET",
       "the matches and handovers of an entry, with their ids",
       {json},
       1,
       1,
       list_matches},
      {{"handover"},
       "MATCH_ID",
       "record units actually given on a match (id or prefix)",
       {qty},
       1,
       1,
       handover},
      {{"handover", "undo"},
       "HANDOVER_ID",
       "undo a handover recorded in the last 2 minutes",
       {},
       1,
       1,
       undo},
  };
}

}  // namespace mutua::cli
