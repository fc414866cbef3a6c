#include "core/save_failure.hpp"

#include <string>

#include "core/replica.hpp"

namespace mutua {

Error save_failed(const DbError& e, std::string_view prefix) {
  if (e.disk_full()) return Error{std::string(kDiskFullLine), ErrorKind::disk_full};
  return Error{std::string(prefix) + e.what()};
}

Error save_failed(Replica& replica, const DbError& e, std::string_view prefix) {
  // Empty the log the rolled-back work grew; it holds nothing committed that is not also safe
  // in the database file once checkpointed. Never throws (a checkpoint reports, not raises).
  if (e.disk_full()) replica.checkpoint();  // best effort: a reader may still need the log
  return save_failed(e, prefix);
}

}  // namespace mutua
