// bench_write: the cost of one local write (`entries().add`: the entry, its history event, their
// chain leaves and the signed sequence claim at the commit) on a device in a network, in a database
// file. Prints the median processor time per write of --writes writes (default 2000), and the
// 10th and 90th percentiles. Not run by ctest; timings on a shared machine are noisy.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "core/store.hpp"
#include "sync/network.hpp"

using namespace mutua;

namespace {

double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  size_t writes = 2000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--writes") == 0) writes = std::strtoul(argv[i + 1], nullptr, 10);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("bench_write_" + std::to_string(static_cast<long>(::getpid())));
  std::filesystem::create_directories(dir);
  {
    auto store = Store::open((dir / "a.db").string());
    if (!store.ok()) return std::fprintf(stderr, "%s\n", store.error().c_str()), 1;
    auto n = create_network((*store)->replica(), "Bench");
    if (!n.ok()) return std::fprintf(stderr, "%s\n", n.error().c_str()), 1;
    device_keys((*store)->replica());
    std::vector<double> us;
    us.reserve(writes);
    for (size_t i = 0; i < writes; ++i) {
      Entry e;
      e.kind = i % 2 ? Kind::need : Kind::offer;
      e.category = "food";
      e.item = "item " + std::to_string(i);
      e.quantity = 3;
      e.site = "Riverside School";
      const double t0 = cpu_now();
      auto r = (*store)->entries().add(e);
      us.push_back((cpu_now() - t0) * 1e6);
      if (!r.ok()) return std::fprintf(stderr, "%s\n", r.error().c_str()), 1;
    }
    std::sort(us.begin(), us.end());
    std::printf(
        "bench_write: %zu writes (entries().add), processor time per write: median %.1f us"
        " (p10 %.1f, p90 %.1f)\n",
        writes, us[us.size() / 2], us[us.size() / 10], us[us.size() * 9 / 10]);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
