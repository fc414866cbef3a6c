// Issue 10, finding 3: key substitution. A device's public key used to be an ordinary replicated
// field: a member overwrote device A's key with its own, A's genuine bundles were then refused
// everywhere, and the member's bundle signed "as A" was accepted. Keys are now pinned
// (sync/key_pins.hpp): introduced only by their device, signed by it, bound to its id.
#include <doctest/doctest.h>

#include "core/device_identity.hpp"
#include "insider.hpp"
#include "sync/key_pins.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct KeysNet : InsiderNet {
  KeysNet() : InsiderNet("acdm") {}
};

std::string key_of(const Store& s, const Id& device) {
  auto d = s.devices().get(device);
  return d ? d->public_key : std::string();
}

// Device A's record as the member holds it, with `field` set to `value` in a version newer than
// A's own (so a last-writer-wins merge would take it).
Row overwritten(Store& m, const Id& device, uint16_t field, const std::string& value) {
  auto row = m.replica().read_row(TableId::devices, device);
  REQUIRE(row);
  Row r = *row;
  Stamp s{r.stamps[field].hlc + (uint64_t{1} << 24), m.replica().device_id(), 999,
          r.stamps[field].hlc};
  r.fields[field] = value;
  r.stamps[field] = s;
  return r;
}

}  // namespace

TEST_CASE("a record that changes another device's key is refused, naming the sender") {
  KeysNet n;
  import_ok(*n.c, bundle_of(*n.a));
  import_ok(*n.m, bundle_of(*n.a));
  const std::string a_key = key_of(*n.c, n.a->replica().device_id());
  REQUIRE(a_key == public_key_hex(device_keys(n.a->replica()).public_key));
  const std::string m_key = public_key_hex(device_keys(n.m->replica()).public_key);

  auto forged = overwritten(*n.m, n.a->replica().device_id(), device_field::public_key, m_key);
  SyncFailure why;
  auto r = import_bundle(n.c->replica(), insider_bundle(*n.m, {forged}), "stick", &why);
  REQUIRE_FALSE(r.ok());
  CHECK(why.problem == SyncProblem::forged_key);
  // C has not heard of the member's device yet, so it is named by its short id.
  CHECK(why.detail == n.m->replica().device_id().hex().substr(0, 8));
  CHECK(r.error().find("device " + n.m->replica().device_id().hex().substr(0, 8)) == 0);
  CHECK(r.error().find("changes the key of device") != std::string::npos);
  CHECK(key_of(*n.c, n.a->replica().device_id()) == a_key);

  // So A's genuine bundles still import at C, and the member's bundle signed "as A" does not.
  add(*n.a, sample_need("rice"));
  CHECK(import_ok(*n.c, bundle_of(*n.a)).new_entries == 1);
  add(*n.m, sample_offer("soap"));
  auto as_a =
      insider_bundle(*n.m, {}, [&](BundleHeader& h) { h.sender = n.a->replica().device_id(); });
  auto r2 = import_bundle(n.c->replica(), as_a, "stick", &why);
  REQUIRE_FALSE(r2.ok());
  CHECK(why.problem == SyncProblem::wrong_key);

  // Removing A's signature is refused too.
  auto unsigned_row =
      overwritten(*n.m, n.a->replica().device_id(), device_field::key_signature, "");
  CHECK_FALSE(import_bundle(n.c->replica(), insider_bundle(*n.m, {unsigned_row})).ok());
}

TEST_CASE("a key for a device not known yet is pinned only when the device itself signed it") {
  KeysNet n;
  import_ok(*n.m, bundle_of(*n.a));
  // The member claims A's id for its own key, even signing the claim with that key: D has never
  // heard of A, but A's id was derived from A's key, so the claim cannot be A's.
  const auto m_keys = device_keys(n.m->replica());
  auto claim = overwritten(*n.m, n.a->replica().device_id(), device_field::public_key,
                           public_key_hex(m_keys.public_key));
  claim.fields[device_field::key_signature] =
      sign_key_claim(n.net.id, n.a->replica().device_id(), m_keys);
  claim.stamps[device_field::key_signature] = claim.stamps[device_field::public_key];
  import_ok(*n.d, insider_bundle(*n.m, {claim}));
  CHECK(key_of(*n.d, n.a->replica().device_id()).empty());
  // A's own bundle then imports, and pins A's real key.
  add(*n.a, sample_need("rice"));
  CHECK(import_ok(*n.d, bundle_of(*n.a)).new_entries == 1);
  CHECK(key_of(*n.d, n.a->replica().device_id()) ==
        public_key_hex(device_keys(n.a->replica()).public_key));
  // And a relay of A's genuine, signed record pins it too.
  import_ok(*n.c, bundle_of(*n.m));
  CHECK(key_of(*n.c, n.a->replica().device_id()) ==
        public_key_hex(device_keys(n.a->replica()).public_key));
}

TEST_CASE("device ids are derived from their keys, and keys are signed by their device") {
  KeysNet n;
  for (auto* s : {n.a.get(), n.c.get(), n.m.get()}) {
    auto keys = device_keys(s->replica());
    CHECK(s->replica().device_id() == device_id_for_key(keys.public_key));
    auto row = s->replica().read_row(TableId::devices, s->replica().device_id());
    REQUIRE(row);
    CHECK(key_claim_valid(n.net.id, s->replica().device_id(),
                          std::get<std::string>(row->fields[device_field::public_key]),
                          std::get<std::string>(row->fields[device_field::key_signature])));
    // Not for another network, nor another device.
    CHECK_FALSE(key_claim_valid(Id::random(), s->replica().device_id(),
                                std::get<std::string>(row->fields[device_field::public_key]),
                                std::get<std::string>(row->fields[device_field::key_signature])));
  }
  // Locally, too, only a device publishes its own key, and a known key never changes.
  import_ok(*n.c, bundle_of(*n.a));
  auto a = n.c->devices().get(n.a->replica().device_id());
  REQUIRE(a);
  a->public_key = public_key_hex(device_keys(n.c->replica()).public_key);
  CHECK_FALSE(n.c->devices().put(*a).ok());
}
