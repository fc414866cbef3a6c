#include "platform/drives.hpp"

#include <sys/statvfs.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace mutua {

namespace {
// /proc/self/mounts escapes space, tab, newline and backslash as octal.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      int v = 0;
      bool ok = true;
      for (size_t k = 1; k <= 3; ++k) {
        char c = s[i + k];
        if (c < '0' || c > '7')
          ok = false;
        else
          v = v * 8 + (c - '0');
      }
      if (ok) {
        out.push_back(static_cast<char>(v));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

Drive make_drive(const std::string& path) {
  Drive d;
  d.path = path;
  d.label = std::filesystem::path(path).filename().string();
  if (d.label.empty()) d.label = path;
  std::error_code ec;
  d.has_mailbox = std::filesystem::is_directory(std::filesystem::path(path) / "MUTUA", ec);
  return d;
}

// File systems that live in memory or in the kernel, never on a stick or a shared folder: a
// tmpfs mounted under /mnt by the system was offered as "USB drive python".
bool virtual_fs(const std::string& type) {
  static const std::set<std::string> kinds{
      "tmpfs",    "ramfs",     "devtmpfs",    "proc",    "sysfs",    "overlay",
      "squashfs", "autofs",    "cgroup",      "cgroup2", "devpts",   "mqueue",
      "debugfs",  "tracefs",   "securityfs",  "pstore",  "bpf",      "configfs",
      "fusectl",  "hugetlbfs", "binfmt_misc", "nsfs",    "efivarfs", "rpc_pipefs"};
  return kinds.count(type) != 0;
}
}  // namespace

std::vector<Drive> drives_from_mounts(const std::string& text) {
  struct Mount {
    std::string device, path, options;
  };
  std::vector<Mount> mounts;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Mount m;
    std::string type;
    if (!(fields >> m.device >> m.path >> type)) continue;
    if (virtual_fs(type)) continue;
    fields >> m.options;
    m.path = unescape(m.path);
    mounts.push_back(std::move(m));
  }
  auto under_root = [](const std::string& path) {
    for (const char* root : {"/media/", "/run/media/", "/mnt/"})
      if (path.rfind(root, 0) == 0 && path.size() > std::string(root).size()) return true;
    return false;
  };
  // A disk also mounted outside those roots is the system's own (its root, /home, /boot...): a
  // folder of it bound under /mnt is not a stick, and syncing there would write into the
  // system's disk.
  std::set<std::string> system_disks;
  for (const Mount& m : mounts)
    if (m.device.rfind("/dev/", 0) == 0 && !under_root(m.path)) system_disks.insert(m.device);
  std::vector<Drive> out;
  for (const Mount& m : mounts) {
    if (!under_root(m.path) || system_disks.count(m.device)) continue;
    Drive d = make_drive(m.path);
    std::istringstream opts(m.options);
    for (std::string o; std::getline(opts, o, ',');)
      if (o == "ro") d.read_only = true;
    out.push_back(std::move(d));
  }
  return out;
}

bool mounted_read_only(const std::string& path) {
  struct statvfs fs {};
  return statvfs(path.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0;
}

std::vector<Drive> list_drives() {
  if (const char* env = std::getenv("MUTUA_DRIVES")) {
    std::vector<Drive> out;
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      std::string p = list.substr(start, end - start);
      if (!p.empty() && std::filesystem::is_directory(p)) {
        out.push_back(make_drive(p));
        out.back().read_only = mounted_read_only(p);
      }
      start = end + 1;
    }
    return out;
  }
  std::ifstream in("/proc/self/mounts");
  std::stringstream ss;
  ss << in.rdbuf();
  return drives_from_mounts(ss.str());
}

}  // namespace mutua
