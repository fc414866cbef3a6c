#pragma once
#include <vector>

#include "core/db.hpp"

namespace mutua {
const std::vector<Db::Migration>& store_migrations();
}
