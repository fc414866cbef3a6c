#pragma once
#include <vector>

#include "core/db.hpp"

namespace mutua {
const std::vector<Db::Migration>& store_migrations();

// Drops the broken bytes of history summaries an older version cut in the middle of a
// character. Every peer refused the bundles carrying them, so no other device holds them, and
// the repair needs no new version: it lets this device's bundles import again (issue 9).
void repair_cut_summaries(Db& db);
}  // namespace mutua
