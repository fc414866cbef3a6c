#pragma once
// What a failed save tells the person. Most database failures keep SQLite's words behind a short
// prefix ("could not save: ..."); a full disk gets one line of its own, and the clean-up it
// needs: the transaction has rolled back by the time the caller catches, but the write-ahead log
// may still hold the pages it wrote, taking the last free space. Truncating the log gives that
// space back.
#include <string_view>

#include "core/db_error.hpp"
#include "core/result.hpp"

namespace mutua {

class Replica;

inline constexpr std::string_view kDiskFullLine =
    "the disk is full: nothing was changed; free some space and try again";

// Call after the transaction that failed has rolled back (outside its scope). A full disk:
// checkpoints the log (best effort) and returns kDiskFullLine with ErrorKind::disk_full. Else
// `prefix` followed by the error's text.
Error save_failed(Replica& replica, const DbError& e, std::string_view prefix);

// The same wording without the clean-up, for a boundary that holds no store (the CLI's last catch).
Error save_failed(const DbError& e, std::string_view prefix);

}  // namespace mutua
