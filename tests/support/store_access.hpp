#pragma once
// Test-only: the database under a Store, for tests that inspect raw SQL (query plans, pragmas,
// rows written badly on purpose). Product code has no way to it: Store hands out no Db.
#include "core/db.hpp"
#include "core/store.hpp"

namespace mutua {

struct StoreTestAccess {
  static const Db& db(const Store& store) { return *store.db_; }
};

// Makes `store`, not yet in a network, a database an older Mutua made: one without the local key
// that starts its device's chain at 0 (core/write_chain.hpp, kChainFromStartKey). Its chain then
// starts where it first signs, and its writes before that stay unsigned, as an updated device's.
// Its id keeps the mark of a device that publishes a chain (core/device_identity.hpp), which an
// older Mutua's id lacks: a test of an unmarked device opens a schema fixture instead
// (tests/sync/test_claim_left_out.cpp).
inline void as_made_by_older_mutua(Store& store) {
  StoreTestAccess::db(store).exec("DELETE FROM local WHERE key = 'chain_from_start'");
}

}  // namespace mutua
