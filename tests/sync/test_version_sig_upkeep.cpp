// What signing keeps up (docs/security.md, "Signed versions", "Kept up"): the signing key and
// network id the claim at each commit signs with are cached in the replica, and must follow a
// change of either; the digests of superseded versions no row will carry again (taken back by a
// revocation's cut-off, or of a creation that lost to another with the same id) are forgotten.
#include <doctest/doctest.h>
#include <sodium.h>

#include <array>

#include "chain_check.hpp"
#include "core/revocation.hpp"
#include "core/seq_claim.hpp"
#include "core/superseded.hpp"
#include "support/network_fixture.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

using PublicKey = std::array<uint8_t, 32>;
constexpr uint16_t kUpkeepItemId = 6,
                   kUpkeepStatusId = 18;  // entries.item, entries.status (core/schema.cpp)

// Gives the device a new signing key, as device_keys does when it has none.
PublicKey new_device_key(Store& s) {
  PublicKey pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  s.replica().secret_set("sign_pk", std::string(reinterpret_cast<char*>(pk.data()), pk.size()));
  s.replica().secret_set("sign_sk", std::string(reinterpret_cast<char*>(sk.data()), sk.size()));
  return pk;
}

// Whether the device's latest claim is signed for `network` with `key`.
bool claim_verifies(const Store& s, const Id& network, const PublicKey& key) {
  const Id me = s.replica().device_id();
  const Claim2 c = claim2_of(s, me);
  return seq2_claim_valid(network, me, key, c.stamp, c.claim);
}

}  // namespace

TEST_CASE(
    "the next claim after the device key or the network id changes is signed with the new one, "
    "and a change rolled back is forgotten") {
  auto devices = make_network(1);
  Store& s = *devices[0]->store;
  const auto network = s.replica().signing_network();
  REQUIRE(network);
  const PublicKey first = public_key_of(s);
  auto e = s.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  CHECK(claim_verifies(s, *network, first));

  // A new key: the next claim is signed with it (the cached one would not check).
  const PublicKey second = new_device_key(s);
  edit_item(s, e->id, "brown rice");
  CHECK(claim_verifies(s, *network, second));
  CHECK_FALSE(claim_verifies(s, *network, first));

  // A third key, and a write with it, rolled back: the next claim uses the second again.
  {
    auto tx = s.replica().transaction();
    new_device_key(s);
    edit_item(s, e->id, "white rice");
  }
  REQUIRE(public_key_of(s) == second);
  edit_item(s, e->id, "basmati rice");
  CHECK(claim_verifies(s, *network, second));
  check_claim(s);

  // Another network id (what a join or a new network records): the next claim names it, and
  // its chain starts there.
  const Id other = Id::random();
  s.replica().local_set(kSeqClaimNetworkKey, other.hex());
  edit_item(s, e->id, "jasmine rice");
  CHECK(claim_verifies(s, other, second));
  CHECK_FALSE(claim_verifies(s, *network, second));
  check_claim(s);
}

TEST_CASE(
    "a revocation forgets the digests of the versions it takes back, with the rows it removes; "
    "the ones before the cut-off stay") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;  // revokes x
  Store& b = *devices[1]->store;  // held x's later versions, and their digests
  Store& x = *devices[2]->store;
  const Id xid = x.replica().device_id();
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  auto before = x.entries().add(make_entry(Kind::need, "before"));
  REQUIRE(before.ok());
  tick();
  REQUIRE(x.entries().set_status(before->id, Status::cancelled).ok());  // a digest it keeps
  send(x, a);
  send(x, b);
  tick();
  REQUIRE(revoke_device(a, xid).ok());
  tick();
  auto after = x.entries().add(make_entry(Kind::offer, "after"));
  REQUIRE(after.ok());
  tick();
  edit_item(x, after->id, "after, edited");          // a digest of a version past the cut-off
  edit_item(x, before->id, "before, edited after");  // supersedes a version before it
  send(x, b, false);
  REQUIRE(gone_digests(b.replica(), TableId::entries, before->id).size() == 2);
  REQUIRE(gone_digests(b.replica(), TableId::entries, after->id).size() == 1);

  send(a, b, false);  // b learns of the revocation, and takes x's later versions back
  REQUIRE(b.entries().get(before->id));
  CHECK(b.entries().get(before->id)->item == "before");
  CHECK_FALSE(b.entries().get(after->id));
  // The removed row's digest is gone, and the item's (held again); the status's stays.
  CHECK(gone_digests(b.replica(), TableId::entries, after->id).empty());
  auto kept = gone_digests(b.replica(), TableId::entries, before->id);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].field == kUpkeepStatusId);
  CHECK(kept[0].field != kUpkeepItemId);
  // Read by origin, as a rebuild of x's chain reads them: the same one of its entries.
  size_t of_entries = 0;
  for (const auto& g : b.replica().gone_digests(xid, 0, UINT64_MAX))
    if (g.table == TableId::entries) {
      CHECK(g.row == before->id);
      CHECK(g.digests.size() == 1);
      ++of_entries;
    }
  CHECK(of_entries == 1);
}

TEST_CASE("the digests of a creation that lost to another with the same id are forgotten") {
  auto devices = make_network(2);
  const Id sheet = Id::random();
  // The same spreadsheet row, a need on one device and an offer on the other, its item then
  // changed on each (a digest of the import's item, under each device's own version).
  for (size_t i = 0; i < 2; ++i) {
    Store& s = *devices[i]->store;
    Kind k = i == 0 ? Kind::need : Kind::offer;
    auto e = make_entry(k, "sheet row", k == Kind::need ? "food" : "water", 2);
    e.id = sheet;
    e.created_at = 1'749'000'000'000 + static_cast<int64_t>(i) * 1000;
    e.updated_at = devices[i]->wall - 1000;
    e.status = initial_status(k);
    REQUIRE(s.entries().import({e}).ok());
    edit_item(s, sheet, "sheet row, edited");
    REQUIRE(gone_digests(s.replica(), TableId::entries, sheet).size() == 1);
  }
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  send(a, b, false);
  send(b, a, false);
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  // One creation won on both; only its device's digest is left.
  auto row = a.replica().read_row(TableId::entries, sheet);
  REQUIRE(row);
  const Id winner = row->stamps[entry_field::item].origin;
  for (Store* s : {&a, &b}) {
    const auto kept = gone_digests(s->replica(), TableId::entries, sheet);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].version.origin == winner);
  }
}
