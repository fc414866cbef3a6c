// Revocation rotates the network key (issue 10): a rotation seals a fresh key to every remaining
// device, travels in bundle headers (format 2), and leaves a revoked device, or a device joined
// with a code rebuilt from a stolen database, unable to read anything new. Devices still on an
// old key keep syncing until they learn the new one.
#include <doctest/doctest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "bundle_surgery.hpp"
#include "core/revocation.hpp"
#include "core/store.hpp"
#include "core/varint.hpp"
#include "support/network_fixture.hpp"
#include "sync/bundle.hpp"
#include "sync/key_ring.hpp"
#include "sync/network.hpp"
#include "sync_fixture.hpp"

namespace mutua::test {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Store& at(std::vector<std::unique_ptr<TestDevice>>& net, size_t i) {
  return *net[i]->store;
}
Id id_of(Store& s) {
  return s.replica().device_id();
}
Network network_of(Store& s) {
  auto n = load_network(s.replica());
  REQUIRE(n);
  return *n;
}

// Every device hears of every other (so each knows the others' pinned keys).
void mesh(std::vector<std::unique_ptr<TestDevice>>& net) {
  for (int round = 0; round < 2; ++round)
    for (size_t i = 0; i < net.size(); ++i)
      for (size_t j = 0; j < net.size(); ++j)
        if (i != j) send(at(net, i), at(net, j), /*delta=*/false);
}

void set_revoked(Store& on, const Id& device, bool revoked) {
  auto d = on.devices().get(device);
  REQUIRE(d);
  d->revoked = revoked;
  auto tx = on.replica().transaction();
  REQUIRE(on.devices().put(*d).ok());
  tx.commit();
}

// What a coordinator's device does when it revokes X (the lead wires revoke to this).
void revoke_and_rotate(Store& coordinator, const Id& x) {
  set_revoked(coordinator, x, true);
  auto r = rotate_network_key(coordinator.replica(), {x});
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
}

Result<ImportSummary> try_import(Store& to, const std::string& bytes, SyncFailure* why = nullptr) {
  return import_bundle(to.replica(), bytes, "bundle", why);
}

void refused_with(Store& to, const std::string& bytes, const std::string& part,
                  SyncProblem problem) {
  SyncFailure why;
  auto r = try_import(to, bytes, &why);
  REQUIRE_FALSE(r.ok());
  CHECK_MESSAGE(has(r.error(), part), r.error());
  CHECK(why.problem == problem);
}

std::string full_bundle(Store& s) {
  return bundle_of(s);
}

// A format-2 bundle with its grants replaced (and the key id, if given), signed again with the
// sender's own key: what an insider holding the sender's keys could write.
std::string with_grants(Store& sender, const std::string& genuine,
                        const std::vector<KeyGrant>& grants,
                        const std::optional<Id>& key_id = std::nullopt) {
  auto h = read_bundle_header(genuine);
  REQUIRE(h.ok());
  REQUIRE(h->format == kBundleFormatRotated);
  auto tail = [](const Id& kid, const std::vector<KeyGrant>& gs) {
    std::string out(reinterpret_cast<const char*>(kid.bytes.data()), 16);
    varint::put(out, gs.size());
    for (const auto& g : gs) {
      out.append(reinterpret_cast<const char*>(g.recipient.bytes.data()), 16);
      out.append(reinterpret_cast<const char*>(g.key_id.bytes.data()), 16);
      varint::put(out, g.sealed.size());
      out += g.sealed;
    }
    return out;
  };
  const size_t hlen = header_len(genuine);
  const std::string header = genuine.substr(kPrefix, hlen);
  const std::string old_tail = tail(h->key_id, h->grants);
  REQUIRE(header.size() > old_tail.size());
  REQUIRE(header.substr(header.size() - old_tail.size()) == old_tail);
  std::string new_header =
      header.substr(0, header.size() - old_tail.size()) + tail(key_id.value_or(h->key_id), grants);
  std::string out = genuine.substr(0, 10);
  put_le(out, new_header.size(), 4);
  out += new_header;
  out += genuine.substr(kPrefix + hlen);
  resign(out, device_keys(sender.replica()));
  return out;
}

// As with_grants, with the body encrypted again under the new header (it is the body's
// associated data), so the bundle decrypts: what an insider holding the key could write.
std::string with_grants_resealed(Store& sender, const std::string& genuine,
                                 const std::vector<KeyGrant>& grants) {
  auto opened = open_bundle(sender.replica(), genuine);
  REQUIRE(opened.ok());
  std::string compressed = zstd(opened->plain);
  std::string shell = with_grants(sender, genuine, grants);
  const size_t body_at = kPrefix + header_len(shell) + 8;
  std::string out = shell.substr(0, body_at - 8);
  const uint64_t body_len = compressed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_le(out, body_len, 8);
  out.resize(body_at + body_len);
  unsigned char key[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "mutuabnd", network_of(sender).key.data());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(),
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr,
      opened->header.nonce.data(), key);
  out.resize(out.size() + kSig);
  resign(out, device_keys(sender.replica()));
  return out;
}

}  // namespace

TEST_CASE(
    "a rotation gives the remaining devices a new key; the revoked device reads nothing new") {
  auto net = make_network(3);
  Store &a = at(net, 0), &b = at(net, 1), &x = at(net, 2);
  mesh(net);
  const Network before = network_of(a);
  CHECK(le(full_bundle(a), 8, 2) == kBundleFormat);  // genesis key only: format 1, as ever

  revoke_and_rotate(a, id_of(x));
  const Network after = network_of(a);
  CHECK(after.generation == 1);
  CHECK(after.id == before.id);  // the network keeps its identity
  CHECK(after.key != before.key);
  CHECK(after.key_id == derive_key_id(after.key));
  CHECK(after.key_id != after.id);

  add(a, sample_need("insulin after the revocation", "+380 67 000 1111"));
  const std::string bytes = full_bundle(a);
  CHECK(le(bytes, 8, 2) == kBundleFormatRotated);
  auto header = read_bundle_header(bytes);
  REQUIRE(header.ok());
  CHECK(header->key_id == after.key_id);
  // One grant: to B. None to X (revoked), none to A itself.
  REQUIRE(header->grants.size() == 1);
  CHECK(header->grants[0].recipient == id_of(b));
  // Nor is one kept to pass on later.
  for (const auto& g : load_grants(a.replica())) CHECK(g.recipient != id_of(x));

  auto got = import_ok(b, bytes);
  CHECK(got.learned_key_from == a.devices().get(id_of(a))->name);
  CHECK(has(got.line(), "learned the network's new key from "));
  CHECK(network_of(b).key_id == after.key_id);
  CHECK(network_of(b).generation == 1);
  CHECK(holds_item(b, "insulin after the revocation"));

  refused_with(x, bytes, "encrypted with a network key this device was not given",
               SyncProblem::missing_key);
  CHECK_FALSE(holds_item(x, "insulin after the revocation"));
  // Nor through a relay: B's bundles are under the new key too.
  refused_with(x, full_bundle(b), "was not given", SyncProblem::missing_key);
  CHECK(network_of(x).generation == 0);
}

TEST_CASE("devices still on the old key keep syncing, and learn the new key through a relay") {
  auto net = make_network(4);
  Store &a = at(net, 0), &b = at(net, 1), &c = at(net, 2), &x = at(net, 3);
  mesh(net);
  revoke_and_rotate(a, id_of(x));
  add(a, sample_need("blankets from A"));
  import_ok(b, full_bundle(a));  // B learns the key; C has heard nothing yet

  // C, still on the genesis key, writes format 1; B (on the new key) takes it.
  add(c, sample_need("water from C"));
  const std::string old_key_bundle = full_bundle(c);
  CHECK(le(old_key_bundle, 8, 2) == kBundleFormat);
  import_ok(b, old_key_bundle);
  CHECK(holds_item(b, "water from C"));

  // B passes on A's grant for C: C never meets A, yet learns the key and reads A's entry.
  auto got = import_ok(c, full_bundle(b));
  CHECK(got.learned_key_from == b.devices().get(id_of(b))->name);
  CHECK(network_of(c).key_id == network_of(a).key_id);
  CHECK(holds_item(c, "blankets from A"));
  // And C's entry reaches A through B, under the new key.
  import_ok(a, full_bundle(b));
  CHECK(holds_item(a, "water from C"));
}

TEST_CASE(
    "a device that missed three rotations catches up from one bundle and reads bundles under any "
    "key") {
  auto net = make_network(4);
  Store &a = at(net, 0), &c = at(net, 2), &x = at(net, 3);
  mesh(net);
  revoke_and_rotate(a, id_of(x));
  // D joins with a code made now: it holds the first new key and no grants to pass on, so only
  // the ring sealed in C's newest grant can give C the key of D's bundle.
  TempDir dir;
  auto d = open_store(dir.file("d.db"));
  REQUIRE(join_network(d->replica(), encode_join_code(network_of(a))).ok());
  add(*d, sample_need("made under the first new key"));
  const std::string under_first = full_bundle(*d);
  {
    auto hd = read_bundle_header(under_first);
    REQUIRE(hd.ok());
    REQUIRE(hd->key_id == network_of(a).key_id);
    REQUIRE(hd->grants.empty());
  }

  // Two more rotations (say, a lost tablet, then another).
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  CHECK(network_of(a).generation == 3);
  add(a, sample_need("made under the third new key"));
  const std::string newest = full_bundle(a);
  // The header carries grants of the current and the previous generation only.
  const auto newest_header = read_bundle_header(newest);
  REQUIRE(newest_header.ok());
  const auto ring_a = load_ring(a.replica());
  CHECK_FALSE(newest_header->grants.empty());
  for (const auto& g : newest_header->grants) {
    const RingKey* k = find_key(ring_a, g.key_id);
    REQUIRE(k);
    CHECK(k->generation >= 2);
  }

  auto got = import_ok(c, newest);
  CHECK_FALSE(got.learned_key_from.empty());
  CHECK(network_of(c).generation == 3);
  CHECK(holds_item(c, "made under the third new key"));
  // The grant sealed the whole ring, so the first new key is there too.
  import_ok(c, under_first);
  CHECK(holds_item(c, "made under the first new key"));
}

TEST_CASE("concurrent rotations converge: both keys in every ring, the greatest is current") {
  auto net = make_network(3);
  Store &a = at(net, 0), &b = at(net, 1), &c = at(net, 2);
  mesh(net);
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  REQUIRE(rotate_network_key(b.replica(), {}).ok());
  const Id ka = network_of(a).key_id, kb = network_of(b).key_id;
  REQUIRE(ka != kb);
  const Id greatest = std::max(ka, kb);  // same generation: the greater key id wins
  add(a, sample_need("from A"));
  add(b, sample_need("from B"));
  const std::string a_bundle = full_bundle(a), b_bundle = full_bundle(b);
  import_ok(b, a_bundle);
  import_ok(a, b_bundle);
  CHECK(network_of(a).key_id == greatest);
  CHECK(network_of(b).key_id == greatest);
  CHECK(find_key(load_ring(a.replica()), kb));
  CHECK(find_key(load_ring(b.replica()), ka));
  import_ok(c, full_bundle(a));
  CHECK(network_of(c).key_id == greatest);
  // C reads the losing key's bundle as well.
  import_ok(c, b_bundle);
  CHECK(holds_item(c, "from A"));
  CHECK(holds_item(c, "from B"));
}

TEST_CASE("a current key granted to a device now known to be revoked is rotated again, once") {
  auto net = make_network(3);
  Store &a = at(net, 0), &b = at(net, 1), &x = at(net, 2);
  mesh(net);
  // B rotates twice before it hears that A revoked X: its generation-2 key reached X.
  REQUIRE(rotate_network_key(b.replica(), {}).ok());
  REQUIRE(rotate_network_key(b.replica(), {}).ok());
  revoke_and_rotate(a, id_of(x));
  add(a, sample_need("after the revocation"));

  auto got = import_ok(b, full_bundle(a));
  CHECK(got.rotated_key);
  const Network now = network_of(b);
  CHECK(now.generation == 3);
  // Importing again changes nothing: the current key reached no revoked device.
  auto again = import_ok(b, full_bundle(a));
  CHECK_FALSE(again.rotated_key);
  CHECK(network_of(b).key_id == now.key_id);

  add(b, sample_need("secret after the second rotation"));
  const std::string bytes = full_bundle(b);
  refused_with(x, bytes, "was not given", SyncProblem::missing_key);
  auto on_a = import_ok(a, bytes);
  CHECK_FALSE(on_a.rotated_key);
  CHECK(network_of(a).key_id == now.key_id);
  CHECK(holds_item(a, "secret after the second rotation"));
}

TEST_CASE(
    "a join code rebuilt from a stolen database lets a device join, but it reads nothing new") {
  auto net = make_network(3);
  Store &a = at(net, 0), &b = at(net, 1), &x = at(net, 2);
  mesh(net);
  revoke_and_rotate(a, id_of(x));
  add(a, sample_need("contact after the revocation", "+380 67 555 0199"));
  import_ok(b, full_bundle(a));

  // The thief reads the name and the key out of the revoked tablet's database.
  Network stolen;
  stolen.name = *x.replica().local_get("network_name");
  auto key = x.replica().secret_get("network_key");
  REQUIRE(key);
  std::copy(key->begin(), key->end(), stolen.key.begin());
  stolen.id = derive_network_id(stolen.key);
  TempDir dir;
  auto thief = open_store(dir.file("thief.db"));
  REQUIRE(join_network(thief->replica(), encode_join_code(stolen)).ok());
  CHECK(network_of(*thief).id == network_of(a).id);

  refused_with(*thief, full_bundle(a), "was not given", SyncProblem::missing_key);
  refused_with(*thief, full_bundle(b), "was not given", SyncProblem::missing_key);
  CHECK_FALSE(holds_item(*thief, "contact after the revocation"));
  // Even once its own record has reached the network (bundles under an old key still import),
  // no device grants it the new key by itself.
  import_ok(a, full_bundle(*thief));
  add(a, sample_need("later still"));
  refused_with(*thief, full_bundle(a), "was not given", SyncProblem::missing_key);
  CHECK_FALSE(holds_item(*thief, "later still"));
}

TEST_CASE("a join code made after a rotation carries the current key; old codes still decode") {
  auto net = make_network(3);
  Store &a = at(net, 0), &x = at(net, 2);
  mesh(net);
  const std::string old_code = encode_join_code(network_of(a));
  revoke_and_rotate(a, id_of(x));
  add(a, sample_need("for the newcomer"));
  const Network now = network_of(a);
  const std::string code = encode_join_code(now);
  CHECK(code != old_code);

  auto decoded = decode_join_code(code);
  REQUIRE(decoded.ok());
  CHECK(decoded->id == now.id);
  CHECK(decoded->key == now.key);
  CHECK(decoded->generation == 1);
  auto old = decode_join_code(old_code);
  REQUIRE(old.ok());
  CHECK(old->generation == 0);
  CHECK(old->id == now.id);

  TempDir dir;
  auto newcomer = open_store(dir.file("new.db"));
  auto joined = join_network(newcomer->replica(), code);
  REQUIRE_MESSAGE(joined.ok(), (joined.ok() ? "" : joined.error()));
  CHECK(joined->id == now.id);
  CHECK(network_of(*newcomer).key_id == now.key_id);
  import_ok(*newcomer, full_bundle(a));
  CHECK(holds_item(*newcomer, "for the newcomer"));
  // It was never given the genesis key: a format-1 bundle (from B, not rotated yet) says so.
  Store& b = at(net, 1);
  refused_with(*newcomer, full_bundle(b), "first key", SyncProblem::missing_key);

  // A device that missed the rotation catches up by entering the new code.
  CHECK(network_of(b).generation == 0);
  REQUIRE(join_network(b.replica(), code).ok());
  CHECK(network_of(b).key_id == now.key_id);
}

TEST_CASE(
    "format 2 bytes are checked: signature over grants, tampered grant, grant for another device, "
    "no grant") {
  auto net = make_network(4);
  Store &a = at(net, 0), &b = at(net, 1), &c = at(net, 2), &x = at(net, 3);
  mesh(net);
  revoke_and_rotate(a, id_of(x));
  const std::string genuine = full_bundle(a);
  auto h = read_bundle_header(genuine);
  REQUIRE(h.ok());
  REQUIRE(h->grants.size() == 2);
  const KeyGrant* to_b = nullptr;
  for (const auto& g : h->grants)
    if (g.recipient == id_of(b)) to_b = &g;
  REQUIRE(to_b);

  SUBCASE("cut short") {
    refused_with(b, genuine.substr(0, kPrefix + header_len(genuine) / 2), "damaged",
                 SyncProblem::damaged);
    // The header one byte shorter: the last grant no longer parses.
    std::string bytes = genuine;
    bytes[10] = static_cast<char>(static_cast<uint8_t>(bytes[10]) - 1);
    refused_with(b, bytes, "damaged", SyncProblem::damaged);
  }
  SUBCASE("a grant changed without the sender's signature") {
    auto grants = h->grants;
    for (auto& g : grants)
      if (g.recipient == id_of(b)) g.sealed[g.sealed.size() / 2] ^= 1;
    std::string bytes = with_grants(a, genuine, grants);
    bytes[bytes.size() - 1] ^= 1;  // the signature no longer matches
    refused_with(b, bytes, "signature check failed", SyncProblem::damaged);
  }
  SUBCASE("a tampered grant, signed again by an insider") {
    auto grants = h->grants;
    for (auto& g : grants)
      if (g.recipient == id_of(b)) g.sealed[g.sealed.size() / 2] ^= 1;
    refused_with(b, with_grants(a, genuine, grants), "cannot be opened", SyncProblem::damaged);
    CHECK(network_of(b).generation == 0);
  }
  SUBCASE("a bad grant beside a good one is passed over (a relay cannot check grants to others)") {
    KeyGrant bad = *to_b;
    bad.sealed[bad.sealed.size() / 2] ^= 1;
    std::vector<KeyGrant> grants{bad};
    grants.insert(grants.end(), h->grants.begin(), h->grants.end());
    import_ok(b, with_grants_resealed(a, genuine, grants));
    CHECK(network_of(b).generation == 1);
  }
  SUBCASE("only a grant for another device") {
    std::vector<KeyGrant> grants;
    for (const auto& g : h->grants)
      if (g.recipient != id_of(b)) grants.push_back(g);
    refused_with(b, with_grants(a, genuine, grants), "was not given", SyncProblem::missing_key);
    // B's grant readdressed to C cannot be opened by C.
    KeyGrant moved = *to_b;
    moved.recipient = id_of(c);
    refused_with(c, with_grants(a, genuine, {moved}), "cannot be opened", SyncProblem::damaged);
  }
  SUBCASE("an unknown key id and no grant") {
    Id unknown;
    unknown.bytes.fill(0x5A);
    refused_with(b, with_grants(a, genuine, {}, unknown), "was not given",
                 SyncProblem::missing_key);
  }
  SUBCASE("a key sealed by an outsider is not used") {
    // A grant anyone could make: a fresh key, sealed to B, claiming to be the network's newest.
    RingKey fake;
    fake.generation = 99;
    fake.creator = id_of(a);
    randombytes_buf(fake.key.data(), fake.key.size());
    auto g = seal_grant(id_of(b), b.devices().get(id_of(b))->public_key, fake.id(), {fake});
    REQUIRE(g.ok());
    refused_with(b, with_grants(a, genuine, {*g}, fake.id()), "did not sign", SyncProblem::damaged);
    // Naming a maker B has never heard of, it is not used either.
    fake.creator.bytes.fill(0x77);
    g = seal_grant(id_of(b), b.devices().get(id_of(b))->public_key, fake.id(), {fake});
    REQUIRE(g.ok());
    refused_with(b, with_grants(a, genuine, {*g}, fake.id()), "does not know yet",
                 SyncProblem::missing_key);
    CHECK(network_of(b).generation == 0);
  }
  // The genuine bundle still imports after all that.
  import_ok(b, genuine);
  CHECK(network_of(b).generation == 1);
}

TEST_CASE("a reinstated device is given the current key") {
  auto net = make_network(3);
  Store &a = at(net, 0), &x = at(net, 2);
  mesh(net);
  revoke_and_rotate(a, id_of(x));
  add(a, sample_need("while X was revoked"));
  refused_with(x, full_bundle(a), "was not given", SyncProblem::missing_key);
  set_revoked(a, id_of(x), false);
  REQUIRE(grant_current_keys(a.replica(), id_of(x)).ok());
  import_ok(x, full_bundle(a));
  CHECK(network_of(x).key_id == network_of(a).key_id);
  CHECK(holds_item(x, "while X was revoked"));
}

// The path a coordinator takes (`mutua device revoke`, Settings): revoke_device and
// reinstate_device with the key ring's hook, each in one transaction with the revocation.
TEST_CASE("revoking through revoke_device rotates the key; reinstating through it grants it back") {
  auto net = make_network(3);
  Store &a = at(net, 0), &b = at(net, 1), &x = at(net, 2);
  mesh(net);
  auto r = revoke_device(a, id_of(x), /*force=*/true, rekey_after_revocation);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(network_of(a).generation == 1);
  add(a, sample_need("after the revoke"));
  refused_with(x, full_bundle(a), "was not given", SyncProblem::missing_key);
  import_ok(b, full_bundle(a));
  CHECK(network_of(b).key_id == network_of(a).key_id);

  auto back = reinstate_device(a, id_of(x), rekey_after_revocation);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()));
  CHECK(network_of(a).generation == 1);  // a reinstatement seals the ring; it makes no new key
  import_ok(x, full_bundle(a));
  CHECK(network_of(x).key_id == network_of(a).key_id);
  CHECK(holds_item(x, "after the revoke"));
}

// Without the hook, revoke_device changes no key: the hook is what rotates.
TEST_CASE("revoke_device without the key ring's hook leaves the key as it was") {
  auto net = make_network(2);
  Store &a = at(net, 0), &x = at(net, 1);
  mesh(net);
  REQUIRE(revoke_device(a, id_of(x), /*force=*/true).ok());
  CHECK(network_of(a).generation == 0);
}

TEST_CASE(
    "a device that never heard of the rotating device takes the new key from that device's own "
    "bundle") {
  auto net = make_network(2);
  Store &a = at(net, 0), &b = at(net, 1);
  send(b, a, /*delta=*/false);  // A knows B's key; B has heard nothing from A
  REQUIRE_FALSE(b.devices().get(id_of(a)));
  REQUIRE(rotate_network_key(a.replica(), {}).ok());
  add(a, sample_need("first word from A"));
  auto got = import_ok(b, full_bundle(a));
  CHECK_FALSE(got.learned_key_from.empty());
  CHECK(network_of(b).key_id == network_of(a).key_id);
  CHECK(holds_item(b, "first word from A"));
}

TEST_CASE("the key ring survives reopening the database") {
  TempDir dir;
  const std::string path = dir.file("a.db");
  Id key_id;
  {
    auto a = open_store(path);
    found(*a);
    REQUIRE(rotate_network_key(a->replica(), {}).ok());
    REQUIRE(rotate_network_key(a->replica(), {}).ok());
    key_id = network_of(*a).key_id;
  }
  auto a = open_store(path);
  CHECK(network_of(*a).generation == 2);
  CHECK(network_of(*a).key_id == key_id);
  CHECK(load_ring(a->replica()).size() == 3);
}

}  // namespace mutua::test
