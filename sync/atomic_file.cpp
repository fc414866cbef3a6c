#include "sync/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/id.hpp"

namespace mutua {

namespace {
std::string reason(int err) {
  switch (err) {
    case ENOSPC:
      return "the drive is full";
    case EROFS:
      return "the drive is read-only";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EIO:
    case ENODEV:
    case ENXIO:
      return "the drive stopped answering (was it removed?)";
    case ENOENT:
      return "the folder does not exist";
    default:
      return std::strerror(err);
  }
}
}  // namespace

bool is_temporary_name(std::string_view name) {
  return !name.empty() && (name[0] == '.' || name.find(".tmp-") != std::string_view::npos);
}

size_t remove_stale_temporaries(const std::string& dir, std::string_view final_name,
                                std::filesystem::file_time_type before) {
  namespace fs = std::filesystem;
  const std::string prefix = "." + std::string(final_name) + ".tmp-";
  size_t removed = 0;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  // Bounded: one pass over the folder, at most this many entries looked at.
  for (size_t seen = 0; !ec && it != end && seen < 100'000; it.increment(ec), ++seen) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    const auto written = fs::last_write_time(it->path(), e2);
    if (e2 || written >= before) continue;
    if (fs::remove(it->path(), e2)) ++removed;
  }
  return removed;
}

Result<Ok> write_file_atomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  fs::path final_path(path);
  fs::path dir = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  uint64_t tag;
  random_bytes(&tag, sizeof tag);
  fs::path tmp =
      dir / ("." + final_path.filename().string() + ".tmp-" + std::to_string(tag % 1000000000));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot write " + path + ": " + reason(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail("cannot write " + path + ": " + reason(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return fail("cannot write " + path + ": " + reason(err));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return fail("cannot write " + path + ": " + reason(err));
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

Result<std::string> read_file_bounded(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("cannot read " + path + ": " + reason(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(path + " is not a file");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return fail(path + " is too large to be a bundle");
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      return fail("cannot read " + path + ": " + reason(err));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return data;
}

}  // namespace mutua
