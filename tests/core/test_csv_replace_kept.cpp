// Issue 10: a CSV re-import that replaces a row (a newer updated_at) keeps the versions it
// replaces aside, as an edit keeps them, so a revocation or a retraction can go back to them
// (docs/security.md, "Versions kept aside").
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/csv.hpp"
#include "core/store.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::read_file;
using mutua::test::TempDir;
using mutua::test::write_file;

namespace {

void replace_first(std::string& s, std::string_view from, std::string_view to) {
  auto at = s.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE(
    "a CSV re-import that replaces a row keeps the replaced versions aside, and a retraction goes "
    "back to them") {
  TempDir dir;
  int64_t wall = 1'750'000'000'000;
  auto opened = Store::open(dir.file("c.db"), {[&wall] { return wall; }});
  REQUIRE(opened.ok());
  Store& store = **opened;
  Entry need;
  need.kind = Kind::need;
  need.category = "food";
  need.item = "rice";
  need.quantity = 5;
  need.unit = "kg";
  auto added = store.entries().add(need);
  REQUIRE(added.ok());
  const Id id = added->id;
  REQUIRE(export_csv_file(store, dir.file("out.csv"), {}).ok());
  std::string text = read_file(dir.file("out.csv"));
  const auto before = store.replica().read_row(TableId::entries, id);
  REQUIRE(before);

  // The spreadsheet changed the row an hour later: a newer updated_at replaces it.
  wall += 2 * 3'600'000;
  const std::string old_time = format_timestamp(store.entries().get(id)->updated_at);
  replace_first(text, old_time, format_timestamp(store.entries().get(id)->updated_at + 3'600'000));
  replace_first(text, ",rice,", ",rice (washed),");
  replace_first(text, ",5,kg,", ",7,kg,");
  write_file(dir.file("later.csv"), text);
  auto r = import_csv_file(store, dir.file("later.csv"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  REQUIRE(r->updated == 1);
  REQUIRE(store.entries().get(id)->item == "rice (washed)");

  // Each replaced field's version is kept aside, as an edit keeps it; the unchanged ones are not.
  for (size_t f : {size_t{entry_field::item}, size_t{entry_field::quantity}}) {
    auto kept = store.replica().runner_ups(TableId::entries, id, f);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].stamp == before->stamps[f]);
    CHECK(kept[0].value == before->fields[f]);
  }
  CHECK(store.replica().runner_ups(TableId::entries, id, entry_field::category).empty());

  // Taking back the import's version (as a revocation with a cut-off before it would) restores
  // the values it replaced.
  const uint64_t cut = before->stamps[entry_field::item].seq;
  auto tx = store.replica().transaction();
  auto back = store.replica().retract_origin_after(store.replica().device_id(), cut);
  tx.commit();
  CHECK(back.fields_restored == 2);
  CHECK(back.fields_cleared == 0);
  auto e = store.entries().get(id);
  REQUIRE(e);
  CHECK(e->item == "rice");
  CHECK(e->quantity == 5);
}
