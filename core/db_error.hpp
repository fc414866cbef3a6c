#pragma once
// The exception a failed database step throws (core/db.hpp), which the engine's callers catch
// without seeing the database itself.
#include <stdexcept>

namespace mutua {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace mutua
