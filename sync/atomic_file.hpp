#pragma once
// Writes a file so that no half-written file ever carries the final name: a temporary name in
// the same folder, fsync, rename, then fsync of the folder.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mutua {

Result<Ok> write_file_atomically(const std::string& path, std::string_view bytes);
// Reads a whole file of at most max_bytes.
Result<std::string> read_file_bounded(const std::string& path, size_t max_bytes);
// Temporary names start with '.' and contain ".tmp-"; readers skip them.
bool is_temporary_name(std::string_view filename);
// Removes the temporaries write_file_atomically left in `dir` for `final_name` (named
// ".<final_name>.tmp-*") when a write was killed, that were last written before `before`: a write
// running now is left alone. Returns how many were removed; never throws.
size_t remove_stale_temporaries(const std::string& dir, std::string_view final_name,
                                std::filesystem::file_time_type before);

}  // namespace mutua
