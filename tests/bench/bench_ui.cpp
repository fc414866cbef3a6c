// UI benchmark on a 100,000-entry database: time to open the store and build the first frame,
// CPU time per frame on the busiest screens, and resident memory. Headless (no GL): it measures
// the CPU work of a frame, which is what PRODUCT.md section 7's frame target is about.
// Usage: bench_ui [DB]   (without DB, a 100,000-entry demo database is made in /tmp)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/ui_harness.hpp"  // tests/app/ui_harness.hpp
#include "core/demo.hpp"

using namespace mutua;

namespace {
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
double wall_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  std::string db = argc > 1 ? argv[1] : "/tmp/mutua-bench-ui.db";
  if (argc <= 1 && !std::filesystem::exists(db)) {
    auto s = Store::open(db);
    if (!s || !generate_demo(**s, {100000, 1})) return 1;
    std::printf("made %s with 100,000 demo entries\n", db.c_str());
  }
  double w0 = wall_ms();
  auto store = Store::open(db);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  double opened = wall_ms() - w0;
  double h0 = wall_ms();
  test::UiHarness ui(**store, 1280, 800);
  double fonts = wall_ms() - h0;
  ui.log_text = false;
  double f0 = wall_ms();
  ui.frame();
  double first = wall_ms() - f0;
  std::printf(
      "open store %.1f ms, fonts %.1f ms, first frame (home) %.1f ms: %.1f ms;"
      " target: cold start <= 300 ms\n",
      opened, fonts, first, opened + fonts + first);
  for (Screen screen : {Screen::home, Screen::board}) {
    ui.state.screen = screen;
    ui.frames(5);
    std::vector<double> times;
    size_t texts = 0;
    for (int i = 0; i < 200; ++i) {
      // Scroll a little each frame, as a finger would, so rows and pages keep changing.
      ImGui::GetIO().MouseWheel = -1.0f;
      ImGui::GetIO().MousePos = ImVec2(640, 500);
      double c = cpu_ms();
      ui.frame();
      times.push_back(cpu_ms() - c);
      std::string text = ui.all_text();
      texts += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    }
    std::printf(
        "%-6s frame CPU median %.2f ms (max %.2f), %zu strings drawn per frame; target <= 3 ms\n",
        screen_info(screen).name, median(times), *std::max_element(times.begin(), times.end()),
        texts / times.size());
  }
  std::printf("resident memory %.1f MB; target <= 80 MB (this process has no GL driver loaded)\n",
              rss_kb() / 1024.0);
}
