// UI benchmark on a 100,000-entry database: time to open the store and build the first frame,
// CPU time per frame on the busiest screens, and resident memory. Headless (no GL): it measures
// the CPU work of a frame, which is what PRODUCT.md section 7's frame target is about.
// Usage: bench_ui [--lang LANG] [--size WxH] [DB]   (without DB, a 100,000-entry demo database
// is made in /tmp). --lang ar draws every screen shaped and mirrored (set MUTUA_ASSETS to a folder
// holding i18n/ar.po until the shipped catalogue has it; without one the strings stay English
// but the frame is still mirrored and every string takes the shaped path).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui_harness.hpp"  // tests/app/ui_harness.hpp
#include "app/widgets/shaped_text.hpp"
#include "core/demo.hpp"
#include "platform/shaped_fonts.hpp"

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
  std::string db = "/tmp/mutua-bench-ui.db";
  std::string lang = "en";
  int width = 1280, height = 800;
  bool db_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--lang" && i + 1 < argc) {
      lang = argv[++i];
    } else if (a == "--size" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%dx%d", &width, &height) != 2) return 2;
    } else {
      db = a;
      db_given = true;
    }
  }
  if (!db_given && !std::filesystem::exists(db)) {
    auto s = Store::open(db);
    if (!s || !generate_demo(**s, {100000, 1})) return 1;
    std::printf("made %s with 100,000 demo entries\n", db.c_str());
  }
  set_language(lang);
  double w0 = wall_ms();
  auto store = Store::open(db);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  double opened = wall_ms() - w0;
  double h0 = wall_ms();
  test::UiHarness ui(**store, float(width), float(height));
  double fonts = wall_ms() - h0;
  const int atlas_w = ImGui::GetIO().Fonts->TexWidth, atlas_h = ImGui::GetIO().Fonts->TexHeight;
  ui.log_text = false;
  double f0 = wall_ms();
  ui.frame();
  double first = wall_ms() - f0;
  std::printf(
      "open store %.1f ms, fonts %.1f ms, first frame (home) %.1f ms: %.1f ms;"
      " target: cold start <= 300 ms\n",
      opened, fonts, first, opened + fonts + first);
  std::printf(
      "language %s at %dx%d; font atlas %dx%d; Arabic glyphs baked %d (%d strings shaped, %.1f ms "
      "of the fonts' time)\n",
      lang.c_str(), width, height, atlas_w, atlas_h, arabic_bake_stats().glyphs,
      arabic_bake_stats().strings, arabic_bake_stats().ms);
  // The busiest screens: the board (a scrolled list of 100,000 entries), home, and the kiosk's
  // need wizard steps with example answers (its item chips and its summary).
  struct Case {
    std::string name;
    Screen screen;
    std::string preset;
  };
  const std::vector<Case> cases = {{"home", Screen::home, ""},
                                   {"board", Screen::board, ""},
                                   {"need-2", Screen::need, "need-2"},
                                   {"need-5", Screen::need, "need-5"}};
  for (const Case& cs : cases) {
    ui.state.screen = cs.screen;
    if (!cs.preset.empty()) apply_screen_preset(cs.preset, ui.state, **store);
    ui.frames(5);
    const size_t misses = shaped_cache_misses();
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
        "%-6s frame CPU median %.2f ms (max %.2f), %zu strings drawn per frame, %zu shaped anew "
        "in 200 frames; target <= 3 ms\n",
        cs.name.c_str(), median(times), *std::max_element(times.begin(), times.end()),
        texts / times.size(), shaped_cache_misses() - misses);
  }
  std::printf("resident memory %.1f MB; target <= 80 MB (this process has no GL driver loaded)\n",
              rss_kb() / 1024.0);
}
