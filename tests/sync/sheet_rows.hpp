#pragma once
// Spreadsheet rows imported on several devices (creations that share an id) and the lost writes
// their collisions leave (core/lost_creation.hpp), shared by the tests of lost creations.
#include <string>

#include "core/lost_creation.hpp"
#include "sync_fixture.hpp"

namespace mutua::test {

// A spreadsheet row as a CSV import reads it, with an id of the sheet's (not bound to a device).
inline Entry sheet_row(const Id& id, Kind k, const std::string& item, int64_t created) {
  Entry e = k == Kind::need ? sample_need(item) : sample_offer(item);
  e.id = id;
  e.created_at = e.updated_at = created;
  e.status = initial_status(k);
  return e;
}

// How many lost writes (rows of table 10) `s` keeps.
inline size_t lost_rows(Store& s) {
  size_t n = 0;
  s.replica().for_each_unknown_row([&](const Row& r) {
    n += lost_of(r).has_value();
    return true;
  });
  return n;
}

}  // namespace mutua::test
