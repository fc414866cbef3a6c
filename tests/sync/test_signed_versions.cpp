// Issue 10, signed versions: a device's writes are covered by the one signature of each commit,
// its SEQ-2 claim over the chain of their digests (core/write_chain.hpp), and no longer by a
// signature each (docs/security.md, "Signed versions"). A write some of whose fields a later one
// supersedes keeps their digests (table 9, core/superseded.hpp), so that the chain still
// rebuilds from what the rows hold.
#include <doctest/doctest.h>
#include <sodium.h>

#include "chain_check.hpp"
#include "core/version_sig.hpp"
#include "support/store_access.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr uint16_t kItemId = 6, kStatusId = 18;  // entries.item, entries.status (core/schema.cpp)

struct SignedNet : InsiderNet {
  SignedNet() : InsiderNet("ab") {}
  Id a_id() const { return a->replica().device_id(); }
};

// Rows of the per-write signature tables of migration 21, which nothing writes any more.
int64_t per_write_signatures(const Store& s) {
  auto st = StoreTestAccess::db(s).prepare(
      "SELECT (SELECT count(*) FROM version_sigs) + (SELECT count(*) FROM signers)");
  REQUIRE(st.step());
  return st.int64(0);
}

// The digests `s` keeps of the fields of `origin`'s write `seq` on `row`.
FieldDigests gone_of_write(const Store& s, const Id& origin, uint64_t seq, const Id& row) {
  for (const auto& g : s.replica().gone_digests(origin, seq - 1, seq))
    if (g.table == TableId::entries && g.row == row && g.seq == seq) return g.digests;
  return {};
}

// BLAKE2b-256 of the coding core/version_sig.hpp gives: a value as a type byte (0 integer, 1 text),
// then 8 bytes LE, or its length (8 bytes LE) and its bytes.
void put_u64_of_digest(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_value_of_digest(std::string& out, const Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) {
    out.push_back(0);
    put_u64_of_digest(out, static_cast<uint64_t>(*n));
  } else {
    out.push_back(1);
    put_u64_of_digest(out, std::get<std::string>(v).size());
    out += std::get<std::string>(v);
  }
}
Digest blake2b_256_of(const std::string& in) {
  Digest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(in.data()),
                     in.size(), nullptr, 0);
  return d;
}

}  // namespace

TEST_CASE(
    "a field's digest and the fixed values' digest hash their documented coding, of any length") {
  const Stamp s{hlc_make(1'764'000'000'000, 3), Id{}, 7, hlc_make(1'763'000'000'000, 1)};
  // Around the lengths where the input no longer fits one buffer: short, at the edge, long.
  for (size_t len : {0, 1, 200, 228, 229, 230, 256, 300, 4000, 70'000}) {
    CAPTURE(len);
    const Value text = std::string(len, 'x') + "end";
    std::string in;
    in.push_back(static_cast<char>(kItemId & 0xff));
    in.push_back(static_cast<char>(kItemId >> 8));
    put_u64_of_digest(in, s.hlc);
    put_u64_of_digest(in, s.prev);
    put_value_of_digest(in, text);
    CHECK(field_digest(kItemId, s, text) == blake2b_256_of(in));

    const std::vector<Value> fixed{std::string(len, 'y'), int64_t{-5}, std::string(16, '\x01'),
                                   std::string(len / 2, 'z')};
    std::string coded;
    for (const auto& v : fixed) put_value_of_digest(coded, v);
    CHECK(fixed_digest(fixed) == blake2b_256_of(coded));
  }
  std::string in = {static_cast<char>(kStatusId), 0};
  put_u64_of_digest(in, s.hlc);
  put_u64_of_digest(in, s.prev);
  put_value_of_digest(in, int64_t{-42});
  CHECK(field_digest(kStatusId, s, int64_t{-42}) == blake2b_256_of(in));
}

TEST_CASE(
    "each local write is covered by its device's claim, not signed alone, and an edit keeps the "
    "digest of what it replaced") {
  SignedNet n;
  auto need = add(*n.a, sample_need("rice"));
  auto row = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(row);
  const Stamp created = row->stamps[entry_field::status];
  const Value created_status = row->fields[entry_field::status];
  check_claim(*n.a);

  // The status changes: the first write's status is gone from the row, its digest kept.
  REQUIRE(n.a->entries().set_status(need.id, Status::cancelled).ok());
  const Claim2 c = check_claim(*n.a);
  const auto gone = gone_of_write(*n.a, n.a_id(), created.seq, need.id);
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].first == kStatusId);
  CHECK(gone[0].second == field_digest(kStatusId, created, created_status));
  // The claim does not fit another value.
  auto rows = all_rows(*n.a);
  for (Row& r : rows)
    if (r.table == TableId::entries && r.id == need.id)
      r.fields[entry_field::item] = std::string("vodka");
  CHECK(rebuilt(*n.a, n.a_id(), n.net.id, c.claim.base, c.stamp.seq, rows).value != c.claim.chain);
  // Nothing is signed a write: the per-write tables stay empty (a signature each cost 25 us).
  CHECK(per_write_signatures(*n.a) == 0);
}

TEST_CASE("a write that lost a field to another device's change keeps its digest, and rebuilds") {
  SignedNet n;
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
  const auto gone = gone_of_write(*n.a, n.a_id(), first_seq, need.id);
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].first == kItemId);
  check_claim(*n.a);
}

TEST_CASE(
    "rows imported from a spreadsheet are in the chain like any write, and nothing is kept "
    "before a network") {
  TempDir dir;
  auto lone = open_store(dir.file("lone.db"));
  auto before = add(*lone, sample_need("rice"));
  REQUIRE(lone->entries().set_status(before.id, Status::cancelled).ok());
  const Id lone_id = lone->replica().device_id();
  CHECK_FALSE(lone->replica().chain_head(lone_id));
  CHECK(lone->replica().gone_digests(lone_id, 0, UINT64_MAX).empty());
  CHECK(per_write_signatures(*lone) == 0);

  SignedNet n;
  Entry e = sample_need("blankets");
  e.id = Id::random();
  e.updated_at = n.a->replica().now_ms() - 60'000;
  REQUIRE(n.a->entries().import({e}).ok());
  const Claim2 c = check_claim(*n.a);
  auto rows = all_rows(*n.a);
  std::erase_if(rows, [&](const Row& r) { return r.table == TableId::entries && r.id == e.id; });
  CHECK(rebuilt(*n.a, n.a_id(), n.net.id, c.claim.base, c.stamp.seq, rows).value != c.claim.chain);
  CHECK(per_write_signatures(*n.a) == 0);
}
