// The rule of docs/revocation-records.md, on the shapes the present fields cannot decide alike on
// every device: rings of three, overlapping cycles (seed 208 of the long property test with
// revocations) and a paradox with a reinstatement (seed 2316).
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <random>

#include "core/revocation_derive.hpp"

using namespace mutua;

namespace {

Id device(int n) {
  Id id;
  id.bytes[0] = 0xDE;
  id.bytes[15] = static_cast<uint8_t>(n);
  return id;
}

// Records made by hand: writer, its number, its stamp.
struct Records {
  std::vector<RevocationRecord> all;
  uint8_t next = 1;

  Id add(int writer, uint64_t seq, HlcValue hlc, int target, RevocationAction action,
         uint64_t cutoff, Id undoes = {}) {
    RevocationRecord r;
    r.id.bytes[0] = 0x5E;
    r.id.bytes[15] = next++;
    r.made.origin = device(writer);
    r.made.seq = seq;
    r.made.hlc = hlc;
    r.target = device(target);
    r.action = static_cast<int64_t>(action);
    r.cutoff = cutoff;
    r.undoes = undoes;
    all.push_back(r);
    return r.id;
  }
  Id revoke(int writer, uint64_t seq, HlcValue hlc, int target, uint64_t cutoff) {
    return add(writer, seq, hlc, target, RevocationAction::revoke, cutoff);
  }
  Id reinstate(int writer, uint64_t seq, HlcValue hlc, int target, Id undoes) {
    return add(writer, seq, hlc, target, RevocationAction::reinstate, 0, undoes);
  }
};

bool revoked(const DerivedRevocations& d, int n) {
  return d.revoked.count(device(n)) != 0;
}
bool is_void(const DerivedRevocations& d, const Id& record) {
  return d.void_records.count(record) != 0;
}

bool same(const DerivedRevocations& a, const DerivedRevocations& b) {
  if (a.void_records != b.void_records || a.revoked.size() != b.revoked.size()) return false;
  for (const auto& [dev, s] : a.revoked) {
    auto it = b.revoked.find(dev);
    if (it == b.revoked.end() || it->second.until != s.until || it->second.by != s.by ||
        it->second.every != s.every)
      return false;
  }
  return true;
}

// Every order of arrival of `records` derives what the first one does.
void check_every_order(std::vector<RevocationRecord> records) {
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  const auto first = derive_revocations(records);
  size_t orders = 0;
  do {
    ++orders;
    CHECK(same(derive_revocations(records), first));
  } while (std::next_permutation(records.begin(), records.end(),
                                 [](const auto& a, const auto& b) { return a.id < b.id; }));
  CHECK(orders > 1);
}

}  // namespace

TEST_CASE("a revocation revokes with its cut-off, and a reinstatement that names it lifts it") {
  Records r;
  const Id rev = r.revoke(0, 10, 100, 1, 5);
  auto d = derive_revocations(r.all);
  REQUIRE(revoked(d, 1));
  CHECK(d.revoked.at(device(1)).until == 4);
  CHECK(d.revoked.at(device(1)).by == rev);
  CHECK(d.void_records.empty());
  CHECK(d.replays == 1);

  const Id back = r.reinstate(0, 11, 110, 1, rev);
  d = derive_revocations(r.all);
  CHECK_FALSE(revoked(d, 1));
  CHECK_FALSE(is_void(d, back));

  SUBCASE("a revocation of an older Mutua, with no cut-off, revokes and refuses no number") {
    Records old;
    old.revoke(0, 10, 100, 1, 0);
    d = derive_revocations(old.all);
    REQUIRE(revoked(d, 1));
    CHECK(d.revoked.at(device(1)).until == std::numeric_limits<uint64_t>::max());
  }
}

TEST_CASE(
    "two revocations of one device: the later replaces the one in force, and only a "
    "reinstatement of that one lifts it") {
  Records r;
  const Id first = r.revoke(0, 10, 100, 1, 5);
  // 2 had not heard of 0's, and had accepted more of 1: its revocation replaces 0's, with its
  // cut-off, as a later write of the two fields does (the lowest of the two was tried in session
  // 33, and left seed 86 of the long property test with revocations apart: a cut-off that goes
  // up while the device stays revoked needs the versions between to come again with a claim).
  const Id second = r.revoke(2, 10, 200, 1, 9);
  auto d = derive_revocations(r.all);
  REQUIRE(revoked(d, 1));
  CHECK(d.revoked.at(device(1)).until == 8);
  CHECK(d.revoked.at(device(1)).by == second);
  CHECK(d.revoked.at(device(1)).every == std::vector<Id>{second});
  check_every_order(r.all);

  SUBCASE("a reinstatement of the one replaced is void; of the one in force, lifts it") {
    const Id stale = r.reinstate(3, 11, 300, 1, first);
    d = derive_revocations(r.all);
    CHECK(revoked(d, 1));
    CHECK(is_void(d, stale));
    const Id back = r.reinstate(3, 12, 310, 1, second);
    d = derive_revocations(r.all);
    CHECK_FALSE(revoked(d, 1));
    CHECK_FALSE(is_void(d, back));
    check_every_order(r.all);
  }
  SUBCASE("a reinstatement read from the old field lifts the one in force") {
    r.add(3, 11, 300, 1, RevocationAction::reinstate, 0);
    r.all.back().lifts_all = true;
    d = derive_revocations(r.all);
    CHECK_FALSE(revoked(d, 1));
    CHECK(d.void_records.empty());
  }
  SUBCASE("a reinstatement that names nothing, and is not read from the field, is void") {
    const Id blank = r.add(3, 11, 300, 1, RevocationAction::reinstate, 0);
    d = derive_revocations(r.all);
    CHECK(revoked(d, 1));
    CHECK(is_void(d, blank));
  }
}

TEST_CASE("a reinstatement of a revocation no longer in force is void") {
  Records r;
  const Id first = r.revoke(0, 10, 100, 1, 5);
  const Id back = r.reinstate(0, 11, 300, 1, first);
  const Id again = r.reinstate(2, 12, 310, 1, first);  // lifted already
  const auto d = derive_revocations(r.all);
  CHECK_FALSE(revoked(d, 1));
  CHECK_FALSE(is_void(d, back));
  CHECK(is_void(d, again));
  check_every_order(r.all);
}

TEST_CASE("two devices that revoke each other: the earlier revocation stands in every order") {
  SUBCASE("each past the cut-off the other gives it: a cycle") {
    Records r;
    const Id first = r.revoke(3, 20, 100, 4, 5);  // accepts 4's numbers up to 4
    const Id answer = r.revoke(4, 8, 200, 3, 9);  // 4's number 8: past it
    const auto d = derive_revocations(r.all);
    CHECK(revoked(d, 4));
    CHECK_FALSE(revoked(d, 3));
    CHECK(is_void(d, answer));
    CHECK_FALSE(is_void(d, first));
    check_every_order(r.all);
  }
  SUBCASE("the answer stamped back in time, before its writer's own earlier versions, is void") {
    Records r;
    r.revoke(3, 20, 100, 4, 5);
    const Id answer = r.revoke(4, 8, 50, 3, 9);  // stamped before 3's revocation
    // This device holds a version of 4's numbered below 8 and stamped at 150.
    auto clock = [](const Id& writer, uint64_t seq) -> HlcValue {
      return writer == device(4) && seq <= 8 ? 150 : 0;
    };
    const auto d = derive_revocations(r.all, clock);
    CHECK(revoked(d, 4));
    CHECK_FALSE(revoked(d, 3));
    CHECK(is_void(d, answer));
    // Without that version, the answer looks earlier, and it stands: the limit
    // docs/revocation-records.md names ("Left open by this design").
    const auto blind = derive_revocations(r.all);
    CHECK(revoked(blind, 3));
    CHECK_FALSE(revoked(blind, 4));
  }
  SUBCASE("crossing, the later made before it knew of the earlier: the later takes it back") {
    Records r;
    const Id first = r.revoke(3, 20, 100, 4, 5);
    const Id crossing = r.revoke(4, 3, 150, 3, 8);  // 4's number 3: before 3's cut-off
    const auto d = derive_revocations(r.all);
    CHECK(revoked(d, 3));
    CHECK_FALSE(revoked(d, 4));
    CHECK(is_void(d, first));  // 3's number 20 is past 8
    CHECK_FALSE(is_void(d, crossing));
    check_every_order(r.all);
  }
}

TEST_CASE("a ring of three revocations ends the same in every order of arrival") {
  // Each past the cut-off its own revoker gives it. The first voids the second (its writer is
  // revoked by then), the third takes the first back, and the third alone stands.
  SUBCASE("0 revokes 1, 1 revokes 2, 2 revokes 0") {
    Records r;
    const Id a = r.revoke(0, 10, 100, 1, 5);
    const Id b = r.revoke(1, 10, 200, 2, 5);
    const Id c = r.revoke(2, 10, 300, 0, 5);
    const auto d = derive_revocations(r.all);
    CHECK(revoked(d, 0));
    CHECK_FALSE(revoked(d, 1));
    CHECK_FALSE(revoked(d, 2));
    CHECK(is_void(d, a));
    CHECK(is_void(d, b));
    CHECK_FALSE(is_void(d, c));
    CHECK(d.replays == 2);
    check_every_order(r.all);
  }
  SUBCASE("the same ring started elsewhere: 1 revokes 2 first") {
    Records r;
    r.revoke(1, 10, 100, 2, 5);
    r.revoke(2, 10, 200, 0, 5);
    r.revoke(0, 10, 300, 1, 5);
    const auto d = derive_revocations(r.all);
    CHECK(revoked(d, 1));
    CHECK_FALSE(revoked(d, 0));
    CHECK_FALSE(revoked(d, 2));
    check_every_order(r.all);
  }
}

TEST_CASE(
    "overlapping cycles (seed 208): a device that never held the earliest revocation "
    "decides otherwise, one that holds every record decides as the others") {
  Records r;
  const Id earliest = r.revoke(3, 20, 100, 4, 5);  // 3 revokes 4
  const Id answer3 = r.revoke(4, 8, 200, 3, 21);   // 4 answers, past 3's cut-off
  const Id answer0 = r.revoke(4, 9, 210, 0, 25);   // and 0, knowing it up to 24
  const Id later = r.revoke(0, 30, 300, 4, 7);     // 0, not having heard, revokes 4
  const auto d = derive_revocations(r.all);
  CHECK(revoked(d, 4));
  CHECK(d.revoked.at(device(4)).by == later);
  CHECK_FALSE(revoked(d, 3));
  CHECK_FALSE(revoked(d, 0));
  CHECK(is_void(d, answer3));
  CHECK(is_void(d, answer0));
  CHECK_FALSE(is_void(d, earliest));
  check_every_order(r.all);

  // Device 0 of seed 208 never met 3's revocation: every relay's record of 4 held 0's, and a
  // version kept aside does not travel. Without it, 4's answers stand and 0's revocation falls.
  std::vector<RevocationRecord> without(r.all.begin() + 1, r.all.end());
  const auto on0 = derive_revocations(without);
  CHECK(revoked(on0, 0));
  CHECK(revoked(on0, 3));
  CHECK_FALSE(revoked(on0, 4));
}

TEST_CASE(
    "a paradox (seed 2316): a reinstatement that would let stand a revocation that voids "
    "it ends the same in every order") {
  Records r;
  const Id first = r.revoke(2, 10, 100, 3, 5);        // 2 revokes 3
  const Id of2 = r.revoke(3, 8, 200, 2, 9);           // 3, past that cut-off, revokes 2
  const Id of4 = r.revoke(3, 9, 210, 4, 4);           // and 4
  const Id back = r.reinstate(2, 11, 300, 3, first);  // 2, not having heard, reinstates 3
  const auto d = derive_revocations(r.all);
  CHECK(d.revoked.empty());
  CHECK(is_void(d, of2));
  CHECK(is_void(d, of4));
  CHECK_FALSE(is_void(d, back));
  // Pessimistic on purpose: lifting 2's revocation does not bring 3's two back.
  check_every_order(r.all);
}

TEST_CASE("records that can never count are void from the start") {
  Records r;
  const Id self = r.revoke(1, 10, 100, 1, 50);  // a cut-off that would not take it back
  const Id unknown = r.add(0, 10, 110, 2, static_cast<RevocationAction>(7), 5);
  const Id unstamped = r.revoke(0, 11, 0, 3, 5);
  // A second record under an id already read (a copy, or one made up "as" its writer).
  const Id kept = r.revoke(2, 10, 120, 4, 5);
  RevocationRecord copy = r.all.back();
  copy.target = device(0);
  copy.made.hlc = 130;
  r.all.push_back(copy);
  const auto d = derive_revocations(r.all);
  CHECK_FALSE(revoked(d, 1));
  CHECK_FALSE(revoked(d, 2));
  CHECK_FALSE(revoked(d, 3));
  CHECK_FALSE(revoked(d, 0));  // the copy's target
  CHECK(revoked(d, 4));
  CHECK(is_void(d, self));
  CHECK(is_void(d, unknown));
  CHECK(is_void(d, unstamped));
  CHECK_FALSE(is_void(d, kept));
}

TEST_CASE(
    "random sets of records: the answer does not depend on the order, and no revocation "
    "in force was made past a cut-off in force") {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    Records r;
    std::vector<std::pair<Id, int>> revocations;  // each with its target
    const int count = 2 + pick(12);
    for (int i = 0; i < count; ++i) {
      const uint64_t seq = 1 + static_cast<uint64_t>(pick(30));
      const HlcValue hlc = 1 + static_cast<HlcValue>(pick(1000));
      if (!revocations.empty() && pick(4) == 0) {
        const auto& [undoes, target] =
            revocations[static_cast<size_t>(pick(static_cast<int>(revocations.size())))];
        r.reinstate((target + 1 + pick(4)) % 5, seq, hlc, target, undoes);
      } else {
        const int writer = pick(5);
        const int target = (writer + 1 + pick(4)) % 5;
        revocations.emplace_back(r.revoke(writer, seq, hlc, target, 1 + pick(30)), target);
      }
    }
    const auto d = derive_revocations(r.all);
    CHECK(d.replays <= r.all.size() + 1);
    for (const auto& [target, standing] : d.revoked) {
      CHECK(std::find(standing.every.begin(), standing.every.end(), standing.by) !=
            standing.every.end());
      for (const Id& by : standing.every) {
        auto made =
            std::find_if(r.all.begin(), r.all.end(), [&](const auto& x) { return x.id == by; });
        REQUIRE(made != r.all.end());
        CHECK(made->target == target);
        CHECK(made->cutoff - 1 == standing.until);
        auto writer = d.revoked.find(made->made.origin);
        CHECK((writer == d.revoked.end() || made->made.seq <= writer->second.until));
      }
    }
    for (int shuffle = 0; shuffle < 5; ++shuffle) {
      std::shuffle(r.all.begin(), r.all.end(), rng);
      CHECK(same(derive_revocations(r.all), d));
    }
  }
}
