#pragma once
// The exception a failed database step throws (core/db.hpp), which the engine's callers catch
// without seeing the database itself. Its fault says which failures a person can act on.
#include <stdexcept>
#include <string>

namespace mutua {

enum class DbFault {
  other,
  disk_full,  // SQLITE_FULL, or a write refused with ENOSPC, EDQUOT or EFBIG
  busy,       // another connection held the lock for longer than the busy timeout
};

struct DbError : std::runtime_error {
  explicit DbError(const std::string& what, DbFault f = DbFault::other)
      : std::runtime_error(what), fault(f) {}
  explicit DbError(const char* what, DbFault f = DbFault::other)
      : std::runtime_error(what), fault(f) {}
  bool disk_full() const { return fault == DbFault::disk_full; }
  DbFault fault = DbFault::other;
};

}  // namespace mutua
