// Revocations a member makes up (docs/security.md, "A revocation stamped as the device itself").
// fuzz_chain found the first on 2026-12-07: a relay changed a device's revoked flag under that
// device's own version, and the chain check, which leaves revoked devices to the revocation
// filter, then left the device unchecked. A device never revokes itself, so such a record is set
// aside. The second: a revocation with no cut-off (as a Mutua before cut-offs wrote them) leaves
// the filter nothing to refuse, so the chain check goes on checking that device.
#include <doctest/doctest.h>

#include <string>

#include "core/device_identity.hpp"
#include "core/gaps.hpp"
#include "core/kept_claim.hpp"
#include "core/lost_creation.hpp"
#include "core/matching.hpp"
#include "core/revocation.hpp"
#include "core/superseded.hpp"
#include "core/write_chain.hpp"
#include "sync/network.hpp"
#include "sync/relayed_chains.hpp"
#include "sync/seq_claims.hpp"

#include "insider.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct ForgedNet : InsiderNet {
  ForgedNet() : InsiderNet("abcdm") {
    introduce({a.get(), b.get(), c.get(), d.get(), m.get()});
    need = add(*a, sample_need("insulin"));
    for (auto* s : {b.get(), c.get(), d.get(), m.get()}) import_ok(*s, bundle_of(*a));
  }
  Id a_id() const { return a->replica().device_id(); }
  Entry need;
};

// `s`'s record of `device` with no field carried, to stamp by hand.
Row bare_device_row(Store& s, const Id& device) {
  auto row = s.replica().read_row(TableId::devices, device);
  REQUIRE(row);
  Row r = *row;
  r.extras.clear();
  for (Stamp& st : r.stamps) st = Stamp{};
  return r;
}

std::string need_item(Store& s, const Id& id) {
  auto e = s.entries().get(id);
  REQUIRE(e);
  return e->item;
}

size_t set_aside_with(const ImportSummary& s, const std::string& reason_part) {
  size_t n = 0;
  for (const auto& a : s.set_aside)
    if (a.reason.find(reason_part) != std::string::npos) n += a.count;
  return n;
}

// A revoked by the member at a cut-off below what B holds of A: B, which had checked A's chain up
// to a later claim, keeps no claim of A at or before the cut-off, only its checked point.
struct PointOnly : ForgedNet {
  PointOnly() {
    const Id a = a_id();
    // A writes once more, and only B takes it: B holds A's claim of that number and has checked
    // A's chain up to it. The member holds A's earlier claim, and revokes A at that number.
    (void)add(*this->a, sample_offer("soap"));
    a_real = known_of(*this->a, a);
    import_ok(*b, bundle_of(*this->a));
    REQUIRE(known_of(*b, a) == a_real);
    REQUIRE(revoke_device(*m, a).ok());
    cut = *accepted_until(*m->replica().device(a));
    REQUIRE(cut < a_real);
    // The member's revocation reaches B without the claim the member kept aside (an insider
    // leaves it out): B drops the later claim it held with the revocation, and keeps none.
    Row rev = bare_device_row(*m, a);
    const auto held = m->replica().read_row(TableId::devices, a);
    REQUIRE(held);
    rev.stamps[device_field::revoked] = held->stamps[device_field::revoked];
    rev.stamps[device_field::revoked_cutoff] = held->stamps[device_field::revoked_cutoff];
    rev.fields[device_field::revoked] = held->fields[device_field::revoked];
    rev.fields[device_field::revoked_cutoff] = held->fields[device_field::revoked_cutoff];
    import_ok(*b, insider_bundle(*m, {rev}));
    REQUIRE(b->replica().device(a)->revoked);
    REQUIRE(accepted_until(*b->replica().device(a)) == cut);
    REQUIRE_FALSE(kept_claim(b->replica(), a));
  }
  // The member's bundle of `rows`, its header counting more of A than B holds (or B would skip
  // it as known).
  std::string lie(const std::vector<Row>& rows) {
    return insider_bundle(*m, rows, [&](BundleHeader& h) { h.covers[a_id()] = a_real + 10; });
  }
  uint64_t a_real = 0, cut = 0;
};

// `made` (a record with one version, its creation's), restamped as A's at the cut-off and once
// below it, each sent alone by the member: B refuses it as not confirmed, and holds none of it.
void check_refused_as_a(PointOnly& n, const Row& made) {
  CAPTURE(static_cast<int>(made.table));
  for (const uint64_t seq : {n.cut, n.cut - 1}) {
    CAPTURE(seq);
    Row as_a = made;
    as_a.stamps.at(0) = Stamp{n.m->replica().clock().now(), n.a_id(), seq, 0};
    const auto r = import_ok(*n.b, n.lie({as_a}));
    const Replica& rep = n.b->replica();
    const bool held = is_known_table(made.table) ? rep.read_row(made.table, made.id).has_value()
                                                 : rep.unknown_row(made.table, made.id).has_value();
    CHECK_FALSE(held);
    CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);
  }
}

}  // namespace

TEST_CASE(
    "a revocation stamped as the revoked device itself is set aside, and takes nothing back") {
  ForgedNet n;
  const Id a = n.a_id();
  const uint64_t a_real = known_of(*n.a, a);
  // A's record: revoked, cut-off 1 (everything of A taken back), both "as A" with a new number;
  // and A's need changed "as A" past it.
  Row rev = bare_device_row(*n.m, a);
  const uint64_t now = n.m->replica().clock().now();
  for (const size_t f : {device_field::revoked, device_field::revoked_cutoff}) {
    rev.stamps[f] = Stamp{now, a, a_real + 1, 0};
    rev.fields[f] = int64_t{1};
  }
  const Row lie = item_changed_as(*n.m, a, n.need.id, a_real + 2);
  const auto bytes =
      insider_bundle(*n.m, {rev, lie}, [&](BundleHeader& h) { h.covers[a] = a_real + 2; });
  for (Store* s : {n.b.get(), n.c.get()}) {
    auto got = import_ok(*s, bytes);
    CHECK(set_aside_with(got, "a device never revokes itself") == 1);
    auto held = s->replica().device(a);
    REQUIRE(held);
    CHECK_FALSE(held->revoked);
    CHECK(held->revoked_cutoff == 0);
    // A's need stands, unchanged: nothing of A was taken back, and the change "as A" is not
    // confirmed by A's chain.
    CHECK(need_item(*s, n.need.id) == "insulin");
    CHECK(known_of(*s, a) == a_real);
  }
  // A's own later change still comes, relayed.
  REQUIRE(n.a->entries().set_status(n.need.id, Status::met).ok());
  import_ok(*n.c, bundle_of(*n.a));
  import_ok(*n.b, bundle_of(*n.c));
  CHECK(n.b->entries().get(n.need.id)->status == Status::met);
  CHECK(known_of(*n.b, a) == known_of(*n.a, a));
}

TEST_CASE(
    "a cut-off raised as the revoked device itself is set aside: the revoker's cut-off holds") {
  ForgedNet n;
  const Id a = n.a_id();
  // C revokes A; everyone hears.
  REQUIRE(revoke_device(*n.c, a).ok());
  const uint64_t cutoff = n.c->replica().device(a)->revoked_cutoff;
  REQUIRE(cutoff >= 1);
  for (Store* s : {n.b.get(), n.d.get(), n.m.get()}) import_ok(*s, bundle_of(*n.c));
  REQUIRE(n.b->replica().device(a)->revoked_cutoff == cutoff);
  // The insider lifts A's cut-off far up, "as A", newer than C's version.
  Row lift = bare_device_row(*n.m, a);
  const auto held = n.m->replica().read_row(TableId::devices, a);
  REQUIRE(held);
  const size_t f = device_field::revoked_cutoff;
  lift.stamps[f] =
      Stamp{held->stamps[f].hlc + (uint64_t{1} << 20), a, cutoff - 1, held->stamps[f].hlc};
  lift.fields[f] = int64_t{1} << 40;
  add(*n.m, sample_offer("soap"));  // news of its own: not skipped as already known
  auto got = import_ok(*n.b, insider_bundle(*n.m, {lift}));
  CHECK(set_aside_with(got, "a device never revokes itself") == 1);
  CHECK(n.b->replica().device(a)->revoked);
  CHECK(n.b->replica().device(a)->revoked_cutoff == cutoff);
}

TEST_CASE(
    "a member's revocation with no cut-off does not let it make up versions as the revoked "
    "device") {
  ForgedNet n;
  const Id a = n.a_id();
  const uint64_t a_real = known_of(*n.a, a);
  // The insider revokes A in its own name, with no cut-off (as a Mutua before cut-offs did), and
  // changes A's need "as A" with a new number.
  Row rev = bare_device_row(*n.m, a);
  rev.stamps[device_field::revoked] =
      n.m->replica().read_row(TableId::devices, a)->stamps[device_field::revoked];
  hand_written_version(*n.m, rev, device_field::revoked, int64_t{1});
  const Row lie = item_changed_as(*n.m, a, n.need.id, a_real + 1);
  const auto bytes =
      insider_bundle(*n.m, {rev, lie}, [&](BundleHeader& h) { h.covers[a] = a_real + 1; });
  auto got = import_ok(*n.b, bytes);
  // The revocation is the member's own act, on record in its name: taken.
  REQUIRE(n.b->replica().device(a));
  CHECK(n.b->replica().device(a)->revoked);
  CHECK(n.b->replica().device(a)->revoked_cutoff == 0);
  // The change "as A" is not: no claim of A confirms it. (It gets the milder word, as any
  // version past the claim that comes with a revocation written by another device does:
  // ChainCheck::see_device_record.)
  CHECK(set_aside_with(got, std::string(kChainNotSignedYet)) == 1);
  CHECK(need_item(*n.b, n.need.id) == "insulin");
  CHECK(known_of(*n.b, a) == a_real);
}

TEST_CASE(
    "a member's revocation with a cut-off above the numbers the device used does not let it make "
    "up versions as that device below the cut-off") {
  ForgedNet n;
  const Id a = n.a_id();
  // A writes once more; C takes it, and so holds A's claim of it, then revokes A: its cut-off is
  // that claim's number.
  const Entry soap = add(*n.a, sample_offer("soap"));
  const uint64_t a_real = known_of(*n.a, a);
  import_ok(*n.c, bundle_of(*n.a));
  REQUIRE(revoke_device(*n.c, a).ok());
  REQUIRE(accepted_until(*n.c->replica().device(a)) == a_real);
  // The honest part: B, which never met A's offer, takes it from C, confirmed by A's claim that
  // C keeps (it is at the cut-off).
  auto from_c = import_ok(*n.b, bundle_of(*n.c));
  CHECK(set_aside_with(from_c, "") == 0);
  CHECK(n.b->entries().get(soap.id));
  CHECK(accepted_until(*n.b->replica().device(a)) == a_real);
  // The insider revokes A in its own name too, with a cut-off far above anything A wrote, and
  // changes A's need "as A" with numbers below that cut-off: one past A's claim, one at or below
  // it (a number A used for another write). Its versions are newer than C's.
  import_ok(*n.m, bundle_of(*n.c));
  Row rev = bare_device_row(*n.m, a);
  const auto held = n.m->replica().read_row(TableId::devices, a);
  REQUIRE(held);
  rev.stamps[device_field::revoked] = held->stamps[device_field::revoked];
  rev.stamps[device_field::revoked_cutoff] = held->stamps[device_field::revoked_cutoff];
  hand_written_version(*n.m, rev, device_field::revoked, int64_t{1});
  hand_written_version(*n.m, rev, device_field::revoked_cutoff,
                       static_cast<int64_t>(a_real + 1000));
  for (const uint64_t seq : {a_real + 10, a_real - 1}) {
    const Row lie = item_changed_as(*n.m, a, n.need.id, seq);
    const auto bytes =
        insider_bundle(*n.m, {rev, lie}, [&](BundleHeader& h) { h.covers[a] = a_real + 10; });
    for (Store* s : {n.b.get(), n.d.get()}) {
      CAPTURE(seq);
      import_ok(*s, bytes);
      CHECK(s->replica().device(a)->revoked);
      CHECK(need_item(*s, n.need.id) == "insulin");
      CHECK(known_of(*s, a) <= a_real);
    }
  }
}

TEST_CASE(
    "a revoked device's claim is kept aside only where both its signatures verify: a made-up "
    "chain beside its genuine SEQ-1 signature is not kept") {
  ForgedNet n;
  const Id a = n.a_id();
  // C held A's claim and revokes A: the claim at the cut-off is kept aside, out of the record.
  REQUIRE(revoke_device(*n.c, a).ok());
  const auto kept = kept_claim(n.c->replica(), a);
  REQUIRE(kept);
  CHECK(kept->stamp.seq == *accepted_until(*n.c->replica().device(a)));
  CHECK_FALSE(claim_in_extras(a, n.c->replica().extras_of_row(TableId::devices, a)));
  // The same claim, as a relay brings it in A's record to a device that has A revoked: kept as
  // it came; with its chain changed, not kept.
  const auto network = load_network(n.c->replica());
  REQUIRE(network);
  Row row = bare_device_row(*n.c, a);
  auto chain = decode_seq2_claim(kept->seq2);
  REQUIRE(chain);
  for (const bool made_up : {false, true}) {
    CAPTURE(made_up);
    KeptClaim c = *kept;
    if (made_up) {
      Seq2Claim other = *chain;
      other.chain[0] ^= 1;
      c.seq2 = encode_seq2_claim(other);
    }
    row.extras = claim_extras(c);
    SeqClaims claims(n.c->replica());
    claims.check(n.c->replica(), network->id, row);
    CHECK(claims.take_kept().size() == (made_up ? 0u : 1u));
    CHECK(row.extras.empty());  // out of the record either way
  }
}

TEST_CASE(
    "a device that held only a revoked device's claim past the cut-off still refuses versions "
    "as that device numbered at or below the cut-off: changes to what it confirmed, and new "
    "records") {
  PointOnly n;
  const Id a = n.a_id();
  const uint64_t cut = n.cut;
  // Then it changes A's need "as A", numbered at or below the cut-off: B had confirmed every
  // version of A's up to its later claim, so a version that replaces one of them is made up.
  for (const uint64_t seq : {cut, cut - 1}) {
    CAPTURE(seq);
    const Row lie = item_changed_as(*n.m, a, n.need.id, seq);
    const auto r = import_ok(*n.b, n.lie({lie}));
    CHECK(need_item(*n.b, n.need.id) == "insulin");
    CHECK(set_aside_with(r, "") >= 1);
  }
  // Nor a new record "as A" with such a number: the member's own need, its versions restamped.
  const Entry tarp = add(*n.m, sample_need("tarpaulin"));
  auto made = n.m->replica().read_row(TableId::entries, tarp.id);
  REQUIRE(made);
  for (Stamp& st : made->stamps)
    if (st.hlc != 0) st = Stamp{n.m->replica().clock().now(), a, cut, 0};
  const auto r = import_ok(*n.b, n.lie({*made}));
  CHECK_FALSE(n.b->entries().get(tarp.id));
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);

  // But a creation of A's that had lost a collision here, given back whole, is A's own write:
  // B keeps its lost write (as a device does where that creation lost), naming that version.
  // Under another version (another clock), or with other values, it is refused still; as it was
  // made, it is taken.
  const Entry given = add(*n.m, sample_need("blankets"));
  auto back = n.m->replica().read_row(TableId::entries, given.id);
  REQUIRE(back);
  const Stamp write{n.m->replica().clock().now(), a, cut - 1, 0};
  for (Stamp& st : back->stamps)
    if (st.hlc != 0) st = write;
  const auto network = load_network(n.b->replica());
  REQUIRE(network);
  LostWrite lost{TableId::entries, given.id, write, {}};
  lost.message =
      message_digest(version_message(network->id, a, write.seq, TableId::entries, given.id,
                                     fixed_digest(back->fixed), held_digests(*back, a, write.seq)));
  {
    auto tx = n.b->replica().transaction();
    keep_lost(n.b->replica(), lost);
    tx.commit();
  }
  Row changed = *back;
  for (Stamp& st : changed.stamps)
    if (st.hlc != 0) st.hlc += 1;
  // Nor under that very version with other values: the message rebuilt from the record is not
  // the lost write's.
  Row other_values = *back;
  other_values.fields[entry_field::item] = std::string("bleach");
  for (const Row* sent : {&changed, &other_values, &*back}) {
    const bool genuine = sent == &*back;
    CAPTURE(genuine);
    const auto got = import_ok(*n.b, n.lie({*sent}));
    CHECK(set_aside_with(got, std::string(kChainNotConfirmed)) == (genuine ? 0u : 1u));
    auto held_now = n.b->entries().get(given.id);
    CHECK(held_now.has_value() == genuine);
    if (held_now) CHECK(held_now->item == "blankets");
  }
}

TEST_CASE(
    "a device that held only a revoked device's claim past the cut-off refuses a lost write made "
    "up as that device, numbered at or below the cut-off, and so the record it would give back") {
  PointOnly n;
  const Id a = n.a_id();
  const auto network = load_network(n.b->replica());
  REQUIRE(network);
  // The member makes a need, restamps it as A's write numbered below the cut-off, and makes the
  // lost write that would name it: as if the need had been A's creation that lost a collision.
  const auto made_up = [&](const char* item) {
    const Entry e = add(*n.m, sample_need(item));
    auto row = n.m->replica().read_row(TableId::entries, e.id);
    REQUIRE(row);
    const Stamp write{n.m->replica().clock().now(), a, n.cut - 1, 0};
    for (Stamp& st : row->stamps)
      if (st.hlc != 0) st = write;
    LostWrite lost{TableId::entries, e.id, write, {}};
    lost.message =
        message_digest(version_message(network->id, a, write.seq, TableId::entries, e.id,
                                       fixed_digest(row->fixed), held_digests(*row, a, write.seq)));
    return std::pair{*row, lost};
  };
  const auto lost_as_a = [&] { return lost_writes_of(n.b->replica(), a, n.cut - 2, n.cut - 1); };
  // B had confirmed every write of A's up to its later claim, lost ones too: a lost write of A's
  // numbered at or below it, naming a record B does not hold, is made up.
  const auto [row, lost] = made_up("generator");
  auto r = import_ok(*n.b, n.lie({lost_row(lost)}));
  CHECK(lost_as_a().empty());
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);
  // So the need, sent next, is not given back under it.
  r = import_ok(*n.b, n.lie({row}));
  CHECK_FALSE(n.b->entries().get(row.id));
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);
  // Both in one bundle (another need): the record comes first, before its lost write is kept.
  const auto [row2, lost2] = made_up("lantern");
  r = import_ok(*n.b, n.lie({row2, lost_row(lost2)}));
  CHECK_FALSE(n.b->entries().get(row2.id));
  CHECK(lost_as_a().empty());
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 2);
  // Nor one naming a record B holds, of which A wrote nothing: it would wait there for that
  // record to be taken back, and a made-up one given back under it.
  // (Sent alone: the member's full bundle would bring B A's claim at the cut-off, kept aside.)
  const Entry held = add(*n.m, sample_need("stove"));
  const auto stove = n.m->replica().read_row(TableId::entries, held.id);
  REQUIRE(stove);
  import_ok(*n.b, insider_bundle(*n.m, {*stove}));
  REQUIRE(n.b->entries().get(held.id));
  REQUIRE_FALSE(kept_claim(n.b->replica(), a));
  auto waiting = lost;
  waiting.row = held.id;
  r = import_ok(*n.b, n.lie({lost_row(waiting)}));
  CHECK(lost_as_a().empty());
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);
}

TEST_CASE(
    "a device that held only a revoked device's claim past the cut-off refuses history lines and "
    "handovers made up as that device, numbered at or below the cut-off") {
  PointOnly n;
  // The member matches the need with an offer of its own and records a handover on the match:
  // the handover and the need's newest history line are each sent restamped as A's, with a
  // number at or below the cut-off.
  const Entry offer = add(*n.m, sample_offer("insulin"));
  const auto need = n.m->entries().get(n.need.id);
  REQUIRE(need);
  const auto match = confirm_match(*n.m, *need, offer, 1);
  REQUIRE(match.ok());
  const auto given = record_handover(*n.m, match.value().id, 1);
  REQUIRE(given.ok());
  const Row line = newest_line(*n.m, n.need.id);
  const auto handover = n.m->replica().read_row(TableId::handovers, given.value().id);
  REQUIRE(handover);
  for (const Row* made : {&line, &*handover}) check_refused_as_a(n, *made);
}

TEST_CASE(
    "a record given back under a revoked device's lost write, a field of which a later write "
    "superseded, is taken with the digest of that field, even beside a forged one, and refused "
    "with a forged one alone") {
  PointOnly n;
  const Id a = n.a_id();
  const Id m_id = n.m->replica().device_id();
  REQUIRE(n.cut > 2);
  const auto network = load_network(n.b->replica());
  REQUIRE(network);
  const uint16_t item_id = table_def(TableId::entries).fields[entry_field::item].id;
  // A need of A's that lost a collision on B (B keeps its lost write), given back whole with its
  // item changed since by the member (a genuine later version of the member's, in its chain).
  // The need is the member's, its creation restamped as A's write, its clock kept: the item's
  // later version still names it as the one it replaced.
  struct GivenBack {
    Row sent;
    GoneDigest genuine, forged;
  };
  const auto given_back = [&](const std::string& item, uint64_t seq) {
    Entry e = add(*n.m, sample_need(item));
    e.item = item + " (changed)";
    REQUIRE(n.m->entries().update(e).ok());
    auto held = n.m->replica().read_row(TableId::entries, e.id);
    REQUIRE(held);
    const Stamp creation = held->stamps[entry_field::category];
    REQUIRE(creation.origin == m_id);
    REQUIRE(held->stamps[entry_field::item].prev == creation.hlc);
    const Stamp write{creation.hlc, a, seq, 0};
    GivenBack g{*held, {}, {}};
    for (Stamp& st : g.sent.stamps)
      if (st == creation) st = write;
    Row made = g.sent;
    made.fields[entry_field::item] = item;
    made.stamps[entry_field::item] = write;
    LostWrite lost{TableId::entries, e.id, write, {}};
    lost.message =
        message_digest(version_message(network->id, a, seq, TableId::entries, e.id,
                                       fixed_digest(made.fixed), held_digests(made, a, seq)));
    auto tx = n.b->replica().transaction();
    keep_lost(n.b->replica(), lost);
    tx.commit();
    g.genuine = {TableId::entries, e.id, item_id, write, field_digest(item_id, write, item)};
    // A forged one that comes first both by its id and in the bundle, so that it is the one met
    // first, whichever order the digests are read in.
    g.forged = g.genuine;
    for (int k = 0; k == 0 || !(gone_id(g.forged) < gone_id(g.genuine)); ++k)
      g.forged.digest = field_digest(item_id, write, "bleach " + std::to_string(k));
    return g;
  };
  const GivenBack forged_only = given_back("rope", n.cut - 1);
  const GivenBack both = given_back("tarp", n.cut - 2);
  // With a forged digest of the item alone, the message is not the lost write's: A's versions
  // are not taken.
  auto r = import_ok(*n.b, n.lie({forged_only.sent, gone_row(forged_only.forged)}));
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) >= 1);
  if (auto row = n.b->replica().read_row(TableId::entries, forged_only.sent.id))
    for (const Stamp& st : row->stamps) CHECK(st.origin != a);
  // With the genuine one beside a forged one, it is: the record as given back.
  r = import_ok(*n.b, n.lie({both.sent, gone_row(both.forged), gone_row(both.genuine)}));
  CHECK(set_aside_with(r, "") == 0);
  auto row = n.b->replica().read_row(TableId::entries, both.sent.id);
  REQUIRE(row);
  CHECK(row->stamps == both.sent.stamps);
  CHECK(n.b->entries().get(both.sent.id)->item == "tarp (changed)");
}

TEST_CASE(
    "a device that held only a revoked device's claim past the cut-off takes a lost write of that "
    "device naming a record it holds with the digests of that write, which a later write "
    "superseded there") {
  PointOnly n;
  const Id a = n.a_id();
  REQUIRE(n.cut > 2);
  const auto network = load_network(n.b->replica());
  REQUIRE(network);
  const uint16_t item_id = table_def(TableId::entries).fields[entry_field::item].id;
  // The member's need, its item written by A (an edit numbered below the cut-off) and then by
  // the member. B holds the member's item and keeps the digest of A's, as a device keeps the
  // digest of every version a later one supersedes. (Set by hand: B held A's edit before the
  // revocation, and would refuse it from the member now.)
  Entry e = add(*n.m, sample_need("stove"));
  e.item = "stove, two rings";
  REQUIRE(n.m->entries().update(e).ok());
  const auto held = n.m->replica().read_row(TableId::entries, e.id);
  REQUIRE(held);
  const Stamp later = held->stamps[entry_field::item];
  const Stamp edit{later.hlc - 1, a, n.cut - 1, later.prev};
  const GoneDigest gone{TableId::entries, e.id, item_id, edit,
                        field_digest(item_id, edit, std::string("stove, one ring"))};
  import_ok(*n.b, insider_bundle(*n.m, {*held}));
  REQUIRE(n.b->entries().get(e.id));
  {
    auto tx = n.b->replica().transaction();
    keep_gone(n.b->replica(), gone);
    tx.commit();
  }
  REQUIRE(gone_naming(n.b->replica(), TableId::entries, e.id).size() == 1);
  // Then the need's creation lost a collision elsewhere, and a device there kept a lost write for
  // every write on it: A's edit among them. Every field of that write was superseded on B, so B
  // holds no version of it, only its digest: the lost write is A's, and B takes it.
  LostWrite lost{
      TableId::entries, e.id, edit,
      message_digest(version_message(network->id, a, edit.seq, TableId::entries, e.id,
                                     fixed_digest(held->fixed), {{item_id, gone.digest}}))};
  // Under a number of A's of which B keeps no digest on that record, it is made up.
  LostWrite other = lost;
  other.version.seq = n.cut - 2;
  auto r = import_ok(*n.b, n.lie({lost_row(other)}));
  CHECK(lost_writes_of(n.b->replica(), a, n.cut - 3, n.cut - 2).empty());
  CHECK(set_aside_with(r, std::string(kChainNotConfirmed)) == 1);
  r = import_ok(*n.b, n.lie({lost_row(lost)}));
  CHECK(set_aside_with(r, "") == 0);
  const auto kept = lost_writes_of(n.b->replica(), a, n.cut - 2, n.cut - 1);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].row == e.id);
  CHECK(kept[0].message == lost.message);
  CHECK(n.b->entries().get(e.id)->item == "stove, two rings");
}

TEST_CASE(
    "a device that held only a revoked device's claim past the cut-off refuses records of a "
    "newer Mutua's insert-only tables, gaps among them, made up as that device at or below the "
    "cut-off") {
  PointOnly n;
  // A record of a table a newer Mutua added (insert-only: its values fixed, its one version its
  // creation), and a gap (table 8), which a device writes about itself under its own version:
  // each a leaf of its writer's chain, which B had confirmed up to a later claim.
  Row vehicle;
  vehicle.table = static_cast<TableId>(20);
  vehicle.id = Id::random();
  vehicle.insert_only = true;
  vehicle.stamps = {Stamp{}};
  vehicle.extras = {{1, true, FieldType::text, IntCoding::plain, std::string("Sprinter"), Stamp{}}};
  Gap g;
  g.device = n.a_id();
  g.origin = n.m->replica().device_id();
  g.seq = 1;
  g.table = TableId::entries;
  g.row = n.need.id;
  g.field = table_def(TableId::entries).fields[entry_field::item].id;
  g.prev = 1;
  const Row gap = gap_row(g, Stamp{});
  check_refused_as_a(n, vehicle);
  check_refused_as_a(n, gap);
}

TEST_CASE(
    "a device that meets a revoked device first through a member's revocation, with a cut-off "
    "above the numbers that device used, takes no record made up as it; its genuine records "
    "wait for its claim") {
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.m.get()});  // D has met none of them yet
  Store &b = *n.b, &c = *n.c, &d = *n.d, &m = *n.m;
  const Id a = n.a->replica().device_id();
  REQUIRE(chains_from_first_write(a));
  const Entry need = add(*n.a, sample_need("insulin"));
  for (Store* s : {&b, &c, &m}) import_ok(*s, bundle_of(*n.a));
  const uint64_t a_real = known_of(*n.a, a);
  // The member's bundle to D: its own record; A's record revoked in the member's name, with a
  // cut-off far above A's numbers and A's claim left out; A's genuine need; and a need of the
  // member's restamped as A's, numbered past A's last write and below that cut-off.
  auto own = m.replica().read_row(TableId::devices, m.replica().device_id());
  auto rev = m.replica().read_row(TableId::devices, a);
  auto genuine = m.replica().read_row(TableId::entries, need.id);
  REQUIRE((own && rev && genuine));
  rev->extras.clear();
  hand_written_version(m, *rev, device_field::revoked, int64_t{1});
  hand_written_version(m, *rev, device_field::revoked_cutoff, static_cast<int64_t>(a_real + 1000));
  const Entry tarp = add(m, sample_need("tarpaulin"));
  auto made = m.replica().read_row(TableId::entries, tarp.id);
  REQUIRE(made);
  for (Stamp& st : made->stamps)
    if (st.hlc != 0) st = Stamp{m.replica().clock().now(), a, a_real + 5, 0};
  auto r = import_ok(d, insider_bundle(m, {*own, *rev, *genuine, *made},
                                       [&](BundleHeader& h) { h.covers[a] = a_real + 5; }));
  REQUIRE(d.replica().device(a)->revoked);
  // A device whose id carries the mark signs its writes from the first: with no claim of A's
  // here, none of A's versions is taken, its genuine need with the rest, until the claim comes.
  CHECK_FALSE(d.entries().get(tarp.id));
  CHECK_FALSE(d.entries().get(need.id));
  CHECK(set_aside_with(r, std::string(kChainNotSignedYet)) >= 2);
  // B, which never heard of the revocation, brings A's claim (kept aside here: A is revoked) and
  // A's need: taken, checked against it. The made-up need is not in that claim's chain.
  r = import_ok(d, bundle_of(b));
  CHECK(kept_claim(d.replica(), a));
  CHECK(d.entries().get(need.id));
  CHECK_FALSE(d.entries().get(tarp.id));
  CHECK(set_aside_with(r, "") == 0);
  // The member's bundle again, now that A's claim is here: the made-up need is not confirmed.
  r = import_ok(d, insider_bundle(m, {*made}, [&](BundleHeader& h) { h.covers[a] = a_real + 5; }));
  CHECK_FALSE(d.entries().get(tarp.id));
  CHECK(set_aside_with(r, "") == 1);
}

TEST_CASE(
    "a device that held a later claim of a device it learns is revoked keeps the revoker's claim "
    "at the cut-off, and passes it on with the device's records") {
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.m.get()});  // D has met none of them yet
  Store &b = *n.b, &c = *n.c, &d = *n.d;
  const Id a = n.a->replica().device_id();
  const Entry need = add(*n.a, sample_need("insulin"));
  for (Store* s : {&b, &c}) import_ok(*s, bundle_of(*n.a));
  // B revokes A; C takes A's later write first, so holds A's later claim, past B's cut-off.
  REQUIRE(revoke_device(b, a).ok());
  const uint64_t cut = *accepted_until(*b.replica().device(a));
  REQUIRE(kept_claim(b.replica(), a));
  (void)add(*n.a, sample_offer("soap"));
  import_ok(c, bundle_of(*n.a));
  REQUIRE(known_of(c, a) > cut);
  // C learns the revocation from B's bundle, which carries B's kept claim in A's record: C takes
  // A's later write back and keeps B's claim aside, at the cut-off.
  import_ok(c, bundle_of(b));
  REQUIRE(c.replica().device(a)->revoked);
  const auto kept = kept_claim(c.replica(), a);
  REQUIRE(kept);
  CHECK(kept->stamp.seq <= cut);
  // D meets A first through C: A's need, checked against that claim, is taken; nothing waits.
  const auto r = import_ok(d, bundle_of(c));
  CHECK(d.entries().get(need.id));
  CHECK(set_aside_with(r, "") == 0);
}

TEST_CASE(
    "a device revoked again by a device that had revoked and reinstated it keeps the claim kept "
    "aside the first time within its cut-off, and its records reach a device that meets it "
    "through that one") {
  InsiderNet n("abcdm");
  introduce({n.a.get(), n.b.get(), n.c.get(), n.m.get()});  // D has met none of them yet
  Store &b = *n.b, &d = *n.d;
  const Id a = n.a->replica().device_id();
  const Entry need = add(*n.a, sample_need("insulin"));
  import_ok(b, bundle_of(*n.a));
  // B revokes A: A's claim is kept aside, and B's vector goes below it (so that a reinstatement
  // reads it again). B reinstates A, then revokes it again before any bundle of A's comes.
  REQUIRE(revoke_device(b, a).ok());
  const auto first = kept_claim(b.replica(), a);
  REQUIRE(first);
  REQUIRE(known_of(b, a) < first->stamp.seq);
  REQUIRE(reinstate_device(b, a).ok());
  REQUIRE(revoke_device(b, a).ok());
  // The second cut-off counts the claim as accepted, so the claim stays kept.
  CHECK(*accepted_until(*b.replica().device(a)) >= first->stamp.seq);
  const auto kept = kept_claim(b.replica(), a);
  REQUIRE(kept);
  CHECK(kept->stamp == first->stamp);
  // D meets A first through B: A's need, checked against that claim, is taken; nothing waits.
  const auto r = import_ok(d, bundle_of(b));
  CHECK(d.entries().get(need.id));
  CHECK(set_aside_with(r, "") == 0);
}
