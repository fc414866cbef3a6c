// Convergence under every order: many devices make random changes and exchange bundles along
// random schedules (with duplicates, stale bundles and reordering); in the end they all hold the
// same data. A failing seed is printed; replay it with MUTUA_SEED=<seed>.
#include <doctest/doctest.h>

#include <algorithm>

#include "convergence_sim.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// What the property cases count over their seeds.
struct Tally {
  size_t converged = 0, unconfirmed = 0, unsigned_yet = 0;
  size_t waited_left_out = 0;  // from a delta made for another device (Sim::note_unconfirmed)
};

// Counts one run: converged when `same` and each of `who` rebuilds every chain; and what the
// chain check set aside on the way.
void judge_run(Sim& sim, uint64_t seed, bool same, const std::vector<size_t>& who, Tally& t) {
  const bool chains = sim.chains_rebuilt(who, who.size());
  t.unconfirmed += sim.unconfirmed;
  t.unsigned_yet += sim.unsigned_yet;
  t.waited_left_out += sim.waited_left_out;
  sim.count_converged(same && chains, seed, t.converged,
                      same ? "holds a chain it cannot rebuild" : "did not converge");
}

struct HonestTally : Tally {
  size_t collisions = 0;
};

// One run of six honest devices: random changes, random exchanges, then everyone hears from
// everyone. Counts the seed as converged when all hold the same data and can rebuild every chain.
void run_honest(uint64_t seed, HonestTally& t) {
  CAPTURE(seed);
  Sim sim(seed, 6);
  int steps = 30 + static_cast<int>(sim.rng() % 30);
  for (int k = 0; k < steps; ++k) sim.step();
  sim.settle();
  std::string first = sim.store(0).replica().content_hash();
  bool same = true;
  for (size_t i = 1; i < sim.devices.size(); ++i)
    same = same && sim.store(i).replica().content_hash() == first;
  // Derived statuses (from handovers) must agree too.
  auto statuses = [&](size_t i) {
    std::string out;
    for (const auto& e : sim.entries(i)) out += e.id.hex() + std::string(to_string(e.status)) + ";";
    return out;
  };
  for (size_t i = 1; i < sim.devices.size(); ++i) same = same && statuses(i) == statuses(0);
  for (size_t i = 0; i < sim.devices.size(); ++i)
    for (const auto& c : sim.store(i).replica().conflicts()) t.collisions += c.field == "kind";
  // And every device can rebuild, from what it holds, the chain each device claims (what a
  // check on import needs): a spreadsheet row whose creation lost leaves its write's digest.
  std::vector<size_t> everyone(sim.devices.size());
  for (size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  judge_run(sim, seed, same, everyone, t);
}

}  // namespace

TEST_CASE("six devices converge whatever the order, duplication or grouping of bundles") {
  HonestTally t;
  for (uint64_t seed : seeds()) run_honest(seed, t);
  CHECK(t.converged == seeds().size());
  // The chain check (on) set nothing of these honest devices aside, but what a stale delta
  // made for another device relayed (it left out what the chain needs there; it comes later).
  CHECK(t.unconfirmed == 0);
  CHECK(t.unsigned_yet == 0);
  MESSAGE("records waiting on a delta made for another device: " << t.waited_left_out);
  // Spreadsheet rows did collide (a need on one device, an offer on another), and were shown.
  if (seeds().size() > 1) CHECK(t.collisions > 0);
}

TEST_CASE("the seeds past 200 of the honest property that once failed set nothing aside") {
  // Found by a soak of seeds 201 to 4,200 (session 22): a delta made for one device, read on
  // another, set its sender's changes aside for want of its key (842), and then a relay that
  // read the same delta sent them again with the same hole (883); one relayed another device's
  // changes that then waited for what it left out, counted apart since (2516). docs/security.md,
  // "A delta read on another device".
  if (std::getenv("MUTUA_SEED")) return;  // a replay runs the case above
  HonestTally t;
  const std::vector<uint64_t> fixed{842, 883, 2516};
  for (uint64_t seed : fixed) run_honest(seed, t);
  CHECK(t.converged == fixed.size());
  CHECK(t.unconfirmed == 0);
  CHECK(t.unsigned_yet == 0);
}

TEST_CASE("the convergence check notices devices that have not exchanged everything") {
  // Guards the test above: without the final settling round, hashes do differ.
  Sim sim(7, 3);
  REQUIRE(sim.store(0).entries().add(make_entry(Kind::need, "rice")).ok());
  CHECK(sim.store(0).replica().content_hash() != sim.store(1).replica().content_hash());
  sim.settle();
  CHECK(sim.store(0).replica().content_hash() == sim.store(1).replica().content_hash());
  CHECK(sim.store(2).replica().content_hash() == sim.store(1).replica().content_hash());
}

namespace {

// One run of the property with revocations: five devices, 40 to 69 random steps with
// revocations and reinstatements among them, then every device exchanges everything.
struct RevocationTally : Tally {
  size_t revoked_steps = 0, refused = 0;
};

void run_with_revocations(uint64_t seed, RevocationTally& t) {
  CAPTURE(seed);
  Sim sim(seed, 5);
  sim.revocations = true;
  int steps = 40 + static_cast<int>(sim.rng() % 30);
  for (int k = 0; k < steps; ++k) sim.step();
  sim.settle_all();
  for (const auto& l : sim.log) t.revoked_steps += l.rfind("revoke", 0) == 0;
  // Every device agrees on who is revoked, and those not revoked hold the same content. Who is
  // revoked as the first device that is not revoked in its own eyes sees it: a revoked device
  // keeps its own later writes, which every other device refuses (seed 107: device 0, revoked,
  // had reinstated device 2 past its cut-off, and so alone held 2 as standing).
  size_t judge = 0;
  while (judge + 1 < sim.devices.size()) {
    const auto own = sim.standing(judge);
    if (std::find(own.begin(), own.end(), judge) != own.end()) break;
    ++judge;
  }
  auto standing = sim.standing(judge);
  bool same = std::find(standing.begin(), standing.end(), judge) != standing.end();
  for (size_t i : standing) same = same && sim.standing(i) == standing;
  REQUIRE(!standing.empty());
  const std::string first = sim.store(standing[0]).replica().content_hash();
  for (size_t i : standing) same = same && sim.store(i).replica().content_hash() == first;
  for (size_t i : standing)
    for (const auto& l : sim.store(i).replica().sync_log(1000)) t.refused += l.refused_revoked > 0;
  judge_run(sim, seed, same, standing, t);
}

}  // namespace

TEST_CASE(
    "devices converge with revocations, reinstatements and relays through devices that have not "
    "heard") {
  RevocationTally t;
  auto all = seeds();
  std::vector<uint64_t> some(all.begin(), all.begin() + std::min<size_t>(all.size(), 60));
  for (uint64_t seed : some) run_with_revocations(seed, t);
  CHECK(t.converged == some.size());
  // No chain of these honest devices failed to confirm what they wrote. Records waited for a
  // claim where a relay lacked one (docs/security.md, "Built: step 3", what it leaves).
  CHECK(t.unconfirmed == 0);
  MESSAGE("records set aside until their device's claim comes: " << t.unsigned_yet);
  // The property means something only if revocations happened and records were refused.
  if (some.size() > 1) {
    CHECK(t.revoked_steps > 0);
    CHECK(t.refused > 0);
  }
}

TEST_CASE("the seeds past 60 of the property with revocations that once failed converge") {
  // Found by scripts/property-soak and by hand (docs/security.md, "Not yet"), each fixed since:
  // two devices that revoked each other (776, 922, 1087, 1381), the same with one's later
  // writes held first (998), a record whose creation is taken back (1363), and a claim dropped
  // by a revocation that the vector still counted (1726, 2066, 2877, 2993); and honest records
  // set aside with a forgery's word, from a relay that dropped a claim for a revocation (1186,
  // 2174, 2225, 2238, 2490, 2556: the check on `unconfirmed` below), or because the record the
  // relay's digests of a revocation stood on was cut whole here (4381); and a lost write kept
  // after the record took it back (4323). And two that failed only on a draft of the check
  // against a revoked device's checked point (238, 262: its own version, given back by a relay
  // after the take-back, whose digest this device kept ahead; 1948: its creation that lost a
  // collision, given back whole, whose lost write this device kept; ChainCheck::judge_unclaimed).
  // And an edit of a record whose quantity a take-back left waiting, refused for that quantity
  // (5039; EntryService::update); and a lost write a take-back's given-back version carried,
  // kept (6433; Replica::retract_origin_after); and a handover within its limit only while a
  // revoked device's offer was held, kept where the take-back removed that offer (5926; judged
  // again since: RowObserver::refused_after). And, since the engine follows the rule over
  // revocation records (docs/revocation-records.md, step 3, session 33), revocations in rings of
  // three (712, 795, 1679, 2533, 2563, 4993, 5199), in overlapping cycles (208, 2030, 4185, 4408,
  // 5220, 5485, 5720, 8077, 8305) and in paradoxes with reinstatements (2316, 3814, 7308, 8032).
  if (std::getenv("MUTUA_SEED")) return;  // a replay runs the case above
  RevocationTally t;
  const std::vector<uint64_t> fixed{
      208,  238,  262,  712,  776,  795,  922,  998,  1087, 1186, 1363, 1381, 1679, 1726, 1948,
      2030, 2066, 2174, 2225, 2238, 2316, 2490, 2533, 2556, 2563, 2877, 2993, 3814, 4185, 4323,
      4381, 4408, 4993, 5039, 5199, 5220, 5485, 5720, 5926, 6433, 7308, 8032, 8077, 8305};
  for (uint64_t seed : fixed) run_with_revocations(seed, t);
  CHECK(t.converged == fixed.size());
  CHECK(t.unconfirmed == 0);
}

namespace {

// Two devices (x, y) change one field one after the other, past the cut-offs a coordinator's
// device (a) then gives them, and the news travels through relays that have not heard. The
// right value is the latest version no cut-off takes back: x's first change when a accepted it,
// else a's own. Returns the seeds that ended anywhere else.
struct TwoRevocations {
  SeededRandom seeded;  // keys and ids from the seed too: MUTUA_SEED replays the same run
  std::mt19937_64 rng;
  std::vector<std::unique_ptr<TestDevice>> devices = make_network(5);
  static constexpr size_t a = 0, x = 3, y = 4;
  Id entry, xid, yid;
  std::string expected;
  std::vector<bool> held;  // a standing device held the right version as its value
  int restored_on_their_own = 0;

  explicit TwoRevocations(uint64_t seed) : seeded(random_seed(seed)), rng(seed) {
    xid = store(x).replica().device_id();
    yid = store(y).replica().device_id();
    held.assign(devices.size(), false);
  }
  Store& store(size_t i) { return *devices[i]->store; }
  bool coin() { return rng() % 2 == 0; }
  void tick(size_t i) { devices[i]->wall += 1 + static_cast<int64_t>(rng() % 3000); }
  std::string item(size_t i) { return store(i).entries().get(entry)->item; }
  void edit(size_t i, const std::string& to) {
    tick(i);
    Entry e = *store(i).entries().get(entry);
    e.item = to;
    REQUIRE(store(i).entries().update(e).ok());
  }
  // A delta or a full bundle; refused whole when its sender is revoked on the receiver.
  void deliver(size_t from, size_t to, bool delta) {
    VersionVector base;
    if (delta)
      if (auto p = store(from).replica().peer(store(to).replica().device_id())) base = p->vector;
    auto b = build_bundle(store(from).replica(), base);
    REQUIRE(b.ok());
    SyncFailure why;
    auto r = import_bundle(store(to).replica(), b->bytes, "test", &why);
    if (why.problem != SyncProblem::revoked_device)
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  }
  bool knows_both(size_t i) {
    auto dx = store(i).devices().get(xid), dy = store(i).devices().get(yid);
    auto ax = store(a).devices().get(xid), ay = store(a).devices().get(yid);
    return dx && dy && dx->revoked && dy->revoked && dx->revoked_cutoff == ax->revoked_cutoff &&
           dy->revoked_cutoff == ay->revoked_cutoff;
  }
  // A standing device that held the right value and knows both revocations holds it again
  // by itself, whatever it received in between.
  void check_standing() {
    for (size_t i : {size_t{0}, size_t{1}, size_t{2}}) {
      if (item(i) == expected) held[i] = true;
      if (held[i] && knows_both(i)) {
        CHECK_MESSAGE(item(i) == expected, "device " << i);
        ++restored_on_their_own;
      }
    }
  }
  void run() {
    auto created = store(a).entries().add(make_entry(Kind::need, "from a"));
    REQUIRE(created.ok());
    entry = created->id;
    for (size_t i = 1; i < devices.size(); ++i) deliver(a, i, false);
    for (size_t i = 1; i < devices.size(); ++i) deliver(i, a, false);  // a knows every device
    const bool a_accepts_x = coin();
    edit(x, "x1");
    if (a_accepts_x) deliver(x, a, coin());
    for (size_t to : {size_t{1}, size_t{2}, y})
      if (coin()) deliver(x, to, coin());
    edit(x, "x2");
    for (size_t to : {size_t{1}, size_t{2}, y})
      if (coin()) deliver(x, to, coin());
    edit(y, "y1");
    for (size_t to : {size_t{1}, size_t{2}})
      if (coin()) deliver(y, to, coin());
    expected = a_accepts_x ? "x1" : "from a";
    REQUIRE(item(a) == expected);
    check_standing();
    // Revoked in a row, in either order, with time between.
    const bool x_first = coin();
    tick(a);
    REQUIRE(revoke_device(store(a), x_first ? xid : yid, true).ok());
    if (coin()) deliver(a, 1 + rng() % 2, coin());
    tick(a);
    REQUIRE(revoke_device(store(a), x_first ? yid : xid, true).ok());
    REQUIRE(item(a) == expected);
    // Relays, deltas and full bundles, among all five; x and y change the field again (each at
    // most twice, within the bound of versions kept aside).
    int x_edits = 0, y_edits = 0;
    for (int k = 0; k < 25; ++k) {
      size_t from = rng() % devices.size(), to = rng() % devices.size();
      if (from == x && x_edits < 2 && rng() % 4 == 0)
        edit(x, "x late " + std::to_string(x_edits++));
      if (from == y && y_edits < 2 && rng() % 4 == 0)
        edit(y, "y late " + std::to_string(y_edits++));
      if (from != to) deliver(from, to, coin());
      check_standing();
    }
    // Then full bundles between every pair: every standing device ends on the right value.
    for (int round = 0; round < 2; ++round)
      for (size_t i = 0; i < devices.size(); ++i)
        for (size_t j = 0; j < devices.size(); ++j)
          if (i != j) deliver(i, j, false);
    for (size_t i : {size_t{0}, size_t{1}, size_t{2}}) {
      CHECK(knows_both(i));
      CHECK_MESSAGE(item(i) == expected, "device " << i);
    }
    CHECK(store(1).replica().content_hash() == store(a).replica().content_hash());
    CHECK(store(2).replica().content_hash() == store(a).replica().content_hash());
  }
};

}  // namespace

TEST_CASE(
    "two devices revoked in a row on one field, the second also changed before its cut-off: "
    "every standing device ends on the latest version no cut-off takes back, relays or not") {
  auto all = seeds();
  std::vector<uint64_t> some(all.begin(), all.begin() + std::min<size_t>(all.size(), 40));
  int on_their_own = 0;
  for (uint64_t seed : some) {
    CAPTURE(seed);
    TwoRevocations t(seed);
    t.run();
    on_their_own += t.restored_on_their_own;
  }
  // The property means something only if devices restored the value without being sent it.
  if (some.size() > 1) CHECK(on_their_own > 0);
}

TEST_CASE(
    "copies of an id that claim an earlier creation time lose everywhere, whatever the order, "
    "through relays") {
  size_t converged = 0, copies = 0, unconfirmed = 0, unsigned_yet = 0;
  for (uint64_t seed : seeds()) {
    if (seeds().size() > 1 && seed > 30) break;  // 30 seeds: the copies need no more
    CAPTURE(seed);
    Sim sim(seed + 1000, 5);
    sim.copies = true;
    int steps = 30 + static_cast<int>(sim.rng() % 30);
    for (int k = 0; k < steps; ++k) sim.step();
    sim.settle();
    bool same = true;
    const std::string first = sim.store(0).replica().content_hash();
    for (size_t i = 1; i < sim.devices.size(); ++i)
      same = same && sim.store(i).replica().content_hash() == first;
    if (!same) MESSAGE("hashes differ");
    // Every copied id holds, on every device, the creation it is bound to.
    for (const Id& id : sim.copied)
      for (size_t i = 0; i < sim.devices.size(); ++i) {
        auto row = sim.store(i).replica().read_row(TableId::entries, id);
        REQUIRE(row);
        if (!creation_bound(TableId::entries, id, row->fixed))
          MESSAGE("not bound on " << i << ": " << id.hex());
        same = same && creation_bound(TableId::entries, id, row->fixed);
      }
    copies += sim.copied.size();
    std::vector<size_t> everyone(sim.devices.size());
    for (size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
    const bool chains = sim.chains_rebuilt(everyone, everyone.size());
    unconfirmed += sim.unconfirmed;
    unsigned_yet += sim.unsigned_yet;
    sim.count_converged(
        same && chains, seed, converged,
        same ? "holds a chain it cannot rebuild" : "did not keep the bound creations");
  }
  CHECK(converged > 0);
  CHECK(unconfirmed == 0);
  CHECK(unsigned_yet == 0);
  if (seeds().size() > 1) CHECK(copies > 10);
}
