#include "app/ui/drive_watch.hpp"

namespace mutua {

bool refresh_drives(DriveWatch& watch, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && watch.listed && now - watch.checked < std::chrono::milliseconds(kDrivePollMs))
    return false;
  watch.checked = now;
  watch.listed = true;
  std::vector<Drive> drives = list_drives();
  const bool changed = drives.size() != watch.drives.size() ||
                       !std::equal(drives.begin(), drives.end(), watch.drives.begin(),
                                   [](const Drive& a, const Drive& b) {
                                     return a.path == b.path && a.has_mailbox == b.has_mailbox;
                                   });
  watch.drives = std::move(drives);
  return changed;
}

}  // namespace mutua
