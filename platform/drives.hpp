#pragma once
// Removable drives and shared folders that could hold a Mutua mailbox.
#include <string>
#include <vector>

namespace mutua {

struct Drive {
  std::string label;  // what a volunteer sees: the drive's folder name, e.g. KINGSTON
  std::string path;
  bool has_mailbox = false;  // already holds a MUTUA/ folder
  bool read_only = false;    // mounted read-only: bundles on it can be read, none written
};

// Linux: mount points under /media, /run/media and /mnt from /proc/self/mounts, but for file
// systems in memory or in the kernel (tmpfs, overlay, proc...) and disks also mounted elsewhere
// (the system's own disk, a folder of it bound under /mnt). A read-only mount is marked.
// MUTUA_DRIVES (paths separated by ':') replaces the list, for tests and shared folders.
std::vector<Drive> list_drives();
// Whether the file system holding `path` is mounted read-only now (statvfs). False when it
// cannot be told (no such path).
bool mounted_read_only(const std::string& path);
// Parses mounts-file text; exposed for tests.
std::vector<Drive> drives_from_mounts(const std::string& mounts_text);

}  // namespace mutua
