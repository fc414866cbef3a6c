#pragma once
// Realistic, reproducible demo data: both kinds, every category, several sites.
#include <cstdint>

#include "core/result.hpp"
#include "core/store.hpp"

namespace mutua {

struct DemoOptions {
  size_t entries = 500;
  uint64_t seed = 1;
};

// Adds `entries` entries to the store in one transaction; the same seed gives the same data.
Result<size_t> generate_demo(Store& store, const DemoOptions& options);

}  // namespace mutua
