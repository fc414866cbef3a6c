// Issue 10, a stamped sequence number: an insider carried one version stamped with device A's id
// and sequence number 10^9. Earned vectors let a relayed origin's vector rise to the highest
// sequence number carried, so every receiver's vector for A jumped to 10^9: A's real later
// bundles looked "already known" and deltas for anyone left A's changes out. Vectors for an
// origin other than the pinned sender now rise no further than what that origin signed itself
// (sync/seq_claims.hpp).
#include <doctest/doctest.h>
#include <sodium.h>

#include <filesystem>

#include "core/seq_claim.hpp"
#include "sync/relayed_chains.hpp"

#include "insider.hpp"
#include "reread.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct SeqNet : InsiderNet {
  SeqNet() : InsiderNet("abcdm") {}  // c: an honest relay; m: a member turned insider
  Id a_id() const { return a->replica().device_id(); }
};

// The insider's own offer with one field's version stamped as `origin`'s, sequence number `seq`.
Row stamped_as(Store& m, const Id& origin, uint64_t seq) {
  auto offer = add(m, sample_offer("soap"));
  auto row = m.replica().read_row(TableId::entries, offer.id);
  REQUIRE(row);
  Row r = *row;
  for (size_t f = 0; f < r.stamps.size(); ++f)
    if (r.stamps[f].hlc != 0) {
      r.stamps[f] = Stamp{r.stamps[f].hlc + 1, origin, seq, r.stamps[f].hlc};
      break;
    }
  return r;
}

}  // namespace

TEST_CASE("a version stamped with another device's id and a huge number hides none of its needs") {
  SeqNet n;
  add(*n.a, sample_need("rice"));
  for (auto* s : {n.b.get(), n.c.get(), n.d.get(), n.m.get()}) import_ok(*s, bundle_of(*n.a));
  const uint64_t a_real = known_of(*n.a, n.a_id());
  REQUIRE(known_of(*n.b, n.a_id()) == a_real);
  // B and D know the member (its key pinned there): its own versions need no claim.
  import_ok(*n.b, bundle_of(*n.m));
  import_ok(*n.d, bundle_of(*n.m));

  // Signed with the member's own key, its header claiming to cover A up to that number.
  auto lie = insider_bundle(*n.m, {stamped_as(*n.m, n.a_id(), 1'000'000'000)},
                            [&](BundleHeader& h) { h.covers[n.a_id()] = 1'000'000'000; });
  CHECK(import_ok(*n.b, lie).new_entries == 1);  // the offer itself: members may add
  import_ok(*n.d, lie);
  // What B holds of A rises no further than what A itself signed.
  CHECK(known_of(*n.b, n.a_id()) == a_real);
  CHECK(known_of(*n.d, n.a_id()) == a_real);

  // A writes a new need. It reaches B in a delta made for B (what the LAN exchange sends)...
  add(*n.a, sample_need("insulin"));
  auto for_b = build_bundle(n.a->replica(), n.b->replica().version_vector());
  REQUIRE(for_b.ok());
  CHECK(import_ok(*n.b, for_b->bytes).new_entries == 1);
  // ...and reaches D through the honest relay C, which never saw the lie.
  import_ok(*n.c, bundle_of(*n.a));
  CHECK(import_ok(*n.d, bundle_of(*n.c)).new_entries == 1);
  // The next one reaches B in A's full bundle, and D in a delta C makes for it.
  add(*n.a, sample_need("nappies"));
  CHECK(import_ok(*n.b, bundle_of(*n.a)).new_entries == 1);
  import_ok(*n.c, bundle_of(*n.a));
  auto for_d = build_bundle(n.c->replica(), n.d->replica().version_vector());
  REQUIRE(for_d.ok());
  CHECK(import_ok(*n.d, for_d->bytes).new_entries == 1);
  CHECK(entry_count(*n.d) == entry_count(*n.c) + 1);  // and the insider's offer
  // The relayed claim raised D's vector for A to A's own, so a resync is skipped.
  CHECK(known_of(*n.d, n.a_id()) == known_of(*n.a, n.a_id()));
}

namespace {
const ExtraValue* claim_of(const Store& s, const Id& device) {
  static std::map<Id, std::vector<ExtraValue>> all;
  all = s.replica().extras_of(TableId::devices);
  auto it = all.find(device);
  if (it == all.end()) return nullptr;
  for (const auto& e : it->second)
    if (e.column == kDeviceSeqClaimColumn) return &e;
  return nullptr;
}
}  // namespace

TEST_CASE("each local write ends with the device's signed claim of its sequence number") {
  SeqNet n;
  add(*n.a, sample_need("rice"));
  const auto* c = claim_of(*n.a, n.a_id());
  REQUIRE(c);
  // The claim is the transaction's last write and claims its own number.
  CHECK(c->stamp.seq == known_of(*n.a, n.a_id()));
  auto network = load_network(n.a->replica());
  REQUIRE(network);
  const auto key = device_keys(n.a->replica()).public_key;
  CHECK(seq_claim_valid(network->id, n.a_id(), key, c->stamp, std::get<std::string>(c->value)));
  // Bound to its version: the same signature under a newer clock does not verify.
  Stamp later = c->stamp;
  later.hlc += uint64_t{1} << 40;
  CHECK_FALSE(seq_claim_valid(network->id, n.a_id(), key, later, std::get<std::string>(c->value)));
  // A bundle build and an import write no claim of their own.
  const uint64_t before = known_of(*n.a, n.a_id());
  bundle_of(*n.a);
  import_ok(*n.a, bundle_of(*n.b));
  CHECK(known_of(*n.a, n.a_id()) == before);
}

TEST_CASE("a sequence claim its device did not sign is taken out, naming the sender") {
  SeqNet n;
  add(*n.a, sample_need("rice"));
  import_ok(*n.b, bundle_of(*n.a));
  import_ok(*n.m, bundle_of(*n.a));
  const uint64_t a_real = known_of(*n.a, n.a_id());
  // A's record as the member holds it, with a claim of 10^9 "by A" signed by the member.
  auto row = n.m->replica().read_row(TableId::devices, n.a_id());
  REQUIRE(row);
  Row r = *row;
  for (Stamp& s : r.stamps) s = Stamp{};
  auto network = load_network(n.m->replica());
  REQUIRE(network);
  Stamp s{n.m->replica().clock().now(), n.a_id(), 1'000'000'000, 0};
  auto msg = seq_claim_message(network->id, n.a_id(), s.seq, s.hlc);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       device_keys(n.m->replica()).secret_key.data());
  char hex[2 * crypto_sign_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
  r.extras = {
      {kDeviceSeqClaimColumn, false, FieldType::text, IntCoding::plain, std::string(hex), s}};
  auto lie = insider_bundle(*n.m, {r, stamped_as(*n.m, n.a_id(), 1'000'000'000)},
                            [&](BundleHeader& h) { h.covers[n.a_id()] = 1'000'000'000; });
  auto got = import_ok(*n.b, lie);
  REQUIRE(got.set_aside.size() == 1);
  CHECK(got.set_aside[0].from == n.m->replica().device_id().hex().substr(0, 8));
  // Its version (A, 10^9) lies past A's chain, so the chain check (sync/relayed_chains.hpp) takes
  // it out with the rest of A's versions there before the claim is read.
  CHECK(got.set_aside[0].reason == kChainNotConfirmed);
  // With the chain check off, the claim's own check takes it out.
  n.c->replica().local_set(kChainCheckKey, "off");
  import_ok(*n.c, bundle_of(*n.a));
  got = import_ok(*n.c, lie);
  REQUIRE(got.set_aside.size() == 1);
  CHECK(got.set_aside[0].reason.find("sequence claim") != std::string::npos);
  CHECK(known_of(*n.b, n.a_id()) == a_real);
  CHECK(n.b->replica().attested()[n.a_id()] == a_real);
  // Not stored, so not passed on: B still holds A's own claim.
  const auto* kept = claim_of(*n.b, n.a_id());
  REQUIRE(kept);
  CHECK(kept->stamp.seq == a_real);
  add(*n.a, sample_need("insulin"));
  CHECK(import_ok(*n.b, bundle_of(*n.a)).new_entries == 1);
}

TEST_CASE("a sequence claim is an ordinary column to an older reader, and relays attest with it") {
  SeqNet n;
  add(*n.a, sample_need("rice"));
  const auto bundle = bundle_of(*n.a);
  // What any reader since layout 3.0 decodes: column 8 of A's devices record, text, A's version.
  const ExtraValue* carried = nullptr;
  const auto rows = rows_of(*n.c, bundle);
  for (const auto& r : rows)
    if (r.table == TableId::devices && r.id == n.a_id())
      for (const auto& e : r.extras)
        if (e.column == kDeviceSeqClaimColumn) carried = &e;
  REQUIRE(carried);
  CHECK_FALSE(carried->fixed);
  CHECK(carried->type == FieldType::text);
  CHECK(carried->stamp.origin == n.a_id());
  CHECK(carried->stamp.seq == known_of(*n.a, n.a_id()));
  // C passes it on as an older relay writes its bundles (layout 3.0, the rows as it holds them):
  // D, which never heard from A, holds A's versions as known as A does.
  import_ok(*n.c, bundle);
  auto relayed = rewritten(*n.c, bundle_of(*n.c), [](Row&) {});
  CHECK(import_ok(*n.d, relayed).new_entries == 1);
  CHECK(known_of(*n.d, n.a_id()) == known_of(*n.a, n.a_id()));
  import_ok(*n.c, bundle_of(*n.d));
  CHECK(n.d->replica().content_hash() == n.c->replica().content_hash());
}

TEST_CASE("a device on an older Mutua signs no claims: relayed data is sent again, never lost") {
  SeqNet n;
  // A's bundles as an older Mutua writes them: no claim.
  auto old_bundle_of = [&](Store& s) {
    return rewritten(s, bundle_of(s), [](Row& r) {
      std::erase_if(r.extras,
                    [](const ExtraValue& e) { return e.column == kDeviceSeqClaimColumn; });
    });
  };
  add(*n.a, sample_need("rice"));
  // Directly, its own signed bundle raises the vector as before.
  import_ok(*n.c, old_bundle_of(*n.a));
  CHECK(known_of(*n.c, n.a_id()) == known_of(*n.a, n.a_id()));
  // Through the relay C, its need arrives, but D's vector for A does not rise past what A
  // attested (nothing).
  CHECK(import_ok(*n.d, bundle_of(*n.c)).new_entries == 1);
  CHECK(known_of(*n.d, n.a_id()) == 0);
  // So C's next delta for D sends A's need again: known, nothing lost, and it stops there.
  auto again = build_bundle(n.c->replica(), n.d->replica().version_vector());
  REQUIRE(again.ok());
  CHECK(again->records >= 1);
  auto r = import_ok(*n.d, again->bytes);
  CHECK(r.new_entries == 0);
  CHECK(r.updated == 0);
  import_ok(*n.c, bundle_of(*n.d));
  CHECK(n.d->replica().content_hash() == n.c->replica().content_hash());
  // Once A's own bundle reaches D, it is in step with C for A.
  import_ok(*n.d, old_bundle_of(*n.a));
  CHECK(known_of(*n.d, n.a_id()) == known_of(*n.a, n.a_id()));
  auto in_step = build_bundle(n.c->replica(), n.d->replica().version_vector());
  REQUIRE(in_step.ok());
  for (const auto& row : rows_of(*n.d, in_step->bytes))
    for (const auto& s : row.stamps) CHECK((s.hlc == 0 || s.origin != n.a_id()));
}

TEST_CASE("migration 19: what a device held before it was updated stays trusted") {
  TempDir dir;
  const std::string path = dir.file("schema-18.db");
  std::filesystem::copy_file(std::string(MUTUA_TEST_DATA) + "/schema-18.db", path);
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error()));
  const auto vv = (*store)->replica().version_vector();
  REQUIRE_FALSE(vv.empty());
  CHECK((*store)->replica().attested() == vv);
}
