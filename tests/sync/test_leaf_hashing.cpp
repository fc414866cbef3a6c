// A CSV import in a network hashes its rows' chain leaves on a second thread while it stores the
// next rows (core/leaf_hashing.hpp). Its write must still be a chain every device rebuilds, and a
// failed import must leave no leaf behind. Starts threads: in scripts/tsan's list.
#include <doctest/doctest.h>

#include "chain_check.hpp"
#include "core/leaf_hashing.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

std::vector<Entry> sheet(Store& s, size_t n, const std::string& item) {
  std::vector<Entry> rows;
  const int64_t when = s.replica().now_ms() - 60'000;
  for (size_t i = 0; i < n; ++i) {
    const Kind k = i % 2 ? Kind::offer : Kind::need;
    Entry e = k == Kind::need ? sample_need(item) : sample_offer(item);
    e.id = Id::random();
    e.status = initial_status(k);
    e.created_at = e.updated_at = when + static_cast<int64_t>(i);
    rows.push_back(e);
  }
  return rows;
}

}  // namespace

TEST_CASE(
    "an import of more rows than two hashing batches, in a network, is a chain every device "
    "rebuilds") {
  InsiderNet n("ab");
  // Two whole batches and part of a third: the last is hashed only when the import ends.
  const size_t rows = 2 * LeafHashing::kBatchRows + 17;
  const auto file = sheet(*n.a, rows, "rice");
  auto got = n.a->entries().import(file);
  REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error()));
  CHECK(got->added == rows);
  CHECK(rebuilds_all(*n.a));
  CHECK(import_ok(*n.b, bundle_of(*n.a)).new_entries == rows);
  CHECK(n.b->entries().get(file.back().id));
  CHECK(rebuilds_all(*n.b));
}

TEST_CASE(
    "an import refused after whole batches were hashed keeps no row and no leaf; the next "
    "import's chain rebuilds") {
  InsiderNet n("ab");
  // The first batch's leaves are added when the second starts: the refusal comes after, in the
  // third, and the rollback must take them back, or the next write's chain would cover rows
  // that are not there.
  auto rows = sheet(*n.a, 2 * LeafHashing::kBatchRows + 100, "rice");
  rows.back().category = "no such category";
  const auto vector = n.a->replica().version_vector();
  auto refused = n.a->entries().import(rows);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("entry " + std::to_string(rows.size())) != std::string::npos);
  CHECK_FALSE(n.a->entries().get(rows.front().id));
  CHECK(n.a->replica().version_vector() == vector);
  const auto file = sheet(*n.a, 2 * LeafHashing::kBatchRows + 10, "flour");
  auto again = n.a->entries().import(file);
  REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error()));
  CHECK(rebuilds_all(*n.a));
  CHECK(import_ok(*n.b, bundle_of(*n.a)).new_entries == file.size());
  CHECK(rebuilds_all(*n.b));
}
