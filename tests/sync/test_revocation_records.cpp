// Issue 10, step 2 of docs/revocation-records.md: every revocation and reinstatement is also a
// record of its own (table 12), signed by its writer, kept whoever is revoked, and carried past
// the revocation filter and the take-back, so that every device that heard of the same records
// holds the same inputs of the rule that decides who is revoked (core/revocation_derive.hpp).
// Before, a revoked device's revocation numbered past its cut-off was refused and taken back
// wherever the other revocation had arrived first: the devices held different inputs for good.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/revocation.hpp"
#include "core/revocation_records.hpp"
#include "insider.hpp"
#include "support/network_fixture.hpp"
#include "sync/sync_words.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// `from`'s full bundle imported on `to`; the summary, or nothing when it was refused.
std::optional<ImportSummary> carry_all(Store& from, Store& to) {
  auto b = build_bundle(from.replica(), {});
  REQUIRE(b.ok());
  SyncFailure why;
  auto r = import_bundle(to.replica(), b->bytes, "test", &why);
  if (!r.ok()) return std::nullopt;
  return *r;
}

// The rows of table 12 held, as records (whatever their signatures).
std::vector<RevocationRecord> table12_rows(Store& s) {
  std::vector<RevocationRecord> out;
  s.replica().for_each_unknown_row(
      [&](const Row& row) {
        auto r = revocation_record_fields(row);
        REQUIRE(r);
        CHECK(check_revocation_record(s.replica(), row) == RecordCheck::valid);
        out.push_back(r->record);
        return true;
      },
      kRevocationRecordsTable);
  return out;
}

std::set<Id> record_ids(const std::vector<RevocationRecord>& records) {
  std::set<Id> out;
  for (const auto& r : records) out.insert(r.id);
  return out;
}

// Devices that each add a need and hear every other once; then a minute passes on every clock.
struct RecordNet {
  std::vector<std::unique_ptr<TestDevice>> devices;
  explicit RecordNet(size_t n) : devices(make_network(n)) {
    for (size_t i = 0; i < n; ++i) add((*this)(i), sample_need("from " + std::to_string(i)));
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        if (i != j) carry_all((*this)(i), (*this)(j));
    for (auto& dev : devices) dev->wall += 60'000;
  }
  Store& operator()(size_t i) { return *devices[i]->store; }
  Id id(size_t i) { return (*this)(i).replica().device_id(); }
};

}  // namespace

TEST_CASE("a revocation and its reinstatement are records of their own, signed, that travel") {
  RecordNet net(3);
  REQUIRE(revoke_device(net(0), net.id(1), true).ok());
  const auto made = table12_rows(net(0));
  REQUIRE(made.size() == 1);
  const RevocationRecord& rev = made[0];
  CHECK(rev.target == net.id(1));
  CHECK(rev.action == static_cast<int64_t>(RevocationAction::revoke));
  // The same version as the write of the two fields, with the same cut-off.
  auto field = net(0).replica().read_row(TableId::devices, net.id(1));
  REQUIRE(field);
  CHECK(rev.made.seq == field->stamps[device_field::revoked].seq);
  CHECK(rev.made.hlc == field->stamps[device_field::revoked].hlc);
  CHECK(rev.made.origin == net.id(0));
  CHECK(rev.cutoff ==
        static_cast<uint64_t>(std::get<int64_t>(field->fields[device_field::revoked_cutoff])));
  // The record stands for the field's version: the derivation reads it once.
  // The revocation, read once (the devices' own versions of their flags are not read).
  CHECK(held_revocation_records(net(0).replica()).size() == 1);

  REQUIRE(carry_all(net(0), net(2)));
  CHECK(record_ids(table12_rows(net(2))) == record_ids(made));
  auto d = derive_revocations(held_revocation_records(net(2).replica()));
  REQUIRE(d.revoked.count(net.id(1)));
  CHECK(d.revoked.at(net.id(1)).by == rev.id);
  CHECK(d.revoked.at(net.id(1)).until == rev.cutoff - 1);

  REQUIRE(reinstate_device(net(2), net.id(1)).ok());
  const auto after = table12_rows(net(2));
  REQUIRE(after.size() == 2);
  const auto back = std::find_if(after.begin(), after.end(), [](const auto& r) {
    return r.action == static_cast<int64_t>(RevocationAction::reinstate);
  });
  REQUIRE(back != after.end());
  CHECK(back->undoes == rev.id);
  CHECK(back->made.origin == net.id(2));
  REQUIRE(carry_all(net(2), net(0)));
  d = derive_revocations(held_revocation_records(net(0).replica()));
  CHECK(d.revoked.empty());
  CHECK(d.void_records.count(rev.id) == 0);
  CHECK(d.void_records.count(back->id) == 0);
}

TEST_CASE("a device revoked twice: the reinstatement lifts the revocation in force, by name") {
  RecordNet net(4);
  // 0 and 2 revoke 1, neither having heard of the other; 3 hears both, and reinstates 1.
  REQUIRE(revoke_device(net(0), net.id(1), true).ok());
  REQUIRE(revoke_device(net(2), net.id(1), true).ok());
  REQUIRE(carry_all(net(0), net(3)));
  REQUIRE(carry_all(net(2), net(3)));
  auto d = derive_revocations(held_revocation_records(net(3).replica()));
  REQUIRE(d.revoked.count(net.id(1)));
  const Id in_force = d.revoked.at(net.id(1)).by;
  REQUIRE(reinstate_device(net(3), net.id(1)).ok());
  std::vector<Id> undone;
  for (const auto& r : table12_rows(net(3)))
    if (r.action == static_cast<int64_t>(RevocationAction::reinstate)) undone.push_back(r.undoes);
  CHECK(std::find(undone.begin(), undone.end(), in_force) != undone.end());
  d = derive_revocations(held_revocation_records(net(3).replica()));
  CHECK(d.revoked.empty());
  // And on the two revokers, once they hear it.
  for (size_t i : {size_t{0}, size_t{2}}) {
    REQUIRE(carry_all(net(3), net(i)));
    CHECK_FALSE(net(i).devices().get(net.id(1))->revoked);
  }
}

TEST_CASE(
    "a revocation a revoked device made past its cut-off is kept on every device, whoever "
    "relays it, and every device ends with the same records") {
  // 0 and 1 revoke each other, neither having heard (a cycle): each revocation is numbered past
  // the cut-off the other gives its writer. 2 hears 0's first, 3 hears 1's first, and each
  // then hears the other through a relay.
  RecordNet net(4);
  REQUIRE(revoke_device(net(0), net.id(1), true).ok());
  net.devices[1]->wall += 1'000;
  REQUIRE(revoke_device(net(1), net.id(0), true).ok());
  const auto of0 = table12_rows(net(0)), of1 = table12_rows(net(1));
  REQUIRE(of0.size() == 1);
  REQUIRE(of1.size() == 1);
  carry_all(net(0), net(2));
  carry_all(net(1), net(3));
  // 3 relays 1's record to 2, where 1 is revoked past it; 2 relays 0's to 3.
  carry_all(net(3), net(2));
  carry_all(net(2), net(3));
  std::set<Id> both = record_ids(of0);
  both.insert(of1[0].id);
  CHECK(record_ids(table12_rows(net(2))) == both);
  CHECK(record_ids(table12_rows(net(3))) == both);
  // Every device hears every other: the same records everywhere, the revoked writer's own too.
  for (int round = 0; round < 3; ++round)
    for (size_t i = 0; i < 4; ++i)
      for (size_t j = 0; j < 4; ++j)
        if (i != j) carry_all(net(i), net(j));
  const auto first = derive_revocations(held_revocation_records(net(2).replica()));
  for (size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(record_ids(table12_rows(net(i))) == both);
    const auto d = derive_revocations(held_revocation_records(net(i).replica()));
    CHECK(d.void_records == first.void_records);
  }
  // The earlier revocation stands; the later, past the cut-off the earlier gives its writer, is
  // void (the rule of docs/revocation-records.md, here on the records every device holds).
  CHECK(first.revoked.count(net.id(1)) == 1);
  CHECK(first.revoked.count(net.id(0)) == 0);
  CHECK(first.void_records.count(of1[0].id) == 1);
}

TEST_CASE(
    "a revocation written only as the two fields (a device of the versions before) enters the "
    "derivation as its field's version, and a reinstatement names it") {
  RecordNet net(3);
  // As a Mutua before table 12 writes it: the flag and the cut-off, no record.
  auto d1 = net(0).devices().get(net.id(1));
  REQUIRE(d1);
  d1->revoked = true;
  d1->revoked_cutoff = 2;
  REQUIRE(net(0).devices().put(*d1).ok());
  CHECK(table12_rows(net(0)).empty());
  REQUIRE(carry_all(net(0), net(2)));
  const auto field = net(2).replica().read_row(TableId::devices, net.id(1));
  REQUIRE(field);
  const Id as_field = field_revocation_id(net.id(1), field->stamps[device_field::revoked]);
  auto d = derive_revocations(held_revocation_records(net(2).replica()));
  REQUIRE(d.revoked.count(net.id(1)));
  CHECK(d.revoked.at(net.id(1)).by == as_field);
  CHECK(d.revoked.at(net.id(1)).until == 1);
  REQUIRE(reinstate_device(net(2), net.id(1)).ok());
  const auto rows = table12_rows(net(2));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].undoes == as_field);
  d = derive_revocations(held_revocation_records(net(2).replica()));
  CHECK(d.revoked.empty());
}

TEST_CASE(
    "insider: a revocation record made up as another device is set aside, and records past "
    "the bound of one writer are refused, the writer named") {
  InsiderNet n("acm");
  for (Store* s : {n.a.get(), n.c.get(), n.m.get()})
    for (Store* t : {n.a.get(), n.c.get(), n.m.get()})
      if (s != t) send(*s, *t, false);
  const Id a_id = n.a->replica().device_id(), c_id = n.c->replica().device_id();
  const Id m_id = n.m->replica().device_id();

  SUBCASE("made up as a: signed with m's own key") {
    RevocationRecord r;
    r.made = Stamp{n.m->replica().clock().now(), a_id, 900, 0};
    r.target = c_id;
    r.action = static_cast<int64_t>(RevocationAction::revoke);
    r.cutoff = 1;
    r.id = revocation_record_id(r);
    std::array<uint8_t, 64> sig{};
    REQUIRE(n.m->replica().sign_as_device(
        revocation_record_message(*n.m->replica().signing_network(), r), sig.data()));
    const Row forged = revocation_record_row(r, sig);
    CHECK(check_revocation_record(n.c->replica(), forged) == RecordCheck::forged);
    // (Its header covers the number, or the bundle would look known and go unread.)
    auto got = import_bundle(n.c->replica(), insider_bundle(*n.m, {forged}, [&](BundleHeader& h) {
                               h.covers[a_id] = 900;
                             }));
    REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error()));
    CHECK(table12_rows(*n.c).empty());
    REQUIRE(got->set_aside.size() == 1);
    CHECK(got->set_aside[0].reason == "a revocation record its writer did not sign");
    CHECK(got->set_aside[0].from == sync_words::device_word(n.c->replica(), m_id));
    CHECK_FALSE(derive_revocations(held_revocation_records(n.c->replica())).revoked.count(c_id));
  }

  SUBCASE("65 records of m naming c, under one version of m's: the newest past 64 is refused") {
    {
      auto tx = n.m->replica().transaction();
      const Stamp v{n.m->replica().clock().now(), m_id, n.m->replica().next_seq(), 0};
      std::vector<RevocationRecord> many(kRevocationRecordsPerTarget + 1);
      for (size_t i = 0; i < many.size(); ++i) {
        many[i].target = c_id;
        many[i].action = static_cast<int64_t>(RevocationAction::revoke);
        many[i].cutoff = 100 + i;  // each its own id
      }
      REQUIRE(write_revocation_records(n.m->replica(), v, many).size() == many.size());
      tx.commit();
    }
    REQUIRE(table12_rows(*n.m).size() == kRevocationRecordsPerTarget + 1);
    const auto got = send(*n.m, *n.a, false);
    CHECK(table12_rows(*n.a).size() == kRevocationRecordsPerTarget);
    REQUIRE(got.set_aside.size() == 1);
    CHECK(got.set_aside[0].count == 1);
    CHECK(got.set_aside[0].reason == "more revocation records of one device than a device keeps");
    CHECK(got.set_aside[0].from == sync_words::device_word(n.a->replica(), m_id));
  }
}
