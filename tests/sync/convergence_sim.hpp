#pragma once
// The convergence property tests' simulation (test_convergence.cpp, test_convergence_gaps.cpp):
// many devices make random changes and exchange bundles along random schedules (with duplicates,
// stale bundles and reordering). A failing seed is printed; replay it with MUTUA_SEED=<seed>.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>

#include "chain_check.hpp"
#include "core/creation_id.hpp"
#include "core/revocation.hpp"
#include "support/network_fixture.hpp"
#include "support/seeded_random.hpp"
#include "sync/lan.hpp"
#include "sync/relayed_chains.hpp"

namespace mutua::test {

// The seed of the random bytes: the run's seed, or with MUTUA_RANDOM_SALT set, another stream
// for the same steps (to look for a failure that hangs on which ids came out).
inline uint64_t random_seed(uint64_t seed) {
  const char* salt = std::getenv("MUTUA_RANDOM_SALT");
  return salt ? seed ^ (std::strtoull(salt, nullptr, 10) << 32) : seed;
}

struct Sim {
  // Keys and ids come from the seed too, so that MUTUA_SEED replays the same run: which
  // device's id orders first, and which entry a step picks, follow from them.
  SeededRandom seeded;
  std::mt19937_64 rng;
  std::vector<std::unique_ptr<TestDevice>> devices;
  std::vector<std::string> mailbag;  // bundles in flight: delivered late, twice, or never
  std::vector<std::string> log;
  std::vector<Id> sheet_ids{Id::random(), Id::random()};

  bool revocations = false;  // revoke and reinstate devices among the steps
  // Copy another device's entry id into a creation of this device's own, with the other kind
  // and an earlier creation time (what an insider would do, here through the CSV import).
  bool copies = false;
  std::vector<Id> copied;
  // Deltas only, as `export --for` and a LAN exchange choose them (build_bundle with the peer,
  // which reads its gaps): against the recorded vector or the one the peer states; no replays.
  bool deltas_only = false;

  explicit Sim(uint64_t seed, size_t n)
      : seeded(random_seed(seed)), rng(seed), devices(make_network(n)) {
    for (auto& d : devices) d->wall += static_cast<int64_t>(rng() % 100'000);  // skewed clocks
  }

  size_t pick(size_t n) { return static_cast<size_t>(rng() % n); }
  Store& store(size_t i) { return *devices[i]->store; }

  std::vector<Entry> entries(size_t i, std::optional<Kind> kind = std::nullopt) {
    EntryQuery q;
    q.kind = kind;
    return store(i).entries().list(q, 1000).entries;
  }

  // An import that may be refused only because its sender is revoked on the receiver.
  void deliver(size_t j, const std::string& bytes) {
    SyncFailure why;
    const bool relays_left_out = left_out_relayed(j, bytes);
    auto r = import_bundle(store(j).replica(), bytes, "test", &why);
    if (!revocations || why.problem != SyncProblem::revoked_device)
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    if (!r.ok()) return;
    // Only relayed changes may wait so: the sender's own are taken, the bundle carrying its key.
    auto sender = store(j).devices().get(r->sender);
    note_unconfirmed(*r, relays_left_out && sender && !sender->public_key.empty());
  }

  // Whether the bundle left out versions that j lacks of a device other than its sender (a
  // stale delta from the mailbag, made for another device): what it relays of that device may
  // wait on j for what it left out. (Its sender's own changes never do: the bundle carries its
  // key.)
  bool left_out_relayed(size_t j, const std::string& bytes) {
    auto h = read_bundle_header(bytes);
    if (!h) return false;
    VersionVector relayed = h->base;
    relayed.erase(h->sender);
    return changes_behind(store(j).replica().version_vector(), relayed) != 0;
  }

  // Records the chain check set aside (sync/relayed_chains.hpp): for a chain that does not
  // confirm them (none in an honest run), and for want of a claim that verifies (an honest relay
  // may lack one after a revocation and reinstatement took it back). A delta made for another
  // device (a stale one from the mailbag) leaves out what the chains it relays need here: what
  // waits from it is counted apart (seed 2516 of the honest test; docs/security.md, "A delta
  // read on another device").
  size_t unconfirmed = 0, unsigned_yet = 0, waited_left_out = 0;
  void note_unconfirmed(const ImportSummary& s, bool relays_left_out = false) {
    for (const auto& a : s.set_aside) {
      unconfirmed += a.reason == kChainNotConfirmed ? a.count : 0;
      if (a.reason == kChainNotSignedYet)
        (relays_left_out ? waited_left_out : unsigned_yet) += a.count;
    }
  }

  void step() {
    size_t i = pick(devices.size());
    auto& s = store(i);
    if (revocations && rng() % 100 < 12) {
      // A coordinator revokes or reinstates another device, as this device knows it.
      size_t j = pick(devices.size());
      if (j == i) return;
      const Id target = store(j).replica().device_id();
      auto d = s.devices().get(target);
      if (!d) return;
      devices[i]->wall += static_cast<int64_t>(rng() % 5000);
      if (d->revoked) {
        auto r = reinstate_device(s, target);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
        log.push_back("reinstate " + std::to_string(j) + " on " + std::to_string(i));
      } else {
        auto r = revoke_device(s, target, true);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
        log.push_back("revoke " + std::to_string(j) + " on " + std::to_string(i));
      }
      return;
    }
    devices[i]->wall += static_cast<int64_t>(rng() % 5000);
    // Sometimes a tablet's clock jumps back after a power loss.
    if (rng() % 40 == 0) devices[i]->wall -= 3'600'000;
    int op = static_cast<int>(rng() % 100);
    if (copies && op < 10) {
      size_t j = pick(devices.size());
      if (j == i) return;
      auto theirs = entries(j);
      if (theirs.empty()) return;
      const Entry& e = theirs[pick(theirs.size())];
      if (s.entries().get(e.id)) return;  // a copy is a creation where the id is not known yet
      // Only of a creation its id is bound to (not a spreadsheet row, not another copy).
      auto original = store(j).replica().read_row(TableId::entries, e.id);
      if (!original || !creation_bound(TableId::entries, e.id, original->fixed)) return;
      Kind k = e.kind == Kind::need ? Kind::offer : Kind::need;
      auto c = make_entry(k, "copy", k == Kind::need ? "food" : "water", 2);
      c.id = e.id;
      c.created_at = 1'700'000'000'000;  // long before anything else
      c.updated_at = devices[i]->wall - 1000;
      c.status = initial_status(k);
      auto r = s.entries().import({c});
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
      copied.push_back(e.id);
      log.push_back("copy " + e.id.hex().substr(0, 6) + " on " + std::to_string(i));
      return;
    }
    if (op < 22) {
      Kind k = rng() % 2 ? Kind::need : Kind::offer;
      auto e = make_entry(k, "item " + std::to_string(rng() % 1000), rng() % 2 ? "food" : "water",
                          1 + static_cast<int64_t>(rng() % 9));
      if (rng() % 2) {
        e.contact_phone = "07" + std::to_string(10'000'000 + rng() % 89'999'999);
        e.contact_consent = true;
      }
      REQUIRE(s.entries().add(e).ok());
      log.push_back("create on " + std::to_string(i));
    } else if (op < 40) {
      auto all = entries(i);
      if (all.empty()) return;
      Entry e = all[pick(all.size())];
      switch (rng() % 3) {
        case 0:
          e.item = "edited " + std::to_string(rng() % 100);
          break;
        case 1:
          e.quantity = 1 + static_cast<int64_t>(rng() % 20);
          break;
        default:
          e.site = rng() % 2 ? "Harbor Hall" : "Riverside School";
      }
      const auto edited = s.entries().update(e);
      REQUIRE_MESSAGE(edited.ok(), (edited.ok() ? "" : edited.error()));
      log.push_back("edit on " + std::to_string(i));
    } else if (op < 50) {
      auto all = entries(i);
      if (all.empty()) return;
      const Entry& e = all[pick(all.size())];
      Status to = e.kind == Kind::need ? (rng() % 2 ? Status::met : Status::cancelled)
                                       : (rng() % 2 ? Status::taken : Status::withdrawn);
      if (rng() % 3 == 0) to = initial_status(e.kind);
      (void)s.entries().set_status(e.id, to);  // may be refused as a no-op transition
      log.push_back("status on " + std::to_string(i));
    } else if (op < 58) {
      auto needs = entries(i, Kind::need), offers = entries(i, Kind::offer);
      if (needs.empty() || offers.empty()) return;
      REQUIRE(s.matches()
                  .add(needs[pick(needs.size())].id, offers[pick(offers.size())].id,
                       1 + static_cast<int64_t>(rng() % 3), MatchStatus::confirmed)
                  .ok());
      log.push_back("match on " + std::to_string(i));
    } else if (op < 66) {
      std::vector<Id> matches;
      s.replica().for_each_row(TableId::matches, [&](const Row& r) {
        matches.push_back(r.id);
        return true;
      });
      if (matches.empty()) return;
      // Refused past what its need, offer or match ever held, as on every device.
      if (!s.matches()
               .add_handover(matches[pick(matches.size())], 1 + static_cast<int64_t>(rng() % 2))
               .ok())
        return;
      log.push_back("handover on " + std::to_string(i));
    } else if (op < 69) {
      REQUIRE(s.entries().purge_contacts(0).ok());
      log.push_back("purge on " + std::to_string(i));
    } else if (op < 73) {
      // The same spreadsheet row imported by CSV on several devices, as a need on one and an
      // offer on another: creations that share an id (core/fixed_fields.hpp).
      Kind k = rng() % 2 ? Kind::need : Kind::offer;
      auto e = make_entry(k, "sheet row", k == Kind::need ? "food" : "water", 2);
      e.id = sheet_ids[pick(sheet_ids.size())];
      e.created_at = 1'749'000'000'000 + static_cast<int64_t>(rng() % 2) * 1000;
      e.updated_at = devices[i]->wall - static_cast<int64_t>(rng() % 1000);
      e.status = initial_status(k);
      auto r = s.entries().import({e});
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
      log.push_back("csv " + std::string(to_string(k)) + " on " + std::to_string(i));
    } else if (op < 90) {
      size_t j = pick(devices.size());
      if (j == i) return;
      if (deltas_only) {
        send_delta(i, j);
        return;
      }
      VersionVector base;
      if (rng() % 2)
        if (auto p = s.replica().peer(store(j).replica().device_id())) base = p->vector;
      auto b = build_bundle(s.replica(), base);
      REQUIRE(b.ok());
      mailbag.push_back(b->bytes);
      deliver(j, b->bytes);
      log.push_back("send " + std::to_string(i) + "->" + std::to_string(j));
    } else if (!mailbag.empty() && !deltas_only) {
      // A stale or duplicate bundle turns up from an old stick.
      size_t j = pick(devices.size());
      const auto& old = mailbag[pick(mailbag.size())];
      deliver(j, old);
      log.push_back("replay to " + std::to_string(j));
    }
  }

  // A delta from i for j: against i's record of j (`export --for`), or the vector j states (a LAN
  // exchange); the stated one when i has no record.
  void send_delta(size_t i, size_t j) {
    const Id to = store(j).replica().device_id();
    VersionVector base = store(j).replica().version_vector();
    bool recorded = false;
    if (rng() % 2)
      if (auto p = store(i).replica().peer(to)) {
        base = p->vector;
        recorded = true;
      }
    auto b = build_bundle(store(i).replica(), base, to);
    REQUIRE_MESSAGE(b.ok(), (b.ok() ? "" : b.error()));
    deliver(j, b->bytes);
    log.push_back(std::string(recorded ? "delta " : "stated delta ") + std::to_string(i) + "->" +
                  std::to_string(j));
  }

  // Everyone hears from everyone: full bundles around a ring, twice, then again while a round
  // still changes anything (at most five rounds). A change made on import (a status set on a
  // creation that lost, made again on the one kept) spreads only in the round after.
  void settle() {
    size_t n = devices.size();
    for (int round = 0; round < 5; ++round) {
      size_t brought = 0;  // records the round's bundles added or changed
      for (size_t i = 0; i < n; ++i) {
        const auto r = send(store(i), store((i + 1) % n), false);
        brought += r.added + r.updated;
      }
      if (round >= 1 && brought == 0) break;
    }
  }

  // With revocations: full bundles between every pair, three times over, so that every device
  // hears the last word on every revocation and what follows from it. Bundles of revoked
  // senders are refused on the way.
  void settle_all() {
    size_t n = devices.size();
    for (int round = 0; round < 3; ++round)
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
          if (i == j) continue;
          auto b = build_bundle(store(i).replica(), {});
          REQUIRE(b.ok());
          deliver(j, b->bytes);
        }
  }
  // The devices not revoked, as device `by` knows them.
  std::vector<size_t> standing(size_t by) {
    std::vector<size_t> out;
    for (size_t i = 0; i < devices.size(); ++i) {
      auto d = store(by).devices().get(store(i).replica().device_id());
      if (!d || !d->revoked) out.push_back(i);
    }
    return out;
  }

  // Counts a seed whose devices ended as they should (`same`), or fails saying what they did not
  // do, the seed to replay and the steps that led there.
  // Whether each of `which` can rebuild, from what it holds, the chain of every device whose
  // claim it holds (tests/sync/chain_check.hpp), and holds at least `claims` of them.
  bool chains_rebuilt(const std::vector<size_t>& which, size_t claims) {
    bool ok = true;
    for (size_t i : which) {
      const size_t held = claims2_held(store(i)).size();
      const auto bad = chains_not_rebuilt(store(i));
      if (held < claims || !bad.empty())
        MESSAGE("device " << i << " holds " << held << " claims, cannot rebuild " << bad.size());
      ok = ok && held >= claims && bad.empty();
    }
    return ok;
  }

  void count_converged(bool same, uint64_t seed, size_t& converged,
                       const char* failed = "did not converge") const {
    if (same) {
      ++converged;
      return;
    }
    std::string trace;
    for (const auto& l : log) trace += l + "\n";
    FAIL_CHECK("seed " << seed << " " << std::string(failed) << "; replay with MUTUA_SEED=" << seed
                       << "\n"
                       << trace);
  }
};

inline std::vector<uint64_t> seeds() {
  if (const char* one = std::getenv("MUTUA_SEED")) return {std::strtoull(one, nullptr, 10)};
  std::vector<uint64_t> s;
  for (uint64_t i = 1; i <= 200; ++i) s.push_back(i);
  return s;
}

}  // namespace mutua::test
