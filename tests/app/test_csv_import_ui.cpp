// "Import from USB" (issue 11): through the UI, with a fake drive folder holding spreadsheets
// from tests/data/csv. The list shows the files; an import shows its progress, then the summary
// and how the file was read; Cancel leaves the database as it was; a mis-decoded or garbage file
// gives its message and changes nothing; a full disk says so and loses nothing.
#include <doctest/doctest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <utime.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/ui/csv_import_screen.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/ui/worker_hold.hpp"
#include "kiosk_driver.hpp"
#include "support/drives_env.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::DrivesEnv;
using mutua::test::Kiosk;
using mutua::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string data(const char* name) {
  return std::string(MUTUA_TEST_DATA) + "/csv/" + name;
}

// Copies a test file onto the fake drive (into `folder` under it), dated `age_min` minutes ago.
fs::path put(const fs::path& drive, const std::string& folder, const char* name, int age_min,
             const char* as = nullptr) {
  const fs::path dir = folder.empty() ? drive : drive / folder;
  fs::create_directories(dir);
  const fs::path to = dir / (as ? as : name);
  fs::copy_file(data(name), to, fs::copy_options::overwrite_existing);
  const auto t = std::time(nullptr) - age_min * 60;
  utimbuf times{t, t};
  REQUIRE(::utime(to.c_str(), &times) == 0);
  return to;
}

// A UTF-8 CSV of `rows` needs, written onto the drive.
fs::path big_csv(const fs::path& drive, const char* name, size_t rows) {
  fs::create_directories(drive);
  const fs::path p = drive / name;
  std::ofstream out(p, std::ios::binary);
  out << "kind,category,item,quantity,unit,site,details\n";
  for (size_t i = 0; i < rows; ++i)
    out << "need,food,rice bag " << i << ",2,kg,Riverside School,for a family of four\n";
  return p;
}

int64_t entry_count(const Store& store) {
  return store.entries().count(EntryQuery{});
}

// Signs in as a coordinator, opens Reports and taps "Import from USB".
void open_import(Kiosk& k) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Amira", Role::coordinator};
  k.ui.state.screen = Screen::reports;
  k.frames(3);
  k.tap("Import from USB");
  k.frames(2);
  REQUIRE(k.ui.state.screen == Screen::csv_import);
}

// Frames until `done` holds (bounded: 60 s).
template <class F>
bool frames_until(Kiosk& k, F done) {
  for (int i = 0; i < 12'000; ++i) {
    k.frame();
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Taps the file and waits for the question ("Import 3 rows from x.csv?").
void choose(Kiosk& k, const std::string& name) {
  k.tap(name);
  REQUIRE_MESSAGE(frames_until(k, [&] { return !k.ui.state.csv_import.counting; }),
                  "the rows were not counted");
  k.frames(2);
}

void wait_for_import(Kiosk& k) {
  REQUIRE_MESSAGE(frames_until(k, [&] { return !k.ui.state.csv_import.job; }),
                  "the import did not finish");
  k.frames(2);
}

}  // namespace

TEST_CASE("the import screen lists the drive's CSV files newest first, with size and folder") {
  set_language("en");
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  const fs::path stick = dir.path() / "KINGSTON";
  put(stick, "", "fr-semicolon-utf8.csv", 60 * 24 * 3);
  put(stick, "MUTUA", "uk-tab-utf16.csv", 5);
  put(stick, "exports", "export-utf8.csv", 60);
  put(stick, "deep/er", "source-fr.csv", 1);            // too deep: not looked for
  put(stick, "", "source-uk.csv", 2, "notes.txt");      // not a .csv
  put(stick, "", "source-mixed.csv", 2, ".~lock.csv");  // hidden
  DrivesEnv env(stick.string());

  const auto files = list_csv_files(stick.string());
  REQUIRE(files.size() == 3);
  CHECK(files[0].name == "uk-tab-utf16.csv");
  CHECK(files[0].folder == "MUTUA");
  CHECK(files[1].name == "export-utf8.csv");
  CHECK(files[2].name == "fr-semicolon-utf8.csv");
  CHECK(files[2].folder.empty());
  CHECK(files[2].bytes == fs::file_size(data("fr-semicolon-utf8.csv")));

  {
    Kiosk k(*store, 800, 480);
    open_import(k);
    CHECK_MESSAGE(k.shows("Tap a file on KINGSTON to import it."), k.drawn());
    const CapturedText* a = k.find("uk-tab-utf16.csv");
    const CapturedText* b = k.find("export-utf8.csv");
    const CapturedText* c = k.find("fr-semicolon-utf8.csv");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(a->min.y < b->min.y);  // newest first
    CHECK(b->min.y < c->min.y);
    CHECK(k.shows("in the MUTUA folder"));
    CHECK(k.shows("in the exports folder"));
    CHECK(k.shows("1 KB"));
    CHECK_FALSE(k.shows("notes.txt"));
    CHECK_FALSE(k.shows("source-fr.csv"));
  }
  // A volunteer is not offered the import at all (one UI harness at a time: one ImGui context).
  Kiosk v(*store, 800, 480);
  v.ui.state.signed_in = SignedIn{Id::random(), "Bob", Role::volunteer};
  v.ui.state.screen = Screen::reports;
  v.frames(3);
  CHECK(v.shows("Export to USB"));
  CHECK_FALSE(v.shows("Import from USB"));
}

TEST_CASE("importing a file asks first, shows rows read of the total, then the summary") {
  set_language("en");
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  const fs::path stick = dir.path() / "KINGSTON";
  put(stick, "", "uk-semicolon-cp1251.csv", 1);
  put(stick, "", "export-utf8.csv", 2);
  DrivesEnv env(stick.string());
  Kiosk k(*store, 800, 480);
  open_import(k);
  choose(k, "uk-semicolon-cp1251.csv");
  CHECK_MESSAGE(k.shows("Import 3 rows from uk-semicolon-cp1251.csv?"), k.drawn());
  CHECK(entry_count(*store) == 0);  // asking changes nothing
  {
    WorkersHeldForTest hold;  // the import waits: the screen is seen mid-work
    k.tap("Import");
    k.frames(3);
    REQUIRE(k.ui.state.csv_import.job);
    CHECK_MESSAGE(k.shows("Importing uk-semicolon-cp1251.csv\xE2\x80\xA6"), k.drawn());
    CHECK(k.shows("0 rows read of 3"));
    CHECK(k.shows("Cancel"));
  }
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("Imported uk-semicolon-cp1251.csv"), k.drawn());
  CHECK(k.shows("3 new entries"));
  CHECK(k.shows("Read as Windows-1251 (Cyrillic), separated by semicolons."));
  CHECK(entry_count(*store) == 3);

  // An export (UTF-8, commas, with ids), then the same file again: all of it already known.
  k.tap("Import another file");
  choose(k, "export-utf8.csv");
  CHECK_MESSAGE(k.shows("Import 4 rows from export-utf8.csv?"), k.drawn());
  k.tap("Import");
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("4 new entries"), k.drawn());
  CHECK(k.shows("Read as UTF-8, separated by commas."));
  CHECK(entry_count(*store) == 7);
  k.tap("Import another file");
  choose(k, "export-utf8.csv");
  k.tap("Import");
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("4 entries already known"), k.drawn());
  CHECK(entry_count(*store) == 7);
}

TEST_CASE("a large import shows its rows as they are read; Cancel leaves the database as it was") {
  set_language("en");
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  for (const char* item : {"blankets", "soap"}) {
    Entry e;
    e.kind = Kind::need;
    e.category = "shelter";
    e.item = item;
    REQUIRE(store->entries().add(e).ok());
  }
  const fs::path stick = dir.path() / "KINGSTON";
  big_csv(stick, "big.csv", 60'000);
  DrivesEnv env(stick.string());
  Kiosk k(*store, 800, 480);
  open_import(k);
  choose(k, "big.csv");
  CHECK_MESSAGE(k.shows("Import 60,000 rows from big.csv?"), k.drawn());
  k.tap("Import");
  // Rows read come in while the file is still being read.
  REQUIRE_MESSAGE(frames_until(k,
                               [&] {
                                 auto& job = k.ui.state.csv_import.job;
                                 return !job || job->rows_read() > 0;
                               }),
                  "no progress");
  REQUIRE_MESSAGE(k.ui.state.csv_import.job, "the import ended before any progress was seen");
  const size_t seen = k.ui.state.csv_import.job->rows_read();
  CHECK(seen < 60'000);
  k.frame();
  bool counted = false;
  for (const auto& t : k.ui.drawn_texts())
    counted = counted || (t.text.find(" rows read of 60,000") != std::string::npos &&
                          t.text.rfind("0 rows", 0) != 0);
  CHECK_MESSAGE(counted, k.drawn());
  k.tap("Cancel");
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("Import of big.csv cancelled. Nothing was changed."), k.drawn());
  CHECK(entry_count(*store) == 2);
}

TEST_CASE("a mis-decoded or garbage file gives its message, and nothing is imported") {
  set_language("en");
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  const fs::path stick = dir.path() / "KINGSTON";
  put(stick, "", "latin1-mistake.csv", 2);
  {
    std::ofstream junk(stick / "garbage.csv", std::ios::binary);
    for (int i = 0; i < 3000; ++i) junk.put(static_cast<char>((i * 7919) % 256));
  }
  DrivesEnv env(stick.string());
  Kiosk k(*store, 800, 480);
  open_import(k);
  choose(k, "latin1-mistake.csv");
  k.tap("Import");
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("Nothing was imported from latin1-mistake.csv."), k.drawn());
  CHECK(k.shows("opened as Latin-1 (Western) by mistake"));
  CHECK(entry_count(*store) == 0);

  k.tap("Import another file");
  choose(k, "garbage.csv");
  k.tap("Import");
  wait_for_import(k);
  CHECK_MESSAGE(k.shows("Nothing was imported from garbage.csv."), k.drawn());
  CHECK(entry_count(*store) == 0);
}

namespace {

// The database's disk runs out: a small tmpfs (root may mount one, as here), else a limit on
// file sizes for this process (RLIMIT_FSIZE, with SIGXFSZ ignored), which SQLite reports the
// same way. MUTUA_TEST_NO_TMPFS=1 forces the limit.
class SmallDisk {
 public:
  explicit SmallDisk(const fs::path& at) : mount_(at) {
    fs::create_directories(mount_);
    const std::string cmd =
        "mount -t tmpfs -o size=16m tmpfs " + test::shell_quote(mount_.string()) + " 2>/dev/null";
    mounted_ = !std::getenv("MUTUA_TEST_NO_TMPFS") && std::system(cmd.c_str()) == 0;
  }
  ~SmallDisk() {
    if (limited_) {
      ::setrlimit(RLIMIT_FSIZE, &old_);
      std::signal(SIGXFSZ, SIG_DFL);
    }
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  const char* method() const { return mounted_ ? "a 16 MB tmpfs" : "RLIMIT_FSIZE"; }
  std::string file(const std::string& name) const { return (mount_ / name).string(); }

  // Leaves about `leave` bytes for the database to grow by.
  void fill(uintmax_t leave) {
    if (mounted_) {
      struct statvfs st {};
      REQUIRE(::statvfs(mount_.c_str(), &st) == 0);
      const uintmax_t free_bytes = uintmax_t{st.f_bavail} * st.f_frsize;
      REQUIRE(free_bytes > leave);
      std::ofstream out(file("filler"), std::ios::binary);
      const std::string block(4096, 'x');
      for (uintmax_t n = 0; n + leave < free_bytes && n < (uintmax_t{64} << 20); n += block.size())
        out.write(block.data(), static_cast<std::streamsize>(block.size()));
      return;
    }
    uintmax_t biggest = 0;
    for (const auto& e : fs::directory_iterator(mount_))
      biggest = std::max<uintmax_t>(biggest, e.file_size());
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_) == 0);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim = old_;
    lim.rlim_cur = static_cast<rlim_t>(biggest + leave);
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &lim) == 0);
    limited_ = true;
  }

 private:
  fs::path mount_;
  bool mounted_ = false;
  bool limited_ = false;
  rlimit old_{};
};

}  // namespace

TEST_CASE("a full disk during an import says so on screen, and nothing is lost") {
  set_language("en");
  TempDir dir;
  const fs::path stick = dir.path() / "KINGSTON";
  big_csv(stick, "big.csv", 20'000);  // about 1.3 MB of entries: more than the disk has left
  DrivesEnv env(stick.string());
  SmallDisk disk(dir.path() / "disk");
  MESSAGE("full disk by " << std::string(disk.method()));
  auto store = test::open_test_store(disk.file("a.db"));
  std::vector<Id> ids;
  for (const char* item : {"blankets", "soap"}) {
    Entry e;
    e.kind = Kind::need;
    e.category = "shelter";
    e.item = item;
    auto added = store->entries().add(e);
    REQUIRE(added.ok());
    ids.push_back(added->id);
  }
  Kiosk k(*store, 800, 480);
  open_import(k);
  choose(k, "big.csv");
  disk.fill(256 * 1024);
  k.tap("Import");
  wait_for_import(k);
  INFO(k.drawn());
  CHECK(k.shows("Nothing was imported from big.csv."));
  CHECK(
      k.shows("The disk of this device is full: nothing was changed. Free some space and try "
              "again."));
  CHECK(k.ui.state.screen == Screen::csv_import);  // the kiosk is still up, on its screen
  CHECK(entry_count(*store) == 2);
  for (const Id& id : ids) CHECK(store->entries().get(id));
}

TEST_CASE("the row count for the question skips the sep= line, the header and the HXL row") {
  TempDir dir;
  const std::string p = dir.file("x.csv");
  {
    std::ofstream out(p, std::ios::binary);
    out << "sep=;\r\nkind;item\r\n#meta+kind;#item\r\nneed;\"two\r\nlines\"\r\n\r\noffer;soap";
  }
  CHECK(count_csv_rows(p) == 2);  // the quoted newline is inside a row; the blank line is none
  CHECK(count_csv_rows(data("uk-tab-utf16.csv")) == 3);  // UTF-16 with its byte-order mark
  CHECK(count_csv_rows(data("export-utf8.csv")) == 4);   // a BOM, and a field over two lines
  CHECK(count_csv_rows(data("fr-excel-cp1252.csv")) == 3);
  CHECK_THROWS(count_csv_rows(dir.file("missing.csv")));
}
