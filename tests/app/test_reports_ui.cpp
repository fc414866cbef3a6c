// The Reports screen: its figures on screen, and "Export to USB" writing the CSV with its HXL row
// onto the drive, with contact columns only for a coordinator.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "app/ui/reports_screen.hpp"
#include "app/ui/worker_hold.hpp"
#include "core/demo.hpp"
#include "kiosk_driver.hpp"
#include "support/drives_env.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::read_file;
using mutua::test::TempDir;

namespace {

constexpr const char* kReportsPhone = "0712345678";

std::string make_drive(const TempDir& dir, const std::string& label) {
  const auto p = dir.path() / label;
  std::filesystem::create_directories(p);
  return p.string();
}

std::unique_ptr<Store> store_with_needs(const TempDir& dir) {
  auto store = mutua::test::open_test_store(dir.file("r.db"));
  for (const char* cat : {"food", "food", "water"}) {
    Entry e;
    e.kind = Kind::need;
    e.category = cat;
    e.item = "something";
    e.site = "Riverside School";
    e.contact_name = "Maria Lopez";
    e.contact_phone = kReportsPhone;
    e.contact_consent = true;
    REQUIRE(store->entries().add(e).ok());
  }
  return store;
}

// Frames until the export running on its worker thread is done (bounded).
void wait_for_export(Kiosk& k) {
  for (int i = 0; i < 1000 && k.ui.state.reports.export_job; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    k.frame();
  }
  REQUIRE_MESSAGE(!k.ui.state.reports.export_job, "the export did not finish");
  k.frames(2);
}

void open_reports(Kiosk& k, Role role) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", role};
  k.ui.state.screen = Screen::reports;
  k.frames(3);
}

}  // namespace

TEST_CASE("the reports screen shows the open needs by category, per site, and met per day") {
  TempDir dir;
  auto store = store_with_needs(dir);
  Kiosk k(*store, 1280, 800);
  open_reports(k, Role::volunteer);
  CHECK_MESSAGE(k.shows("Food: 2"), k.drawn());
  CHECK(k.shows("Water: 1"));
  CHECK(k.shows("Riverside School: 3"));
  CHECK(k.shows("Needs met per day, last 14 days"));
  CHECK(k.shows("today: 0"));
  CHECK(k.shows("No need has been met yet."));
}

TEST_CASE("a coordinator's export writes the CSV with HXL tags and contacts onto the drive") {
  TempDir dir;
  auto store = store_with_needs(dir);
  const std::string stick = make_drive(dir, "KINGSTON");
  DrivesEnv env(stick);
  Kiosk k(*store, 1280, 800);
  open_reports(k, Role::coordinator);
  k.tap("Export to USB");
  wait_for_export(k);
  const auto file = std::filesystem::path(stick) / export_file_name(store->replica().now_ms());
  REQUIRE_MESSAGE(std::filesystem::exists(file), k.drawn());
  const std::string csv = read_file(file);
  CHECK(csv.find("#item") != std::string::npos);  // the HXL row
  CHECK(csv.find(kReportsPhone) != std::string::npos);
  CHECK(k.shows("with contact details."));
  // Nothing half-written is left beside it.
  size_t files = 0;
  for (const auto& f : std::filesystem::directory_iterator(stick)) {
    (void)f;
    ++files;
  }
  CHECK(files == 1);
}

TEST_CASE("a volunteer's export leaves the contact columns out") {
  TempDir dir;
  auto store = store_with_needs(dir);
  const std::string stick = make_drive(dir, "KINGSTON");
  DrivesEnv env(stick);
  Kiosk k(*store, 1280, 800);
  open_reports(k, Role::volunteer);
  k.tap("Export to USB");
  wait_for_export(k);
  const auto file = std::filesystem::path(stick) / export_file_name(store->replica().now_ms());
  REQUIRE(std::filesystem::exists(file));
  const std::string csv = read_file(file);
  CHECK(csv.find("#item") != std::string::npos);
  CHECK(csv.find(kReportsPhone) == std::string::npos);
  CHECK(csv.find("Maria Lopez") == std::string::npos);
  CHECK(k.shows("without contact details."));
}

TEST_CASE("with two drives, export asks which one and writes only there") {
  TempDir dir;
  auto store = store_with_needs(dir);
  const std::string a = make_drive(dir, "KINGSTON");
  const std::string b = make_drive(dir, "SANDISK");
  DrivesEnv env(a + ":" + b);
  Kiosk k(*store, 1280, 800);
  open_reports(k, Role::coordinator);
  k.tap("Export to USB");
  CHECK(k.shows("Export to which drive?"));
  k.tap("SANDISK");
  wait_for_export(k);
  const std::string name = export_file_name(store->replica().now_ms());
  CHECK(std::filesystem::exists(std::filesystem::path(b) / name));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(a) / name));
}

TEST_CASE("export without a drive says to plug one in") {
  TempDir dir;
  auto store = store_with_needs(dir);
  DrivesEnv env((dir.path() / "NOTHING").string());
  Kiosk k(*store, 1280, 800);
  open_reports(k, Role::coordinator);
  k.tap("Export to USB");
  CHECK(k.shows("No USB drive found. Plug one in and try again."));
}

TEST_CASE("export to USB writes on its own thread: frames keep coming while it writes") {
  TempDir dir;
  auto store = store_with_needs(dir);
  REQUIRE(generate_demo(*store, DemoOptions{2000, 7}).ok());
  const std::string stick = make_drive(dir, "KINGSTON");
  const auto file = std::filesystem::path(stick) / export_file_name(store->replica().now_ms());

  DrivesEnv env(stick);
  Kiosk k(*store, 1280, 800);
  // The worker waits at its start until the test lets it go: an export written on the UI
  // thread would be over before the tap's frame returned, whatever the machine's speed.
  // Declared after the Kiosk, so it lets the worker go before the job in the Kiosk waits for it.
  std::optional<WorkersHeldForTest> held;
  held.emplace();
  open_reports(k, Role::volunteer);
  k.tap("Export to USB");
  REQUIRE(k.ui.state.reports.export_job);
  for (int i = 0; i < 20; ++i) {  // the UI keeps drawing, and says what it is doing
    k.frame();
    CHECK(k.ui.state.reports.export_job);
    CHECK(k.shows("Writing mutua-export-"));
  }
  CHECK_FALSE(std::filesystem::exists(file));
  held.reset();

  for (int i = 0; i < 3000 && k.ui.state.reports.export_job; ++i) {
    k.frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE_MESSAGE(!k.ui.state.reports.export_job, "the export did not finish");
  k.frames(2);
  CHECK_MESSAGE(k.shows("without contact details."), k.drawn());
  CHECK_FALSE(k.shows("Writing mutua-export-"));
  REQUIRE(std::filesystem::exists(file));
  const std::string csv = read_file(file);
  CHECK(csv.find("#item") != std::string::npos);  // the HXL row
  CHECK(csv.find("#contact+phone") == std::string::npos);
  CHECK(csv.find("#contact+name") == std::string::npos);
  CHECK(csv.find(kReportsPhone) == std::string::npos);
  CHECK(csv.find("07700 900") == std::string::npos);  // the demo entries' phones
  // Every entry is in it: a header, the HXL row, and one line each.
  size_t lines = 0;
  for (size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2))
    ++lines;
  CHECK(lines == size_t(store->entries().count(EntryQuery{})) + 2);
}
