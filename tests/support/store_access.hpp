#pragma once
// Test-only: the database under a Store, for tests that inspect raw SQL (query plans, pragmas,
// rows written badly on purpose). Product code has no way to it: Store hands out no Db.
#include "core/db.hpp"
#include "core/store.hpp"

namespace mutua {

struct StoreTestAccess {
  static const Db& db(const Store& store) { return *store.db_; }
};

}  // namespace mutua
