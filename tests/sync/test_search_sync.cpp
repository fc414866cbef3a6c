// The search index (core/search.hpp) follows what a bundle brings in and what learning a
// revocation takes back: a search finds the new text and no longer the old. The index itself is
// local and never travels: bundles carry entries, and the receiver indexes them.
#include <doctest/doctest.h>

#include "core/revocation.hpp"
#include "core/search.hpp"
#include "support/network_fixture.hpp"
#include "support/search_index_check.hpp"
#include "support/store_access.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool finds(const Store& s, const std::string& text, const Entry& e) {
  EntryQuery q;
  q.search = text;
  q.search_people = true;
  for (const auto& x : s.entries().list(q, 100).entries)
    if (x.id == e.id) return true;
  return false;
}

// The tickets the public board's search finds among the active entries of one kind; its count
// (read from the search map alone, migration 22) must agree.
std::vector<std::string> board_finds(const Store& s, Kind kind, const std::string& text) {
  EntryQuery q;
  q.kind = kind;
  q.active_only = true;
  q.search = text;
  std::vector<std::string> tickets;
  for (const auto& e : s.entries().list(q, 100).entries) tickets.push_back(e.ticket);
  CHECK(s.entries().count(q) == static_cast<int64_t>(tickets.size()));
  return tickets;
}

}  // namespace

TEST_CASE("a bundle's new and changed entries are found by their new words, not their old") {
  auto devices = make_network(2);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  Entry e = make_entry(Kind::need, "Lentils");
  e.contact_name = "Ana";
  e.contact_consent = true;
  auto added = a.entries().add(e);
  REQUIRE(added.ok());
  send(a, b);
  CHECK(finds(b, "lentils", *added));
  CHECK(finds(b, "ana", *added));
  CHECK(finds(b, added->ticket, *added));
  devices[0]->wall += 1000;
  Entry edited = *a.entries().get(added->id);
  edited.item = "Chickpeas";
  edited.contact_name = "Bea";
  REQUIRE(a.entries().update(edited).ok());
  send(a, b);
  CHECK(finds(b, "chickpeas", *added));
  CHECK(finds(b, "bea", *added));
  CHECK_FALSE(finds(b, "lentils", *added));
  CHECK_FALSE(finds(b, "ana", *added));
  check_in_step(b);
}

TEST_CASE("a revocation's take-back: the old words are found again, dropped rows not at all") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  Store& x = *devices[2]->store;
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  auto need = a.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(need.ok());
  send(a, x);
  send(a, b);
  send(x, a);
  tick();
  REQUIRE(revoke_device(a, x.replica().device_id()).ok());
  tick();
  Entry hijacked = *x.entries().get(need->id);
  hijacked.item = "hijacked";
  REQUIRE(x.entries().update(hijacked).ok());
  auto offer = x.entries().add(make_entry(Kind::offer, "stolen goods"));
  REQUIRE(offer.ok());
  send(x, b);
  REQUIRE(finds(b, "hijacked", *need));
  REQUIRE(finds(b, "stolen", *offer));
  send(a, b, false);  // b learns the revocation and takes x's changes back
  CHECK(finds(b, "rice", *need));
  CHECK_FALSE(finds(b, "hijacked", *need));
  CHECK_FALSE(finds(b, "stolen", *offer));
  check_in_step(b);
}

TEST_CASE("an entry whose kind a colliding creation replaced is found under its new kind only") {
  // The index keeps each entry's kind so that a search of one kind looks up only those entries
  // (migration 20). The kind is a fixed value, but two creations of one id (the same spreadsheet
  // row imported as an offer here and as a need elsewhere) converge on the earlier one: then this
  // device's entry changes kind, and its index row must follow.
  auto devices = make_network(2);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  const Id shared = Id::random();
  auto sheet_row = [&](Kind kind, int64_t created_at) {
    Entry e = make_entry(kind, "Blankets", "shelter");
    e.id = shared;
    e.status = initial_status(kind);
    e.created_at = created_at;
    e.updated_at = created_at;
    return e;
  };
  REQUIRE(a.entries().import({sheet_row(Kind::need, 1'700'000'000'000)}).ok());
  REQUIRE(b.entries().import({sheet_row(Kind::offer, 1'700'000'001'000)}).ok());
  auto found = [&](Kind kind) {
    EntryQuery q;
    q.kind = kind;
    q.search = "blankets";
    auto page = b.entries().list(q, 10);
    CHECK(b.entries().count(q) == static_cast<int64_t>(page.entries.size()));
    return page.entries.size() == 1 && page.entries[0].id == shared;
  };
  CHECK(found(Kind::offer));  // indexed here as an offer
  CHECK_FALSE(found(Kind::need));
  send(a, b);  // a's need was created first: it is kept, on b too
  REQUIRE(b.entries().get(shared)->kind == Kind::need);
  CHECK(found(Kind::need));
  CHECK_FALSE(found(Kind::offer));
  check_in_step(b);
}

TEST_CASE("a handover from a bundle, and its take-back, move a need off and back onto the board") {
  // The state a handover derives is changed in place, with no new change number: the search
  // map must follow it (a trigger), and drop at once an entry a take-back deletes.
  auto devices = make_network(3);
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  Store& x = *devices[2]->store;
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  auto need = a.entries().add(make_entry(Kind::need, "rice", "food", 1));
  auto offer = a.entries().add(make_entry(Kind::offer, "rice", "food", 1));
  REQUIRE(need.ok());
  REQUIRE(offer.ok());
  send(a, x);
  send(a, b);
  send(x, a);
  CHECK(board_finds(b, Kind::need, "rice") == std::vector<std::string>{need->ticket});
  tick();
  REQUIRE(revoke_device(a, x.replica().device_id()).ok());
  tick();
  auto match = x.matches().add(need->id, offer->id, 1, MatchStatus::confirmed);
  REQUIRE(match.ok());
  REQUIRE(x.matches().add_handover(match->id, 1).ok());
  auto stolen = x.entries().add(make_entry(Kind::offer, "rice, stolen"));
  REQUIRE(stolen.ok());
  send(x, b);
  REQUIRE(b.entries().get(need->id)->status == Status::met);
  CHECK(board_finds(b, Kind::need, "rice").empty());
  CHECK(board_finds(b, Kind::offer, "rice") == std::vector<std::string>{stolen->ticket});
  check_in_step(b);
  send(a, b, false);  // b learns the revocation: the handover and the stolen offer are gone
  REQUIRE(b.entries().get(need->id)->status == Status::open);
  REQUIRE_FALSE(b.entries().get(stolen->id));
  CHECK(board_finds(b, Kind::need, "rice") == std::vector<std::string>{need->ticket});
  CHECK(board_finds(b, Kind::offer, "rice") == std::vector<std::string>{offer->ticket});
  CHECK(board_finds(b, Kind::offer, "stolen").empty());
  check_in_step(b);
}
