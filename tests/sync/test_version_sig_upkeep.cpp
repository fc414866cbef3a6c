// Signed versions kept up (core/version_sig.hpp; docs/security.md, "Signed versions"): the
// signing key and network id a write signs with are cached in the replica, and must follow a
// change of either; a signature of a version no row will carry again (taken back by a
// revocation's cut-off, or of a creation that lost to another with the same id) is dropped.
#include <doctest/doctest.h>
#include <sodium.h>

#include <array>

#include "core/revocation.hpp"
#include "core/seq_claim.hpp"
#include "core/version_sig.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

using PublicKey = std::array<unsigned char, crypto_sign_PUBLICKEYBYTES>;

PublicKey public_key_of(Store& s) {
  auto pk = s.replica().secret_get("sign_pk");
  REQUIRE(pk);
  REQUIRE(pk->size() == crypto_sign_PUBLICKEYBYTES);
  PublicKey out{};
  std::copy(pk->begin(), pk->end(), out.begin());
  return out;
}

// Gives the device a new signing key, as device_keys does when it has none.
PublicKey new_device_key(Store& s) {
  PublicKey pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  s.replica().secret_set("sign_pk", std::string(reinterpret_cast<char*>(pk.data()), pk.size()));
  s.replica().secret_set("sign_sk", std::string(reinterpret_cast<char*>(sk.data()), sk.size()));
  return pk;
}

// Whether `sig` checks against the row as `s` holds it, under `network` and `key`.
bool verifies(Store& s, TableId table, const Id& id, const Replica::VersionSig& sig,
              const Id& network, const PublicKey& key) {
  auto row = s.replica().read_row(table, id);
  REQUIRE(row);
  auto m = version_message(
      network, sig.origin, sig.seq, row->table, row->id, fixed_digest(row->fixed),
      merged_digests(held_digests(*row, sig.origin, sig.seq), decode_digests(sig.gone)));
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.sig.data()),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                     key.data()) == 0;
}

// The signature of the newest version of the entry's item.
Replica::VersionSig sig_of_item(Store& s, const Id& id) {
  auto row = s.replica().read_row(TableId::entries, id);
  REQUIRE(row);
  const Stamp& st = row->stamps[entry_field::item];
  for (auto& sig : s.replica().version_sigs(TableId::entries, id))
    if (sig.origin == st.origin && sig.seq == st.seq) return sig;
  FAIL("no signature for the item's version");
  return {};
}

void edit_item(Store& s, const Id& id, const std::string& item) {
  auto e = s.entries().get(id);
  REQUIRE(e);
  e->item = item;
  REQUIRE(s.entries().update(*e).ok());
}

}  // namespace

TEST_CASE(
    "the next write after the device key or the network id changes is signed with the new one, "
    "and a change rolled back is forgotten") {
  auto devices = make_network(1);
  Store& s = *devices[0]->store;
  const auto network = s.replica().signing_network();
  REQUIRE(network);
  const PublicKey first = public_key_of(s);
  auto e = s.entries().add(make_entry(Kind::need, "rice"));
  REQUIRE(e.ok());
  CHECK(verifies(s, TableId::entries, e->id, sig_of_item(s, e->id), *network, first));

  // A new key: the next write is signed with it (the cached one would not check).
  const PublicKey second = new_device_key(s);
  edit_item(s, e->id, "brown rice");
  auto sig = sig_of_item(s, e->id);
  CHECK(verifies(s, TableId::entries, e->id, sig, *network, second));
  CHECK_FALSE(verifies(s, TableId::entries, e->id, sig, *network, first));

  // A third key, and a write with it, rolled back: the next write uses the second again.
  {
    auto tx = s.replica().transaction();
    new_device_key(s);
    edit_item(s, e->id, "white rice");
  }
  REQUIRE(public_key_of(s) == second);
  edit_item(s, e->id, "basmati rice");
  CHECK(verifies(s, TableId::entries, e->id, sig_of_item(s, e->id), *network, second));

  // Another network id (what a join or a new network records): the next write names it.
  const Id other = Id::random();
  s.replica().local_set(kSeqClaimNetworkKey, other.hex());
  edit_item(s, e->id, "jasmine rice");
  sig = sig_of_item(s, e->id);
  CHECK(verifies(s, TableId::entries, e->id, sig, other, second));
  CHECK_FALSE(verifies(s, TableId::entries, e->id, sig, *network, second));
}

TEST_CASE(
    "signatures of versions a revocation takes back are dropped, with the rows it removes; the "
    "ones before the cut-off stay") {
  auto devices = make_network(3);
  Store& a = *devices[0]->store;  // revokes x
  Store& b = *devices[1]->store;  // held x's later versions, and their signatures
  Store& x = *devices[2]->store;
  const Id xid = x.replica().device_id();
  auto tick = [&] {
    for (auto& d : devices) d->wall += 1000;
  };
  auto before = x.entries().add(make_entry(Kind::need, "before"));
  REQUIRE(before.ok());
  send(x, a);
  send(x, b);
  tick();
  REQUIRE(revoke_device(a, xid).ok());
  tick();
  auto after = x.entries().add(make_entry(Kind::offer, "after"));
  REQUIRE(after.ok());
  edit_item(x, before->id, "before, edited after");
  send(x, b, false);
  // b keeps x's signatures, as a device that receives them with the versions will.
  {
    auto tx = b.replica().transaction();
    for (const Id& id : {before->id, after->id})
      for (const auto& sig : x.replica().version_sigs(TableId::entries, id))
        b.replica().keep_version_sig(TableId::entries, id, sig);
    tx.commit();
  }
  REQUIRE(b.replica().version_sigs(TableId::entries, before->id).size() == 2);
  REQUIRE(b.replica().version_sigs(TableId::entries, after->id).size() == 1);

  send(a, b, false);  // b learns of the revocation, and takes x's later versions back
  REQUIRE(b.entries().get(before->id));
  CHECK(b.entries().get(before->id)->item == "before");
  CHECK_FALSE(b.entries().get(after->id));
  CHECK(b.replica().version_sigs(TableId::entries, after->id).empty());
  auto kept = b.replica().version_sigs(TableId::entries, before->id);
  REQUIRE(kept.size() == 1);
  CHECK(verifies(b, TableId::entries, before->id, kept[0], *b.replica().signing_network(),
                 public_key_of(x)));
}

TEST_CASE("the signatures of a creation that lost to another with the same id are dropped") {
  auto devices = make_network(2);
  const Id sheet = Id::random();
  // The same spreadsheet row, a need on one device and an offer on the other.
  for (size_t i = 0; i < 2; ++i) {
    Kind k = i == 0 ? Kind::need : Kind::offer;
    auto e = make_entry(k, "sheet row", k == Kind::need ? "food" : "water", 2);
    e.id = sheet;
    e.created_at = 1'749'000'000'000 + static_cast<int64_t>(i) * 1000;
    e.updated_at = devices[i]->wall - 1000;
    e.status = initial_status(k);
    REQUIRE(devices[i]->store->entries().import({e}).ok());
    REQUIRE(devices[i]->store->replica().version_sigs(TableId::entries, sheet).size() == 1);
  }
  Store& a = *devices[0]->store;
  Store& b = *devices[1]->store;
  send(a, b, false);
  send(b, a, false);
  CHECK(a.replica().content_hash() == b.replica().content_hash());
  // One creation won on both; its device's signature checks, the other's is gone.
  size_t kept = 0;
  for (Store* s : {&a, &b}) {
    const PublicKey key = public_key_of(*s);
    for (const auto& sig : s->replica().version_sigs(TableId::entries, sheet)) {
      CHECK(verifies(*s, TableId::entries, sheet, sig, *s->replica().signing_network(), key));
      ++kept;
    }
  }
  CHECK(kept == 1);
}
