// The mutua binary renders a screen to a PNG without a display.
#include <doctest/doctest.h>
#include <stb_image.h>  // implementation provided by libstb

#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/store.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::read_file;
using mutua::test::TempDir;

namespace {

// Runs the binary with a child environment fit for a headless, sanitized run. Returns the exit
// code, or -1 if it did not exit normally.
int run_mutua(const std::string& args, const std::string& log) {
  std::string env;
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if (!(display && *display) && !(wayland && *wayland)) env += "SDL_VIDEODRIVER=offscreen ";
  // Mesa's llvmpipe and fontconfig keep allocations until exit; not ours to fix.
  env += "ASAN_OPTIONS=detect_leaks=0 ";
  const std::string cmd = env + "'" MUTUA_BINARY "' " + args + " >'" + log + "' 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

uint32_t be32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 |
         uint32_t(uint8_t(s[at + 2])) << 8 | uint32_t(uint8_t(s[at + 3]));
}

void fill(const std::string& db) {
  auto store = Store::open(db);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error()));
  const char* items[] = {"Drinking water", "Blankets", "Baby formula", "Phone charging",
                         "Lift to the clinic"};
  const char* categories[] = {"water", "shelter", "baby", "power", "transport"};
  for (int i = 0; i < 10; ++i) {
    Entry e;
    e.kind = i % 2 ? Kind::offer : Kind::need;
    e.item = items[i % 5];
    e.category = categories[i % 5];
    e.quantity = 2 + i;
    e.site = "Riverside School";
    auto r = (*store)->entries().add(e);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  }
}

void check_screenshot(const TempDir& dir, const std::string& screen, int w, int h) {
  const std::string png = dir.file(screen + "-" + std::to_string(w) + ".png");
  const std::string log = dir.file("log.txt");
  const std::string args = "--db '" + dir.file("x.db") + "' --screenshot '" + png + "' --screen " +
                           screen + " --size " + std::to_string(w) + "x" + std::to_string(h);
  INFO("mutua " << args);
  const int rc = run_mutua(args, log);
  INFO("output: " << read_file(log));
  REQUIRE(rc == 0);

  const std::string bytes = read_file(png);
  REQUIRE(bytes.size() > 33);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  CHECK(bytes.compare(12, 4, "IHDR") == 0);
  CHECK(be32(bytes, 16) == uint32_t(w));
  CHECK(be32(bytes, 20) == uint32_t(h));

  int iw = 0, ih = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &iw, &ih, &channels, 3);
  REQUIRE(pixels != nullptr);
  std::set<uint32_t> colours;
  for (size_t i = 0; i < size_t(iw) * size_t(ih) * 3; i += 3)
    colours.insert(uint32_t(pixels[i]) << 16 | uint32_t(pixels[i + 1]) << 8 | pixels[i + 2]);
  stbi_image_free(pixels);
  // Text and tiles give hundreds of colours; a blank or failed render gives one or two.
  CHECK(colours.size() > 50);
}

}  // namespace

TEST_CASE("the board renders to a PNG of the requested size without a display") {
  TempDir dir;
  fill(dir.file("x.db"));
  check_screenshot(dir, "board", 800, 480);
  check_screenshot(dir, "board", 1280, 800);
}

TEST_CASE("the home screen renders in portrait") {
  TempDir dir;
  fill(dir.file("x.db"));
  check_screenshot(dir, "home", 480, 800);
}

TEST_CASE("an unknown screen name is a usage error") {
  TempDir dir;
  const std::string log = dir.file("log.txt");
  const int rc = run_mutua(
      "--db '" + dir.file("x.db") + "' --screenshot '" + dir.file("a.png") + "' --screen nowhere",
      log);
  CHECK(rc == 2);
  CHECK(read_file(log).find("nowhere") != std::string::npos);
}
