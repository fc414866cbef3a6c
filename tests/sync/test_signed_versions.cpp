// Issue 10, signed versions, first step: each device signs its own writes (core/version_sig.hpp)
// and keeps the signature beside the version, with the digests of the written fields it no longer
// holds, so that the signature can still be checked once a later write superseded some of them.
// Carrying the signatures in bundles and checking them on import is not on this branch
// (docs/security.md, "Signed versions").
#include <doctest/doctest.h>
#include <sodium.h>

#include "core/version_sig.hpp"

#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct Net : InsiderNet {
  Net() : InsiderNet("ab") {}
  Id a_id() const { return a->replica().device_id(); }
};

bool verifies(const Store& s, const Id& network, const Row& row, const Replica::VersionSig& sig) {
  auto key = public_key_from_hex(s.replica().device(sig.origin)->public_key);
  REQUIRE(key);
  auto m = version_message(
      network, sig.origin, sig.seq, row.table, row.id, fixed_digest(row.fixed),
      merged_digests(held_digests(row, sig.origin, sig.seq), decode_digests(sig.gone)));
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.sig.data()),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                     key->data()) == 0;
}

}  // namespace

TEST_CASE(
    "each local write keeps its signature, and an edit keeps the digest of what it replaced") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  auto row = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(row);
  auto sigs = n.a->replica().version_sigs(TableId::entries, need.id);
  REQUIRE(sigs.size() == 1);
  CHECK(sigs[0].origin == n.a_id());
  CHECK(sigs[0].seq == row->stamps[entry_field::item].seq);
  CHECK(verifies(*n.a, n.net.id, *row, sigs[0]));

  // The status changes: the first write's status is gone from the row, its digest kept.
  REQUIRE(n.a->entries().set_status(need.id, Status::cancelled).ok());
  row = n.a->replica().read_row(TableId::entries, need.id);
  sigs = n.a->replica().version_sigs(TableId::entries, need.id);
  REQUIRE(sigs.size() == 2);
  for (const auto& s : sigs) CHECK(verifies(*n.a, n.net.id, *row, s));
  // A signature does not fit another value.
  Row changed = *row;
  changed.fields[entry_field::item] = std::string("vodka");
  const auto& first = sigs[0].seq < sigs[1].seq ? sigs[0] : sigs[1];
  CHECK_FALSE(verifies(*n.a, n.net.id, changed, first));
}

TEST_CASE("a signature still checks after another device's change wins over part of its write") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  import_ok(*n.b, bundle_of(*n.a));
  auto edited = need;
  edited.item = "brown rice";
  REQUIRE(n.b->entries().update(edited).ok());
  // A's first write loses its item to B's change in a merge here.
  import_ok(*n.a, bundle_of(*n.b));
  auto row = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(row);
  REQUIRE(std::get<std::string>(row->fields[entry_field::item]) == "brown rice");
  const uint64_t first_seq = row->stamps[entry_field::details].seq;
  bool checked = false;
  for (const auto& s : n.a->replica().version_sigs(TableId::entries, need.id))
    if (s.origin == n.a_id() && s.seq == first_seq) {
      CHECK(decode_digests(s.gone).size() == 1);
      CHECK(verifies(*n.a, n.net.id, *row, s));
      checked = true;
    }
  CHECK(checked);
}

TEST_CASE(
    "rows imported from a spreadsheet are signed like any write, and nothing before a network") {
  TempDir dir;
  auto lone = open_store(dir.file("lone.db"));
  auto before = add(*lone, sample_need("rice"));
  CHECK(lone->replica().version_sigs(TableId::entries, before.id).empty());

  Net n;
  Entry e = sample_need("blankets");
  e.id = Id::random();
  e.updated_at = n.a->replica().now_ms() - 60'000;
  REQUIRE(n.a->entries().import({e}).ok());
  auto row = n.a->replica().read_row(TableId::entries, e.id);
  REQUIRE(row);
  auto sigs = n.a->replica().version_sigs(TableId::entries, e.id);
  REQUIRE(sigs.size() == 1);
  CHECK(verifies(*n.a, n.net.id, *row, sigs[0]));
}
