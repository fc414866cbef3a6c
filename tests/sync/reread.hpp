#pragma once
// A bundle's rows as any reader since layout 3.0 decodes them (columns it does not know among the
// extras), and the same bundle re-encoded after a change to its rows: what an older device reads
// and writes (tests of fields kept as extras: volunteers.language, devices.seq_claim).
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bundle_surgery.hpp"
#include "sync/codec.hpp"

namespace mutua::test {

// Every row of a bundle as a reader that does not know the column sees it: column 6 of
// volunteers among the extras (as on every Mutua before it, and on this one too).
inline std::vector<Row> rows_of(Store& reader, const std::string& bundle) {
  auto opened = open_bundle(reader.replica(), bundle);
  REQUIRE_MESSAGE(opened, (opened ? "" : opened.error()));
  auto decoder = BodyDecoder::parse(opened->plain);
  REQUIRE_MESSAGE(decoder, (decoder ? "" : decoder.error()));
  std::vector<Row> rows;
  Row row;
  for (;;) {
    auto more = (*decoder)->next(row);
    REQUIRE_MESSAGE(more, (more ? "" : more.error()));
    if (!*more) break;
    rows.push_back(row);
  }
  return rows;
}

// The same bundle with each row changed by `change` (a row it returns false for is left out)
// and `extra` rows added at its end, sealed again by its sender (layout 3.0).
inline std::string reencoded(Store& sender, const std::string& genuine,
                             const std::function<bool(Row&)>& change,
                             const std::vector<Row>& extra = {}) {
  BodyEncoder enc(3, 0);
  auto rows = rows_of(sender, genuine);
  rows.insert(rows.end(), extra.begin(), extra.end());
  for (Row& row : rows) {
    uint64_t mask = 0;
    for (size_t f = 0; f < row.stamps.size() && !row.insert_only; ++f)
      if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
    if (change(row)) enc.add(row, mask);
  }
  auto body = enc.finish();
  return seal(sender, genuine, zstd(body), body.size());
}

// The same bundle, each row changed by `change`, sealed again by its sender (layout 3.0).
inline std::string rewritten(Store& sender, const std::string& genuine,
                             const std::function<void(Row&)>& change) {
  return reencoded(sender, genuine, [&](Row& row) {
    change(row);
    return true;
  });
}

// `genuine`, a bundle of `relay`, as an older Mutua's relay makes it: the records named (by
// table and id) in full, as the relay holds them. This version holds back another device's
// versions numbered past the claim of it the relay holds (sync/bundle_build.cpp); an older one
// sends them.
inline std::string as_older_relay(Store& relay, const std::string& genuine,
                                  const std::vector<std::pair<TableId, Id>>& records) {
  auto named = [&](const Row& row) {
    return std::any_of(records.begin(), records.end(),
                       [&](const auto& r) { return r.first == row.table && r.second == row.id; });
  };
  std::vector<Row> rows;
  for (Row& row : rows_of(relay, genuine))
    if (!named(row)) rows.push_back(std::move(row));
  for (const auto& [table, id] : records) {
    auto row = relay.replica().read_row(table, id);
    REQUIRE(row);
    row->extras = relay.replica().extras_of_row(table, id);
    rows.push_back(std::move(*row));
  }
  BodyEncoder enc(3, 0);
  for (const Row& row : rows) {
    uint64_t mask = 0;
    for (size_t f = 0; f < row.stamps.size() && !row.insert_only; ++f)
      if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
    enc.add(row, mask);
  }
  auto body = enc.finish();
  return seal(relay, genuine, zstd(body), body.size());
}

}  // namespace mutua::test
